import { describe, expect, it } from 'vitest';
import { QueryCache } from '../../../dashboard/cache.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('QueryCache', () => {
  it('shares one in-flight load among concurrent callers, then serves hits until the TTL ends', async () => {
    let now = 0;
    const cache = new QueryCache({ ttlMs: 1000, now: () => now });
    const d = deferred<number>();
    let loads = 0;
    const load = () => {
      loads++;
      return d.promise;
    };
    const all = Promise.all(Array.from({ length: 20 }, () => cache.get('k', load)));
    d.resolve(42);
    expect(await all).toEqual(Array(20).fill(42));
    expect(loads).toBe(1);
    now = 999;
    expect(await cache.get('k', async () => 7)).toBe(42);
    now = 1000;
    expect(await cache.get('k', async () => 7)).toBe(7);
    expect(cache.stats()).toEqual({ hits: 1, shared: 19, loads: 2, errors: 0, size: 1 });
  });

  it('does not store failures; every waiter sees the error and the next call loads again', async () => {
    const cache = new QueryCache({ ttlMs: 1000, now: () => 0 });
    const d = deferred<number>();
    const a = cache.get('k', () => d.promise);
    const b = cache.get('k', () => d.promise);
    d.reject(new Error('down'));
    await expect(a).rejects.toThrow('down');
    await expect(b).rejects.toThrow('down');
    expect(await cache.get('k', async () => 1)).toBe(1);
    expect(cache.stats().errors).toBe(1);
  });

  it('a synchronous throw in the loader becomes a rejection', async () => {
    const cache = new QueryCache({ ttlMs: 1000 });
    await expect(
      cache.get('k', () => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
  });

  it('clear() during a load: the answer is returned but not stored', async () => {
    const cache = new QueryCache({ ttlMs: 1000, now: () => 0 });
    const d = deferred<string>();
    const p = cache.get('k', () => d.promise);
    cache.clear();
    d.resolve('old');
    expect(await p).toBe('old');
    expect(await cache.get('k', async () => 'new')).toBe('new');
  });

  it('keeps at most maxEntries keys, dropping the oldest', async () => {
    const cache = new QueryCache({ ttlMs: 10_000, now: () => 0, maxEntries: 3 });
    for (const k of ['a', 'b', 'c', 'd']) await cache.get(k, async () => k);
    expect(cache.stats().size).toBe(3);
    let reloaded = false;
    await cache.get('a', async () => {
      reloaded = true;
      return 'a2';
    });
    expect(reloaded).toBe(true);
  });
});
