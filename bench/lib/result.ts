/** The shape every case reports, and how results are written (bench/results/<name>.json). */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

interface Target {
  /** The metric key in `metrics` the target applies to. */
  metric: string;
  /** `<=` for latencies and sizes, `>=` for rates. */
  op: '<=' | '>=';
  value: number;
  unit: string;
  /** Filled by `checkTargets`; null when the metric is missing. */
  met?: boolean | null;
}

export interface CaseResult {
  name: string;
  title: string;
  /** Flat numbers (ms, MB, ops/s, counts) so summary.json can be diffed run over run. */
  metrics: Record<string, number | string | null>;
  targets: Target[];
  /** How the figures were made: counts, concurrency, fakes, anything a reader needs to judge them. */
  notes: string[];
  durationMs: number;
  /** Set when the case could not run; a benchmark reports, it does not fail the run. */
  error?: string;
}

export function checkTargets(result: CaseResult): CaseResult {
  for (const t of result.targets) {
    const v = result.metrics[t.metric];
    t.met = typeof v === 'number' ? (t.op === '<=' ? v <= t.value : v >= t.value) : null;
  }
  return result;
}

export async function writeResult(
  result: CaseResult | Record<string, unknown>,
  name: string,
): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** `summary-2026-12-06T1505Z`: sorts by time, one per run, safe in any file system. */
export function datedName(isoTime: string): string {
  return `summary-${isoTime.slice(0, 16).replace(':', '')}Z`;
}
