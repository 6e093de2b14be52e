import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalWarehouse } from '../../../adapters/local/warehouse/index.js';
import { errorOf, openTemp } from './helpers.js';

let wh: LocalWarehouse;
beforeEach(async () => {
  ({ wh } = await openTemp());
});
afterEach(async () => {
  await wh.close();
});

const TRACKER = 'LEILA_APP.PUBLIC.DATA_PIPELINE_TRACKER';

describe('Snowflake SQL on the bot tables', () => {
  it('round-trips VARIANT and TIMESTAMP_LTZ values with Snowflake-shaped rows', async () => {
    const created = new Date('2026-11-20T10:00:00.000Z');
    const r = await wh.execute(
      `INSERT INTO ${TRACKER} (PIPELINE_ID, CREATED_AT, STATUS, DDL_STATEMENTS, EXPIRES_AT, AGENT_USAGE)
       SELECT ?, TO_TIMESTAMP_LTZ(?), 'PROPOSED', PARSE_JSON(?), DATEADD(hour, 24, CURRENT_TIMESTAMP()), PARSE_JSON(?)`,
      [
        'P-1',
        created,
        JSON.stringify([{ kind: 'STAGE', name: 'S', sql: "CREATE STAGE S URL='s3://b/'" }]),
        '{"totalTokens": 12}',
      ],
    );
    expect(r.rowsAffected).toBe(1);
    const [row] = await wh.query(`SELECT * FROM ${TRACKER} WHERE PIPELINE_ID = ?`, ['P-1']);
    expect(row?.CREATED_AT).toEqual(created);
    expect(row?.DDL_STATEMENTS).toEqual([{ kind: 'STAGE', name: 'S', sql: "CREATE STAGE S URL='s3://b/'" }]);
    expect(row?.AGENT_USAGE).toEqual({ totalTokens: 12 });
    expect(row?.EXPIRES_AT).toBeInstanceOf(Date);
    expect((row?.EXPIRES_AT as Date | undefined)?.getTime() ?? 0).toBeGreaterThan(Date.now() + 23 * 3600_000);
    expect(Object.keys(row ?? {})).toContain('PLAN_HASH');
    const paths = await wh.query(
      `SELECT DDL_STATEMENTS[0]:kind::VARCHAR AS K, ARRAY_SIZE(DDL_STATEMENTS) AS N, AGENT_USAGE:totalTokens::NUMBER + 1 AS T, TO_JSON(AGENT_USAGE) AS J FROM ${TRACKER}`,
    );
    expect(paths).toEqual([{ K: 'STAGE', N: 1, T: 13, J: '{"totalTokens":12}' }]);
  });

  it('reports rowsAffected for UPDATE / DELETE / MERGE and makes the conditional claim exclusive', async () => {
    for (const id of ['A', 'B', 'C']) {
      await wh.execute(
        `INSERT INTO ${TRACKER} (PIPELINE_ID, STATUS, PLAN_HASH, EXPIRES_AT) SELECT ?, 'PROPOSED', 'h', DATEADD(minute, 5, CURRENT_TIMESTAMP())`,
        [id],
      );
    }
    const claim = `UPDATE ${TRACKER} SET STATUS = 'EXECUTING', APPROVED_BY = ?, UPDATED_AT = CURRENT_TIMESTAMP() WHERE PIPELINE_ID = ? AND STATUS = 'PROPOSED' AND PLAN_HASH = ? AND EXPIRES_AT > CURRENT_TIMESTAMP()`;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => wh.execute(claim, [`u${i}`, 'A', 'h'])),
    );
    expect(results.filter((r) => r.rowsAffected === 1)).toHaveLength(1);
    expect(results.filter((r) => r.rowsAffected === 0)).toHaveLength(19);
    expect((await wh.execute(claim, ['x', 'B', 'wrong'])).rowsAffected).toBe(0);
    expect(await wh.query(`UPDATE ${TRACKER} SET STATUS = 'EXPIRED' WHERE STATUS = 'PROPOSED'`)).toEqual([
      { 'number of rows updated': 2 },
    ]);
    expect((await wh.execute(`DELETE FROM ${TRACKER} WHERE PIPELINE_ID = 'C'`)).rowsAffected).toBe(1);
    const merge = `MERGE INTO LEILA_APP.PUBLIC.DEA_PROCESSED_EVENTS t USING (SELECT ? AS EVENT_KEY) s ON t.EVENT_KEY = s.EVENT_KEY
      WHEN NOT MATCHED THEN INSERT (EVENT_KEY, SEEN_AT) VALUES (s.EVENT_KEY, CURRENT_TIMESTAMP())`;
    expect((await wh.execute(merge, ['evt-1'])).rowsAffected).toBe(1);
    expect((await wh.execute(merge, ['evt-1'])).rowsAffected).toBe(0);
  });

  it('supports IFF, ILIKE, LIMIT/OFFSET, :n binds and upper-case column names', async () => {
    await wh.execute(
      `INSERT INTO LEILA_APP.PUBLIC.DEA_CONVERSATIONS (CHANNEL, THREAD_REF, AGENT_THREAD_ID, STATE, UPDATED_AT) SELECT :1, :2, :3, PARSE_JSON(:4), CURRENT_TIMESTAMP()`,
      ['slack', 'T1:C1:123.4', '42', '{"turns": 2}'],
    );
    await wh.execute(`INSERT INTO DEA_CONVERSATIONS (CHANNEL, THREAD_REF) VALUES ('teams', 'conv-9')`);
    const rows = await wh.query(
      `select channel, iff(state:turns::number > 1, 'busy', 'new') as mood, agent_thread_id from dea_conversations where thread_ref ilike 't1%' limit 1 offset 0`,
    );
    expect(rows).toEqual([{ CHANNEL: 'slack', MOOD: 'busy', AGENT_THREAD_ID: '42' }]);
    expect(await wh.query(`SELECT COUNT(*) AS N FROM DEA_CONVERSATIONS`)).toEqual([{ N: 2 }]);
    expect(
      await wh.query(`SELECT CHANNEL AS "lower" FROM DEA_CONVERSATIONS ORDER BY 1 LIMIT ? OFFSET ?`, [1, 1]),
    ).toEqual([{ lower: 'teams' }]);
  });

  it('refuses object binds and unknown tables with Snowflake errors', async () => {
    expect((await errorOf(wh.query('SELECT ?', [{ a: 1 }]))).code).toBe('002049');
    const missing = await errorOf(wh.query('SELECT * FROM NO_SUCH_TABLE'));
    expect(missing.code).toBe('002003');
    expect(missing.message).toContain('does not exist or not authorized');
  });

  it('creates regular tables with Snowflake types', async () => {
    await wh.query(
      `CREATE TABLE IF NOT EXISTS LEILA_APP.PUBLIC.NOTES (ID NUMBER(10,0) NOT NULL, BODY VARIANT, WRITTEN_AT TIMESTAMP_LTZ COMMENT 'when')`,
    );
    await wh.execute(`INSERT INTO NOTES SELECT 1, PARSE_JSON('{"x":[1,2]}'), CURRENT_TIMESTAMP()`);
    const [row] = await wh.query('SELECT * FROM NOTES');
    expect(row?.ID).toBe(1);
    expect(row?.BODY).toEqual({ x: [1, 2] });
    expect(row?.WRITTEN_AT).toBeInstanceOf(Date);
  });
});

describe('persistence', () => {
  it('keeps catalog and rows in a DuckDB file across reopen', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { LocalWarehouse } = await import('../../../adapters/local/warehouse/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'dea-lw-file-'));
    const opts = { path: join(dir, 'w.duckdb'), storageDir: join(dir, 'storage') };
    const a = await LocalWarehouse.open(opts);
    await a.query(`CREATE FILE FORMAT KEEP_ME TYPE = JSON`);
    await a.execute(`INSERT INTO DATA_PIPELINE_TRACKER (PIPELINE_ID) VALUES ('P-keep')`);
    await a.close();
    const b = await LocalWarehouse.open(opts);
    expect((await b.query('SHOW FILE FORMATS')).map((r) => r.name)).toEqual(['KEEP_ME']);
    expect(await b.query('SELECT PIPELINE_ID FROM DATA_PIPELINE_TRACKER')).toEqual([
      { PIPELINE_ID: 'P-keep' },
    ]);
    await b.close();
  });
});
