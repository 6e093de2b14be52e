/**
 * Stated assumptions (issue 21) from the local agent's answer to the plan card and back out of the tracker:
 * the agent guesses the header row instead of asking, the card says so and how to change it, and the
 * recorded plan keeps the statement (the dashboard and a later re-render read it from the row).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fallbackText, type PlanView } from '../../../bot/core/messages.js';
import { RecordingReply } from '../../../bot/core/recordingReply.js';
import { type LocalStack, startLocalStack } from '../../helpers/localStack.js';

let stack: LocalStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const alice = { channel: 'local' as const, id: 'alice' };

function lastPlan(reply: RecordingReply): PlanView {
  const plans = reply.messages.filter((m) => m.message.kind === 'plan');
  const m = plans[plans.length - 1]?.message;
  if (m?.kind !== 'plan') throw new Error('no plan');
  return m.plan;
}

describe('stated assumptions on the plan', () => {
  it('a CSV request without a header word gets a plan, not a question, and the card states the guess', async () => {
    stack = await startLocalStack();
    const reply = new RecordingReply();
    await stack.core.handleMessage(
      {
        thread: { channel: 'local', id: 'a1' },
        user: alice,
        text: 'CSV in s3://acme-sample/orders/ with columns order_id, customer, amount, order_date. Role arn:aws:iam::123456789012:role/snowflake',
      },
      reply,
    );
    const plan = lastPlan(reply);
    expect(plan.assumptions).toEqual([
      'Assumed a header row (the first line is skipped) — say "no header" to change.',
      'Assumed comma-separated fields — say e.g. "pipe-delimited" or "use ; as delimiter" to change.',
      'Assumed column types from their names: order_id NUMBER, customer VARCHAR, amount NUMBER(38,2), order_date DATE — say e.g. "make order_id varchar" to change.',
    ]);
    // Each assumption sits with the statement it shapes, and the file format really skips the header.
    const format = plan.statements.find((s) => s.kind === 'FILE_FORMAT')!;
    expect(format.assumptions).toHaveLength(2);
    expect(format.sql).toContain('SKIP_HEADER = 1');
    expect(plan.statements.find((s) => s.kind === 'EXTERNAL_TABLE')!.assumptions).toHaveLength(1);
    expect(fallbackText({ kind: 'plan', plan, actionable: true })).toContain(
      'Assumed: a header row (the first line is skipped) — say "no header" to change.',
    );
    // Re-read from the tracker: the recorded plan still carries them.
    expect((await stack.core.getPlanView(plan.pipelineId))?.assumptions).toEqual(plan.assumptions);
  });

  it('"no header" revises the plan: the guess is gone from the card and the header is no longer skipped', async () => {
    stack = await startLocalStack();
    const reply = new RecordingReply();
    const thread = { channel: 'local' as const, id: 'a2' };
    await stack.core.handleMessage(
      {
        thread,
        user: alice,
        text: 'pipe-delimited CSV in s3://acme-sample/orders/, columns order_id int, customer varchar. Role arn:aws:iam::123456789012:role/snowflake',
      },
      reply,
    );
    expect(lastPlan(reply).assumptions).toEqual([
      'Assumed a header row (the first line is skipped) — say "no header" to change.',
    ]);
    await stack.core.handleMessage({ thread, user: alice, text: 'no header' }, reply);
    const revised = lastPlan(reply);
    expect(revised.assumptions).toBeUndefined();
    expect(revised.statements.find((s) => s.kind === 'FILE_FORMAT')!.sql).not.toContain('SKIP_HEADER');
  });
});
