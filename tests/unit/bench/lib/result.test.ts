import { describe, expect, it } from 'vitest';
import { type CaseResult, checkTargets } from '../../../../bench/lib/result.js';
import { distribution } from '../../../../bench/lib/stats.js';

function caseWith(metrics: CaseResult['metrics'], targets: CaseResult['targets']): CaseResult {
  return { name: 'x', title: 'x', metrics, targets, notes: [], durationMs: 0 };
}

describe('bench targets', () => {
  it('misses a target whose figure came from no samples', () => {
    const d = distribution([]);
    const r = checkTargets(
      caseWith({ runs: d.n, p95Ms: d.p95 }, [{ metric: 'p95Ms', op: '<=', value: 500, unit: 'ms' }]),
    );
    expect(d.n).toBe(0);
    expect(r.targets[0]?.met).toBe(false);
    expect(r.targets[0]?.why).toBe('no value');
    // As written to the summary file: no number at all.
    expect(JSON.parse(JSON.stringify(r.metrics)).p95Ms).toBeNull();
  });

  it('misses a target whose precondition fails, naming it', () => {
    const r = checkTargets(
      caseWith({ runs: 60, failures: 2, p95Ms: 120 }, [
        {
          metric: 'p95Ms',
          op: '<=',
          value: 500,
          unit: 'ms',
          requires: [
            { metric: 'runs', op: '>=', value: 20 },
            { metric: 'failures', op: '<=', value: 0 },
          ],
        },
      ]),
    );
    expect(r.targets[0]?.met).toBe(false);
    expect(r.targets[0]?.why).toBe('failures = 2, needs <= 0');
  });

  it('misses a target whose precondition metric is absent', () => {
    const r = checkTargets(
      caseWith({ p95Ms: 120 }, [
        {
          metric: 'p95Ms',
          op: '<=',
          value: 500,
          unit: 'ms',
          requires: [{ metric: 'runs', op: '>=', value: 1 }],
        },
      ]),
    );
    expect(r.targets[0]?.met).toBe(false);
    expect(r.targets[0]?.why).toBe('runs = none, needs >= 1');
  });

  it('meets a target with samples and its preconditions holding, and misses one over its limit', () => {
    const d = distribution([100, 200, 300]);
    const r = checkTargets(
      caseWith({ runs: d.n, p95Ms: d.p95 }, [
        {
          metric: 'p95Ms',
          op: '<=',
          value: 500,
          unit: 'ms',
          requires: [{ metric: 'runs', op: '>=', value: 1 }],
        },
        { metric: 'p95Ms', op: '<=', value: 250, unit: 'ms' },
      ]),
    );
    expect(r.targets.map((t) => t.met)).toEqual([true, false]);
    expect(r.targets[1]?.why).toBeUndefined();
  });

  it('names a failed case as the reason its targets are missed', () => {
    const r = checkTargets({
      ...caseWith({}, [{ metric: 'p95Ms', op: '<=', value: 500, unit: 'ms' }]),
      error: 'boom',
    });
    expect(r.targets[0]).toMatchObject({ met: false, why: 'the case failed' });
  });
});
