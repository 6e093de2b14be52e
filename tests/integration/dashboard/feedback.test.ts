/** Answer feedback on the dashboard: the ratings given in a pipeline's thread appear on its page, escaped. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingReply } from '../../../bot/core/recordingReply.js';
import { type Harness, startHarness } from './harness.js';

const REQUEST =
  'Load CSV files with a header from s3://acme-data/sales/ with columns id NUMBER, amount NUMBER(10,2). Role arn:aws:iam::123456789012:role/snowflake-read';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ cacheMs: 0 });
});
afterAll(async () => {
  await h?.close();
});

describe('dashboard: answer feedback per pipeline', () => {
  it('shows the thumbs up / down given in the thread the pipeline was proposed in', async () => {
    const thread = { channel: 'local' as const, id: 'feedback-thread-1' };
    const reply = new RecordingReply();
    await h.core.handleMessage({ thread, user: { channel: 'local', id: 'alice' }, text: REQUEST }, reply);
    const plan = reply.messages.map((m) => m.message).find((m) => m.kind === 'plan');
    if (plan?.kind !== 'plan') throw new Error('no plan proposed');
    const id = plan.plan.pipelineId;

    await h.core.recordFeedback({ thread, user: { channel: 'local', id: 'bob' }, rating: 'up' });
    await h.core.recordFeedback({
      thread,
      user: { channel: 'local', id: '<img src=x onerror=alert(1)>' },
      rating: 'down',
    });
    // Someone else's thread does not count here.
    await h.core.recordFeedback({
      thread: { channel: 'local', id: 'other' },
      user: { channel: 'local', id: 'carol' },
      rating: 'down',
    });

    const page = await (await fetch(`${h.url}/pipelines/${id}`)).text();
    expect(page).toContain('Answer feedback');
    expect(page).toContain('data-feedback-up="1" data-feedback-down="1"');
    expect(page).toContain('local:bob');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('a pipeline without feedback shows no feedback row', async () => {
    const thread = { channel: 'local' as const, id: 'feedback-thread-2' };
    const reply = new RecordingReply();
    await h.core.handleMessage({ thread, user: { channel: 'local', id: 'alice' }, text: REQUEST }, reply);
    const plan = reply.messages.map((m) => m.message).find((m) => m.kind === 'plan');
    if (plan?.kind !== 'plan') throw new Error('no plan proposed');
    const page = await (await fetch(`${h.url}/pipelines/${plan.plan.pipelineId}`)).text();
    expect(page).not.toContain('Answer feedback');
  });
});
