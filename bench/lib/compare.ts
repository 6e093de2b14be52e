/**
 * `--compare FILE`: each numeric figure of this run divided by the same figure of a recorded run (a summary JSON),
 * so a regression shows as a ratio whatever the units. Figures present in only one run are listed apart.
 */

interface SummaryLike {
  startedAt?: string;
  machine?: Record<string, unknown>;
  cases: { name: string; metrics: Record<string, unknown> }[];
}

interface Comparison {
  recordedAt: string | undefined;
  rows: { case: string; metric: string; now: number; recorded: number; ratio: number | null }[];
  onlyNow: string[];
  onlyThen: string[];
}

function figures(s: SummaryLike): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of s.cases ?? [])
    for (const [k, v] of Object.entries(c.metrics ?? {}))
      if (typeof v === 'number' && Number.isFinite(v)) out.set(`${c.name}\u0000${k}`, v);
  return out;
}

export function compareWith(now: SummaryLike, then: SummaryLike): Comparison {
  if (!then || !Array.isArray(then.cases)) throw new Error('the file to compare with is not a bench summary');
  const a = figures(now);
  const b = figures(then);
  const rows: Comparison['rows'] = [];
  for (const [key, v] of a) {
    const w = b.get(key);
    if (w === undefined) continue;
    const [c, metric] = key.split('\u0000') as [string, string];
    rows.push({
      case: c,
      metric,
      now: v,
      recorded: w,
      ratio: w === 0 ? null : Math.round((v / w) * 100) / 100,
    });
  }
  // Cases not run this time are not "missing": only figures of the cases that ran are compared.
  const ran = new Set(now.cases.map((c) => c.name));
  const show = (k: string) => k.replace('\u0000', ' ');
  return {
    recordedAt: then.startedAt,
    rows,
    onlyNow: [...a.keys()].filter((k) => !b.has(k)).map(show),
    onlyThen: [...b.keys()].filter((k) => !a.has(k) && ran.has(k.split('\u0000')[0]!)).map(show),
  };
}

export function printComparison(c: Comparison, file: string): void {
  console.log(`\ncompared with ${file}${c.recordedAt ? ` (run of ${c.recordedAt})` : ''}: now / then`);
  const rows = [
    ['case', 'metric', 'now', 'recorded', 'ratio'],
    ...c.rows.map((r) => [
      r.case,
      r.metric,
      String(r.now),
      String(r.recorded),
      r.ratio === null ? '-' : `${r.ratio}×`,
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const r of rows) console.log(r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
  if (c.onlyNow.length) console.log(`new figures (no recorded value): ${c.onlyNow.join(', ')}`);
  if (c.onlyThen.length) console.log(`figures of the recorded run missing now: ${c.onlyThen.join(', ')}`);
}
