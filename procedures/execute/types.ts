import type { StatementKind } from '../names.js';
import type { StepError } from '../runtime/errors.js';
import type { PipelineStatus } from '../tracker/columns.js';

/**
 * How a statement relates to what already exists, decided when the plan was built. `exists` is never run;
 * `alter` widens an existing integration's allowed locations; `drop` appears only in a retire plan.
 */
export type StatementChange = 'new' | 'replace' | 'exists' | 'alter' | 'drop';

/** One element of DDL_STATEMENTS. */
export interface PlanStatement {
  kind: StatementKind;
  name: string;
  sql: string;
  change: StatementChange;
  /** Retire plans only: the pipeline whose objects the DROP removes (bound into the plan hash). */
  retires?: string;
}

/** One element of EXECUTION_LOG for a statement (in execution order; `index` is its position in DDL_STATEMENTS). */
export interface StepRecord {
  index: number;
  kind: StatementKind;
  name: string;
  sql: string;
  started_at: string;
  ms: number;
  ok: boolean;
  skipped?: boolean;
  /** Whether the object was there before this run; only objects this run created are ever compensated. */
  existed?: boolean;
  /** ALTER of an integration: its allowed locations before the change, restored if a later step fails. */
  previous_allowed_locations?: string[];
  error?: StepError;
  query_id: string | null;
}

/** One element of EXECUTION_LOG for a compensating DROP, after the step records. */
export interface CompensationRecord {
  /** `drop` removes an object this run created; `restore` puts an altered integration's locations back. */
  action: 'drop' | 'restore';
  kind: StatementKind;
  name: string;
  sql: string;
  ok: boolean;
  error?: StepError;
}

/** The only EXECUTION_LOG element of a claimed plan that was refused before any statement (hash, shape). */
export interface RefusalNote {
  action: 'refuse';
  reason: RefusalReason;
  message: string;
}

/** Why a call did not execute anything. */
export type RefusalReason =
  | 'invalid_request'
  | 'not_found'
  | 'already_decided'
  | 'expired'
  | 'hash_mismatch'
  | 'claim_lost'
  | 'guard_refused'
  | 'invalid_plan'
  /** The approver is not listed in DEA_APPROVERS (directly or through the group the bot matched). */
  | 'not_approver'
  /** The approver requested or edited the plan and their DEA_APPROVERS row does not allow approving their own. */
  | 'own_plan'
  /** The caller's role may not do this (the bare form on EXECUTE_DDL_AND_TRACK, or EXECUTE_DDL_DIRECT without privileges). */
  | 'not_permitted';

/** The VARIANT EXECUTE_DDL_AND_TRACK returns. */
export interface ExecutionSummary {
  pipeline_id: string | null;
  /** The tracker status after the call (null when there is no row). */
  status: PipelineStatus | null;
  steps: StepRecord[];
  compensation: CompensationRecord[];
  message: string;
  /** Present when nothing ran. */
  reason?: RefusalReason;
}

/**
 * The procedure's arguments (every argument DEFAULT NULL). The bot passes PIPELINE_ID, PLAN_HASH, APPROVER and,
 * for an approver found through a Slack user group, VIA_GROUP. DDL_STATEMENTS and DATA_SOURCE stay in the
 * signature only so that the seed's bare form gets a clear refusal instead of a compilation error.
 */
export interface ExecuteArgs {
  PIPELINE_ID?: unknown;
  PLAN_HASH?: unknown;
  APPROVER?: unknown;
  VIA_GROUP?: unknown;
  DDL_STATEMENTS?: unknown;
  DATA_SOURCE?: unknown;
}
