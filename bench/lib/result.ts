/** The shape every case reports, and how results are written (bench/results/<name>.json). */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

/** A condition on another metric of the same case without which a target's figure means nothing. */
interface Precondition {
  metric: string;
  op: '<=' | '>=';
  value: number;
}

interface Target {
  /** The metric key in `metrics` the target applies to. */
  metric: string;
  /** `<=` for latencies and sizes, `>=` for rates. */
  op: '<=' | '>=';
  value: number;
  unit: string;
  /**
   * What must hold for the figure to count, e.g. at least one sample and no failed run: a percentile of no samples
   * is no evidence, so such a target is missed, not met.
   */
  requires?: Precondition[];
  /** Filled by `checkTargets`: false when the metric is missing, not a number, or a precondition fails. */
  met?: boolean;
  /** Filled by `checkTargets` when `met` is false for a reason other than the figure itself. */
  why?: string;
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

const holds = (v: number, op: '<=' | '>=', limit: number): boolean => (op === '<=' ? v <= limit : v >= limit);

export function checkTargets(result: CaseResult): CaseResult {
  for (const t of result.targets) {
    delete t.why;
    const v = result.metrics[t.metric];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      t.met = false;
      t.why = result.error ? 'the case failed' : 'no value';
      continue;
    }
    const broken = (t.requires ?? []).find((r) => {
      const x = result.metrics[r.metric];
      return typeof x !== 'number' || !Number.isFinite(x) || !holds(x, r.op, r.value);
    });
    if (broken) {
      t.met = false;
      t.why = `${broken.metric} = ${String(result.metrics[broken.metric] ?? 'none')}, needs ${broken.op} ${broken.value}`;
      continue;
    }
    t.met = holds(v, t.op, t.value);
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
