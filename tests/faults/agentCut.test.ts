/**
 * The Cortex agent's answer stream is cut midway: the thread gets a clear error (never a silent half answer), and
 * the next message in the same thread works.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CortexAgent } from '../../adapters/cortex/client.js';
import { PatTokenProvider } from '../../adapters/snowflake/tokens.js';
import { RecordingReply } from '../../bot/core/recordingReply.js';
import { GENERATORS } from '../../procedures/generators/index.js';
import * as fx from '../fakes/cortex/fixtures.js';
import { FakeCortex, type RunScript } from '../fakes/fake-cortex.js';
import { type LocalStack, startLocalStack } from '../helpers/localStack.js';

const PAT = 'pat-fault-suite';
let fake: FakeCortex;
let stack: LocalStack | undefined;

beforeEach(async () => {
  fake = new FakeCortex({ tokens: { [PAT]: 'PROGRAMMATIC_ACCESS_TOKEN' } });
  await fake.start();
});
afterEach(async () => {
  await stack?.close();
  stack = undefined;
  await fake.close();
});

const INTEGRATION_INPUT = {
  cloud_provider: 'S3',
  name: 'ACME_RAW_INT',
  aws_role_arn: 'arn:aws:iam::123456789012:role/acme-raw',
  allowed_locations: ['s3://acme/raw/'],
};

/** A complete run whose tool result is what the generator procedure really returns. */
function integrationRun(assistantId: number): RunScript {
  const output = GENERATORS.GENERATE_STORAGE_INTEGRATION_DDL.run(INTEGRATION_INPUT);
  if (!output.ok) throw new Error(`fixture input is invalid: ${JSON.stringify(output)}`);
  const text = 'Here is the storage integration. Approve it to create it.';
  return {
    kind: 'sse',
    events: [
      { event: 'metadata', data: { metadata: { role: 'user', message_id: assistantId - 1 } } },
      {
        event: 'response.tool_use',
        data: {
          tool_use_id: 't1',
          type: 'generic',
          name: 'GENERATE_STORAGE_INTEGRATION_DDL',
          input: INTEGRATION_INPUT,
        },
      },
      {
        event: 'response.tool_result',
        data: {
          tool_use_id: 't1',
          type: 'generic',
          name: 'GENERATE_STORAGE_INTEGRATION_DDL',
          status: 'success',
          content: [{ type: 'json', json: output }],
        },
      },
      { event: 'response.text', data: { content_index: 2, text } },
      { event: 'metadata', data: { metadata: { role: 'assistant', message_id: assistantId } } },
      { event: 'response', data: { role: 'assistant', content: [{ type: 'text', text }] } },
    ],
  };
}

const alice = { channel: 'local' as const, id: 'alice' };
const thread = { channel: 'local' as const, id: 'cut-1' };

describe('agent stream cut midway', () => {
  it('answers with a clear error, keeps no half plan, and the thread still works', async () => {
    stack = await startLocalStack({
      agent: () =>
        new CortexAgent({
          baseUrl: fake.url,
          agent: { database: 'LEILA_APP', schema: 'PUBLIC', name: 'DATA_ENGINEER_AGENT' },
          auth: new PatTokenProvider(PAT),
          retry: { attempts: 2, baseMs: 1 },
          timeouts: { overallMs: 10_000, idleMs: 5_000 },
        }),
    });
    fake.enqueue(fx.cutMidway());
    const cut = new RecordingReply();
    await stack.core.handleMessage({ thread, user: alice, text: 'I have CSV files in s3://acme/raw/' }, cut);

    const kinds = cut.messages.map((m) => m.message.kind);
    expect(kinds).not.toContain('progress');
    // The tool result that arrived before the cut does not become a plan on its own.
    expect(kinds).not.toContain('plan');
    const error = cut.messages.find((m) => m.message.kind === 'error')?.message;
    expect(error, `messages: ${JSON.stringify(cut.messages)}`).toBeDefined();
    if (error?.kind !== 'error') return;
    expect(error.title).toMatch(/could not finish/i);
    expect(error.next).toMatch(/again/i);
    // A cut stream is not replayed (tools may have run): one run request.
    expect(fake.runRequests()).toHaveLength(1);

    fake.enqueue(integrationRun(40));
    const next = new RecordingReply();
    await stack.core.handleMessage({ thread, user: alice, text: 'try again please' }, next);
    expect(fake.runRequests()).toHaveLength(2);
    const plan = next.messages.find((m) => m.message.kind === 'plan')?.message;
    expect(plan, `messages: ${JSON.stringify(next.messages)}`).toBeDefined();
    if (plan?.kind !== 'plan') return;
    expect(plan.plan.statements.map((s) => s.kind)).toEqual(['STORAGE_INTEGRATION']);
    expect((await stack.core.getPipeline(plan.plan.pipelineId))?.STATUS).toBe('PROPOSED');
    // The second turn continued the same Cortex thread.
    const body = fake.runRequests()[1]?.body as { thread_id?: unknown };
    expect(body.thread_id).toBeDefined();
  });
});
