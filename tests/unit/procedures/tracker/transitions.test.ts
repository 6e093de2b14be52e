/**
 * The tracker's one transition table, enumerated: every allowed move, and every other (action, from, to) refused —
 * both by the table's own check and by the SQL the procedures generate from it.
 */
import { describe, expect, it } from 'vitest';
import { PIPELINE_STATUSES } from '../../../../procedures/tracker/columns.js';
import {
  assertTransition,
  canTransition,
  sourceStatus,
  TRANSITIONS,
  type TrackerAction,
  TrackerTransitionError,
  targetStatus,
} from '../../../../procedures/tracker/transitions.js';

const ACTIONS: TrackerAction[] = [
  'propose',
  'run_direct',
  'reserve',
  'release',
  'reject',
  'expire',
  'claim',
  'finish',
  'interrupt',
  'record_checks',
  'retire',
];

/** The whole table as `action: from → to`, so a change to it is a visible change to this list. */
const ALLOWED = [
  'propose: (new) → PROPOSED',
  'run_direct: (new) → EXECUTING',
  'reserve: PROPOSED → PROPOSED',
  'release: PROPOSED → PROPOSED',
  'reject: PROPOSED → REJECTED',
  'expire: PROPOSED → EXPIRED',
  'claim: PROPOSED → EXECUTING',
  'finish: EXECUTING → SUCCESS',
  'finish: EXECUTING → FAILED',
  'interrupt: EXECUTING → FAILED',
  'record_checks: SUCCESS → SUCCESS',
  'retire: SUCCESS → RETIRED',
];

const label = (action: string, from: string | null, to: string) => `${action}: ${from ?? '(new)'} → ${to}`;

describe('the tracker transition table', () => {
  it('lists exactly the allowed moves', () => {
    expect(TRANSITIONS.map((t) => label(t.action, t.from, t.to))).toEqual(ALLOWED);
    expect(new Set(TRANSITIONS.map((t) => t.action))).toEqual(new Set(ACTIONS));
  });

  it('allows every listed move and refuses every other (action, from, to)', () => {
    const froms = [null, ...PIPELINE_STATUSES];
    let allowed = 0;
    let refused = 0;
    for (const action of ACTIONS)
      for (const from of froms)
        for (const to of PIPELINE_STATUSES) {
          const listed = ALLOWED.includes(label(action, from, to));
          expect(canTransition(action, from, to), label(action, from, to)).toBe(listed);
          if (listed) {
            expect(assertTransition(action, from, to).to).toBe(to);
            allowed++;
          } else {
            expect(() => assertTransition(action, from, to)).toThrow(TrackerTransitionError);
            refused++;
          }
        }
    expect(allowed).toBe(ALLOWED.length);
    expect(refused).toBe(ACTIONS.length * froms.length * PIPELINE_STATUSES.length - ALLOWED.length);
  });

  it('never moves a finished row: REJECTED, EXPIRED, FAILED and RETIRED are terminal; SUCCESS keeps its checks or retires', () => {
    for (const terminal of ['REJECTED', 'EXPIRED', 'FAILED', 'RETIRED'])
      for (const action of ACTIONS) expect(canTransition(action, terminal)).toBe(false);
    expect(ACTIONS.filter((a) => canTransition(a, 'SUCCESS'))).toEqual(['record_checks', 'retire']);
    // Nothing goes back to PROPOSED from a decided state.
    expect(
      TRANSITIONS.filter((t) => t.to === 'PROPOSED' && t.from !== null && t.from !== 'PROPOSED'),
    ).toEqual([]);
  });

  it('gives each action on an existing row one source status and the targets the SQL may write', () => {
    expect(sourceStatus('claim')).toBe('PROPOSED');
    expect(sourceStatus('finish')).toBe('EXECUTING');
    expect(targetStatus('claim')).toBe('EXECUTING');
    expect(targetStatus('finish', 'FAILED')).toBe('FAILED');
    expect(() => targetStatus('finish')).toThrow(TrackerTransitionError);
    expect(() => targetStatus('finish', 'PROPOSED')).toThrow(/does not allow finish/);
    expect(() => sourceStatus('propose')).toThrow(TrackerTransitionError);
  });
});
