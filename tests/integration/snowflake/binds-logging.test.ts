/** What travels on the wire (binds, CALL), how values come back typed, and that no token reaches a log. */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FakeSnowflake, startFakeSnowflake } from '../../fakes/fake-snowflake.js';
import { oneRow, tokenFile, warehouseFor } from './setup.js';

let fake: FakeSnowflake;
beforeEach(async () => {
  fake = await startFakeSnowflake({ pats: ['pat-binds'], answer: oneRow });
});
afterEach(async () => {
  await fake.close();
});
const pat = { kind: 'pat', token: 'pat-binds' } as const;

describe('binds', () => {
  it('encodes every JS value as a driver bind', async () => {
    const wh = warehouseFor(fake, pat);
    await wh.query('SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?', [
      "o'brien; DROP TABLE X",
      7,
      2.5,
      true,
      null,
      undefined,
      new Date('2024-01-02T03:04:05.678Z'),
      { a: [1] },
      12345678901234567890n,
    ]);
    await wh.close();
    expect(fake.queries[0]!.sqlText).toBe('SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?');
    expect(fake.queries[0]!.rawBindings).toEqual({
      1: { type: 'TEXT', value: "o'brien; DROP TABLE X" },
      2: { type: 'FIXED', value: '7' },
      3: { type: 'REAL', value: '2.5' },
      4: { type: 'BOOLEAN', value: 'true' },
      5: { type: 'TEXT', value: null },
      6: { type: 'TEXT', value: null },
      7: { type: 'TEXT', value: '2024-01-02T03:04:05.678Z' },
      8: { type: 'TEXT', value: '{"a":[1]}' },
      9: { type: 'TEXT', value: '12345678901234567890' },
    });
  });

  it('builds CALL db.schema.NAME with ?, PARSE_JSON(?) and NULL, and returns the parsed VARIANT', async () => {
    fake.answer = () => ({
      columns: [{ name: 'GENERATE_EXTERNAL_STAGE_DDL', type: 'variant' }],
      rows: [[{ ok: true, ddl: 'CREATE STAGE S', kind: 'STAGE', name: 'S', warnings: [] }]],
    });
    const wh = warehouseFor(fake, pat);
    const result = await wh.call('GENERATE_EXTERNAL_STAGE_DDL', [
      's3://b/p/',
      { type: 'CSV' },
      null,
      true,
      3,
      undefined,
    ]);
    await wh.close();
    expect(result).toEqual({ ok: true, ddl: 'CREATE STAGE S', kind: 'STAGE', name: 'S', warnings: [] });
    expect(fake.queries[0]!.sqlText).toBe(
      'CALL LEILA_APP.PUBLIC.GENERATE_EXTERNAL_STAGE_DDL(?, PARSE_JSON(?), NULL, ?, ?, NULL)',
    );
    expect(fake.queries[0]!.binds).toEqual(['s3://b/p/', '{"type":"CSV"}', true, 3]);
  });
});

describe('typed results', () => {
  it('returns numbers, booleans, parsed VARIANTs and Dates', async () => {
    const ts = new Date('2024-05-06T07:08:09.123Z');
    fake.answer = () => ({
      columns: [
        { name: 'N', type: 'fixed' },
        { name: 'AMOUNT', type: 'fixed', precision: 12, scale: 2 },
        { name: 'R', type: 'real' },
        { name: 'B', type: 'boolean' },
        { name: 'S', type: 'text' },
        { name: 'V', type: 'variant' },
        { name: 'D', type: 'date' },
        { name: 'TS', type: 'timestamp_ltz' },
        { name: 'NOTHING', type: 'text' },
      ],
      rows: [[42, 10.5, 0.25, false, 'x', { a: [1, 2] }, new Date('2024-05-06T00:00:00Z'), ts, null]],
    });
    const wh = warehouseFor(fake, pat);
    const [row] = await wh.query('SELECT …');
    await wh.close();
    expect(row).toMatchObject({
      N: 42,
      AMOUNT: 10.5,
      R: 0.25,
      B: false,
      S: 'x',
      V: { a: [1, 2] },
      NOTHING: null,
    });
    expect(row!.D).toBeInstanceOf(Date);
    expect((row!.D as Date).toISOString()).toBe('2024-05-06T00:00:00.000Z');
    expect(row!.TS).toBeInstanceOf(Date);
    expect((row!.TS as Date).getTime()).toBe(ts.getTime());
  });

  it('reports rowsAffected for DML and 0 for DDL', async () => {
    fake.answer = (sql) =>
      sql.startsWith('UPDATE')
        ? {
            columns: [
              { name: 'number of rows updated', type: 'fixed' },
              { name: 'number of multi-joined rows updated', type: 'fixed' },
            ],
            rows: [[3, 0]],
          }
        : { columns: [{ name: 'status', type: 'text' }], rows: [['Stage area S successfully created.']] };
    const wh = warehouseFor(fake, pat);
    expect(await wh.execute('UPDATE T SET A = ?', [1])).toEqual({ rowsAffected: 3 });
    expect(await wh.execute("CREATE STAGE S URL = 's3://b/'")).toEqual({ rowsAffected: 0 });
    await wh.close();
  });
});

describe('secrets in logs', () => {
  it('never prints the OAuth token or PAT to pino or stdout, while driver errors do reach pino', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    const printed: string[] = [];
    const capture = (chunk: unknown) => {
      printed.push(String(chunk));
      return true;
    };
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    try {
      const file = tokenFile('spcs-secret-token-AAAA');
      fake.credentials.oauthTokens = ['spcs-secret-token-AAAA'];
      const oauth = warehouseFor(fake, { kind: 'oauth-token-file', path: file.path }, {}, { logger });
      await oauth.query('SELECT 1 AS X');
      file.write('spcs-secret-token-BBBB'); // not accepted: login fails, the driver logs an error
      fake.expireSessions();
      await expect(oauth.query('SELECT 1')).rejects.toMatchObject({ code: '390303' });
      await oauth.close();

      const wrongPat = warehouseFor(fake, { kind: 'pat', token: 'pat-secret-CCCC' }, {}, { logger });
      await expect(wrongPat.query('SELECT 1')).rejects.toMatchObject({ code: '394400' });
      fake.failNext(1, '503', ['/session/v1/login-request']);
      await expect(wrongPat.query('SELECT 1')).rejects.toMatchObject({ code: '394400' });
      await wrongPat.close();
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    const everything = [...lines, ...printed].join('\n');
    expect(lines.some((l) => l.includes('"component":"snowflake-sdk"'))).toBe(true);
    expect(lines.some((l) => l.includes('transient Snowflake failure'))).toBe(true);
    for (const secret of ['spcs-secret-token-AAAA', 'spcs-secret-token-BBBB', 'pat-secret-CCCC']) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).not.toMatch(/Snowflake Token="st-/);
  });
});
