/**
 * 1,000 hostile inputs through chat and Quick Setup against the real core, local agent and embedded warehouse.
 * Every statement that reaches the warehouse — the bot's own and those the procedures run — is recorded, and:
 * no DDL runs outside an approved EXECUTE_DDL_AND_TRACK, the bot writes only its three tables, nothing outside
 * the allowed set (no GRANT, no DROP outside the procedure) ever appears, and every input gets a clear answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuickSetupInput } from '../../bot/core/api.js';
import type { BotMessage, PlanView } from '../../bot/core/messages.js';
import { RecordingReply } from '../../bot/core/recordingReply.js';
import { type LocalStack, startLocalStack } from '../helpers/localStack.js';
import { chatCorpus, quickSetupCorpus } from './support/adversarial.js';
import { DDL_KINDS, violation } from './support/allowedStatements.js';
import { recordStatements, type StatementLog } from './support/statementLog.js';

const CHAT = 600;
const FORMS = 400;
const CONCURRENCY = 8;
const APPROVALS = 12;

function isClear(m: BotMessage): boolean {
  if (m.kind === 'text') return m.text.trim().length > 0;
  if (m.kind === 'error') return m.title.trim().length > 0 && m.text.trim().length > 0;
  if (m.kind === 'plan') return m.plan.statements.length > 0;
  return false;
}

async function inBatches<T>(items: T[], n: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i] as T, i);
      }
    }),
  );
}

let stack: LocalStack;
let log: StatementLog;
const plans: PlanView[] = [];
const unclear: { input: string; messages: unknown }[] = [];
const crashes: { input: string; error: string }[] = [];

beforeAll(async () => {
  stack = await startLocalStack();
  log = recordStatements(stack.warehouse);
});
afterAll(async () => {
  await stack?.close();
});

describe('the allowed-statement check itself', () => {
  it("flags what must never run and lets the bot's own statements through", () => {
    const at = (sql: string, insideExecute = false) => violation({ sql, insideExecute });
    expect(at('DROP TABLE LEILA_APP.PUBLIC.DATA_PIPELINE_TRACKER')).toBe('DROP');
    expect(at('DROP STAGE S')).toBe('DROP');
    expect(at('GRANT OWNERSHIP ON DATABASE D TO ROLE PUBLIC')).toBe('statement GRANT');
    expect(at("CREATE STAGE S URL = 's3://b/'")).toBe('DDL outside EXECUTE_DDL_AND_TRACK');
    expect(at('CREATE TABLE T (A INT)', true)).toBe('CREATE of another kind');
    expect(at('DELETE FROM OTHER_TABLE')).toBe('write to OTHER_TABLE');
    expect(at('CALL SYSTEM$WAIT(1)')).toBe('CALL of an unknown procedure');
    expect(at("CREATE OR REPLACE STAGE S URL = 's3://b/'", true)).toBeNull();
    // The tracker is written only with the owner's privileges, i.e. from inside the procedures.
    expect(at('UPDATE "LEILA_APP"."PUBLIC".DATA_PIPELINE_TRACKER SET STATUS = ?')).toBe(
      'write to "LEILA_APP"."PUBLIC".DATA_PIPELINE_TRACKER outside the procedures',
    );
    expect(
      violation({
        sql: 'UPDATE LEILA_APP.PUBLIC.DATA_PIPELINE_TRACKER SET STATUS = ?',
        insideExecute: false,
        role: 'owner',
      }),
    ).toBeNull();
    expect(at('CALL EXECUTE_DDL_DIRECT(?)')).toBe('CALL of an unknown procedure');
    expect(at('UPDATE DEA_CONVERSATIONS SET STATE = ?')).toBeNull();
    expect(at('CALL LEILA_APP.PUBLIC.GENERATE_EXTERNAL_STAGE_DDL(?)')).toBeNull();
    const widen = "ALTER STORAGE INTEGRATION I SET STORAGE_ALLOWED_LOCATIONS = ('s3://b/a/', 's3://b/c/')";
    expect(at(widen, true)).toBeNull();
    expect(at(widen)).toMatch(/^ALTER outside/);
    expect(at('ALTER STORAGE INTEGRATION I SET ENABLED = FALSE', true)).toMatch(/^ALTER outside/);
    expect(at('ALTER TABLE T ADD COLUMN X INT', true)).toMatch(/^ALTER outside/);
  });
});

describe('1,000 adversarial inputs through chat and Quick Setup', () => {
  it('each chat message gets a clear answer and no DDL reaches the warehouse', async () => {
    const corpus = chatCorpus(CHAT, 20_240_601);
    expect(corpus).toHaveLength(CHAT);
    await inBatches(corpus, CONCURRENCY, async (text, i) => {
      const reply = new RecordingReply();
      try {
        await stack.core.handleMessage(
          { thread: { channel: 'local', id: `adv-${i}` }, user: { channel: 'local', id: 'mallory' }, text },
          reply,
        );
      } catch (err) {
        crashes.push({ input: text.slice(0, 200), error: String(err) });
        return;
      }
      const shown = reply.messages.map((m) => m.message);
      if (shown.length === 0 || !shown.every(isClear))
        unclear.push({ input: text.slice(0, 200), messages: shown });
      for (const m of shown) if (m.kind === 'plan') plans.push(m.plan);
    });
    expect(crashes).toEqual([]);
    expect(unclear.slice(0, 5)).toEqual([]);
    expect(log.statements.filter((s) => DDL_KINDS.test(s.sql.trim()))).toEqual([]);
  }, 600_000);

  it('each Quick Setup form gets a plan or errors that name the field, and no DDL reaches the warehouse', async () => {
    const forms = quickSetupCorpus(FORMS, 7_777);
    const bad: { input: QuickSetupInput; result: unknown }[] = [];
    await inBatches(forms, CONCURRENCY, async (form, i) => {
      const reply = new RecordingReply();
      let result: Awaited<ReturnType<LocalStack['core']['quickSetup']>>;
      try {
        result = await stack.core.quickSetup(
          form,
          { thread: { channel: 'local', id: `qs-${i}` }, user: { channel: 'local', id: 'mallory' } },
          reply,
        );
      } catch (err) {
        crashes.push({ input: JSON.stringify(form).slice(0, 200), error: String(err) });
        return;
      }
      if (result.ok) plans.push(result.plan);
      else if (
        result.errors.length === 0 ||
        !result.errors.every((e) => e.field.length > 0 && e.message.trim().length > 0)
      )
        bad.push({ input: form, result });
    });
    expect(crashes).toEqual([]);
    expect(bad.slice(0, 5)).toEqual([]);
    expect(log.statements.filter((s) => DDL_KINDS.test(s.sql.trim()))).toEqual([]);
  }, 600_000);

  it('approved plans run their DDL only inside EXECUTE_DDL_AND_TRACK, and nothing outside the allowed set ever ran', async () => {
    // Approvals run one at a time so that "inside EXECUTE_DDL_AND_TRACK" is exact for every statement.
    const proposed = plans.filter((p) => p.status === 'PROPOSED').slice(-APPROVALS);
    expect(proposed.length).toBeGreaterThan(0);
    const outcomes: string[] = [];
    for (const plan of proposed) {
      const row = await stack.core.getPipeline(plan.pipelineId);
      if (row?.STATUS !== 'PROPOSED') continue;
      const decided = await stack.core.decide(
        {
          pipelineId: plan.pipelineId,
          hash: plan.hash,
          verb: 'approve',
          user: { channel: 'local', id: 'trent' },
        },
        new RecordingReply(),
      );
      if (decided.kind === 'accepted') outcomes.push((await decided.completion)?.status ?? 'none');
    }
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.every((s) => s === 'SUCCESS' || s === 'FAILED')).toBe(true);

    const ddl = log.statements.filter((s) => DDL_KINDS.test(s.sql.trim()));
    expect(ddl.length).toBeGreaterThan(0);
    expect(ddl.every((s) => s.insideExecute)).toBe(true);
    const violations = log.statements
      .map((s) => ({ why: violation(s), sql: s.sql.slice(0, 160) }))
      .filter((v) => v.why !== null);
    expect(violations).toEqual([]);
    expect(log.statements.some((s) => /^\s*GRANT\b/i.test(s.sql))).toBe(false);
    expect(log.statements.length).toBeGreaterThan(CHAT + FORMS);
  }, 600_000);
});

/**
 * Issue 16, reproduction 4: statements the old guard let through inside an external table. Each is recorded as
 * a PROPOSED plan directly in the tracker (as an administrator could) and approved: the guard
 * inside EXECUTE_DDL_AND_TRACK refuses it, nothing is created, and the run ends FAILED with the reason.
 */
describe('grammar abuse inside external tables, approved directly', () => {
  const abuse: [string, string, RegExp][] = [
    [
      'USING TEMPLATE over ACCOUNT_USAGE',
      'CREATE EXTERNAL TABLE LEILA_APP.PUBLIC.ABUSE_1 USING TEMPLATE (SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) FROM SNOWFLAKE.ACCOUNT_USAGE.USERS) LOCATION = @LEILA_APP.PUBLIC.S/ FILE_FORMAT = (TYPE = PARQUET)',
      /USING TEMPLATE accepts only/,
    ],
    [
      'a subquery as a column',
      'CREATE EXTERNAL TABLE LEILA_APP.PUBLIC.ABUSE_2 (A VARCHAR AS (SELECT NAME FROM SNOWFLAKE.ACCOUNT_USAGE.USERS LIMIT 1)) LOCATION = @LEILA_APP.PUBLIC.S/ FILE_FORMAT = (TYPE = CSV)',
      /subquery is not allowed/,
    ],
    [
      'SYSTEM$ in a column',
      'CREATE EXTERNAL TABLE LEILA_APP.PUBLIC.ABUSE_3 (A VARCHAR AS (SYSTEM$GET_PRIVATELINK_CONFIG())) LOCATION = @LEILA_APP.PUBLIC.S/ FILE_FORMAT = (TYPE = CSV)',
      /SYSTEM\$ functions cannot be called/,
    ],
    [
      'garbage after the type',
      'CREATE EXTERNAL TABLE LEILA_APP.PUBLIC.ABUSE_4 (A VARCHAR DROP TABLE X AS (1)) LOCATION = @LEILA_APP.PUBLIC.S/ FILE_FORMAT = (TYPE = CSV)',
      /not a supported Snowflake data type/,
    ],
    [
      'garbage after NOT NULL',
      'CREATE EXTERNAL TABLE LEILA_APP.PUBLIC.ABUSE_5 (A VARCHAR AS (VALUE:c1::VARCHAR) NOT NULL DROP TABLE X) LOCATION = @LEILA_APP.PUBLIC.S/ FILE_FORMAT = (TYPE = CSV)',
      /Unexpected DROP after column A/,
    ],
    [
      'a traversal stage URL',
      "CREATE STAGE LEILA_APP.PUBLIC.ABUSE_6 URL = 's3://acme-sample/../../../../etc/'",
      /is not allowed as a folder name/,
    ],
  ];

  it.each(abuse)(
    '%s: refused by the guard, nothing created, the reason recorded',
    async (_what, sql, why) => {
      const { planHash } = await import('../../procedures/execute/planHash.js');
      const id = `P-abuse${Math.random().toString(16).slice(2, 10)}`;
      const kind = /^CREATE\s+STAGE/i.test(sql) ? 'STAGE' : 'EXTERNAL_TABLE';
      const statements = [{ kind, name: 'ABUSE', sql, change: 'new' }];
      const hash = planHash(statements);
      // Written as the administrator: the bot's own role may not write the tracker.
      await stack.admin.execute(
        `INSERT INTO DATA_PIPELINE_TRACKER (PIPELINE_ID, CREATED_AT, STATUS, DDL_STATEMENTS, PLAN_HASH, EXPIRES_AT, REQUESTED_BY) SELECT ?, CURRENT_TIMESTAMP(), 'PROPOSED', PARSE_JSON(?), ?, DATEADD(hour, 1, CURRENT_TIMESTAMP()), 'local:mallory'`,
        [id, JSON.stringify(statements), hash],
      );
      const before = log.statements.length;
      const decided = await stack.core.decide(
        { pipelineId: id, hash, verb: 'approve', user: { channel: 'local', id: 'trent' } },
        new RecordingReply(),
      );
      const result = decided.kind === 'accepted' ? await decided.completion : null;
      const ran = log.statements.slice(before).filter((s) => DDL_KINDS.test(s.sql.trim()));
      expect(ran).toEqual([]);
      const row = await stack.core.getPipeline(id);
      expect(row?.STATUS === 'FAILED' || decided.kind === 'refused').toBe(true);
      const told = decided.kind === 'refused' ? decided.reason : JSON.stringify([result, row?.EXECUTION_LOG]);
      expect(told).toMatch(why);
    },
  );
});
