/** Retries only for transient failures, re-login after expiry, statement timeouts, and a clean close. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WarehouseError } from '../../../bot/core/contracts.js';
import { type FakeSnowflake, startFakeSnowflake } from '../../fakes/fake-snowflake.js';
import { oneRow, warehouseFor } from './setup.js';

const LOGIN = '/session/v1/login-request';
const QUERY = '/queries/v1/query-request';
const pat = { kind: 'pat', token: 'pat-resilience' } as const;

let fake: FakeSnowflake;
beforeEach(async () => {
  fake = await startFakeSnowflake({ pats: [pat.token], answer: oneRow });
});
afterEach(async () => {
  await fake.close();
});

describe('transient failures', () => {
  it('retries a login answered 503 with backoff, then succeeds', async () => {
    fake.failNext(2, '503', [LOGIN]);
    const wh = warehouseFor(fake, pat);
    expect(await wh.query('SELECT 1 AS X')).toEqual([{ X: 1 }]);
    await wh.close();
    expect(fake.requests.filter((r) => r.path === LOGIN).map((r) => r.outcome)).toEqual([
      '503',
      '503',
      'answered',
    ]);
  });

  it('retries a login whose connection was reset', async () => {
    fake.failNext(1, 'reset', [LOGIN]);
    const wh = warehouseFor(fake, pat);
    expect(await wh.query('SELECT 1 AS X')).toEqual([{ X: 1 }]);
    await wh.close();
    expect(fake.count(LOGIN)).toBe(2);
  });

  it('gives up after maxAttempts and reports the network failure', async () => {
    fake.failNext(10, '503', [LOGIN]);
    const wh = warehouseFor(fake, pat, { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });
    const error = await wh.query('SELECT 1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WarehouseError);
    expect((error as WarehouseError).code).toBe('401002');
    expect(fake.count(LOGIN)).toBe(3);
    await wh.close();
  });

  it('resends a query answered 503 with the same request id, and the statement runs once', async () => {
    const wh = warehouseFor(fake, pat);
    await wh.query('SELECT 1 AS X');
    fake.failNext(1, '503');
    expect(await wh.query('SELECT 1 AS X')).toEqual([{ X: 1 }]);
    await wh.close();
    const attempts = fake.requests.filter((r) => r.path === QUERY).slice(1);
    expect(attempts.map((r) => r.outcome)).toEqual(['503', 'answered']);
    expect(attempts[1]!.query.requestId).toBe(attempts[0]!.query.requestId);
    expect(attempts[1]!.query.retryCount).toBe('1');
    expect(fake.queries).toHaveLength(2);
  });

  it('never retries a SQL error', async () => {
    fake.answer = () => ({
      error: {
        code: '002003',
        message: "SQL compilation error:\nObject 'NOPE' does not exist or not authorized.",
        sqlState: '42S02',
      },
    });
    const wh = warehouseFor(fake, pat);
    const error = (await wh.query('SELECT * FROM NOPE').catch((e: unknown) => e)) as WarehouseError;
    expect(error).toBeInstanceOf(WarehouseError);
    expect(error.code).toBe('002003');
    expect(error.sqlState).toBe('42S02');
    expect(error.queryId).toMatch(/^[0-9a-f-]{36}$/);
    expect(fake.count(QUERY)).toBe(1);
    await wh.close();
  });
});

describe('sessions', () => {
  it('renews an expired session token with the master token, without a new login', async () => {
    const wh = warehouseFor(fake, pat);
    await wh.query('SELECT 1 AS X');
    fake.expireSessionTokens();
    expect(await wh.query('SELECT 1 AS X')).toEqual([{ X: 1 }]);
    await wh.close();
    expect(fake.count('/session/token-request')).toBe(1);
    expect(fake.logins).toHaveLength(1);
  });

  it('logs in again when the whole session expired (390114) and runs the statement', async () => {
    const wh = warehouseFor(fake, pat);
    await wh.query('SELECT 1 AS X');
    fake.expireSessions();
    expect(await wh.query('SELECT 1 AS X')).toEqual([{ X: 1 }]);
    expect(fake.logins).toHaveLength(2);
    expect(wh.openSessions).toBe(1);
    await wh.close();
  });

  it('reuses one pooled session for sequential statements and deletes it on close', async () => {
    const wh = warehouseFor(fake, pat);
    for (let i = 0; i < 5; i++) await wh.query('SELECT 1 AS X');
    expect(fake.logins).toHaveLength(1);
    expect(fake.openSessions()).toBe(1);
    await wh.close();
    expect(fake.openSessions()).toBe(0);
    expect(fake.requests.some((r) => r.path === '/session' && r.query.delete === 'true')).toBe(true);
    await expect(wh.query('SELECT 1')).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('never opens more sessions than poolSize', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    fake.answer = async () => {
      await gate;
      return oneRow();
    };
    const wh = warehouseFor(fake, pat, { poolSize: 2 });
    const all = Promise.all(Array.from({ length: 5 }, () => wh.query('SELECT 1 AS X')));
    await expect.poll(() => fake.queries.length).toBe(2);
    release();
    expect(await all).toHaveLength(5);
    expect(fake.logins).toHaveLength(2);
    await wh.close();
  });
});

describe('timeouts', () => {
  it('sends STATEMENT_TIMEOUT_IN_SECONDS and reports Snowflake cancelling the statement (000630, no retry)', async () => {
    fake.answer = () => new Promise((r) => setTimeout(() => r(oneRow()), 5_000));
    const wh = warehouseFor(fake, pat, { queryTimeoutSeconds: 1 });
    const started = Date.now();
    const error = (await wh.query('SELECT SYSTEM$WAIT(5)').catch((e: unknown) => e)) as WarehouseError;
    expect(error.code).toBe('000630');
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(fake.queries).toHaveLength(1);
    expect(fake.queries[0]!.parameters).toEqual({ STATEMENT_TIMEOUT_IN_SECONDS: 1 });
    await wh.close();
  });

  it('gives up on a server that never answers, cancels the statement and drops the session', async () => {
    const wh = warehouseFor(fake, pat, { queryTimeoutSeconds: 1 }, { clientTimeoutGraceMs: 200 });
    await wh.query('SELECT 1 AS X');
    fake.failNext(1, 'hang');
    const started = Date.now();
    const error = (await wh.query('SELECT 1 AS X').catch((e: unknown) => e)) as WarehouseError;
    expect(error).toBeInstanceOf(WarehouseError);
    expect(error.code).toBe('000630');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_150);
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect.poll(() => fake.count('/queries/v1/abort-request')).toBe(1);
    expect(wh.openSessions).toBe(0);
    await wh.close();
  });
});
