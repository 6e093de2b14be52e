import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckSession } from '../../../../../adapters/local/warehouse/duck.js';
import {
  PREPARED_STATEMENTS_KEPT,
  preparedCount,
} from '../../../../../adapters/local/warehouse/preparedStatements.js';
import { WarehouseError } from '../../../../../bot/core/contracts.js';

describe('prepared statements kept per connection', () => {
  let session: DuckSession;
  beforeEach(async () => {
    session = await DuckSession.open(':memory:');
    await session.run('CREATE TABLE t (k VARCHAR, n INTEGER)');
    await session.run("INSERT INTO t VALUES ('a', 1), ('b', 2)");
  });
  afterEach(() => session.close());

  const count = () => session.exclusive(async (conn) => preparedCount(conn));

  it('prepares a statement once and binds each call afresh', async () => {
    const sql = 'SELECT n FROM t WHERE k = ?';
    expect((await session.run(sql, ['a'])).rows).toEqual([{ n: 1 }]);
    expect((await session.run(sql, ['b'])).rows).toEqual([{ n: 2 }]);
    expect((await session.run(sql, ['zz'])).rows).toEqual([]);
    expect(await count()).toBe(1);
  });

  it('sees the catalog change under a cached statement: a column added, the table dropped and created again', async () => {
    const sql = 'SELECT * FROM t WHERE k = ?';
    expect(Object.keys((await session.run(sql, ['a'])).rows[0] ?? {})).toEqual(['k', 'n']);
    await session.run('ALTER TABLE t ADD COLUMN extra VARCHAR');
    expect(Object.keys((await session.run(sql, ['a'])).rows[0] ?? {})).toEqual(['k', 'n', 'extra']);
    await session.run('DROP TABLE t');
    await expect(session.run(sql, ['a'])).rejects.toBeInstanceOf(WarehouseError);
    await session.run('CREATE TABLE t (k VARCHAR, other DOUBLE)');
    await session.run("INSERT INTO t VALUES ('a', 1.5)");
    expect((await session.run(sql, ['a'])).rows).toEqual([{ k: 'a', other: 1.5 }]);
  });

  it('binds values of another type than the first call without a stale plan', async () => {
    const sql = 'SELECT ? AS v';
    expect((await session.run(sql, ['text'])).rows).toEqual([{ v: 'text' }]);
    expect((await session.run(sql, [42])).rows).toEqual([{ v: 42 }]);
    expect((await session.run(sql, [null])).rows).toEqual([{ v: null }]);
  });

  it('keeps at most PREPARED_STATEMENTS_KEPT texts and prepares an evicted one again', async () => {
    const first = 'SELECT n + 0 AS n FROM t WHERE k = ?';
    await session.run(first, ['a']);
    for (let i = 1; i <= PREPARED_STATEMENTS_KEPT + 5; i++)
      await session.run(`SELECT n + ${i} AS n FROM t WHERE k = ?`, ['a']);
    expect(await count()).toBe(PREPARED_STATEMENTS_KEPT);
    expect((await session.run(first, ['b'])).rows).toEqual([{ n: 2 }]);
    expect(await count()).toBe(PREPARED_STATEMENTS_KEPT);
  });

  it('runs a script of several statements as before, without caching it', async () => {
    const r = await session.run("INSERT INTO t VALUES ('c', 3); SELECT n FROM t WHERE k = ?", ['c']);
    expect(r.rows).toEqual([{ n: 3 }]);
    expect(await count()).toBe(0);
  });

  it('keeps a failed statement out of the cache and reports it as a warehouse error', async () => {
    await expect(session.run('SELECT nope FROM t WHERE k = ?', ['a'])).rejects.toBeInstanceOf(WarehouseError);
    expect(await count()).toBe(0);
  });
});
