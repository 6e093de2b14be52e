import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlanView, VerificationView } from '../../../bot/core/messages.js';
import { RecordingReply } from '../../../bot/core/recordingReply.js';
import { type LocalStack, ORDERS_REQUEST, startLocalStack } from '../../helpers/localStack.js';

let stack: LocalStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const alice = { channel: 'local' as const, id: 'alice' };
const bob = { channel: 'local' as const, id: 'bob' };

function last<K extends 'plan' | 'verification'>(reply: RecordingReply, kind: K) {
  const found = reply.messages.filter((m) => m.message.kind === kind);
  const message = found[found.length - 1]?.message;
  if (message?.kind !== kind) throw new Error(`no ${kind} message`);
  return message as Extract<typeof message, { kind: K }>;
}

async function proposeAndApprove(s: LocalStack, text: string, reply = new RecordingReply()) {
  await s.core.handleMessage({ thread: { channel: 'local', id: 'v1' }, user: alice, text }, reply);
  const plan: PlanView = last(reply, 'plan').plan;
  const out = await s.core.decide(
    { pipelineId: plan.pipelineId, hash: plan.hash, verb: 'approve', user: bob },
    reply,
  );
  if (out.kind !== 'accepted') throw new Error(out.reason);
  await out.completion;
  return { reply, plan };
}

describe('checks after apply', () => {
  it('lists the stage, reads sample rows and records the checks in the tracker', async () => {
    stack = await startLocalStack();
    const { reply, plan } = await proposeAndApprove(stack, ORDERS_REQUEST);
    const v: VerificationView = last(reply, 'verification').verification;
    expect(v.ok).toBe(true);
    expect(last(reply, 'verification').actionable).toBe(false);
    const list = v.checks.find((c) => c.name === 'list_stage')!;
    expect(list).toMatchObject({ ok: true });
    expect(list.summary).toMatch(/^\d+ files?$/);
    const select = v.checks.find((c) => c.name === 'select_table')!;
    expect(select.ok).toBe(true);
    expect(select.rows!.length).toBeGreaterThan(0);
    expect(Object.keys(select.rows![0]!)).toEqual(['ORDER_ID', 'CUSTOMER', 'AMOUNT', 'ORDER_DATE']);
    // The sample table auto-refreshes on S3: the notification channel is reported.
    expect(v.checks.find((c) => c.name === 'notification')?.advice).toMatch(/events/);
    const row = await stack.core.getPipeline(plan.pipelineId);
    expect(row?.VERIFICATION).toMatchObject({
      trust: { provider: 'S3' },
      checks: v.checks,
      checkedAt: v.checkedAt,
    });
  });

  it('reports an empty folder with advice, offers Check again, and passes once files arrive', async () => {
    stack = await startLocalStack();
    const request =
      'I have CSV files with a header row in s3://acme-sample/landing/ with columns id, name. Role arn:aws:iam::123456789012:role/snowflake';
    const { reply, plan } = await proposeAndApprove(stack, request);
    const first = last(reply, 'verification');
    expect(first.actionable).toBe(true);
    expect(first.verification.ok).toBe(false);
    expect(first.verification.checks.find((c) => c.name === 'list_stage')).toMatchObject({
      ok: false,
      summary: '0 files',
    });
    expect(first.verification.checks.find((c) => c.name === 'list_stage')?.advice).toMatch(/empty/);
    expect(first.verification.checks.find((c) => c.name === 'select_table')).toMatchObject({
      ok: false,
      summary: '0 rows',
    });

    const folder = path.join(stack.storageDir, 's3', 'acme-sample', 'landing');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'a.csv'), 'id,name\n1,first\n2,second\n');
    await stack.admin.execute(`ALTER EXTERNAL TABLE ${plan.statements[3]!.name} REFRESH`);
    const again = await stack.core.recheck({ pipelineId: plan.pipelineId, user: alice }, reply);
    expect(again.ok).toBe(true);
    if (again.ok) {
      expect(again.verification.ok).toBe(true);
      expect(again.verification.checks.find((c) => c.name === 'select_table')?.rows).toEqual([
        { ID: 1, NAME: 'first' },
        { ID: 2, NAME: 'second' },
      ]);
    }
    expect(last(reply, 'verification').verification.ok).toBe(true);
  });

  it('refuses to re-check a pipeline that has no table', async () => {
    stack = await startLocalStack();
    const out = await stack.core.recheck({ pipelineId: 'P-none', user: alice }, new RecordingReply());
    expect(out).toEqual({ ok: false, reason: 'There is no pipeline P-none.' });
  });
});
