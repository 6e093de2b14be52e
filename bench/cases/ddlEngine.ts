/** DDL engine: generate the four statements of a plan from tool inputs and parse them back, in ops/s. */
import { GENERATORS } from '../../procedures/generators/index.js';
import { parseStatement } from '../../procedures/parser/parser.js';
import { toolCallsFor } from '../lib/fixtures.js';
import type { CaseResult } from '../lib/result.js';
import { round } from '../lib/stats.js';

export async function ddlEngine(): Promise<CaseResult> {
  const calls = await toolCallsFor('bench-ddl');
  const once = () => {
    for (const c of calls) {
      const ddl = GENERATORS[c.tool].generate(c.input);
      const parsed = parseStatement(ddl.ddl);
      if (!parsed.ok) throw new Error(`generated DDL did not parse: ${parsed.error.message}`);
    }
  };
  for (let i = 0; i < 200; i++) once(); // warm-up (JIT)
  const budgetMs = 3_000;
  const maxPlans = 50_000;
  let plans = 0;
  const t0 = performance.now();
  while (plans < maxPlans && performance.now() - t0 < budgetMs) {
    once();
    plans++;
  }
  const ms = performance.now() - t0;
  return {
    name: 'ddl-engine',
    title: 'DDL engine: generate + parse a four-statement plan',
    metrics: {
      plans,
      plansPerSec: round((plans / ms) * 1000, 0),
      statementsPerSec: round(((plans * 4) / ms) * 1000, 0),
      usPerPlan: round((ms / plans) * 1000, 1),
    },
    targets: [],
    notes: [
      `${plans} plans in ${round(ms, 0)} ms (bounded: ${maxPlans} plans or ${budgetMs} ms), after 200 warm-up plans`,
    ],
    durationMs: 0,
  };
}
