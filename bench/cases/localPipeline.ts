/** The local full pipeline through the warehouse: four generator CALLs, then EXECUTE_DDL_AND_TRACK (seed form). */
import { positionalArgs } from '../../bot/core/toolArgs.js';
import { toolCallsFor } from '../lib/fixtures.js';
import { openBenchStack, seedBucket } from '../lib/localStack.js';
import type { CaseResult } from '../lib/result.js';
import { distribution, round } from '../lib/stats.js';

export async function localPipeline(): Promise<CaseResult> {
  const stack = await openBenchStack();
  const maxRuns = 100;
  const budgetMs = 20_000;
  const samples: number[] = [];
  const generateMs: number[] = [];
  let failures = 0;
  let firstMs: number | undefined;
  try {
    const t0 = performance.now();
    for (let i = 0; i < maxRuns && performance.now() - t0 < budgetMs; i++) {
      // A bucket per run: each pipeline creates its own four objects, as distinct requests would.
      const bucket = `bench-pipe-${i}`;
      await seedBucket(stack.storageDir, bucket);
      const calls = await toolCallsFor(bucket);
      const start = performance.now();
      const ddl: string[] = [];
      for (const c of calls) {
        const out = (await stack.warehouse.call(c.tool, positionalArgs(c.tool, c.input))) as {
          ok: boolean;
          ddl?: string;
        };
        if (!out.ok || !out.ddl) throw new Error(`${c.tool} failed: ${JSON.stringify(out)}`);
        ddl.push(out.ddl);
      }
      const generated = performance.now();
      // The administrator's direct run (caller's rights): the bot's role may run only approved plans.
      // EXECUTE_DDL_DIRECT is deliberately not among the procedures the bot's contract names (ProcedureName).
      const callAsAdmin = stack.admin.call.bind(stack.admin) as (p: string, a: unknown[]) => Promise<unknown>;
      const summary = (await callAsAdmin('EXECUTE_DDL_DIRECT', [ddl, 'S3'])) as {
        status: string;
      };
      const end = performance.now();
      if (summary.status !== 'SUCCESS') failures++;
      if (i > 0) {
        // The first run pays for the procedure workers' start; it is reported as a note, not a sample.
        samples.push(end - start);
        generateMs.push(generated - start);
      } else {
        firstMs = end - start;
      }
    }
  } finally {
    await stack.close();
  }
  const d = distribution(samples);
  const g = distribution(generateMs);
  return {
    name: 'local-pipeline',
    title: 'Local pipeline: 4 generator CALLs + EXECUTE_DDL_AND_TRACK',
    metrics: {
      runs: d.n,
      p50Ms: d.p50,
      p95Ms: d.p95,
      maxMs: d.max,
      generateP50Ms: g.p50,
      executeP50Ms: round(d.p50 - g.p50),
      firstRunMs: round(firstMs ?? 0),
      failures,
    },
    targets: [],
    notes: [
      'LocalWarehouse :memory:, procedures run from sql/procedures.sql in node:vm workers',
      `one bucket and four new objects per run; bounded: ${maxRuns} runs or ${budgetMs} ms`,
    ],
    durationMs: 0,
  };
}
