/**
 * The one table of tracker transitions. Every write to DATA_PIPELINE_TRACKER is one of these actions: the
 * procedures generate the write's `STATUS = …` guard and its new STATUS from this table (sql.ts), and the bot
 * checks a row it has read against the same table before it asks a procedure to change it. A status or a move
 * that is not listed here cannot be written by either side.
 *
 * Adding a state is one row (and its name in PIPELINE_STATUSES), as RETIRED was: `retire: SUCCESS → RETIRED`.
 */
import type { PipelineStatus } from './columns.js';

export type TrackerAction =
  | 'propose'
  | 'run_direct'
  | 'reserve'
  | 'release'
  | 'reject'
  | 'expire'
  | 'claim'
  | 'finish'
  | 'interrupt'
  | 'record_checks'
  | 'retire';

export interface Transition {
  action: TrackerAction;
  /** null: the action creates the row. */
  from: PipelineStatus | null;
  to: PipelineStatus;
  /** The procedure that performs it (the bot's role has no other way to write the tracker). */
  procedure: string;
  why: string;
}

export const TRANSITIONS: readonly Transition[] = [
  {
    action: 'propose',
    from: null,
    to: 'PROPOSED',
    procedure: 'RECORD_PROPOSAL',
    why: 'a checked plan waits for a decision',
  },
  {
    action: 'run_direct',
    from: null,
    to: 'EXECUTING',
    procedure: 'EXECUTE_DDL_DIRECT',
    why: "an administrator runs statements directly (caller's rights)",
  },
  {
    action: 'reserve',
    from: 'PROPOSED',
    to: 'PROPOSED',
    procedure: 'DECIDE_PIPELINE',
    why: 'an approver holds the plan while the run starts, so one click of many wins',
  },
  {
    action: 'release',
    from: 'PROPOSED',
    to: 'PROPOSED',
    procedure: 'DECIDE_PIPELINE',
    why: 'the approver gives the reservation back when the run could not start',
  },
  {
    action: 'reject',
    from: 'PROPOSED',
    to: 'REJECTED',
    procedure: 'DECIDE_PIPELINE',
    why: 'an approver said no',
  },
  {
    action: 'expire',
    from: 'PROPOSED',
    to: 'EXPIRED',
    procedure: 'DECIDE_PIPELINE',
    why: 'its time ran out, or a revision replaced it',
  },
  {
    action: 'claim',
    from: 'PROPOSED',
    to: 'EXECUTING',
    procedure: 'EXECUTE_DDL_AND_TRACK',
    why: 'the approved plan starts, exactly once',
  },
  {
    action: 'finish',
    from: 'EXECUTING',
    to: 'SUCCESS',
    procedure: 'EXECUTE_DDL_AND_TRACK',
    why: 'every statement ran',
  },
  {
    action: 'finish',
    from: 'EXECUTING',
    to: 'FAILED',
    procedure: 'EXECUTE_DDL_AND_TRACK',
    why: 'a statement failed or was refused; what this run created was dropped',
  },
  {
    action: 'interrupt',
    from: 'EXECUTING',
    to: 'FAILED',
    procedure: 'RECONCILE_INTERRUPTED',
    why: 'the process running it stopped',
  },
  {
    action: 'record_checks',
    from: 'SUCCESS',
    to: 'SUCCESS',
    procedure: 'RECORD_CHECKS',
    why: 'the read-only checks after apply are kept with the pipeline',
  },
  {
    action: 'retire',
    from: 'SUCCESS',
    to: 'RETIRED',
    procedure: 'EXECUTE_DDL_AND_TRACK',
    why: 'an approved retire plan dropped its objects',
  },
];

export class TrackerTransitionError extends Error {
  constructor(
    readonly action: TrackerAction,
    readonly from: string | null,
    readonly to: string | null,
  ) {
    super(
      `the tracker does not allow ${action} ${from === null ? 'on a new row' : `from ${from}`}${to === null ? '' : ` to ${to}`}`,
    );
    this.name = 'TrackerTransitionError';
  }
}

function transitionsOf(action: TrackerAction): Transition[] {
  return TRANSITIONS.filter((t) => t.action === action);
}

/** Whether `action` may move a row in `from` (null: no row yet) to `to` (any listed target when omitted). */
export function canTransition(action: TrackerAction, from: string | null, to?: string): boolean {
  return TRANSITIONS.some((t) => t.action === action && t.from === from && (to === undefined || t.to === to));
}

export function assertTransition(action: TrackerAction, from: string | null, to: string): Transition {
  const t = TRANSITIONS.find((x) => x.action === action && x.from === from && x.to === to);
  if (!t) throw new TrackerTransitionError(action, from, to);
  return t;
}

/** The one status an existing row must have for `action` (every listed action has exactly one). */
export function sourceStatus(action: TrackerAction): PipelineStatus {
  const froms = [...new Set(transitionsOf(action).map((t) => t.from))];
  const from = froms[0];
  if (froms.length !== 1 || from === null || from === undefined)
    throw new TrackerTransitionError(action, null, null);
  return from;
}

/** The status `action` writes; `to` chooses among several (finish → SUCCESS | FAILED) and must be listed. */
export function targetStatus(action: TrackerAction, to?: PipelineStatus): PipelineStatus {
  const targets = transitionsOf(action).map((t) => t.to);
  if (to !== undefined) {
    if (!targets.includes(to)) throw new TrackerTransitionError(action, null, to);
    return to;
  }
  if (targets.length !== 1) throw new TrackerTransitionError(action, null, null);
  return targets[0] as PipelineStatus;
}
