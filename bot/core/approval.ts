/**
 * Who may decide a plan. The state checks (PROPOSED, unexpired, same hash) are repeated atomically by the
 * conditional UPDATE in EXECUTE_DDL_AND_TRACK; these checks exist to answer the clicker in plain words.
 */
import type { PipelineRow } from './api.js';
import { principalOf, type UserRef } from './contracts.js';

export interface ApprovalSettings {
  approvers: readonly string[];
  allowSelfApproval: boolean;
  /** Local mode with no approvers configured: anyone may approve (a laptop has one user). */
  openApproval: boolean;
}

/** Resolves group principals (`slack-group:S123`) to member principals; supplied by the channel that owns groups. */
export interface GroupDirectory {
  membersOf(groupPrincipal: string): Promise<string[]>;
}

export async function isApprover(
  user: UserRef,
  settings: ApprovalSettings,
  groups?: GroupDirectory,
): Promise<boolean> {
  if (settings.approvers.length === 0) return settings.openApproval;
  const me = principalOf(user);
  if (settings.approvers.includes(me)) return true;
  for (const entry of settings.approvers) {
    if (!entry.startsWith('slack-group:') || user.channel !== 'slack' || !groups) continue;
    try {
      if ((await groups.membersOf(entry)).includes(me)) return true;
    } catch {
      // A group that cannot be read grants nothing.
    }
  }
  return false;
}

export type Refusal = { ok: false; reason: string } | { ok: true };

export async function checkDecision(
  row: PipelineRow,
  verb: 'approve' | 'reject',
  user: UserRef,
  hash: string,
  settings: ApprovalSettings,
  groups: GroupDirectory | undefined,
  now = Date.now(),
): Promise<Refusal> {
  if (!(await isApprover(user, settings, groups))) {
    return {
      ok: false,
      reason:
        settings.approvers.length === 0
          ? `No approvers are configured, so nobody can ${verb} pipelines yet. An administrator sets DEA_APPROVERS.`
          : `You are not an approver, so you cannot ${verb} pipeline ${row.PIPELINE_ID}. Ask one of the approvers listed in DEA_APPROVERS.`,
    };
  }
  if (row.STATUS !== 'PROPOSED') return { ok: false, reason: describeState(row) };
  if (row.PLAN_HASH !== hash)
    return {
      ok: false,
      reason: `Pipeline ${row.PIPELINE_ID} changed since this card was shown; decide on the latest card.`,
    };
  if (row.EXPIRES_AT && Date.parse(row.EXPIRES_AT) <= now)
    return {
      ok: false,
      reason: `Pipeline ${row.PIPELINE_ID} expired at ${row.EXPIRES_AT}; ask the bot for a fresh plan.`,
    };
  if (verb === 'approve' && !settings.allowSelfApproval && row.REQUESTED_BY === principalOf(user))
    return {
      ok: false,
      reason: `You requested pipeline ${row.PIPELINE_ID}, so another approver must approve it.`,
    };
  return { ok: true };
}

export function describeState(row: PipelineRow): string {
  switch (row.STATUS) {
    case 'EXECUTING':
      return `Pipeline ${row.PIPELINE_ID} is already running (approved by ${row.APPROVED_BY ?? 'someone'}).`;
    case 'SUCCESS':
      return `Pipeline ${row.PIPELINE_ID} was already approved by ${row.APPROVED_BY ?? 'someone'} and ran successfully.`;
    case 'FAILED':
      return `Pipeline ${row.PIPELINE_ID} was already approved by ${row.APPROVED_BY ?? 'someone'} and failed.`;
    case 'REJECTED':
      return `Pipeline ${row.PIPELINE_ID} was rejected by ${row.REJECTED_BY ?? 'someone'}${row.DECISION_REASON ? `: ${row.DECISION_REASON}` : ''}.`;
    case 'EXPIRED':
      return `Pipeline ${row.PIPELINE_ID} is no longer open${row.DECISION_REASON ? ` (${row.DECISION_REASON})` : ''}; ask the bot for a fresh plan.`;
    case 'PROPOSED':
      return row.APPROVED_BY
        ? `Pipeline ${row.PIPELINE_ID} is being approved by ${row.APPROVED_BY}.`
        : `Pipeline ${row.PIPELINE_ID} is waiting for a decision.`;
    default:
      return `Pipeline ${row.PIPELINE_ID} is ${row.STATUS}.`;
  }
}
