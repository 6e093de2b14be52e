/**
 * DECIDE_PIPELINE: approve (reserve the plan for this approver while the run starts), release (give a reservation
 * back), reject, expire. The procedure applies the rules itself — listed approver, never a contributor unless
 * their DEA_APPROVERS row allows it, the plan still PROPOSED, unexpired and with the hash that was shown — so a
 * caller holding the bot's credentials gains nothing by skipping the bot's own checks.
 */
import { readSchemaContext } from '../execute/objects.js';
import type { SnowflakeApi } from '../runtime/snowflakeApi.js';
import { approvalRefusal, contributorsOf } from './approvers.js';
import { done, isPrincipal, nonEmpty, refused, type TrackerResult } from './result.js';
import {
  approversTable,
  markExpired,
  readApprovers,
  readPipeline,
  rejectPipeline,
  releaseApproval,
  reserveApproval,
  type TrackerRowView,
  trackerTable,
} from './sql.js';
import { canTransition, type TrackerAction } from './transitions.js';

export interface DecideArgs {
  PIPELINE_ID?: unknown;
  VERB?: unknown;
  BY?: unknown;
  PLAN_HASH?: unknown;
  VIA_GROUP?: unknown;
  REASON?: unknown;
}

const VERBS: Record<string, TrackerAction> = {
  approve: 'reserve',
  release: 'release',
  reject: 'reject',
  expire: 'expire',
};

/** Why a row cannot take `action`: its state, in words. */
function stateRefusal(id: string, row: TrackerRowView, action: TrackerAction): TrackerResult {
  const by = row.approvedBy ? ` (approved by ${row.approvedBy})` : '';
  return refused(
    id,
    row.status,
    'already_decided',
    `pipeline ${id} was already decided: it is ${row.status}${by}; ${action} needs a PROPOSED plan`,
  );
}

export function decidePipeline(args: DecideArgs, sf: SnowflakeApi): TrackerResult {
  const id = args.PIPELINE_ID;
  if (!nonEmpty(id, 100)) return refused(null, null, 'invalid_request', 'PIPELINE_ID is required');
  const verb = typeof args.VERB === 'string' ? args.VERB.toLowerCase() : '';
  const action = VERBS[verb];
  if (!action)
    return refused(id, null, 'invalid_request', `VERB must be one of ${Object.keys(VERBS).join(', ')}`);
  const ctx = readSchemaContext(sf);
  const table = trackerTable(ctx);
  const row = readPipeline(sf, table, id);
  if (row === null) return refused(id, null, 'not_found', `pipeline ${id} not found`);
  if (!canTransition(action, row.status)) return stateRefusal(id, row, action);

  if (action === 'expire') {
    if (row.live) return refused(id, row.status, 'invalid_request', `pipeline ${id} has not expired yet`);
    markExpired(sf, table, id);
    return done(id, 'EXPIRED', `pipeline ${id} expired before it was approved`);
  }
  if (!isPrincipal(args.BY))
    return refused(id, row.status, 'invalid_request', 'BY must be a principal such as slack:U123');
  const by = args.BY;
  if (action === 'release') {
    return releaseApproval(sf, table, id, by) === 1
      ? done(id, 'PROPOSED', `${by} no longer holds pipeline ${id}`)
      : refused(id, row.status, 'invalid_request', `${by} does not hold pipeline ${id}`);
  }

  if (!row.live) {
    markExpired(sf, table, id);
    return refused(id, 'EXPIRED', 'expired', `pipeline ${id} expired before it was ${verb}d`);
  }
  if (typeof args.PLAN_HASH !== 'string' || args.PLAN_HASH !== row.planHash)
    return refused(
      id,
      row.status,
      'hash_mismatch',
      `pipeline ${id} has changed since it was shown (plan hash mismatch); review it again`,
    );
  const viaGroup = typeof args.VIA_GROUP === 'string' && args.VIA_GROUP.length > 0 ? args.VIA_GROUP : null;
  const rule = approvalRefusal({
    verb: verb as 'approve' | 'reject',
    pipelineId: id,
    by,
    viaGroup,
    approvers: readApprovers(sf, approversTable(ctx)),
    contributors: contributorsOf(row.contributors, row.requestedBy),
  });
  if (rule) return refused(id, row.status, rule.code, rule.message);

  if (action === 'reject') {
    const reason =
      typeof args.REASON === 'string' && args.REASON.trim() ? args.REASON.trim().slice(0, 2_000) : null;
    if (rejectPipeline(sf, table, id, by, args.PLAN_HASH, reason) === 1)
      return done(id, 'REJECTED', `pipeline ${id} rejected by ${by}`);
  } else if (reserveApproval(sf, table, id, by, args.PLAN_HASH) === 1) {
    return done(id, 'PROPOSED', `pipeline ${id} is held for ${by}; EXECUTE_DDL_AND_TRACK runs it`);
  }
  const now = readPipeline(sf, table, id);
  if (now && now.status !== 'PROPOSED') return stateRefusal(id, now, action);
  return refused(
    id,
    now?.status ?? null,
    'claim_lost',
    `pipeline ${id} is being approved by ${now?.approvedBy ?? 'someone else'}`,
  );
}
