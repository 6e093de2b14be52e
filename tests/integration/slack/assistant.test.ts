/**
 * Slack as an AI app: an assistant thread driven end to end against the fake Web API (suggested prompts, status,
 * streamed answer with a task timeline, the plan card as its own message, feedback stored), streaming in a channel
 * thread, failed tool calls, and the fallback to the in-place progress message where streaming is not available.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent, AgentEvent } from '../../../bot/core/contracts.js';
import type { RecordedCall, StoredMessage } from '../../fakes/fake-slack-api.js';
import { blocksOf, CHANNEL, REQUEST, type Stack, startStack } from './harness.js';

let s: Stack | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const DM = 'D0ALICE';
const STREAM_METHODS = new Set(['chat.startStream', 'chat.appendStream', 'chat.stopStream']);

function streamCalls(stack: Stack): RecordedCall[] {
  return stack.fake.calls.filter((c) => STREAM_METHODS.has(c.method));
}

function streamed(stack: Stack, channel: string, threadTs: string): StoredMessage {
  const m = stack.fake.thread(channel, threadTs).find((x) => x.stream);
  if (!m) throw new Error(`no streamed message in ${channel}/${threadTs}`);
  return m;
}

/** Per task id, the statuses in the order they were streamed. */
function taskHistory(m: StoredMessage): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of m.stream?.chunks ?? []) {
    if (c.type !== 'task_update') continue;
    const id = String(c.id);
    out[id] = [...(out[id] ?? []), String(c.status)];
  }
  return out;
}

describe('Slack assistant threads and streaming', () => {
  it('drives an assistant thread: prompts, status, streamed answer with tasks, plan card, feedback stored', async () => {
    s = await startStack({ toolCallMs: 300 });
    const stack = s;
    const threadTs = '1820000000.000100';

    // 1. A new assistant thread: greeting and the four suggested prompts.
    expect((await stack.assistantThreadStarted(DM, threadTs)).status).toBe(200);
    const [prompts] = await stack.fake.waitFor('assistant.threads.setSuggestedPrompts');
    expect(prompts?.args).toMatchObject({ channel_id: DM, thread_ts: threadTs });
    expect(((prompts?.args.prompts ?? []) as { title: string }[]).map((p) => p.title)).toEqual([
      'Quick Setup',
      'CSV files in S3',
      'My pipelines',
      'Help',
    ]);
    await stack.fake.waitUntil(
      () => stack.fake.thread(DM, threadTs).some((m) => m.text.includes('Tell me where your files are')),
      'the greeting',
    );

    // 2. The user asks in the thread (a message.im with thread_ts: Bolt's Assistant claims it).
    const runs = stack.agent.runs.length;
    await stack.message(REQUEST, { channel: DM, channelType: 'im', threadTs });
    await stack.fake.waitUntil(
      () => stack.fake.thread(DM, threadTs).some((m) => blocksOf(m).includes('dea_approve')),
      'the plan card in the assistant thread',
      15_000,
    );
    await stack.core.idle();
    expect(stack.agent.runs.length).toBe(runs + 1);
    expect(stack.agent.runs.at(-1)?.thread).toEqual({ channel: 'slack', id: `T0001:${DM}:${threadTs}` });

    // 3. Status while the agent works, with loading messages naming what it does.
    const statuses = stack.fake.callsOf('assistant.threads.setStatus');
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses[0]?.args).toMatchObject({ channel_id: DM, thread_ts: threadTs });
    const loading = statuses.flatMap((c) => (c.args.loading_messages as string[] | undefined) ?? []);
    expect(
      loading.some((l) => /Generating the (storage integration|file format|stage|external table)…/.test(l)),
    ).toBe(true);

    // 4. The answer streamed: start, appends, stop — in that order, all on one message.
    const calls = streamCalls(stack);
    expect(calls[0]?.method).toBe('chat.startStream');
    expect(calls.at(-1)?.method).toBe('chat.stopStream');
    expect(calls.slice(1, -1).every((c) => c.method === 'chat.appendStream')).toBe(true);
    const answer = streamed(stack, DM, threadTs);
    expect(calls.slice(1).every((c) => c.args.ts === answer.ts)).toBe(true);
    expect(calls[0]?.args).toMatchObject({ channel: DM, thread_ts: threadTs, task_display_mode: 'timeline' });
    expect(answer.stream?.state).toBe('stopped');
    expect(answer.text.length).toBeGreaterThan(20);

    // One task per tool call, started then done.
    const tasks = taskHistory(answer);
    expect(Object.keys(tasks).length).toBe(4);
    for (const history of Object.values(tasks)) expect(history).toEqual(['in_progress', 'complete']);

    // Feedback buttons under the finished answer.
    expect(blocksOf(answer)).toContain('"type":"context_actions"');
    expect(blocksOf(answer)).toContain('"type":"feedback_buttons"');

    // 5. The plan card is its own message, after the answer, with its buttons; the thread is titled after it.
    const card = stack.fake.thread(DM, threadTs).find((m) => blocksOf(m).includes('dea_approve'))!;
    expect(card.stream).toBeUndefined();
    expect(Number(card.ts)).toBeGreaterThan(Number(answer.ts));
    expect(blocksOf(card)).toContain('dea_reject');
    const [title] = await stack.fake.waitFor('assistant.threads.setTitle');
    expect(String(title?.args.title)).toMatch(/^P-[0-9a-f]+: /);

    // 6. Thumbs down on the answer: stored with the conversation, the clicker thanked privately.
    expect((await stack.feedback(answer, 'down', 'U0ALICE')).status).toBe(200);
    const thread = { channel: 'slack' as const, id: `T0001:${DM}:${threadTs}` };
    await stack.fake.waitUntil(
      () => stack.fake.callsOf('chat.postEphemeral').length > 0,
      'the thank-you note',
    );
    const stored = await stack.core.feedbackFor(thread);
    expect(stored).toEqual([
      expect.objectContaining({ by: 'slack:U0ALICE', rating: 'down', messageId: `${DM}:${answer.ts}` }),
    ]);
    // A second click by the same person on the same answer replaces the first.
    await stack.feedback(answer, 'up', 'U0ALICE');
    await stack.fake.waitUntil(() => stack.fake.callsOf('chat.postEphemeral').length > 1, 'the second note');
    expect((await stack.core.feedbackFor(thread)).map((f) => f.rating)).toEqual(['up']);
  });

  it('streams in a channel thread too, to the person who asked, and the plan card follows', async () => {
    s = await startStack();
    const m = await s.mention(REQUEST);
    await s.waitForCard(m.ts);
    await s.core.idle();
    const [start] = s.fake.callsOf('chat.startStream');
    expect(start?.args).toMatchObject({
      channel: CHANNEL,
      thread_ts: m.ts,
      recipient_user_id: 'U0ALICE',
      recipient_team_id: 'T0001',
    });
    expect(streamed(s, CHANNEL, m.ts).stream?.state).toBe('stopped');
    // No progress message was posted and edited: the stream replaced it.
    expect(s.fake.callsOf('chat.update')).toHaveLength(0);
  });

  it('marks a failed tool call as an error task and still ends the stream', async () => {
    s = await startStack({
      agent: () =>
        new (class implements Agent {
          async *run(): AsyncIterable<AgentEvent> {
            yield { type: 'status', text: 'Reading your message' };
            yield { type: 'tool_use', id: 'u1', tool: 'GENERATE_FILE_FORMAT_DDL', input: {} };
            yield {
              type: 'tool_result',
              id: 'u1',
              tool: 'GENERATE_FILE_FORMAT_DDL',
              ok: false,
              output: { ok: false, error: { message: 'format_type is required' } },
            };
            yield { type: 'text', delta: 'Which format are the files in?' };
            yield { type: 'done', text: 'Which format are the files in?' };
          }
        })(),
    });
    const stack = s;
    const m = await stack.mention('load my files');
    await stack.fake.waitFor('chat.stopStream', 1, 10_000);
    await stack.core.idle();
    const answer = streamed(stack, CHANNEL, m.ts);
    expect(taskHistory(answer)).toEqual({ u1: ['in_progress', 'error'] });
    expect(answer.text).toBe('Which format are the files in?');
  });

  it('falls back to the progress message updated in place where streaming is unknown', async () => {
    s = await startStack({ streaming: false, toolCallMs: 300 });
    const m = await s.mention(REQUEST);
    await s.waitForCard(m.ts);
    await s.core.idle();
    // Tried once, refused, never appended to.
    expect(s.fake.callsOf('chat.startStream')).toHaveLength(1);
    expect(s.fake.callsOf('chat.appendStream')).toHaveLength(0);
    const progress = s.fake.thread(CHANNEL, m.ts)[0]!; // the user's root message is Slack's, not the bot's
    const updates = s.fake.callsOf('chat.update').filter((c) => c.args.ts === progress.ts);
    expect(updates.length).toBeGreaterThan(0);
    // The fake stamps arrival, not sending: queueing on a busy machine can bring two throttled writes closer
    // together than the 100 ms interval, but an unthrottled loop would send them a few ms apart.
    for (let i = 1; i < updates.length; i++)
      expect(updates[i]!.at - updates[i - 1]!.at).toBeGreaterThanOrEqual(50);
    // The final state replaced "Working on it…", and the steps that happened before the fallback were kept.
    expect(progress.text).not.toContain('Working on it');
    const writes = s.fake.calls.filter(
      (c) =>
        (c.method === 'chat.postMessage' && c.args.thread_ts === m.ts) ||
        (c.method === 'chat.update' && c.args.ts === progress.ts),
    );
    const shown = writes.map((u) => String(u.args.text)).join('\n');
    expect(shown).toMatch(/(Generating the|✓) (storage integration|file format|stage|external table)/);
  });
});
