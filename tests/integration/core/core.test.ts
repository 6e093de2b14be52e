import { afterEach, describe, expect, it } from 'vitest';
import type { Agent, AgentEvent } from '../../../bot/core/contracts.js';
import type { PlanView } from '../../../bot/core/messages.js';
import { RecordingReply } from '../../../bot/core/recordingReply.js';
import { GENERATORS } from '../../../procedures/generators/index.js';
import { type LocalStack, ORDERS_REQUEST, startLocalStack } from '../../helpers/localStack.js';

let stack: LocalStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const alice = { channel: 'local' as const, id: 'alice' };
const bob = { channel: 'local' as const, id: 'bob' };
const thread = (id = 't1') => ({ channel: 'local' as const, id });

function planOf(reply: RecordingReply): PlanView {
  const plans = reply.messages.filter((m) => m.message.kind === 'plan');
  const last = plans[plans.length - 1]?.message;
  if (last?.kind !== 'plan') throw new Error(`no plan in ${JSON.stringify(reply.messages)}`);
  return last.plan;
}

async function propose(s: LocalStack, text = ORDERS_REQUEST, t = thread()) {
  const reply = new RecordingReply();
  await s.core.handleMessage({ thread: t, user: alice, text }, reply);
  return { reply, plan: planOf(reply) };
}

describe('bot core over the embedded warehouse and the local agent', () => {
  it('proposes a plan from the tool results, records it, and runs it once on approval', async () => {
    stack = await startLocalStack();
    const { reply, plan } = await propose(stack);
    expect(plan.statements.map((s) => [s.kind, s.change])).toEqual([
      ['STORAGE_INTEGRATION', 'new'],
      ['FILE_FORMAT', 'new'],
      ['STAGE', 'new'],
      ['EXTERNAL_TABLE', 'new'],
    ]);
    expect(plan.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await stack.core.getPipeline(plan.pipelineId))?.STATUS).toBe('PROPOSED');

    const outcome = await stack.core.decide(
      { pipelineId: plan.pipelineId, hash: plan.hash, verb: 'approve', user: bob },
      reply,
    );
    expect(outcome.kind).toBe('accepted');
    if (outcome.kind !== 'accepted') return;
    expect(outcome.plan.decision).toMatchObject({ verb: 'approved', by: 'local:bob' });
    const result = await outcome.completion;
    expect(result?.status).toBe('SUCCESS');
    expect(result?.steps.map((s) => s.ok)).toEqual([true, true, true, true]);
    expect(result?.querySql).toBe('SELECT * FROM LEILA_APP.PUBLIC.ACME_SAMPLE_ORDERS_EXT LIMIT 10;');
    expect(result?.trust).toMatchObject({ provider: 'S3', local: true });

    const row = await stack.core.getPipeline(plan.pipelineId);
    expect(row).toMatchObject({
      STATUS: 'SUCCESS',
      APPROVED_BY: 'local:bob',
      REQUESTED_BY: 'local:alice',
      CHANNEL: 'local',
    });
    expect(row?.VERIFICATION).toMatchObject({ trust: { provider: 'S3', local: true } });
    const rows = await stack.warehouse.query<{ ORDER_ID: number }>(
      'SELECT ORDER_ID FROM LEILA_APP.PUBLIC.ACME_SAMPLE_ORDERS_EXT ORDER BY ORDER_ID',
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(reply.messages.some((m) => m.message.kind === 'result')).toBe(true);
  });

  it('executes exactly once under 20 concurrent approvals', async () => {
    stack = await startLocalStack();
    const { plan } = await propose(stack);
    const s = stack;
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        s.core.decide(
          { pipelineId: plan.pipelineId, hash: plan.hash, verb: 'approve', user: bob },
          new RecordingReply(),
        ),
      ),
    );
    // Exactly one click is told "approved"; the others learn who is approving.
    expect(outcomes.filter((o) => o.kind === 'accepted')).toHaveLength(1);
    const refused = outcomes.filter((o) => o.kind === 'refused');
    expect(refused).toHaveLength(19);
    for (const r of refused)
      if (r.kind === 'refused') expect(r.reason).toMatch(/being approved by local:bob|already/);
    const results = await Promise.all(
      outcomes.map((o) => (o.kind === 'accepted' ? o.completion : Promise.resolve(null))),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    const row = await s.core.getPipeline(plan.pipelineId);
    expect(row?.STATUS).toBe('SUCCESS');
    const log = row?.EXECUTION_LOG as { kind?: string; ok?: boolean }[];
    expect(log.filter((e) => e.kind).length).toBe(4);
  });

  it('records who rejected and why, and refuses a later approval', async () => {
    stack = await startLocalStack();
    const { reply, plan } = await propose(stack);
    const rejected = await stack.core.decide(
      { pipelineId: plan.pipelineId, hash: plan.hash, verb: 'reject', user: bob, reason: 'wrong bucket' },
      reply,
    );
    expect(rejected.kind).toBe('accepted');
    expect(await stack.core.getPipeline(plan.pipelineId)).toMatchObject({
      STATUS: 'REJECTED',
      REJECTED_BY: 'local:bob',
      DECISION_REASON: 'wrong bucket',
    });
    const late = await stack.core.decide(
      { pipelineId: plan.pipelineId, hash: plan.hash, verb: 'approve', user: bob },
      reply,
    );
    expect(late).toMatchObject({ kind: 'refused' });
    if (late.kind === 'refused') expect(late.reason).toContain('rejected by local:bob');
  });

  it('refuses unauthorized approvers and self-approval, and allows self-approval when configured', async () => {
    stack = await startLocalStack({
      settings: { approvers: ['local:alice', 'local:carol'], openApproval: false },
    });
    const { reply, plan } = await propose(stack);
    const byBob = await stack.core.decide(
      { pipelineId: plan.pipelineId, hash: plan.hash, verb: 'approve', user: bob },
      reply,
    );
    expect(byBob.kind).toBe('refused');
    if (byBob.kind === 'refused') expect(byBob.reason).toMatch(/not an approver/);
    const self = await stack.core.decide(
      { pipelineId: plan.pipelineId, hash: plan.hash, verb: 'approve', user: alice },
      reply,
    );
    expect(self.kind).toBe('refused');
    if (self.kind === 'refused') expect(self.reason).toMatch(/another approver/);
    expect((await stack.core.getPipeline(plan.pipelineId))?.STATUS).toBe('PROPOSED');
    await stack.close();

    stack = await startLocalStack({
      settings: { approvers: ['local:alice'], openApproval: false, allowSelfApproval: true },
    });
    const again = await propose(stack);
    const ok = await stack.core.decide(
      { pipelineId: again.plan.pipelineId, hash: again.plan.hash, verb: 'approve', user: alice },
      again.reply,
    );
    expect(ok.kind).toBe('accepted');
    if (ok.kind === 'accepted') expect((await ok.completion)?.status).toBe('SUCCESS');
  });

  it('refuses an expired plan and marks it EXPIRED', async () => {
    stack = await startLocalStack({ settings: { planTtlMs: 1 } });
    const { reply, plan } = await propose(stack);
    await new Promise((r) => setTimeout(r, 20));
    const out = await stack.core.decide(
      { pipelineId: plan.pipelineId, hash: plan.hash, verb: 'approve', user: bob },
      reply,
    );
    expect(out.kind).toBe('refused');
    expect((await stack.core.getPipeline(plan.pipelineId))?.STATUS).toBe('EXPIRED');
  });

  it('binds approval to the plan hash', async () => {
    stack = await startLocalStack();
    const { reply, plan } = await propose(stack);
    const out = await stack.core.decide(
      { pipelineId: plan.pipelineId, hash: 'f'.repeat(64), verb: 'approve', user: bob },
      reply,
    );
    expect(out.kind).toBe('refused');
    if (out.kind === 'refused') expect(out.reason).toMatch(/changed since this card was shown/);
    expect((await stack.core.getPipeline(plan.pipelineId))?.STATUS).toBe('PROPOSED');
  });

  it('revises the plan on a follow-up and retires the previous proposal', async () => {
    stack = await startLocalStack();
    const first = await propose(stack);
    const reply = new RecordingReply();
    await stack.core.handleMessage(
      { thread: thread(), user: alice, text: 'call the table orders_ext' },
      reply,
    );
    const revised = planOf(reply);
    expect(revised.pipelineId).not.toBe(first.plan.pipelineId);
    expect(revised.statements.find((s) => s.kind === 'EXTERNAL_TABLE')?.name).toBe('ORDERS_EXT');
    const old = await stack.core.getPipeline(first.plan.pipelineId);
    expect(old?.STATUS).toBe('EXPIRED');
    expect(old?.DECISION_REASON).toContain(revised.pipelineId);
  });

  it('compensates: a failing statement drops only what this run created', async () => {
    stack = await startLocalStack();
    const { reply, plan } = await propose(stack);
    // Someone creates the stage between proposal and approval: the plan's CREATE STAGE now clashes.
    await stack.admin.execute(
      "CREATE STAGE LEILA_APP.PUBLIC.ACME_SAMPLE_ORDERS_STAGE URL = 's3://acme-sample/orders/'",
    );
    const out = await stack.core.decide(
      { pipelineId: plan.pipelineId, hash: plan.hash, verb: 'approve', user: bob },
      reply,
    );
    if (out.kind !== 'accepted') throw new Error('expected acceptance');
    const result = await out.completion;
    expect(result?.status).toBe('FAILED');
    expect(result?.steps.map((s) => [s.kind, s.ok])).toEqual([
      ['STORAGE_INTEGRATION', true],
      ['FILE_FORMAT', true],
      ['STAGE', false],
    ]);
    expect(result?.steps[2]?.error?.code).toBe('002002');
    expect(result?.compensation.map((c) => [c.kind, c.ok])).toEqual([
      ['FILE_FORMAT', true],
      ['STORAGE_INTEGRATION', true],
    ]);
    expect(
      await stack.warehouse.query("SHOW STAGES LIKE 'ACME_SAMPLE_ORDERS_STAGE' IN SCHEMA LEILA_APP.PUBLIC"),
    ).toHaveLength(1);
    expect(await stack.warehouse.query("SHOW INTEGRATIONS LIKE 'ACME_SAMPLE_INT'")).toHaveLength(0);
  });

  it('says plainly when the plan cannot be recorded, and creates nothing', async () => {
    stack = await startLocalStack();
    const real = stack.warehouse;
    const failing = Object.create(real) as typeof real;
    // The plan is recorded only through RECORD_PROPOSAL: that call is what fails.
    failing.call = async (procedure, args) => {
      if (procedure === 'RECORD_PROPOSAL') throw new Error('warehouse connection lost');
      return real.call(procedure, args);
    };
    const { createBotCore } = await import('../../../bot/core/index.js');
    const { createLogger } = await import('../../../bot/log/logger.js');
    const core = createBotCore({
      warehouse: failing,
      agent: stack.agent,
      logger: createLogger({ level: 'silent', pretty: false }),
      settings: {
        approvers: [],
        allowSelfApproval: false,
        openApproval: true,
        planTtlMs: 60_000,
        database: 'LEILA_APP',
        schema: 'PUBLIC',
      },
    });
    const reply = new RecordingReply();
    await core.handleMessage({ thread: thread('broken'), user: alice, text: ORDERS_REQUEST }, reply);
    const last = reply.messages.at(-1)?.message;
    expect(last).toMatchObject({
      kind: 'error',
      title: 'I could not record the plan',
      text: 'warehouse connection lost',
    });
    expect(reply.messages.some((m) => m.message.kind === 'plan')).toBe(false);
    expect((await stack.core.listPipelines({})).total).toBe(0);
  });

  it('reports an agent error plainly and keeps the thread working', async () => {
    let calls = 0;
    stack = await startLocalStack({
      agent: (warehouse) => {
        const good = new (class implements Agent {
          async *run(): AsyncIterable<AgentEvent> {
            calls++;
            if (calls === 1) {
              yield { type: 'status', text: 'thinking' };
              yield {
                type: 'error',
                code: 'stream_interrupted',
                message: 'The agent stream was cut off.',
                retryable: true,
              };
              return;
            }
            const input = { format_type: 'CSV', location: 's3://acme-sample/orders/' };
            const output = await warehouse.call(
              'GENERATE_FILE_FORMAT_DDL',
              GENERATORS.GENERATE_FILE_FORMAT_DDL.args.map(
                (a) => (input as Record<string, unknown>)[a.name.toLowerCase()] ?? null,
              ),
            );
            yield { type: 'tool_use', id: 'u1', tool: 'GENERATE_FILE_FORMAT_DDL', input };
            yield { type: 'tool_result', id: 'u1', tool: 'GENERATE_FILE_FORMAT_DDL', ok: true, output };
            yield { type: 'done', text: 'Here is a file format.' };
          }
        })();
        return good;
      },
    });
    const reply = new RecordingReply();
    await stack.core.handleMessage({ thread: thread(), user: alice, text: 'hello' }, reply);
    expect(reply.messages).toHaveLength(1);
    expect(reply.messages[0]?.message).toMatchObject({
      kind: 'error',
      text: 'The agent stream was cut off.',
    });
    await stack.core.handleMessage({ thread: thread(), user: alice, text: 'again' }, reply);
    expect(planOf(reply).statements.map((s) => s.kind)).toEqual(['FILE_FORMAT']);
  });

  it('shows an agent warning (Cortex response.warning) in the thread, under the answer', async () => {
    stack = await startLocalStack({
      agent: () =>
        new (class implements Agent {
          async *run(): AsyncIterable<AgentEvent> {
            yield { type: 'warning', text: 'The agent is close to its token budget.' };
            yield { type: 'text', delta: 'Which bucket?' };
            yield { type: 'done', text: 'Which bucket?' };
          }
        })(),
    });
    const reply = new RecordingReply();
    await stack.core.handleMessage({ thread: thread('warn'), user: alice, text: 'hello' }, reply);
    const last = reply.messages.at(-1)?.message;
    expect(last).toEqual({
      kind: 'text',
      text: 'Which bucket?\n\n⚠️ The agent is close to its token budget.',
    });
  });

  it('ignores a repeated event id and runs one turn at a time per thread', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    stack = await startLocalStack({
      agent: () => ({
        async *run(): AsyncIterable<AgentEvent> {
          runs++;
          running++;
          maxRunning = Math.max(maxRunning, running);
          await new Promise((r) => setTimeout(r, 30));
          running--;
          yield { type: 'done', text: 'ok' };
        },
      }),
    });
    const reply = new RecordingReply();
    const s = stack;
    await Promise.all([
      s.core.handleMessage({ thread: thread(), user: alice, text: 'a', eventId: 'slack:Ev1' }, reply),
      s.core.handleMessage({ thread: thread(), user: alice, text: 'a', eventId: 'slack:Ev1' }, reply),
      s.core.handleMessage({ thread: thread(), user: alice, text: 'b', eventId: 'slack:Ev2' }, reply),
      s.core.handleMessage({ thread: thread(), user: alice, text: 'c' }, reply),
    ]);
    expect(runs).toBe(3);
    expect(maxRunning).toBe(1);
    expect(await s.core.claimEvent('slack:Ev2')).toBe(false);
  });

  it('builds a plan from Quick Setup without the agent, with field errors', async () => {
    stack = await startLocalStack();
    const reply = new RecordingReply();
    const bad = await stack.core.quickSetup(
      { location: 'ftp://x', format: 'CSV', columns: '' },
      { thread: thread('qs'), user: alice },
      reply,
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.field).sort()).toEqual(['columns', 'location']);
    const good = await stack.core.quickSetup(
      {
        location: 's3://acme-sample/orders/',
        format: 'CSV',
        columns: 'order_id, customer VARCHAR(100), amount decimal(10,2), order_date',
        awsRoleArn: 'arn:aws:iam::123456789012:role/snowflake',
        csv: { header: true },
        names: { table: 'orders_quick' },
      },
      { thread: thread('qs'), user: alice },
      reply,
    );
    expect(good.ok).toBe(true);
    if (good.ok) {
      expect(good.plan.statements.map((s) => s.kind)).toEqual([
        'STORAGE_INTEGRATION',
        'FILE_FORMAT',
        'STAGE',
        'EXTERNAL_TABLE',
      ]);
      const table = good.plan.statements[3]!.sql;
      expect(table).toContain('ORDERS_QUICK');
      expect(table).toMatch(/AMOUNT NUMBER\(10,2\)/);
    }
  });
});
