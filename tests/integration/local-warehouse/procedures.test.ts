import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { seedSampleBucket } from '../../../adapters/local/seed/index.js';
import type { LocalWarehouse } from '../../../adapters/local/warehouse/index.js';
import { findProceduresFile } from '../../../adapters/local/warehouse/procedureHost/source.js';
import { planHash } from '../../../procedures/execute/planHash.js';
import { approverEntries } from '../../../procedures/tracker/approvers.js';
import { errorOf, openTemp } from './helpers.js';

const TEST_PROCS = `
CREATE OR REPLACE PROCEDURE PROBE(
  LABEL VARCHAR,
  N NUMBER DEFAULT NULL,
  DOC VARIANT DEFAULT NULL
)
RETURNS VARIANT
LANGUAGE JAVASCRIPT
EXECUTE AS OWNER
AS $$
var out = { label: LABEL, n: N, doc: DOC, lower: typeof label };
var ins = snowflake.createStatement({ sqlText: "INSERT INTO DATA_PIPELINE_TRACKER (PIPELINE_ID, STATUS, DDL_STATEMENTS) SELECT ?, 'PROPOSED', PARSE_JSON(?)", binds: [LABEL, JSON.stringify(DOC)] });
ins.execute();
out.inserted = ins.getNumRowsAffected();
out.sqlText = ins.getSqlText().slice(0, 11);
var rs = snowflake.execute({ sqlText: 'SELECT PIPELINE_ID, DDL_STATEMENTS, CREATED_AT FROM DATA_PIPELINE_TRACKER WHERE PIPELINE_ID = ?', binds: [LABEL] });
out.columns = rs.getColumnCount();
out.rows = rs.getRowCount();
rs.next();
out.id = rs.getColumnValue(1);
out.byName = rs.getColumnValue('DDL_STATEMENTS');
out.prop = rs.PIPELINE_ID;
out.queryIdShape = /^[0-9a-f-]{36}$/.test(rs.getQueryId());
try {
  snowflake.execute({ sqlText: 'SELECT * FROM MISSING_TABLE' });
} catch (err) {
  out.caught = { code: err.code, state: err.state, hasTrace: typeof err.stackTraceTxt === 'string', message: err.message };
}
try { snowflake.execute({ sqlText: 'SELECT ?', binds: [[1]] }); } catch (err) { out.badBind = err.code; }
out.sandbox = typeof require + '/' + typeof process;
return out;
$$;

CREATE OR REPLACE PROCEDURE BOOM()
RETURNS VARIANT
LANGUAGE JAVASCRIPT
EXECUTE AS OWNER
AS $$
throw new Error('kaput');
$$;

CREATE OR REPLACE PROCEDURE SPIN()
RETURNS VARIANT
LANGUAGE JAVASCRIPT
EXECUTE AS OWNER
AS $$
while (true) {}
$$;
`;

let wh: LocalWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

describe('CALL in node:vm with a synchronous snowflake API', () => {
  it('runs a body with the Snowflake JS API against the same warehouse', async () => {
    ({ wh } = await openTemp({ proceduresSql: TEST_PROCS }));
    const rows = await wh.query(`CALL LEILA_APP.PUBLIC.PROBE(?, 7, PARSE_JSON(?))`, ['P-7', '{"k":[1,2]}']);
    const out = rows[0]?.PROBE as Record<string, unknown>;
    expect(out).toMatchObject({
      label: 'P-7',
      n: 7,
      doc: { k: [1, 2] },
      lower: 'undefined',
      inserted: 1,
      sqlText: 'INSERT INTO',
      columns: 3,
      rows: 1,
      id: 'P-7',
      byName: { k: [1, 2] },
      prop: 'P-7',
      queryIdShape: true,
      badBind: 100183,
      sandbox: 'undefined/undefined',
    });
    expect(out.caught).toMatchObject({ code: 2003, state: '02000', hasTrace: true });
    expect(String((out.caught as { message: string }).message)).toContain('does not exist or not authorized');
    expect(await wh.query(`SELECT PIPELINE_ID FROM DATA_PIPELINE_TRACKER`)).toEqual([{ PIPELINE_ID: 'P-7' }]);
  });

  it('reports uncaught errors, argument mismatches, unknown procedures and runaway bodies', async () => {
    ({ wh } = await openTemp({
      proceduresSql: TEST_PROCS,
      procedureHost: { callTimeoutMs: 1_000, poolSize: 2 },
    }));
    const boom = await errorOf(wh.query('CALL BOOM()'));
    expect(boom.code).toBe('100132');
    expect(boom.message).toContain('Uncaught kaput in BOOM');
    expect((await errorOf(wh.query('CALL PROBE()'))).code).toBe('001044');
    expect((await errorOf(wh.query('CALL NOPE()'))).code).toBe('002003');
    const spin = await errorOf(wh.query('CALL SPIN()'));
    expect(spin.code).toBe('100132');
    // The pool recovers after a worker is terminated.
    const again = await wh.query(`CALL PROBE(LABEL => 'after')`);
    expect(again[0]?.PROBE).toMatchObject({ label: 'after' });
  });
});

const PROCS_FILE = findProceduresFile();
// sql/procedures.sql is committed (a staleness test keeps it current), so these always run.
if (PROCS_FILE === undefined || !existsSync(PROCS_FILE)) throw new Error('sql/procedures.sql is missing');

describe('the real procedures from sql/procedures.sql', () => {
  it('runs each generator end to end and executes what they generate', async () => {
    const t = await openTemp();
    wh = t.wh;
    await seedSampleBucket(wh.storageDir);
    const integ = (await wh.call('GENERATE_STORAGE_INTEGRATION_DDL', [
      'S3',
      ['s3://acme-sample/'],
      'SAMPLE_INT',
      'arn:aws:iam::123456789012:role/dea',
    ])) as { ok: boolean; ddl: string };
    expect(integ.ok).toBe(true);
    const fmt = (await wh.call('GENERATE_FILE_FORMAT_DDL', [
      'CSV',
      'SAMPLE_CSV',
      null,
      null,
      null,
      { skip_header: 1 },
    ])) as { ok: boolean; ddl: string };
    expect(fmt.ok).toBe(true);
    const stage = (await wh.call('GENERATE_EXTERNAL_STAGE_DDL', [
      's3://acme-sample/orders/',
      'SAMPLE_STAGE',
      null,
      null,
      'SAMPLE_INT',
      'SAMPLE_CSV',
    ])) as { ok: boolean; ddl: string };
    expect(stage.ok).toBe(true);
    const table = (await wh.call('GENERATE_EXTERNAL_TABLE_DDL', [
      's3://acme-sample/orders/',
      'CSV',
      'SAMPLE_ORDERS',
      null,
      null,
      [
        { name: 'ORDER_ID', type: 'NUMBER', source: 1 },
        { name: 'CUSTOMER', type: 'VARCHAR', source: 2 },
      ],
      null,
      'SAMPLE_STAGE',
      null,
      'SAMPLE_CSV',
      null,
      false,
    ])) as { ok: boolean; ddl: string; error?: unknown };
    expect(table, JSON.stringify(table.error)).toMatchObject({ ok: true });
    for (const g of [integ, fmt, stage, table]) await wh.query(g.ddl);
    const rows = await wh.query('SELECT ORDER_ID, CUSTOMER FROM SAMPLE_ORDERS ORDER BY ORDER_ID LIMIT 2');
    expect(rows).toEqual([
      { ORDER_ID: 1001, CUSTOMER: 'Acme Corp' },
      { ORDER_ID: 1002, CUSTOMER: 'Globex' },
    ]);
  });

  it('50 concurrent EXECUTE_DDL_AND_TRACK calls on one plan execute it exactly once', async () => {
    const t = await openTemp();
    wh = t.wh;
    await seedSampleBucket(wh.storageDir);
    const statements = [
      {
        kind: 'STORAGE_INTEGRATION',
        name: 'CONC_INT',
        sql: `CREATE STORAGE INTEGRATION CONC_INT TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' ENABLED = TRUE STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/dea' STORAGE_ALLOWED_LOCATIONS = ('s3://acme-sample/')`,
        change: 'new',
      },
      {
        kind: 'STAGE',
        name: 'CONC_STAGE',
        sql: `CREATE STAGE CONC_STAGE URL = 's3://acme-sample/orders/' STORAGE_INTEGRATION = CONC_INT`,
        change: 'new',
      },
    ];
    const hash = planHash(statements);
    await wh.installApprovers(approverEntries(['local:alice'], false));
    await wh.execute(
      `INSERT INTO DATA_PIPELINE_TRACKER (PIPELINE_ID, CREATED_AT, STATUS, DDL_STATEMENTS, PLAN_HASH, EXPIRES_AT, REQUESTED_BY) SELECT 'P-conc', CURRENT_TIMESTAMP(), 'PROPOSED', PARSE_JSON(?), ?, DATEADD(hour, 1, CURRENT_TIMESTAMP()), 'local:bob'`,
      [JSON.stringify(statements), hash],
    );
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        wh
          ?.call('EXECUTE_DDL_AND_TRACK', ['P-conc', hash, 'local:alice'])
          .catch((e: Error) => ({ thrown: e.message })),
      ),
    );
    const ms = Date.now() - started;
    const [row] = await wh.query(
      `SELECT STATUS, APPROVED_BY, EXECUTION_LOG FROM DATA_PIPELINE_TRACKER WHERE PIPELINE_ID = 'P-conc'`,
    );
    expect(row?.STATUS).toBe('SUCCESS');
    expect(row?.APPROVED_BY).toBe('local:alice');
    type Outcome = { status?: string; steps?: unknown[]; reason?: string };
    const executed = results.filter((r) => ((r as Outcome).steps ?? []).length > 0);
    expect(executed).toHaveLength(1);
    expect((executed[0] as Outcome).status).toBe('SUCCESS');
    expect(results.filter((r) => (r as Outcome).reason === 'already_decided')).toHaveLength(49);
    expect(results.filter((r) => 'thrown' in (r as object))).toEqual([]);
    expect((await wh.query('SHOW INTEGRATIONS')).map((r) => r.name)).toEqual(['CONC_INT']);
    expect((await wh.query('SHOW STAGES')).map((r) => r.name)).toEqual(['CONC_STAGE']);
    console.log(`50 concurrent EXECUTE_DDL_AND_TRACK: ${ms} ms`);
  });
});
