/**
 * Slack ack latency: signed `app_mention` events over loopback HTTP at 1, 50 and 200 concurrent threads, to our
 * Slack channel (real core behind it) and, in the same run, to a bare Bolt app that does nothing (the floor).
 */
import { FixedLatencyAgent } from '../lib/fixtures.js';
import { LoadGenerator } from '../lib/loadgen.js';
import { startRemoteSlackApi } from '../lib/remoteSlackApi.js';
import type { CaseResult } from '../lib/result.js';
import { type SlackTarget, startBareBolt, startOurSlack } from '../lib/slackStack.js';
import { distribution, round } from '../lib/stats.js';

const LEVELS = [
  { concurrency: 1, rounds: 300 },
  { concurrency: 50, rounds: 48 },
  { concurrency: 200, rounds: 8 },
];

async function burst(
  gen: LoadGenerator,
  target: SlackTarget,
  concurrency: number,
  rounds: number,
): Promise<{ ms: number[]; non200: number }> {
  const ms: number[] = [];
  let non200 = 0;
  for (let r = 0; r < rounds; r++) {
    const answer = await gen.burst(target.eventsUrl, concurrency);
    ms.push(...answer.ms);
    non200 += answer.statuses.filter((s) => s !== 200).length;
    // Each burst meets an idle bot: the background turns of the previous burst are finished first.
    await target.drain();
  }
  return { ms, non200 };
}

/** A level's figures count only when it has samples and every request of both sides was answered 200. */
function answered(k: string): { metric: string; op: '<=' | '>='; value: number }[] {
  return [
    { metric: `${k}_n`, op: '>=', value: 1 },
    { metric: `${k}_non200`, op: '<=', value: 0 },
  ];
}

export async function slackAck(): Promise<CaseResult> {
  // The agent answers after 100 ms without a plan: the ack path is what is measured, the turn runs after it.
  const agent = new FixedLatencyAgent(100, false);
  // Slack's Web API is remote in production: the fake answering the bot's posts runs in its own process, so its
  // work is not counted on the event loop whose acknowledgements are measured. Both sides get the same endpoint.
  const api = await startRemoteSlackApi();
  const ours = await startOurSlack(agent, api);
  const floor = await startBareBolt(api);
  const gen = await LoadGenerator.start();
  const metrics: CaseResult['metrics'] = {};
  const notes: string[] = [];
  try {
    // Warm-up both (JIT, sockets, Bolt's first-request paths).
    await burst(gen, ours, 10, 3);
    await burst(gen, floor, 10, 3);
    for (const { concurrency, rounds } of LEVELS) {
      // Paired: a round of the floor, then a round of ours, and so on, so a machine whose load drifts during the
      // run (a shared 2-core VM) weighs on both sides alike.
      const f = { ms: [] as number[], non200: 0 };
      const o = { ms: [] as number[], non200: 0 };
      for (let r = 0; r < rounds; r++) {
        for (const [side, target] of [
          [f, floor],
          [o, ours],
        ] as const) {
          const one = await burst(gen, target, concurrency, 1);
          side.ms.push(...one.ms);
          side.non200 += one.non200;
        }
      }
      const dO = distribution(o.ms);
      const dF = distribution(f.ms);
      const k = `c${concurrency}`;
      metrics[`${k}_n`] = dO.n;
      metrics[`${k}_p50Ms`] = dO.p50;
      metrics[`${k}_p95Ms`] = dO.p95;
      metrics[`${k}_p99Ms`] = dO.p99;
      metrics[`${k}_floorP50Ms`] = dF.p50;
      metrics[`${k}_floorP95Ms`] = dF.p95;
      metrics[`${k}_floorP99Ms`] = dF.p99;
      metrics[`${k}_p99Ratio`] = dF.p99 > 0 ? round(dO.p99 / dF.p99) : null;
      metrics[`${k}_non200`] = o.non200 + f.non200;
    }
    metrics.agentRuns = agent.runs;
  } finally {
    await gen.stop();
    await ours.close();
    await floor.close();
    await api.close();
  }
  notes.push(
    'load generator (fetch) in a separate Node process; both servers (ours and the floor) in the benchmark process',
    'fake Slack Web API in its own process (remote in production), shared by both sides',
    'ours: Slack channel → real core → LocalWarehouse :memory:, agent of fixed 100 ms latency answering text (the turn runs after the ack)',
    'floor: bare Bolt App, ExpressReceiver on the same Express server type, empty app_mention listener',
    `levels: ${LEVELS.map((l) => `${l.concurrency}×${l.rounds} rounds`).join(', ')}, floor and ours alternating round by round; each mention is a new thread`,
  );
  return {
    name: 'slack-ack',
    title: 'Slack ack latency (HTTP mode) vs a bare Bolt floor',
    metrics,
    targets: [
      { metric: 'c200_p99Ms', op: '<=', value: 50, unit: 'ms', requires: answered('c200') },
      { metric: 'c200_p99Ratio', op: '<=', value: 1.2, unit: '×floor', requires: answered('c200') },
      { metric: 'c50_p99Ratio', op: '<=', value: 1.2, unit: '×floor', requires: answered('c50') },
      { metric: 'c1_p99Ratio', op: '<=', value: 1.2, unit: '×floor', requires: answered('c1') },
    ],
    notes,
    durationMs: 0,
  };
}
