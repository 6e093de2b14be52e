/** The plan card: what will be created, how it relates to what exists, who asked, and the decision buttons. */
import type { types } from '@slack/bolt';
import type { InferredColumns, PlanStatementView, PlanView } from '../../../bot/core/messages.js';
import { changeLabel, inferredNote } from '../../../bot/core/messages.js';
import { codeChunks, escapeMrkdwn, LIMITS, textChunks, truncate } from './limits.js';
import { when, who } from './mention.js';

type Block = types.KnownBlock;

export const APPROVE_ACTION = 'dea_approve';
export const REJECT_ACTION = 'dea_reject';
export const PLAN_ACTIONS_BLOCK = 'dea_plan_actions';

/** What a decision button carries. Only a pointer: the core re-reads the plan and re-checks the clicker. */
export interface DecisionValue {
  pipelineId: string;
  hash: string;
}

export function decisionValue(plan: PlanView): string {
  return JSON.stringify({ pipelineId: plan.pipelineId, hash: plan.hash } satisfies DecisionValue);
}

export function parseDecisionValue(value: string | undefined): DecisionValue | null {
  if (!value) return null;
  try {
    const v = JSON.parse(value) as Partial<DecisionValue>;
    if (typeof v.pipelineId === 'string' && typeof v.hash === 'string')
      return { pipelineId: v.pipelineId, hash: v.hash };
  } catch {
    // A value we did not write: treat as no decision.
  }
  return null;
}

export interface PlanRender {
  blocks: Block[];
  /** Set when the DDL did not fit: the full script, for a file upload. */
  overflow?: { filename: string; content: string };
}

const CHANGE_ICON: Record<PlanStatementView['change'], string> = {
  new: ':new:',
  replace: ':warning:',
  exists: ':white_check_mark:',
  alter: ':heavy_plus_sign:',
  drop: ':wastebasket:',
};

function statementTitle(s: PlanStatementView, index: number): string {
  const warn =
    s.unsafe && s.change !== 'replace' && s.change !== 'drop' ? ' :warning: replaces a live object' : '';
  const lines = [
    `*${index + 1}. ${s.kind.replace(/_/g, ' ')}* \`${escapeMrkdwn(s.name)}\` — ${CHANGE_ICON[s.change]} ${changeLabel(s.change)}${warn}`,
    ...s.warnings.map((w) => `> :warning: ${escapeMrkdwn(w)}`),
  ];
  return truncate(lines.join('\n'), LIMITS.sectionText);
}

/** Sample files and example values shown per inferred column: enough to recognise the data, not to read it. */
export const INFERRED_LIMITS = { files: 5, examples: 3, example: 30, blocks: 3 } as const;

/**
 * The columns read from sample files, each marked *(inferred)* with a few example values, so the approver knows
 * the types were guessed from data rather than given.
 */
export function inferredText(inf: InferredColumns): string[] {
  const files = inf.files.slice(0, INFERRED_LIMITS.files).map((f) => inlineCode(f));
  const more =
    inf.files.length > INFERRED_LIMITS.files ? ` and ${inf.files.length - INFERRED_LIMITS.files} more` : '';
  const head = `:mag: *Columns inferred from ${inf.files.length} sample file(s):* ${files.join(', ')}${more}`;
  const lines = inf.columns.map((c) => {
    const ex = c.examples
      .slice(0, INFERRED_LIMITS.examples)
      .map((e) => inlineCode(truncate(e, INFERRED_LIMITS.example)));
    return `• ${inlineCode(c.name)} ${escapeMrkdwn(c.type)} _(${escapeMrkdwn(inferredNote(c))})_${ex.length ? ` — e.g. ${ex.join(', ')}` : ''}`;
  });
  const chunks = textChunks([head, ...lines].join('\n'));
  if (chunks.length <= INFERRED_LIMITS.blocks) return chunks;
  // Too many columns for the card: say so rather than drop them silently (the SQL below lists them all).
  const kept = chunks.slice(0, INFERRED_LIMITS.blocks);
  const last = kept.length - 1;
  const tail = (kept[last] ?? '').split('\n');
  const room = LIMITS.sectionText - 120;
  while (tail.length > 1 && tail.join('\n').length > room) tail.pop();
  kept[last] = tail.join('\n');
  const shown = kept
    .join('\n')
    .split('\n')
    .filter((l) => l.startsWith('• ')).length;
  kept[last] += `\n_…and ${inf.columns.length - shown} more inferred column(s), all in the SQL below._`;
  return kept;
}

/** Text as inline code: a backtick or line break inside would end the code span early. */
function inlineCode(s: string): string {
  return `\`${escapeMrkdwn(s.replace(/[\r\n]+/g, ' ').replace(/`/g, "'"))}\``;
}

function decisionLine(plan: PlanView): string | null {
  const d = plan.decision;
  if (d) {
    if (d.verb === 'approved') return `:white_check_mark: Approved by ${who(d.by)} ${when(d.at)}`;
    if (d.verb === 'rejected')
      return `:x: Rejected by ${who(d.by)} ${when(d.at)}${d.reason ? `: ${escapeMrkdwn(d.reason)}` : ''}`;
    return `:hourglass: Expired ${when(d.at)}${d.reason ? ` (${escapeMrkdwn(d.reason)})` : ''}`;
  }
  if (plan.status === 'EXECUTING') return ':gear: Running…';
  return null;
}

function actionsBlock(plan: PlanView): Block {
  const value = decisionValue(plan);
  const n = plan.statements.filter((s) => s.change !== 'exists').length;
  return {
    type: 'actions',
    block_id: PLAN_ACTIONS_BLOCK,
    elements: [
      {
        type: 'button',
        action_id: APPROVE_ACTION,
        style: 'primary',
        text: { type: 'plain_text', text: 'Approve', emoji: true },
        value,
        confirm: {
          title: { type: 'plain_text', text: 'Run this plan?' },
          text: {
            type: 'mrkdwn',
            text: truncate(
              `${n} statement(s) of pipeline ${plan.pipelineId} will run in Snowflake now.`,
              LIMITS.confirmText,
            ),
          },
          confirm: { type: 'plain_text', text: 'Approve and run' },
          deny: { type: 'plain_text', text: 'Cancel' },
          style: 'primary',
        },
      },
      {
        type: 'button',
        action_id: REJECT_ACTION,
        style: 'danger',
        text: { type: 'plain_text', text: 'Reject', emoji: true },
        value,
      },
    ],
  };
}

/**
 * Renders a plan. Each statement's DDL is split into code blocks; when the statements outgrow the block or
 * character budget, the rest is cut with a pointer to `dea tracker show` and the full script is returned as
 * `overflow` so the caller can upload it as a file.
 */
export function renderPlan(plan: PlanView, actionable: boolean): PlanRender {
  const showButtons = actionable && plan.status === 'PROPOSED' && !plan.decision;
  const head: Block[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(`Pipeline plan ${plan.pipelineId}`, LIMITS.headerText) },
    },
  ];
  if (plan.note)
    head.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(`:information_source: ${escapeMrkdwn(plan.note)}`, LIMITS.sectionText),
      },
    });
  // What the agent guessed instead of asking: cheap to fix before approval, so it must be visible here.
  if (plan.assumptions?.length)
    head.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `:thought_balloon: *Assumed* (say so to change):\n${plan.assumptions.map((a) => `• ${escapeMrkdwn(a)}`).join('\n')}`,
          LIMITS.sectionText,
        ),
      },
    });
  if (plan.summary)
    head.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(escapeMrkdwn(plan.summary), LIMITS.sectionText) },
    });
  head.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: truncate(
          `Requested by ${who(plan.requestedBy)} · status *${plan.status}* · approve before ${when(plan.expiresAt)} · plan \`${plan.hash.slice(0, 12)}\``,
          LIMITS.sectionText,
        ),
      },
    ],
  });

  const tail: Block[] = [];
  const decided = decisionLine(plan);
  if (decided)
    tail.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: truncate(decided, LIMITS.sectionText) }],
    });
  if (showButtons) tail.push(actionsBlock(plan));

  // One block is held back for the truncation note.
  const budget = LIMITS.messageBlocks - head.length - tail.length - 1;
  const body: Block[] = [];
  let chars = 0;
  let cut = false;
  for (const [i, s] of plan.statements.entries()) {
    const title: Block = { type: 'section', text: { type: 'mrkdwn', text: statementTitle(s, i) } };
    const chunks = codeChunks(s.sql);
    if (body.length + 1 > budget) {
      cut = true;
      break;
    }
    body.push(title);
    for (const t of s.inferred ? inferredText(s.inferred) : []) {
      if (body.length + 1 > budget) {
        cut = true;
        break;
      }
      body.push({ type: 'section', text: { type: 'mrkdwn', text: t } });
    }
    if (cut) break;
    for (const c of chunks) {
      if (body.length + 1 > budget || chars + c.length > LIMITS.codeBudget) {
        cut = true;
        break;
      }
      body.push({ type: 'section', text: { type: 'mrkdwn', text: c } });
      chars += c.length;
    }
    if (cut) break;
  }
  if (cut) {
    body.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `:scissors: The DDL is too long for one Slack message and was truncated; the full script is attached in this thread. See it all with \`dea tracker show ${escapeMrkdwn(plan.pipelineId)}\`.`,
        },
      ],
    });
  }
  const render: PlanRender = { blocks: [...head, ...body, ...tail] };
  if (cut) {
    render.overflow = {
      filename: `${plan.pipelineId}.sql`,
      content: plan.statements
        .map((s) => `-- ${s.kind} ${s.name} (${changeLabel(s.change)})\n${s.sql.trim()};\n`)
        .join('\n'),
    };
  }
  return render;
}
