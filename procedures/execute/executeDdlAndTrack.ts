import { toStepError } from '../runtime/errors.js';
import type { SnowflakeApi } from '../runtime/snowflakeApi.js';
import { approvalRefusal, contributorsOf } from '../tracker/approvers.js';
import {
  approversTable,
  claimPipeline,
  finishPipeline,
  markExpired,
  readApprovers,
  readPipeline,
  type TrackerRowView,
  trackerTable,
} from '../tracker/sql.js';
import { canTransition } from '../tracker/transitions.js';
import { readSchemaContext } from './objects.js';
import { planHash } from './planHash.js';
import { readPlanStatements } from './planStatements.js';
import { type Clock, runClaimedPlan, systemClock } from './runPlan.js';
import type { ExecuteArgs, ExecutionSummary, RefusalReason } from './types.js';

export interface ExecuteOptions {
  clock?: Clock;
}

function present(value: unknown): boolean {
  return value !== null && value !== undefined;
}

function refusal(
  pipelineId: string | null,
  status: ExecutionSummary['status'],
  reason: RefusalReason,
  message: string,
): ExecutionSummary {
  return { pipeline_id: pipelineId, status, steps: [], compensation: [], message, reason };
}

export const BARE_FORM_REFUSAL =
  "EXECUTE_DDL_AND_TRACK runs only an approved plan (PIPELINE_ID, PLAN_HASH, APPROVER); statements passed directly are refused and nothing was executed. An administrator runs statements directly with CALL EXECUTE_DDL_DIRECT(DDL_STATEMENTS => [...]), which uses the caller's own privileges.";

/**
 * EXECUTE_DDL_AND_TRACK(PIPELINE_ID, PLAN_HASH, APPROVER, VIA_GROUP): checks the approval rules against
 * DEA_APPROVERS and the plan's contributors, claims the PROPOSED row exactly once, then runs it. The seed's bare
 * form (DDL_STATEMENTS => …) is refused here: it lives in EXECUTE_DDL_DIRECT, with the caller's rights.
 */
export function executeDdlAndTrack(
  args: ExecuteArgs,
  sf: SnowflakeApi,
  options: ExecuteOptions = {},
): ExecutionSummary {
  if (present(args.DDL_STATEMENTS) || present(args.DATA_SOURCE))
    return refusal(null, null, 'not_permitted', BARE_FORM_REFUSAL);
  const clock = options.clock ?? systemClock;
  const { PIPELINE_ID: id, PLAN_HASH: hash, APPROVER: approver } = args;
  if (typeof id !== 'string' || id.length === 0)
    return refusal(null, null, 'invalid_request', 'PIPELINE_ID is required');
  if (typeof hash !== 'string' || hash.length === 0)
    return refusal(id, null, 'invalid_request', 'PLAN_HASH is required');
  if (typeof approver !== 'string' || approver.length === 0)
    return refusal(id, null, 'invalid_request', 'APPROVER is required');
  const viaGroup = typeof args.VIA_GROUP === 'string' && args.VIA_GROUP.length > 0 ? args.VIA_GROUP : null;

  const ctx = readSchemaContext(sf);
  const table = trackerTable(ctx);
  const row = readPipeline(sf, table, id);
  if (row === null) return refusal(id, null, 'not_found', `pipeline ${id} not found`);
  if (!canTransition('claim', row.status)) return alreadyDecided(id, row);
  if (!row.live) return expire(sf, table, id);
  if (row.planHash !== hash) return changed(id, row);
  const rule = approvalRefusal({
    verb: 'approve',
    pipelineId: id,
    by: approver,
    viaGroup,
    approvers: readApprovers(sf, approversTable(ctx)),
    contributors: contributorsOf(row.contributors, row.requestedBy),
  });
  if (rule)
    return refusal(
      id,
      row.status as ExecutionSummary['status'],
      rule.code,
      `${rule.message.replace(/\.$/, '')}; nothing was executed`,
    );

  if (claimPipeline(sf, table, id, hash, approver) !== 1) return explainLostClaim(sf, table, id, hash);

  // From here the row is ours (EXECUTING) and must end SUCCESS or FAILED whatever happens. DDL_STATEMENTS is never
  // rewritten and the claim matched PLAN_HASH, so the statements read before the claim are the claimed plan.
  const plan = readPlanStatements(row.ddlStatements);
  if (!plan.ok) return failClaimed(sf, table, id, `invalid plan: ${plan.message}`, 'invalid_plan');
  const recomputed = planHash(plan.statements);
  if (recomputed !== hash) {
    const message = `plan hash mismatch: DDL_STATEMENTS hash to ${recomputed}, the approval was for ${hash}; nothing was executed`;
    return failClaimed(sf, table, id, message, 'hash_mismatch');
  }
  return runClaimedPlan(sf, ctx, table, id, plan.statements, clock);
}

function alreadyDecided(id: string, row: TrackerRowView): ExecutionSummary {
  return refusal(
    id,
    row.status as ExecutionSummary['status'],
    'already_decided',
    `pipeline ${id} was already decided: it is ${row.status}`,
  );
}

function expire(sf: SnowflakeApi, table: string, id: string): ExecutionSummary {
  markExpired(sf, table, id);
  return refusal(id, 'EXPIRED', 'expired', `pipeline ${id} expired before it was approved`);
}

function changed(id: string, row: TrackerRowView): ExecutionSummary {
  return refusal(
    id,
    row.status as ExecutionSummary['status'],
    'hash_mismatch',
    `pipeline ${id} has changed since it was shown (plan hash mismatch); review it again`,
  );
}

/** The claim changed no row: read it again to say why, and retire it if it has expired meanwhile. */
function explainLostClaim(sf: SnowflakeApi, table: string, id: string, hash: string): ExecutionSummary {
  const row = readPipeline(sf, table, id);
  if (row === null) return refusal(id, null, 'not_found', `pipeline ${id} not found`);
  if (row.status !== 'PROPOSED') return alreadyDecided(id, row);
  if (!row.live) return expire(sf, table, id);
  if (row.planHash !== hash) return changed(id, row);
  return refusal(
    id,
    'PROPOSED',
    'claim_lost',
    `pipeline ${id} could not be claimed; another approval may be in progress`,
  );
}

/** Ends a claimed row FAILED without running anything; the log holds one note saying why. */
function failClaimed(
  sf: SnowflakeApi,
  table: string,
  id: string,
  message: string,
  reason: RefusalReason,
): ExecutionSummary {
  const summary: ExecutionSummary = {
    pipeline_id: id,
    status: 'FAILED',
    steps: [],
    compensation: [],
    message,
    reason,
  };
  try {
    finishPipeline(sf, table, id, 'FAILED', [{ action: 'refuse', reason, message }]);
  } catch (err) {
    summary.message = `${message}; the tracker row could not be updated: ${toStepError(err).message}`;
  }
  return summary;
}
