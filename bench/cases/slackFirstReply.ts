/**
 * Time from a Slack event to the first visible reply in its thread and to the posted plan card, with an agent of
 * fixed 100 ms latency emitting real generator results. The first reply is the first message the thread shows:
 * the streamed answer (chat.startStream, adapters/slack/turn.ts) or, where streaming is refused, a posted message.
 * The loading status (assistant.threads.setStatus) comes earlier still; it is reported but is not a reply.
 */
import { FixedLatencyAgent, requestFor } from '../lib/fixtures.js';
import type { CaseResult } from '../lib/result.js';
import { CHANNEL, nextTs, postMention, startOurSlack } from '../lib/slackStack.js';
import { distribution, pool } from '../lib/stats.js';

const AGENT_LATENCY_MS = 100;
/** The calls that put a message in the thread. */
const REPLY_METHODS = new Set(['chat.postMessage', 'chat.startStream']);

/** A level's figures count only when it has samples and every thread got its plan card. */
function allPlanned(k: string): { metric: string; op: '<=' | '>='; value: number }[] {
  return [
    { metric: `${k}_n`, op: '>=', value: 1 },
    { metric: `${k}_missing`, op: '<=', value: 0 },
  ];
}

export async function slackFirstReply(): Promise<CaseResult> {
  const agent = new FixedLatencyAgent(AGENT_LATENCY_MS, true);
  const ours = await startOurSlack(agent);
  // The first reply is when the fake receives the plan card, so this case reads the in-process fake's calls.
  const fake = ours.fake;
  if (!fake) throw new Error('slack-first-reply needs the in-process fake Slack API');
  const metrics: CaseResult['metrics'] = {};
  let n = 0;
  try {
    for (const { concurrency, count } of [
      { concurrency: 1, count: 40 },
      { concurrency: 10, count: 60 },
    ]) {
      const first: number[] = [];
      const plan: number[] = [];
      const status: number[] = [];
      let missing = 0;
      await pool(
        count,
        concurrency,
        async () => {
          const ts = nextTs();
          const i = n++;
          const sent = await postMention(ours.eventsUrl, requestFor(`bench-fr-${i}`), ts);
          const inThread = () => fake.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === ts);
          const isPlan = (c: { args: Record<string, unknown> }) =>
            JSON.stringify(c.args.blocks ?? '').includes('Pipeline plan');
          try {
            await fake.waitUntil(() => inThread().some(isPlan), `plan card in ${ts}`, 10_000);
          } catch {
            missing++;
            return;
          }
          const replies = fake.calls.filter((c) => REPLY_METHODS.has(c.method) && c.args.thread_ts === ts);
          const shown = fake.callsOf('assistant.threads.setStatus').find((c) => c.args.thread_ts === ts);
          first.push(Math.min(...replies.map((c) => c.at)) - sent.sentAt);
          plan.push((inThread().find(isPlan)?.at ?? Number.NaN) - sent.sentAt);
          status.push((shown?.at ?? Number.NaN) - sent.sentAt);
        },
        30_000,
      );
      const d1 = distribution(first);
      const d2 = distribution(plan);
      const d3 = distribution(status.filter(Number.isFinite));
      const k = `c${concurrency}`;
      metrics[`${k}_n`] = d1.n;
      metrics[`${k}_firstReplyP50Ms`] = d1.p50;
      metrics[`${k}_firstReplyP95Ms`] = d1.p95;
      metrics[`${k}_planP50Ms`] = d2.p50;
      metrics[`${k}_planP95Ms`] = d2.p95;
      metrics[`${k}_statusP95Ms`] = d3.p95;
      metrics[`${k}_missing`] = missing;
      await ours.drain();
    }
  } finally {
    await ours.close();
  }
  return {
    name: 'slack-first-reply',
    title: 'Slack: event → first visible reply and → plan card',
    metrics,
    targets: [
      { metric: 'c1_firstReplyP95Ms', op: '<=', value: 300, unit: 'ms', requires: allPlanned('c1') },
      { metric: 'c10_firstReplyP95Ms', op: '<=', value: 300, unit: 'ms', requires: allPlanned('c10') },
    ],
    notes: [
      `agent: fixed ${AGENT_LATENCY_MS} ms before its tool calls, real generator output; core + LocalWarehouse :memory:`,
      'times are wall-clock ms from sending the event to the fake Slack API receiving, in the thread: the first chat.startStream or chat.postMessage (first reply), the plan card, the first assistant.threads.setStatus (status)',
      `channel ${CHANNEL}; every event is a new thread with its own bucket`,
    ],
    durationMs: 0,
  };
}
