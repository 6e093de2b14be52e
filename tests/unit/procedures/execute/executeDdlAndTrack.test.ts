import { beforeEach, describe, expect, it } from 'vitest';
import { executeDdlDirect } from '../../../../procedures/execute/directRun.js';
import { BARE_FORM_REFUSAL, executeDdlAndTrack } from '../../../../procedures/execute/executeDdlAndTrack.js';
import { planHash } from '../../../../procedures/execute/planHash.js';
import type { Clock } from '../../../../procedures/execute/runPlan.js';
import type { PlanStatement } from '../../../../procedures/execute/types.js';
import { FakeSnowflake } from '../fakeSnowflake.js';

const INT =
  "CREATE STORAGE INTEGRATION S3_INT TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/r' ENABLED = TRUE STORAGE_ALLOWED_LOCATIONS = ('s3://bucket/path/')";
const INT_IF_NOT_EXISTS = INT.replace('INTEGRATION S3_INT', 'INTEGRATION IF NOT EXISTS S3_INT');
const FMT = 'CREATE FILE FORMAT CSV_FMT TYPE = CSV SKIP_HEADER = 1';
const STAGE =
  "CREATE STAGE RAW_STAGE URL = 's3://bucket/path/' STORAGE_INTEGRATION = S3_INT FILE_FORMAT = (FORMAT_NAME = 'CSV_FMT')";
const TABLE =
  "CREATE EXTERNAL TABLE ORDERS_EXT (ID NUMBER AS (VALUE:c1::NUMBER)) LOCATION = @RAW_STAGE/orders/ FILE_FORMAT = (FORMAT_NAME = 'CSV_FMT') AUTO_REFRESH = FALSE";

const st = (
  kind: PlanStatement['kind'],
  name: string,
  sql: string,
  change: PlanStatement['change'] = 'new',
): PlanStatement => ({
  kind,
  name,
  sql,
  change,
});
const FULL_PLAN = [
  st('STORAGE_INTEGRATION', 'S3_INT', INT),
  st('FILE_FORMAT', 'CSV_FMT', FMT),
  st('STAGE', 'RAW_STAGE', STAGE),
  st('EXTERNAL_TABLE', 'ORDERS_EXT', TABLE),
];
const TRACKER = 'LEILA_APP.PUBLIC.DATA_PIPELINE_TRACKER';
const T0 = Date.parse('2025-01-01T00:00:00Z');

/** Each reading advances 5 ms, so timings in the log are exact. */
function stepClock(): Clock {
  let t = T0;
  return { now: () => (t += 5) };
}

let sf: FakeSnowflake;
beforeEach(() => {
  sf = new FakeSnowflake();
  sf.approvers = [{ PRINCIPAL: 'slack:U1', KIND: 'user', MAY_APPROVE_OWN: false }];
});

function propose(statements: PlanStatement[], id = 'P-000000000001', expiresInMs = 3_600_000): string {
  const hash = planHash(statements);
  sf.tracker.set(id, {
    PIPELINE_ID: id,
    STATUS: 'PROPOSED',
    PLAN_HASH: hash,
    DDL_STATEMENTS: JSON.parse(JSON.stringify(statements)),
    EXPIRES_AT: sf.nowMs + expiresInMs,
    REQUESTED_BY: 'slack:U9',
    CONTRIBUTORS: ['slack:U9'],
  });
  return hash;
}

const approve = (id: string, hash: string) =>
  executeDdlAndTrack({ PIPELINE_ID: id, PLAN_HASH: hash, APPROVER: 'slack:U1' }, sf, { clock: stepClock() });

describe('EXECUTE_DDL_AND_TRACK (run an approved plan)', () => {
  it('claims, runs in dependency order and writes the exact log', () => {
    // Stored out of order: the procedure sorts integration → format → stage → table.
    const plan = [FULL_PLAN[3]!, FULL_PLAN[1]!, FULL_PLAN[0]!, FULL_PLAN[2]!];
    const hash = propose(plan);
    const summary = approve('P-000000000001', hash);

    const step = (index: number, s: PlanStatement, at: number, queryId: string) => ({
      index,
      kind: s.kind,
      name: s.name,
      sql: s.sql,
      started_at: new Date(T0 + at).toISOString(),
      ms: 5,
      ok: true,
      existed: false,
      query_id: queryId,
    });
    // Query ids: q-1 context, q-2 read, q-3 approvers, q-4 claim, then SHOW/CREATE pairs.
    const expectedSteps = [
      step(2, FULL_PLAN[0]!, 5, 'q-6'),
      step(1, FULL_PLAN[1]!, 15, 'q-8'),
      step(3, FULL_PLAN[2]!, 25, 'q-10'),
      step(0, FULL_PLAN[3]!, 35, 'q-12'),
    ];
    expect(summary).toEqual({
      pipeline_id: 'P-000000000001',
      status: 'SUCCESS',
      steps: expectedSteps,
      compensation: [],
      message: 'executed 4 statements',
    });
    expect(sf.statements.map((s) => s.sqlText)).toEqual([
      'SELECT CURRENT_DATABASE() AS DB, CURRENT_SCHEMA() AS SCH',
      `SELECT STATUS, PLAN_HASH, DDL_STATEMENTS, CASE WHEN EXPIRES_AT > CURRENT_TIMESTAMP() THEN 1 ELSE 0 END AS LIVE, REQUESTED_BY, APPROVED_BY, CONTRIBUTORS, CHANNEL, THREAD_REF FROM ${TRACKER} WHERE PIPELINE_ID = ?`,
      'SELECT PRINCIPAL, KIND, MAY_APPROVE_OWN FROM LEILA_APP.PUBLIC.DEA_APPROVERS',
      `UPDATE ${TRACKER} SET STATUS = 'EXECUTING', APPROVED_BY = ?, DECIDED_AT = CURRENT_TIMESTAMP(), UPDATED_AT = CURRENT_TIMESTAMP() WHERE PIPELINE_ID = ? AND STATUS = 'PROPOSED' AND PLAN_HASH = ? AND EXPIRES_AT > CURRENT_TIMESTAMP() AND (APPROVED_BY IS NULL OR APPROVED_BY = ? OR UPDATED_AT < DATEADD(second, -300, CURRENT_TIMESTAMP()))`,
      "SHOW INTEGRATIONS LIKE 'S3_INT'",
      INT,
      "SHOW FILE FORMATS LIKE 'CSV_FMT' IN SCHEMA LEILA_APP.PUBLIC",
      FMT,
      "SHOW STAGES LIKE 'RAW_STAGE' IN SCHEMA LEILA_APP.PUBLIC",
      STAGE,
      "SHOW EXTERNAL TABLES LIKE 'ORDERS_EXT' IN SCHEMA LEILA_APP.PUBLIC",
      TABLE,
      `UPDATE ${TRACKER} SET STATUS = ?, EXECUTION_LOG = PARSE_JSON(?), UPDATED_AT = CURRENT_TIMESTAMP() WHERE PIPELINE_ID = ? AND STATUS = 'EXECUTING'`,
    ]);
    expect(sf.statements[3]!.binds).toEqual(['slack:U1', 'P-000000000001', hash, 'slack:U1']);
    const row = sf.tracker.get('P-000000000001')!;
    expect(row.STATUS).toBe('SUCCESS');
    expect(row.APPROVED_BY).toBe('slack:U1');
    expect(row.EXECUTION_LOG).toEqual(expectedSteps);
    // Only numbers, strings and null were bound (the fake throws otherwise) — arrays went through PARSE_JSON(?).
    expect(
      sf.statements
        .flatMap((s) => s.binds)
        .every((b) => b === null || ['string', 'number'].includes(typeof b)),
    ).toBe(true);
  });

  it('on a failing third statement drops the two objects it created, newest first', () => {
    sf.failWhen = (sql) =>
      sql.startsWith('CREATE STAGE')
        ? { code: 3001, state: '42501', message: 'Insufficient privileges to operate on integration' }
        : undefined;
    const hash = propose(FULL_PLAN);
    const summary = approve('P-000000000001', hash);

    expect(summary.status).toBe('FAILED');
    expect(summary.steps.map((s) => [s.name, s.ok])).toEqual([
      ['S3_INT', true],
      ['CSV_FMT', true],
      ['RAW_STAGE', false],
    ]);
    expect(summary.steps[2]!.error).toEqual({
      code: '3001',
      state: '42501',
      message: 'Insufficient privileges to operate on integration',
    });
    expect(summary.compensation).toEqual([
      {
        action: 'drop',
        kind: 'FILE_FORMAT',
        name: 'CSV_FMT',
        sql: 'DROP FILE FORMAT IF EXISTS LEILA_APP.PUBLIC.CSV_FMT',
        ok: true,
      },
      {
        action: 'drop',
        kind: 'STORAGE_INTEGRATION',
        name: 'S3_INT',
        sql: 'DROP STORAGE INTEGRATION IF EXISTS S3_INT',
        ok: true,
      },
    ]);
    expect(summary.message).toBe(
      'statement 3 (STAGE RAW_STAGE) failed: Insufficient privileges to operate on integration; dropped 2 of 2 objects this run created',
    );
    expect(sf.ddl().filter((s) => s.startsWith('CREATE EXTERNAL'))).toEqual([]);
    expect(sf.objects.size).toBe(0);
    const row = sf.tracker.get('P-000000000001')!;
    expect(row.STATUS).toBe('FAILED');
    expect(row.EXECUTION_LOG).toEqual([...summary.steps, ...summary.compensation]);
  });

  it('never drops an object that existed before the run', () => {
    sf.objects.add('STORAGE_INTEGRATION:S3_INT');
    sf.failWhen = (sql) =>
      sql.startsWith('CREATE EXTERNAL TABLE') ? { code: 91016, state: '22000', message: 'boom' } : undefined;
    const plan = [st('STORAGE_INTEGRATION', 'S3_INT', INT_IF_NOT_EXISTS), ...FULL_PLAN.slice(1)];
    const summary = approve('P-000000000001', propose(plan));

    expect(summary.steps.map((s) => [s.name, s.ok, s.existed])).toEqual([
      ['S3_INT', true, true],
      ['CSV_FMT', true, false],
      ['RAW_STAGE', true, false],
      ['ORDERS_EXT', false, false],
    ]);
    expect(summary.compensation.map((c) => c.sql)).toEqual([
      'DROP STAGE IF EXISTS LEILA_APP.PUBLIC.RAW_STAGE',
      'DROP FILE FORMAT IF EXISTS LEILA_APP.PUBLIC.CSV_FMT',
    ]);
    expect([...sf.objects]).toEqual(['STORAGE_INTEGRATION:S3_INT']);
  });

  it('records a compensation that fails and carries on with the others', () => {
    sf.failWhen = (sql) => {
      if (sql.startsWith('CREATE STAGE')) return { code: 1, state: 'X', message: 'stage failed' };
      if (sql.startsWith('DROP FILE FORMAT')) return { code: 2, state: 'Y', message: 'drop failed' };
      return undefined;
    };
    const summary = approve('P-000000000001', propose(FULL_PLAN));
    expect(summary.compensation.map((c) => [c.name, c.ok, c.error?.message])).toEqual([
      ['CSV_FMT', false, 'drop failed'],
      ['S3_INT', true, undefined],
    ]);
    expect(summary.message).toContain('dropped 1 of 2 objects');
  });

  it('skips statements whose objects already exist and logs them as skipped', () => {
    const plan = [st('STORAGE_INTEGRATION', 'S3_INT', INT, 'exists'), ...FULL_PLAN.slice(1)];
    const summary = approve('P-000000000001', propose(plan));
    expect(summary.status).toBe('SUCCESS');
    expect(summary.steps[0]).toEqual({
      index: 0,
      kind: 'STORAGE_INTEGRATION',
      name: 'S3_INT',
      sql: INT,
      started_at: new Date(T0 + 5).toISOString(),
      ms: 0,
      ok: true,
      skipped: true,
      query_id: null,
    });
    expect(
      sf.statements.some((s) => s.sqlText.includes('S3_INT') && !s.sqlText.startsWith('CREATE STAGE')),
    ).toBe(false);
    expect(summary.message).toBe('executed 3 statements, skipped 1 that already existed');
  });

  it('a second approval of the same plan runs nothing (exactly once)', () => {
    const hash = propose(FULL_PLAN);
    expect(approve('P-000000000001', hash).status).toBe('SUCCESS');
    const before = sf.ddl().length;
    const again = approve('P-000000000001', hash);
    expect(again).toEqual({
      pipeline_id: 'P-000000000001',
      status: 'SUCCESS',
      steps: [],
      compensation: [],
      message: 'pipeline P-000000000001 was already decided: it is SUCCESS',
      reason: 'already_decided',
    });
    expect(sf.ddl().length).toBe(before);
  });

  it.each(['EXECUTING', 'REJECTED', 'EXPIRED', 'FAILED'])('never executes a %s row', (status) => {
    const hash = propose(FULL_PLAN);
    sf.tracker.get('P-000000000001')!.STATUS = status;
    const summary = approve('P-000000000001', hash);
    expect(summary.reason).toBe('already_decided');
    expect(summary.status).toBe(status);
    expect(sf.ddl()).toEqual([]);
    expect(sf.statements.some((s) => s.sqlText.startsWith('SHOW'))).toBe(false);
  });

  it('answers not found for an unknown pipeline', () => {
    const summary = approve('P-nope', 'abc');
    expect(summary).toMatchObject({ pipeline_id: 'P-nope', status: null, reason: 'not_found', steps: [] });
    expect(sf.ddl()).toEqual([]);
  });

  it('marks an expired proposal EXPIRED and runs nothing', () => {
    const hash = propose(FULL_PLAN, 'P-000000000001', -1000);
    const summary = approve('P-000000000001', hash);
    expect(summary).toMatchObject({ status: 'EXPIRED', reason: 'expired' });
    expect(sf.tracker.get('P-000000000001')!.STATUS).toBe('EXPIRED');
    expect(sf.ddl()).toEqual([]);
  });

  it('refuses an approval bound to another hash and leaves the row PROPOSED', () => {
    propose(FULL_PLAN);
    const summary = approve('P-000000000001', planHash(FULL_PLAN.slice(1)));
    expect(summary).toMatchObject({ status: 'PROPOSED', reason: 'hash_mismatch' });
    expect(sf.tracker.get('P-000000000001')!.STATUS).toBe('PROPOSED');
    expect(sf.ddl()).toEqual([]);
  });

  it('fails the claimed row when DDL_STATEMENTS no longer hash to the approved hash', () => {
    const hash = propose(FULL_PLAN);
    // Someone edits the stored statements after the proposal (PLAN_HASH left as it was).
    const row = sf.tracker.get('P-000000000001')!;
    (row.DDL_STATEMENTS as PlanStatement[])[1]!.sql = 'CREATE OR REPLACE FILE FORMAT CSV_FMT TYPE = JSON';
    const summary = approve('P-000000000001', hash);
    expect(summary).toMatchObject({ status: 'FAILED', reason: 'hash_mismatch', steps: [], compensation: [] });
    expect(row.STATUS).toBe('FAILED');
    expect(row.EXECUTION_LOG).toEqual([
      { action: 'refuse', reason: 'hash_mismatch', message: summary.message },
    ]);
    expect(sf.ddl()).toEqual([]);
  });

  it('refuses the whole plan when one statement smuggles a second statement; nothing runs', () => {
    const smuggled = st('FILE_FORMAT', 'CSV_FMT', `${FMT}; DROP DATABASE LEILA_APP`);
    const plan = [FULL_PLAN[0]!, smuggled, FULL_PLAN[2]!];
    const summary = approve('P-000000000001', propose(plan));
    expect(summary.status).toBe('FAILED');
    expect(summary.reason).toBe('guard_refused');
    expect(summary.steps).toHaveLength(1);
    expect(summary.steps[0]).toMatchObject({
      index: 1,
      ok: false,
      query_id: null,
      error: { code: 'GUARD_REFUSED' },
    });
    expect(summary.steps[0]!.error!.message).toMatch(/second statement.*\(line 1, column \d+\)/);
    expect(sf.ddl()).toEqual([]);
    expect(sf.statements.some((s) => s.sqlText.startsWith('SHOW'))).toBe(false);
    expect(sf.tracker.get('P-000000000001')!.STATUS).toBe('FAILED');
  });

  it('refuses a statement whose SQL creates something other than what the plan declares', () => {
    const disguised = st('FILE_FORMAT', 'CSV_FMT', STAGE);
    const summary = approve('P-000000000001', propose([disguised]));
    expect(summary.reason).toBe('guard_refused');
    expect(summary.steps[0]!.error!.message).toBe(
      'the SQL creates a STAGE but the plan declares a FILE_FORMAT',
    );
    const renamed = st('FILE_FORMAT', 'OTHER_FMT', FMT);
    const second = approve('P-000000000002', propose([renamed], 'P-000000000002'));
    expect(second.steps[0]!.error!.message).toBe('the SQL creates CSV_FMT but the plan declares OTHER_FMT');
    expect(sf.ddl()).toEqual([]);
  });

  it('resolves qualified and quoted names for the existence check and the drop', () => {
    const fmt = 'CREATE FILE FORMAT OTHER_DB.RAW."Csv Fmt" TYPE = CSV';
    const stage = "CREATE STAGE RAW.S1 URL = 's3://bucket/path/' STORAGE_INTEGRATION = S3_INT";
    sf.failWhen = (sql) =>
      sql.startsWith('CREATE STAGE') ? { code: 1, state: 'X', message: 'no' } : undefined;
    const summary = approve(
      'P-000000000001',
      propose([st('FILE_FORMAT', 'OTHER_DB.RAW."Csv Fmt"', fmt), st('STAGE', 'RAW.S1', stage)]),
    );
    expect(sf.statements.map((s) => s.sqlText).filter((s) => s.startsWith('SHOW'))).toEqual([
      "SHOW FILE FORMATS LIKE 'Csv Fmt' IN SCHEMA OTHER_DB.RAW",
      "SHOW STAGES LIKE 'S1' IN SCHEMA LEILA_APP.RAW",
    ]);
    expect(summary.compensation.map((c) => c.sql)).toEqual([
      'DROP FILE FORMAT IF EXISTS OTHER_DB.RAW."Csv Fmt"',
    ]);
  });

  it('refuses the bare form, mixed forms and calls that give nothing, before touching the tracker', () => {
    expect(executeDdlAndTrack({ PIPELINE_ID: 'P', DDL_STATEMENTS: [FMT] }, sf)).toMatchObject({
      reason: 'not_permitted',
      message: BARE_FORM_REFUSAL,
    });
    expect(executeDdlAndTrack({ DDL_STATEMENTS: [FMT], DATA_SOURCE: 'S3' }, sf).reason).toBe('not_permitted');
    expect(executeDdlAndTrack({}, sf).reason).toBe('invalid_request');
    expect(executeDdlAndTrack({ PIPELINE_ID: 'P', PLAN_HASH: 'h' }, sf).message).toBe('APPROVER is required');
    expect(sf.statements).toEqual([]);
  });
});

describe("EXECUTE_DDL_DIRECT (the seed's bare form, caller's rights)", () => {
  const run = (ddl: unknown, dataSource: unknown = 'S3') =>
    executeDdlDirect({ DDL_STATEMENTS: ddl, DATA_SOURCE: dataSource }, sf, {
      clock: stepClock(),
      newPipelineId: () => 'P-seed00000001',
    });

  it('records an EXECUTING row by the current user, then runs in dependency order', () => {
    sf.objects.add('FILE_FORMAT:LEILA_APP.PUBLIC.CSV_FMT');
    const summary = run([TABLE, STAGE, FMT, INT], { type: 'S3', bucket: 'bucket' });
    expect(summary.status).toBe('SUCCESS');
    expect(summary.pipeline_id).toBe('P-seed00000001');
    expect(summary.steps.map((s) => [s.index, s.kind, s.skipped ?? false])).toEqual([
      [3, 'STORAGE_INTEGRATION', false],
      [2, 'FILE_FORMAT', true],
      [1, 'STAGE', false],
      [0, 'EXTERNAL_TABLE', false],
    ]);
    const row = sf.tracker.get('P-seed00000001')!;
    expect(row).toMatchObject({
      STATUS: 'SUCCESS',
      REQUESTED_BY: 'SEED_USER',
      APPROVED_BY: 'SEED_USER',
      CHANNEL: 'sql',
      DATA_SOURCE_TYPE: 'S3',
      INTEGRATION_NAME: 'S3_INT',
      FILE_FORMAT_NAME: 'CSV_FMT',
      STAGE_NAME: 'RAW_STAGE',
      TABLE_NAME: 'ORDERS_EXT',
    });
    const statements = row.DDL_STATEMENTS as PlanStatement[];
    expect(statements.map((s) => s.change)).toEqual(['new', 'new', 'exists', 'new']);
    expect(row.PLAN_HASH).toBe(planHash(statements));
  });

  it('accepts the array as JSON text and takes the type from the integration when DATA_SOURCE has none', () => {
    const summary = run(JSON.stringify([INT, FMT]), { description: 'orders bucket' });
    expect(summary.status).toBe('SUCCESS');
    expect(sf.tracker.get('P-seed00000001')!.DATA_SOURCE_TYPE).toBe('S3');
  });

  it('records a refused attempt as FAILED and runs nothing', () => {
    const summary = run([FMT, 'GRANT OWNERSHIP ON DATABASE LEILA_APP TO ROLE PUBLIC']);
    expect(summary.status).toBe('FAILED');
    expect(summary.reason).toBe('guard_refused');
    expect(summary.steps.map((s) => s.index)).toEqual([1]);
    const row = sf.tracker.get('P-seed00000001')!;
    expect(row.STATUS).toBe('FAILED');
    expect(row.DDL_STATEMENTS).toEqual([
      { kind: 'FILE_FORMAT', name: 'CSV_FMT', sql: FMT, change: 'new' },
      { kind: null, name: null, sql: 'GRANT OWNERSHIP ON DATABASE LEILA_APP TO ROLE PUBLIC', change: null },
    ]);
    expect(sf.ddl()).toEqual([]);
  });

  it('refuses an empty or non-text statement list without touching the tracker', () => {
    expect(run([]).reason).toBe('invalid_request');
    expect(run([42]).message).toBe('DDL_STATEMENTS[0] is not SQL text');
    expect(sf.statements).toEqual([]);
  });
});
