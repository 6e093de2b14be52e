/**
 * Issue 17: pipelines on a real, shared account. The README's three examples against one data directory, reuse
 * and widening of the bucket's integration, "nothing to do", edits after SUCCESS, no-op edits and the refusals
 * that protect what already works — through the real core, local agent and embedded warehouse.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LocalAgent } from '../../../adapters/local/agent/index.js';
import type { BotCore } from '../../../bot/core/api.js';
import type { Warehouse } from '../../../bot/core/contracts.js';
import type { BotMessage, PlanView } from '../../../bot/core/messages.js';
import { RecordingReply } from '../../../bot/core/recordingReply.js';
import { positionalArgs } from '../../../bot/core/toolArgs.js';
import {
  EVENTS_REQUEST,
  type LocalStack,
  ORDERS_REQUEST,
  SALES_REQUEST,
  startLocalStack,
} from '../../helpers/localStack.js';

let stack: LocalStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const alice = { channel: 'local' as const, id: 'alice' };
const bob = { channel: 'local' as const, id: 'bob' };
const ROLE = 'arn:aws:iam::123456789012:role/snowflake';

function lastPlan(reply: RecordingReply): PlanView | undefined {
  return reply.messages.flatMap((m) => (m.message.kind === 'plan' ? [m.message.plan] : [])).at(-1);
}

function lastMessage(reply: RecordingReply): BotMessage {
  return reply.messages.at(-1)!.message;
}

async function say(core: BotCore, thread: string, text: string) {
  const reply = new RecordingReply();
  await core.handleMessage({ thread: { channel: 'local', id: thread }, user: alice, text }, reply);
  return reply;
}

async function approve(core: BotCore, plan: PlanView, reply = new RecordingReply()) {
  const out = await core.decide(
    { pipelineId: plan.pipelineId, hash: plan.hash, verb: 'approve', user: bob },
    reply,
  );
  if (out.kind !== 'accepted') throw new Error(out.reason);
  const result = await out.completion;
  return { result, reply };
}

/** Asks, approves, and for the inference flow approves the proposed table too; returns every approved plan. */
async function build(core: BotCore, thread: string, text: string): Promise<PlanView[]> {
  const first = lastPlan(await say(core, thread, text));
  if (!first) throw new Error(`no plan for: ${text}`);
  const done = [first];
  const { result, reply } = await approve(core, first);
  expect(result?.status).toBe('SUCCESS');
  const second = lastPlan(reply);
  if (second) {
    done.push(second);
    expect((await approve(core, second)).result?.status).toBe('SUCCESS');
  }
  return done;
}

async function count(warehouse: Warehouse, sql: string): Promise<number> {
  const rows = await warehouse.query<{ N: number }>(sql);
  return Number(rows[0]?.N ?? 0);
}

const TRACKER = 'LEILA_APP.PUBLIC.DATA_PIPELINE_TRACKER';

describe('the README examples on one account', () => {
  it('orders CSV → events JSON inferred → sales Parquet partitioned: all SUCCESS, the bucket integration widened, not renamed', async () => {
    stack = await startLocalStack();
    const { core, warehouse } = stack;
    const orders = await build(core, 'orders', ORDERS_REQUEST);
    const events = await build(core, 'events', EVENTS_REQUEST);
    const sales = await build(core, 'sales', SALES_REQUEST);
    expect(orders[0]!.statements.map((s) => s.change)).toEqual(['new', 'new', 'new', 'new']);
    for (const [plan, folder] of [
      [events[0]!, 'events'],
      [sales[0]!, 'sales'],
    ] as const) {
      const integ = plan.statements[0]!;
      expect(integ.change).toBe('alter');
      expect(integ.name).toBe('ACME_SAMPLE_INT');
      expect(integ.sql).toMatch(
        /^ALTER STORAGE INTEGRATION ACME_SAMPLE_INT SET STORAGE_ALLOWED_LOCATIONS = \(/,
      );
      expect(integ.sql).toContain(`'s3://acme-sample/${folder}/'`);
      expect(integ.sql).toContain("'s3://acme-sample/orders/'");
      expect(integ.warnings.join(' ')).toMatch(/trust policy stays valid/);
    }
    for (const table of ['ACME_SAMPLE_ORDERS_EXT', 'ACME_SAMPLE_EVENTS_EXT', 'ACME_SAMPLE_SALES_EXT'])
      expect(await count(warehouse, `SELECT COUNT(*) AS N FROM LEILA_APP.PUBLIC.${table}`)).toBeGreaterThan(
        0,
      );
    // Step 2 of the inference flows fills every tracker column.
    const step2 = await core.getPipeline(sales[1]!.pipelineId);
    expect(step2).toMatchObject({
      DATA_SOURCE_TYPE: 'S3',
      INTEGRATION_NAME: 'ACME_SAMPLE_INT',
      STAGE_NAME: 'LEILA_APP.PUBLIC.ACME_SAMPLE_SALES_STAGE',
      FILE_FORMAT_NAME: 'LEILA_APP.PUBLIC.ACME_SAMPLE_SALES_PARQUET_FORMAT',
      TABLE_NAME: 'LEILA_APP.PUBLIC.ACME_SAMPLE_SALES_EXT',
    });
    const step1 = await core.getPipeline(sales[0]!.pipelineId);
    for (const column of ['DATA_SOURCE_TYPE', 'INTEGRATION_NAME', 'STAGE_NAME', 'FILE_FORMAT_NAME'] as const)
      expect(step1?.[column]).toBeTruthy();
  });

  it('re-sending the first request answers "nothing to do" and records nothing', async () => {
    stack = await startLocalStack();
    const [orders] = await build(stack.core, 'orders', ORDERS_REQUEST);
    await build(stack.core, 'events', EVENTS_REQUEST);
    const before = await count(stack.warehouse, `SELECT COUNT(*) AS N FROM ${TRACKER}`);
    const reply = await say(stack.core, 'again', ORDERS_REQUEST);
    const last = lastMessage(reply);
    expect(last.kind).toBe('text');
    expect(last.kind === 'text' && last.text).toMatch(/^Already exists — nothing to do/);
    // It names the pipeline that built them, not every pipeline sharing the bucket's integration.
    expect(last.kind === 'text' && last.text).toContain(`(pipeline ${orders!.pipelineId})`);
    expect(await count(stack.warehouse, `SELECT COUNT(*) AS N FROM ${TRACKER}`)).toBe(before);
  });

  it('"make the delimiter a pipe" after SUCCESS proposes only the file format, flagged replaces existing', async () => {
    stack = await startLocalStack();
    await build(stack.core, 'orders', ORDERS_REQUEST);
    const plan = lastPlan(await say(stack.core, 'orders', 'make the delimiter a pipe'));
    expect(plan?.statements.map((s) => [s.kind, s.change])).toEqual([['FILE_FORMAT', 'replace']]);
    const format = plan!.statements[0]!;
    expect(format.unsafe).toBe(true);
    expect(format.sql).toMatch(/^CREATE OR REPLACE FILE FORMAT/);
    expect(format.sql).toContain("FIELD_DELIMITER = '|'");
    expect(format.warnings.join(' ')).toMatch(/FIELD_DELIMITER/);
    expect((await approve(stack.core, plan!)).result?.status).toBe('SUCCESS');
  });

  it('an edit that changes nothing keeps the same plan', async () => {
    stack = await startLocalStack();
    const first = lastPlan(await say(stack.core, 't', ORDERS_REQUEST))!;
    const reply = await say(stack.core, 't', 'the files have a header row');
    const last = lastMessage(reply);
    expect(last.kind === 'text' && last.text).toMatch(/changes nothing: plan P-/);
    expect(lastPlan(reply)).toBeUndefined();
    expect((await stack.core.getPipeline(first.pipelineId))?.STATUS).toBe('PROPOSED');
    expect(await count(stack.warehouse, `SELECT COUNT(*) AS N FROM ${TRACKER}`)).toBe(1);
  });

  it('reads what exists with at most one SHOW per object kind per plan', async () => {
    const shows: string[] = [];
    stack = await startLocalStack({
      agent: (warehouse) => {
        const original = warehouse.query.bind(warehouse);
        warehouse.query = (async (sql: string, binds?: unknown[]) => {
          if (/^\s*SHOW\b/i.test(sql)) shows.push(sql);
          return original(sql, binds);
        }) as Warehouse['query'];
        return new LocalAgent({
          callTool: (tool, input) => warehouse.call(tool, positionalArgs(tool, input)),
        });
      },
    });
    await build(stack.core, 'orders', ORDERS_REQUEST);
    shows.length = 0;
    await say(stack.core, 'events', EVENTS_REQUEST);
    expect(shows.length).toBeGreaterThan(0);
    expect(new Set(shows).size).toBe(shows.length);
    const kinds = shows.map((s) => /^SHOW (INTEGRATIONS|FILE FORMATS|STAGES|EXTERNAL TABLES)/.exec(s)?.[1]);
    expect(new Set(kinds).size).toBe(kinds.length);
  });
});

describe('never break what works', () => {
  it('an integration of the same name for another role is not reused, and the message says why', async () => {
    stack = await startLocalStack();
    await build(stack.core, 'orders', ORDERS_REQUEST);
    const reply = await say(
      stack.core,
      'other',
      'JSON files in s3://acme-sample/events/, infer the columns. Role arn:aws:iam::999999999999:role/other',
    );
    const last = lastMessage(reply);
    expect(last.kind).toBe('error');
    expect(last.kind === 'error' && last.text).toMatch(
      /ACME_SAMPLE_INT already exists for role arn:aws:iam::123456789012:role\/snowflake, not arn:aws:iam::999999999999:role\/other/,
    );
    expect(lastPlan(reply)).toBeUndefined();
  });

  it('CREATE OR REPLACE of an integration that stages use is refused, naming them; "replace it" is understood', async () => {
    stack = await startLocalStack();
    await build(stack.core, 'orders', ORDERS_REQUEST);
    const reply = await say(stack.core, 'orders', 'replace it, and allow only s3://acme-sample/orders/2026/');
    const text = reply.messages.map((m) => (m.message.kind === 'error' ? m.message.text : '')).join(' ');
    // The stage of the first pipeline reads through ACME_SAMPLE_INT: the integration is never recreated.
    expect(text).toMatch(
      /CREATE OR REPLACE STORAGE INTEGRATION ACME_SAMPLE_INT is refused: stage LEILA_APP\.PUBLIC\.ACME_SAMPLE_ORDERS_STAGE uses it/,
    );
    expect(text).toMatch(/new hidden id/);
  });

  it('widening is checked again when it runs: a list changed meanwhile is never narrowed, nothing changes', async () => {
    stack = await startLocalStack();
    await build(stack.core, 'orders', ORDERS_REQUEST);
    const plan = lastPlan(await say(stack.core, 'events', EVENTS_REQUEST))!;
    expect(plan.statements[0]!.change).toBe('alter');
    // Someone (an administrator) widens the integration by hand after the plan was shown.
    await stack.admin.execute(
      "ALTER STORAGE INTEGRATION ACME_SAMPLE_INT SET STORAGE_ALLOWED_LOCATIONS = ('s3://acme-sample/orders/', 's3://acme-sample/manual/')",
    );
    const { result } = await approve(stack.core, plan);
    expect(result?.status).toBe('FAILED');
    expect(result?.steps[0]?.error?.message).toMatch(
      /would remove s3:\/\/acme-sample\/manual\/; an ALTER may only add/,
    );
    const desc = await stack.warehouse.query<Record<string, unknown>>('DESC INTEGRATION ACME_SAMPLE_INT');
    const allowed = desc.find((r) => r.property === 'STORAGE_ALLOWED_LOCATIONS')?.property_value;
    expect(allowed).toBe('s3://acme-sample/orders/,s3://acme-sample/manual/');
  });

  it('a failure after the widening restores the previous allowed locations', async () => {
    stack = await startLocalStack();
    await build(stack.core, 'orders', ORDERS_REQUEST);
    const plan = lastPlan(await say(stack.core, 'events', EVENTS_REQUEST))!;
    // The stage the plan creates appears meanwhile (an administrator's act), so its CREATE fails after the ALTER ran.
    await stack.admin.execute(
      "CREATE STAGE ACME_SAMPLE_EVENTS_STAGE URL = 's3://acme-sample/orders/' STORAGE_INTEGRATION = ACME_SAMPLE_INT",
    );
    const { result } = await approve(stack.core, plan);
    expect(result?.status).toBe('FAILED');
    expect(result?.message).toMatch(/restored the allowed locations of 1 of 1 altered integration/);
    const desc = await stack.warehouse.query<Record<string, unknown>>('DESC INTEGRATION ACME_SAMPLE_INT');
    expect(desc.find((r) => r.property === 'STORAGE_ALLOWED_LOCATIONS')?.property_value).toBe(
      's3://acme-sample/orders/',
    );
  });
});

describe('reuse by name and inference carry-over', () => {
  it('"use integration acme_sample_int" reuses it without asking for a role, widening it for the new folder', async () => {
    stack = await startLocalStack();
    await build(stack.core, 'orders', ORDERS_REQUEST);
    const plan = lastPlan(
      await say(
        stack.core,
        'reuse',
        'JSON files in s3://acme-sample/events/, infer the columns, use integration acme_sample_int',
      ),
    );
    expect(plan?.statements.map((s) => [s.kind, s.change])).toEqual([
      ['STORAGE_INTEGRATION', 'alter'],
      ['FILE_FORMAT', 'new'],
      ['STAGE', 'new'],
    ]);
  });

  it('"use integration x" for an integration that does not exist says so', async () => {
    stack = await startLocalStack();
    const reply = await say(
      stack.core,
      'r',
      'JSON files in s3://acme-sample/events/, infer the columns, use integration nope_int',
    );
    const last = lastMessage(reply);
    expect(last.kind === 'error' && last.text).toMatch(
      /NOPE_INT, which neither exists nor is part of this plan/i,
    );
  });

  it('the table name and types asked for in step 1 carry into step 2; numbers widen', async () => {
    stack = await startLocalStack();
    const plans = await build(
      stack.core,
      'sales',
      `Parquet files in s3://acme-sample/sales/, infer the columns, call the table sales_ext, make units number(10,0). Role ${ROLE}`,
    );
    const table = plans[1]!.statements.at(-1)!;
    expect(table.name).toBe('SALES_EXT');
    const units = table.inferred?.columns.find((c) => c.name === 'UNITS');
    expect(units).toMatchObject({ type: 'NUMBER(10,0)', observed: 'given' });
    expect(table.inferred?.columns.find((c) => c.name === 'REGION')?.type).toBe('VARCHAR');
  });

  it('"use format x" reuses a format that fits, and says why one does not', async () => {
    stack = await startLocalStack();
    await build(stack.core, 'orders', ORDERS_REQUEST);
    const fits = lastPlan(
      await say(
        stack.core,
        'fits',
        `CSV files with a header row in s3://acme-sample/orders/2026/ with columns order_id, customer. Role ${ROLE}. Use format acme_sample_orders_csv_format`,
      ),
    );
    expect(fits?.statements.map((s) => s.kind)).not.toContain('FILE_FORMAT');
    expect(fits?.statements.at(-1)?.sql).toContain("FORMAT_NAME = 'ACME_SAMPLE_ORDERS_CSV_FORMAT'");
    const reply = await say(
      stack.core,
      'misfit',
      `JSON files in s3://acme-sample/events/ with columns id, kind. Role ${ROLE}. Use format acme_sample_orders_csv_format`,
    );
    const last = lastMessage(reply);
    expect(last.kind === 'error' && last.text).toMatch(
      /File format ACME_SAMPLE_ORDERS_CSV_FORMAT is CSV, but the table reads fields by name/,
    );
  });

  it('points to an existing integration of the same role that already allows the folder', async () => {
    stack = await startLocalStack();
    await stack.admin.execute(
      `CREATE STORAGE INTEGRATION LAKE_INT TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' STORAGE_AWS_ROLE_ARN = '${ROLE}' ENABLED = TRUE STORAGE_ALLOWED_LOCATIONS = ('s3://acme-sample/')`,
    );
    const plan = lastPlan(await say(stack.core, 'orders', ORDERS_REQUEST));
    const integ = plan?.statements.find((s) => s.kind === 'STORAGE_INTEGRATION');
    expect(integ?.change).toBe('new');
    expect(integ?.warnings.join(' ')).toMatch(
      /Integration LAKE_INT already allows s3:\/\/acme-sample\/orders\/ for the same role: say "use integration LAKE_INT"/,
    );
    // Taking the advice reuses it: the integration is not run, the stage reads through it.
    const reused = lastPlan(await say(stack.core, 'orders', 'use integration lake_int'));
    expect(reused?.statements.map((s) => [s.kind, s.change])).toEqual([
      ['STORAGE_INTEGRATION', 'exists'],
      ['FILE_FORMAT', 'new'],
      ['STAGE', 'new'],
      ['EXTERNAL_TABLE', 'new'],
    ]);
    expect(reused?.statements[0]?.warnings.join(' ')).toMatch(
      /Uses existing integration LAKE_INT \(allows s3:\/\/acme-sample\/\)/,
    );
    expect(reused?.statements[2]?.sql).toContain('STORAGE_INTEGRATION = LAKE_INT');
  });
});
