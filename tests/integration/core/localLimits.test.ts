/**
 * Issue 17, point 7: checks after apply tell a limit of the embedded warehouse (ORC has no maintained offline
 * reader) apart from a cloud-permission problem, and never send an Azure admin to grant consent for it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WarehouseError } from '../../../bot/core/contracts.js';
import type { PlanView } from '../../../bot/core/messages.js';
import { RecordingReply } from '../../../bot/core/recordingReply.js';
import { failureAdvice } from '../../../bot/core/verification.js';
import { type LocalStack, startLocalStack } from '../../helpers/localStack.js';

let stack: LocalStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const TENANT = '1a2b3c4d-1111-2222-3333-123456789abc';
const azureTrust = {
  provider: 'AZURE' as const,
  consentUrl: 'https://login.microsoftonline.com/x/oauth2/authorize',
  appName: 'app',
  local: false,
};

describe('advice for a failed check', () => {
  it('a local limitation is named as one, with no cloud advice', () => {
    const advice = failureAdvice(
      new WarehouseError('LOCAL001', 'Not supported by the local warehouse (DuckDB emulation): ORC'),
      azureTrust,
      'AZURE',
    );
    expect(advice).toMatch(/limit of the embedded warehouse/);
    expect(advice).not.toMatch(/consent|trust|admin/i);
  });

  it('an access failure gets the cloud trust steps', () => {
    const advice = failureAdvice(
      new Error('Failure using stage area. Cause: [Access Denied (Status Code: 403)]'),
      azureTrust,
      'AZURE',
    );
    expect(advice).toMatch(/Azure admin opens/);
  });

  it('anything else points at the data, not the cloud', () => {
    const advice = failureAdvice(new Error("Numeric value 'abc' is not recognized"), azureTrust, 'AZURE');
    expect(advice).not.toMatch(/consent|trust policy/);
  });

  it('an ORC table on Azure, end to end: the check says local limit, never consent', async () => {
    stack = await startLocalStack();
    const reply = new RecordingReply();
    await stack.core.handleMessage(
      {
        thread: { channel: 'local', id: 'orc' },
        user: { channel: 'local', id: 'alice' },
        text: `ORC files in azure://acct.blob.core.windows.net/iot/readings/ with columns id, reading. Tenant ${TENANT}`,
      },
      reply,
    );
    const plan = reply.messages
      .flatMap((m) => (m.message.kind === 'plan' ? [m.message.plan] : []))
      .at(-1) as PlanView;
    const after = new RecordingReply();
    const out = await stack.core.decide(
      {
        pipelineId: plan.pipelineId,
        hash: plan.hash,
        verb: 'approve',
        user: { channel: 'local', id: 'bob' },
      },
      after,
    );
    if (out.kind !== 'accepted') throw new Error(out.reason);
    expect((await out.completion)?.status).toBe('SUCCESS');
    const checks = after.messages.map((m) => m.message).find((m) => m.kind === 'verification');
    if (checks?.kind !== 'verification')
      throw new Error(`no checks: ${JSON.stringify(after.messages.map((m) => m.message)).slice(0, 1500)}`);
    const select = checks.verification.checks.find((c) => c.name === 'select_table');
    expect(select?.ok).toBe(false);
    expect(select?.advice).toMatch(/limit of the embedded warehouse/);
    expect(JSON.stringify(checks.verification.checks)).not.toMatch(/consent/i);
  });

  it('inference over ORC says it is a local limit, not a trust problem', async () => {
    stack = await startLocalStack();
    const reply = new RecordingReply();
    await stack.core.handleMessage(
      {
        thread: { channel: 'local', id: 'orc2' },
        user: { channel: 'local', id: 'alice' },
        text: `ORC files in azure://acct.blob.core.windows.net/iot/readings/, infer the columns. Tenant ${TENANT}`,
      },
      reply,
    );
    const plan = reply.messages
      .flatMap((m) => (m.message.kind === 'plan' ? [m.message.plan] : []))
      .at(-1) as PlanView;
    const after = new RecordingReply();
    const out = await stack.core.decide(
      {
        pipelineId: plan.pipelineId,
        hash: plan.hash,
        verb: 'approve',
        user: { channel: 'local', id: 'bob' },
      },
      after,
    );
    if (out.kind !== 'accepted') throw new Error(out.reason);
    await out.completion;
    const problem = after.messages.map((m) => m.message).find((m) => m.kind === 'error');
    expect(problem?.kind === 'error' && problem.text).toMatch(/limit of the embedded warehouse/);
    expect(problem?.kind === 'error' && problem.text).not.toMatch(/trust steps/);
  });
});
