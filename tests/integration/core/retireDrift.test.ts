/**
 * Issue 17, points 8 and 9: "retire P-…" drops exactly what that pipeline created and nothing another live pipeline
 * uses, approved like any plan and checked again inside the procedure; drift tells a pipeline whose objects were
 * dropped, replaced or changed outside the bot from one whose objects a later approved pipeline replaced.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BotCore } from '../../../bot/core/api.js';
import type { PlanView } from '../../../bot/core/messages.js';
import { RecordingReply } from '../../../bot/core/recordingReply.js';
import { TrackerRepository } from '../../../bot/core/tracker.js';
import { planHash } from '../../../procedures/execute/planHash.js';
import {
  EVENTS_REQUEST,
  type LocalStack,
  ORDERS_REQUEST,
  startLocalStack,
} from '../../helpers/localStack.js';

let stack: LocalStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const alice = { channel: 'local' as const, id: 'alice' };
const bob = { channel: 'local' as const, id: 'bob' };
const TRACKER = 'LEILA_APP.PUBLIC.DATA_PIPELINE_TRACKER';

async function say(core: BotCore, thread: string, text: string) {
  const reply = new RecordingReply();
  await core.handleMessage({ thread: { channel: 'local', id: thread }, user: alice, text }, reply);
  return reply;
}

function lastPlan(reply: RecordingReply): PlanView | undefined {
  return reply.messages.flatMap((m) => (m.message.kind === 'plan' ? [m.message.plan] : [])).at(-1);
}

async function approve(core: BotCore, plan: PlanView) {
  const reply = new RecordingReply();
  const out = await core.decide(
    { pipelineId: plan.pipelineId, hash: plan.hash, verb: 'approve', user: bob },
    reply,
  );
  if (out.kind !== 'accepted') throw new Error(out.reason);
  return { result: await out.completion, reply };
}

async function build(core: BotCore, thread: string, text: string): Promise<string[]> {
  const first = lastPlan(await say(core, thread, text))!;
  const { reply } = await approve(core, first);
  const second = lastPlan(reply);
  if (second) await approve(core, second);
  return [first.pipelineId, ...(second ? [second.pipelineId] : [])];
}

describe('retire', () => {
  it('drops what the pipeline created, keeps what others use, table first; the row becomes RETIRED', async () => {
    stack = await startLocalStack();
    const { core, warehouse } = stack;
    const [orders] = await build(core, 'orders', ORDERS_REQUEST);
    await build(core, 'events', EVENTS_REQUEST);
    const reply = await say(core, 'ops', `retire ${orders}`);
    const plan = lastPlan(reply)!;
    expect(plan.note).toContain(`Retire plan for pipeline ${orders}`);
    expect(plan.statements.map((s) => [s.kind, s.change])).toEqual([
      ['EXTERNAL_TABLE', 'drop'],
      ['STAGE', 'drop'],
      ['FILE_FORMAT', 'drop'],
    ]);
    expect(plan.statements[0]!.warnings.join(' ')).toMatch(
      /storage integration ACME_SAMPLE_INT \(used by P-/,
    );
    // The requester cannot approve their own retire plan either.
    const own = await core.decide(
      { pipelineId: plan.pipelineId, hash: plan.hash, verb: 'approve', user: alice },
      new RecordingReply(),
    );
    expect(own.kind).toBe('refused');
    const { result } = await approve(core, plan);
    expect(result?.status).toBe('SUCCESS');
    expect((await core.getPipeline(orders!))?.STATUS).toBe('RETIRED');
    const tables = (await warehouse.query<{ name: string }>('SHOW EXTERNAL TABLES')).map((t) => t.name);
    expect(tables).toEqual(['ACME_SAMPLE_EVENTS_EXT']);
    const rows = await warehouse.query<{ N: number }>(
      'SELECT COUNT(*) AS N FROM LEILA_APP.PUBLIC.ACME_SAMPLE_EVENTS_EXT',
    );
    expect(Number(rows[0]?.N)).toBeGreaterThan(0);
    expect((await warehouse.query('SHOW INTEGRATIONS')).length).toBe(1);
    // A retired pipeline cannot be retired again.
    const again = await say(core, 'ops', `retire ${orders}`);
    const last = again.messages.at(-1)!.message;
    expect(last.kind === 'error' && last.text).toMatch(/is RETIRED; only a SUCCESS pipeline can be retired/);
  });

  it('the last pipeline of a bucket drops the integration too', async () => {
    stack = await startLocalStack();
    const [orders] = await build(stack.core, 'orders', ORDERS_REQUEST);
    const plan = lastPlan(await say(stack.core, 'ops', `retire ${orders}`))!;
    expect(plan.statements.map((s) => s.kind)).toEqual([
      'EXTERNAL_TABLE',
      'STAGE',
      'FILE_FORMAT',
      'STORAGE_INTEGRATION',
    ]);
    expect((await approve(stack.core, plan)).result?.status).toBe('SUCCESS');
    expect(await stack.warehouse.query('SHOW INTEGRATIONS')).toEqual([]);
  });

  it('says why when there is nothing to retire', async () => {
    stack = await startLocalStack();
    for (const [text, expected] of [
      ['retire P-000000000000', /There is no pipeline P-000000000000/],
    ] as const) {
      const reply = await say(stack.core, 'ops', text);
      const last = reply.messages.at(-1)!.message;
      expect(last.kind === 'error' && last.text).toMatch(expected);
    }
    const proposed = lastPlan(await say(stack.core, 'p', ORDERS_REQUEST))!;
    const reply = await say(stack.core, 'ops', `retire ${proposed.pipelineId}`);
    const last = reply.messages.at(-1)!.message;
    expect(last.kind === 'error' && last.text).toMatch(/is PROPOSED; only a SUCCESS pipeline can be retired/);
  });

  it('the procedure refuses a tampered retire plan: a DROP of an object another pipeline created', async () => {
    stack = await startLocalStack();
    const [orders] = await build(stack.core, 'orders', ORDERS_REQUEST);
    await build(stack.core, 'events', EVENTS_REQUEST);
    const statements = [
      {
        kind: 'STAGE',
        name: 'LEILA_APP.PUBLIC.ACME_SAMPLE_EVENTS_STAGE',
        sql: 'DROP STAGE IF EXISTS LEILA_APP.PUBLIC.ACME_SAMPLE_EVENTS_STAGE',
        change: 'drop',
        retires: orders,
      },
    ];
    const hash = planHash(statements);
    await new TrackerRepository(stack.warehouse, TRACKER).insertProposed({
      pipelineId: 'P-0000000000aa',
      dataSourceType: 'S3',
      integrationName: null,
      fileFormatName: null,
      stageName: null,
      tableName: null,
      statements,
      requestedBy: 'local:mallory',
      contributors: [],
      channel: 'local',
      threadRef: 'x',
      planHash: hash,
      ttlMs: 60_000,
      agentUsage: null,
      replaces: null,
    });
    const plan = (await stack.core.getPlanView('P-0000000000aa'))!;
    const { result } = await approve(stack.core, plan);
    expect(result?.status).toBe('FAILED');
    expect(result?.steps[0]?.error?.message).toMatch(/was not created by pipeline P-/);
    expect((await stack.warehouse.query<{ name: string }>('SHOW STAGES')).map((s) => s.name)).toContain(
      'ACME_SAMPLE_EVENTS_STAGE',
    );
    expect((await stack.core.getPipeline(orders!))?.STATUS).toBe('SUCCESS');
  });
});

describe('drift', () => {
  it('a stage replaced outside the bot shows as drifted; an approved edit reads as superseded, not drift', async () => {
    stack = await startLocalStack();
    const { core } = stack;
    const [orders] = await build(core, 'orders', ORDERS_REQUEST);
    expect((await core.driftReport())[orders!]?.drifted).toBe(false);

    // An approved edit in the thread replaces the format: that is the bot's own change, not drift.
    const edit = lastPlan(await say(core, 'orders', 'make the delimiter a pipe'))!;
    await approve(core, edit);
    const afterEdit = (await core.driftReport())[orders!]!;
    expect(afterEdit.drifted).toBe(false);

    await stack.admin.execute(
      "CREATE OR REPLACE STAGE ACME_SAMPLE_ORDERS_STAGE URL = 's3://acme-sample/orders/2026/' STORAGE_INTEGRATION = ACME_SAMPLE_INT",
    );
    const report = (await core.driftReport())[orders!]!;
    expect(report.drifted).toBe(true);
    const stage = report.objects.find((o) => o.kind === 'STAGE')!;
    expect(['replaced', 'changed']).toContain(stage.state);
    expect(stage.detail).toMatch(/ACME_SAMPLE_ORDERS_STAGE/);

    await stack.admin.execute('DROP EXTERNAL TABLE ACME_SAMPLE_ORDERS_EXT');
    const dropped = (await core.driftReport())[orders!]!.objects.find((o) => o.kind === 'EXTERNAL_TABLE')!;
    expect(dropped).toMatchObject({ state: 'dropped' });
  });
});
