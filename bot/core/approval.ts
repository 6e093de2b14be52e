/**
 * Who may decide a plan, worded for the person who clicked. The rules themselves are procedures/tracker/approvers.ts
 * and the tracker procedures apply them again against DEA_APPROVERS, atomically with the write; this check exists
 * to answer in plain words, and to find (live, at each click) the Slack user group through which a user approves.
 */
import { approvalRefusal, approverEntries, contributorsOf } from '../../procedures/tracker/approvers.js';
import { canTransition } from '../../procedures/tracker/transitions.js';
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

export interface ApproverMatch {
  ok: boolean;
  /** The DEA_APPROVERS group the user was found in (passed to the procedures, which check the table lists it). */
  viaGroup: string | null;
}

async function approverMatch(
  user: UserRef,
  settings: ApprovalSettings,
  groups?: GroupDirectory,
): Promise<ApproverMatch> {
  if (settings.approvers.length === 0) return { ok: settings.openApproval, viaGroup: null };
  const me = principalOf(user);
  if (settings.approvers.includes(me)) return { ok: true, viaGroup: null };
  for (const entry of settings.approvers) {
    if (!entry.startsWith('slack-group:') || user.channel !== 'slack' || !groups) continue;
    try {
      if ((await groups.membersOf(entry)).includes(me)) return { ok: true, viaGroup: entry };
    } catch {
      // A group that cannot be read grants nothing.
    }
  }
  return { ok: false, viaGroup: null };
}

export async function isApprover(
  user: UserRef,
  settings: ApprovalSettings,
  groups?: GroupDirectory,
): Promise<boolean> {
  return (await approverMatch(user, settings, groups)).ok;
}

export type Refusal = { ok: false; reason: string } | { ok: true; viaGroup: string | null };

export async function checkDecision(
  row: PipelineRow,
  verb: 'approve' | 'reject',
  user: UserRef,
  hash: string,
  settings: ApprovalSettings,
  groups: GroupDirectory | undefined,
  now = Date.now(),
): Promise<Refusal> {
  const match = await approverMatch(user, settings, groups);
  if (!match.ok) {
    return {
      ok: false,
      reason:
        settings.approvers.length === 0
          ? `No approvers are configured, so nobody can ${verb} pipelines yet. An administrator sets DEA_APPROVERS.`
          : `You are not an approver, so you cannot ${verb} pipeline ${row.PIPELINE_ID}. Ask one of the approvers listed in DEA_APPROVERS.`,
    };
  }
  if (!canTransition(verb === 'approve' ? 'claim' : 'reject', row.STATUS))
    return { ok: false, reason: describeState(row) };
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
  const me = principalOf(user);
  const rule = approvalRefusal({
    verb,
    pipelineId: row.PIPELINE_ID,
    by: me,
    viaGroup: match.viaGroup,
    approvers: approverEntries(
      settings.approvers.length === 0 ? [] : settings.approvers,
      settings.allowSelfApproval,
      settings.openApproval,
    ),
    contributors: contributorsOf(row.CONTRIBUTORS, row.REQUESTED_BY),
  });
  if (rule?.code === 'own_plan')
    return {
      ok: false,
      reason:
        row.REQUESTED_BY === me
          ? `You requested pipeline ${row.PIPELINE_ID}, so another approver must approve it.`
          : `You edited pipeline ${row.PIPELINE_ID} in its thread, so another approver must approve it.`,
    };
  if (rule) return { ok: false, reason: rule.message };
  return { ok: true, viaGroup: match.viaGroup };
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
