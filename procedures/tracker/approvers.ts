/**
 * DEA_APPROVERS and the approval rules. The table is written only by an administrator (`dea sql setup` renders its
 * rows from DEA_APPROVERS; the embedded warehouse installs them at open); the procedures read it and apply
 * `approvalRefusal` themselves, and the bot applies the same function first only to word its answer.
 */
export const APPROVERS_TABLE = 'DEA_APPROVERS';

export type ApproverKind = 'user' | 'slack-group' | 'anyone';

export const APPROVER_COLUMNS = [
  {
    name: 'PRINCIPAL',
    type: 'VARCHAR',
    note: 'slack:U123, slack-group:S123, teams:<aad object id>, local:alice; * = anyone (local mode only)',
  },
  { name: 'KIND', type: 'VARCHAR', note: 'user | slack-group | anyone' },
  {
    name: 'MAY_APPROVE_OWN',
    type: 'BOOLEAN',
    note: 'DEA_ALLOW_SELF_APPROVAL: may approve a plan they requested or edited',
  },
] as const;

export interface ApproverEntry {
  principal: string;
  kind: ApproverKind;
  mayApproveOwn: boolean;
}

/** The principal of the row that lets anyone approve: rendered only by the embedded warehouse, never by setup. */
const ANYONE = '*';

/**
 * Rows for DEA_APPROVERS from the configuration. `openWhenEmpty` (local mode with no approvers configured) gives
 * the single `*` row: anyone may approve, still never a plan they contributed to unless self-approval is allowed.
 */
export function approverEntries(
  approvers: readonly string[],
  allowSelfApproval: boolean,
  openWhenEmpty = false,
): ApproverEntry[] {
  if (approvers.length === 0)
    return openWhenEmpty ? [{ principal: ANYONE, kind: 'anyone', mayApproveOwn: allowSelfApproval }] : [];
  return [...new Set(approvers)].map((principal) => ({
    principal,
    kind: principal.startsWith('slack-group:') ? 'slack-group' : 'user',
    mayApproveOwn: allowSelfApproval,
  }));
}

export type ApprovalRefusalCode = 'not_approver' | 'own_plan';

export interface ApprovalQuestion {
  verb: 'approve' | 'reject';
  pipelineId: string;
  /** The deciding principal, e.g. slack:U123. */
  by: string;
  /** The Slack user group through which the bot found `by` to be an approver (membership checked live by the bot). */
  viaGroup: string | null;
  approvers: readonly ApproverEntry[];
  /** Everyone who requested or edited the plan. */
  contributors: readonly string[];
}

export interface ApprovalRefusal {
  code: ApprovalRefusalCode;
  message: string;
}

/** The DEA_APPROVERS row that lets `by` decide, if any. */
function matchingApprover(
  approvers: readonly ApproverEntry[],
  by: string,
  viaGroup: string | null,
): ApproverEntry | undefined {
  return (
    approvers.find((a) => a.kind === 'user' && a.principal === by) ??
    (viaGroup !== null && by.startsWith('slack:')
      ? approvers.find((a) => a.kind === 'slack-group' && a.principal === viaGroup)
      : undefined) ??
    approvers.find((a) => a.kind === 'anyone')
  );
}

/** Why `by` may not take this decision, or null when the rules allow it. */
export function approvalRefusal(q: ApprovalQuestion): ApprovalRefusal | null {
  const entry = matchingApprover(q.approvers, q.by, q.viaGroup);
  if (!entry) {
    if (q.approvers.length === 0)
      return {
        code: 'not_approver',
        message: `No approvers are configured, so nobody can ${q.verb} pipelines yet. An administrator sets DEA_APPROVERS (in Snowflake, then runs \`dea sql setup\`).`,
      };
    const via = q.viaGroup === null ? '' : ` (nor is ${q.viaGroup})`;
    return {
      code: 'not_approver',
      message: `${q.by} is not listed in the DEA_APPROVERS table${via}, so it cannot ${q.verb} pipeline ${q.pipelineId}. An administrator changes that list through DEA_APPROVERS (in Snowflake, then \`dea sql setup\`).`,
    };
  }
  if (q.verb === 'approve' && !entry.mayApproveOwn && q.contributors.includes(q.by))
    return {
      code: 'own_plan',
      message: `${q.by} requested or edited pipeline ${q.pipelineId}, so another approver must approve it.`,
    };
  return null;
}

/** CONTRIBUTORS as stored (an array of principals; anything else counts as nobody but the requester). */
export function contributorsOf(stored: unknown, requestedBy: string | null): string[] {
  const list = Array.isArray(stored) ? stored.filter((p): p is string => typeof p === 'string') : [];
  if (requestedBy && !list.includes(requestedBy)) list.unshift(requestedBy);
  return list;
}
