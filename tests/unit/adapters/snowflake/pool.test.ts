import { describe, expect, it } from 'vitest';
import { SessionPool } from '../../../../adapters/snowflake/pool.js';

class Member {
  up = true;
  constructor(readonly id: number) {}
  isUp() {
    return this.up;
  }
}

function factory(failFirst = 0) {
  let created = 0;
  let failures = failFirst;
  const destroyed: number[] = [];
  return {
    destroyed,
    created: () => created,
    create: async () => {
      if (failures-- > 0) throw Object.assign(new Error('login failed'), { code: '390100' });
      return new Member(++created);
    },
    destroy: async (m: Member) => {
      destroyed.push(m.id);
    },
  };
}

describe('SessionPool', () => {
  it('reuses an idle member and caps the number of members', async () => {
    const f = factory();
    const pool = new SessionPool(f, 2, 60_000);
    const a = await pool.acquire();
    const b = await pool.acquire();
    const waiting = pool.acquire();
    pool.release(a);
    expect(await waiting).toBe(a);
    pool.release(a);
    pool.release(b);
    expect(await pool.acquire()).toBe(b);
    expect(f.created()).toBe(2);
    await pool.drain();
  });

  it('destroys broken or disconnected members and replaces them', async () => {
    const f = factory();
    const pool = new SessionPool(f, 1, 60_000);
    const a = await pool.acquire();
    pool.release(a, true);
    const b = await pool.acquire();
    expect(b).not.toBe(a);
    b.up = false;
    pool.release(b);
    const c = await pool.acquire();
    expect(c.id).toBe(3);
    await expect.poll(() => f.destroyed).toEqual([1, 2]);
    pool.release(c);
    await pool.drain();
    expect(f.destroyed).toEqual([1, 2, 3]);
    expect(pool.open).toBe(0);
  });

  it('keeps the login error code and frees the slot after a failed create', async () => {
    const f = factory(1);
    const pool = new SessionPool(f, 1, 60_000);
    await expect(pool.acquire()).rejects.toMatchObject({ code: '390100' });
    expect(pool.open).toBe(0);
    expect((await pool.acquire()).id).toBe(1);
    await pool.drain();
  });

  it('rejects waiters and new acquires once drained', async () => {
    const pool = new SessionPool(factory(), 1, 60_000);
    await pool.acquire();
    const waiting = pool.acquire();
    await pool.drain();
    await expect(waiting).rejects.toThrow(/closed/);
    await expect(pool.acquire()).rejects.toThrow(/closed/);
  });
});
