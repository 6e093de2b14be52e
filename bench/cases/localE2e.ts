/** Local end to end through the core: request → plan → approve → SUCCESS (LocalWarehouse :memory: + LocalAgent). */
import type { PlanView } from '../../bot/core/messages.js';
import { RecordingReply } from '../../bot/core/recordingReply.js';
import { requestFor } from '../lib/fixtures.js';
import { openBenchStack, seedBucket } from '../lib/localStack.js';
import type { CaseResult } from '../lib/result.js';
import { distribution } from '../lib/stats.js';

const alice = { channel: 'local' as const, id: 'alice' };
const bob = { channel: 'local' as const, id: 'bob' };
/** The fewest counted runs whose p95 is read at all (the 19th of 20). */
const MIN_RUNS = 20;

export async function localE2e(): Promise<CaseResult> {
  const stack = await openBenchStack();
  const maxRuns = 60;
  const warmup = 3;
  const budgetMs = 30_000;
  const total: number[] = [];
  const toPlan: number[] = [];
  const toResult: number[] = [];
  let failures = 0;
  try {
    const t0 = performance.now();
    for (let i = 0; i < maxRuns + warmup && performance.now() - t0 < budgetMs; i++) {
      const bucket = `bench-e2e-${i}`;
      await seedBucket(stack.storageDir, bucket);
      const reply = new RecordingReply();
      const start = performance.now();
      await stack.core.handleMessage(
        { thread: { channel: 'local', id: `e2e-${i}` }, user: alice, text: requestFor(bucket) },
        reply,
      );
      const planned = performance.now();
      const card = reply.messages.find((m) => m.message.kind === 'plan')?.message as
        | { kind: 'plan'; plan: PlanView }
        | undefined;
      if (!card) {
        failures++;
        continue;
      }
      const outcome = await stack.core.decide(
        { pipelineId: card.plan.pipelineId, hash: card.plan.hash, verb: 'approve', user: bob },
        reply,
      );
      const result = outcome.kind === 'accepted' ? await outcome.completion : null;
      const end = performance.now();
      if (result?.status !== 'SUCCESS') {
        failures++;
        continue;
      }
      if (i < warmup) continue;
      total.push(end - start);
      toPlan.push(planned - start);
      toResult.push(end - planned);
    }
  } finally {
    await stack.close();
  }
  const d = distribution(total);
  return {
    name: 'local-e2e',
    title: 'Local end to end: request → plan → approve → SUCCESS',
    metrics: {
      runs: d.n,
      p50Ms: d.p50,
      p95Ms: d.p95,
      maxMs: d.max,
      planP50Ms: distribution(toPlan).p50,
      planP95Ms: distribution(toPlan).p95,
      approveToSuccessP50Ms: distribution(toResult).p50,
      approveToSuccessP95Ms: distribution(toResult).p95,
      failures,
    },
    targets: [
      {
        metric: 'p95Ms',
        op: '<=',
        value: 500,
        unit: 'ms',
        // A p95 of a handful of runs, or of the runs that happened to succeed, says nothing.
        requires: [
          { metric: 'runs', op: '>=', value: MIN_RUNS },
          { metric: 'failures', op: '<=', value: 0 },
        ],
      },
    ],
    notes: [
      'core + LocalAgent + LocalWarehouse :memory:, one new bucket and thread per run, sequential',
      `${warmup} warm-up runs not counted; bounded: ${maxRuns} runs or ${budgetMs} ms`,
    ],
    durationMs: 0,
  };
}
