/** The plan card: what will be created, how it relates to what exists, who asked, and the decision buttons. */
import type { types } from '@slack/bolt';
import type { InferredColumns, PlanStatementView, PlanView } from '../../../bot/core/messages.js';
import { changeLabel, inferredNote } from '../../../bot/core/messages.js';
import { blockTextLength, codeChunks, escapeMrkdwn, LIMITS, textChunks, truncate } from './limits.js';
import { when, who } from './mention.js';

type Block = types.KnownBlock;

export const APPROVE_ACTION = 'dea_approve';
export const REJECT_ACTION = 'dea_reject';
const PLAN_ACTIONS_BLOCK = 'dea_plan_actions';

/** What a decision button carries. Only a pointer: the core re-reads the plan and re-checks the clicker. */
export interface DecisionValue {
  pipelineId: string;
  hash: string;
}

function decisionValue(plan: PlanView): string {
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

/** Text held back for the note that says the card was cut and which statements it leaves out. */
const CUT_NOTE_ROOM = 600;
/** The least code worth showing of a statement once its title (and inferred columns) are on the card. */
const MIN_CODE_ROOM = 800;

/** A fenced code chunk (```\n…\n```) shortened to `max` characters, never through an escape such as &amp;. */
function cutCode(chunk: string, max: number): string {
  const inner = chunk.slice(4, -4);
  const room = max - 8;
  let end = inner.lastIndexOf('\n', room);
  if (end < room / 2) end = room;
  const amp = inner.lastIndexOf('&', end - 1);
  if (amp > end - 5 && inner.indexOf(';', amp) >= end) end = amp;
  return `\`\`\`\n${inner.slice(0, end)}\n\`\`\``;
}

/** Sample files and example values shown per inferred column: enough to recognise the data, not to read it. */
export const INFERRED_LIMITS = { files: 5, examples: 3, example: 30, blocks: 3 } as const;

/**
 * The columns read from sample files, each marked *(inferred)* with a few example values, so the approver knows
 * the types were guessed from data rather than given. At most `maxChars` in all (the card's text budget is
 * shared with the SQL); columns that do not fit are counted in a last line rather than dropped silently.
 */
function inferredText(
  inf: InferredColumns,
  maxChars: number = INFERRED_LIMITS.blocks * (LIMITS.sectionText - 100),
): string[] {
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
  const limit = Math.min(maxChars, INFERRED_LIMITS.blocks * (LIMITS.sectionText - 100));
  const whole = [head, ...lines].join('\n');
  if (whole.length <= limit) return textChunks(whole);
  const kept = [truncate(head, LIMITS.sectionText - 200)];
  let len = kept[0]?.length ?? 0;
  const noteRoom = 120;
  for (const line of lines) {
    if (len + 1 + line.length > limit - noteRoom) break;
    kept.push(line);
    len += 1 + line.length;
  }
  const shown = kept.length - 1;
  kept.push(`_…and ${inf.columns.length - shown} more inferred column(s), all in the full script._`);
  return textChunks(kept.join('\n'));
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

  // One block is held back for the truncation note, and text for it (it names the statements not shown).
  const blockRoom = LIMITS.messageBlocks - head.length - tail.length - 1;
  let textRoom = LIMITS.blockTextBudget - blockTextLength([...head, ...tail]) - CUT_NOTE_ROOM;
  const body: Block[] = [];
  const add = (text: string): boolean => {
    if (body.length + 1 > blockRoom || text.length > textRoom) return false;
    body.push({ type: 'section', text: { type: 'mrkdwn', text } });
    textRoom -= text.length;
    return true;
  };
  let shown = 0;
  let cut = false;
  for (const [i, s] of plan.statements.entries()) {
    if (!add(statementTitle(s, i))) {
      cut = true;
      break;
    }
    shown = i + 1;
    // Inferred columns may take what the SQL of this statement does not need first: at least a little code.
    for (const t of s.inferred ? inferredText(s.inferred, textRoom - MIN_CODE_ROOM) : []) {
      if (!add(t)) {
        cut = true;
        break;
      }
    }
    if (cut) break;
    const chunks = codeChunks(s.sql);
    for (const [j, c] of chunks.entries()) {
      if (add(c)) continue;
      // The last piece that fits: this chunk cut to the room left, on a line break where there is one.
      if (textRoom >= MIN_CODE_ROOM && j >= 0) add(cutCode(c, Math.min(LIMITS.sectionText, textRoom)));
      cut = true;
      break;
    }
    if (cut) break;
  }
  if (cut) {
    const missing = plan.statements
      .slice(shown)
      .map(
        (s, k) =>
          `${shown + k + 1}. ${s.kind.replace(/_/g, ' ').toLowerCase()} \`${escapeMrkdwn(s.name)}\` (${changeLabel(s.change)})`,
      );
    const notShown = missing.length ? ` Not shown: ${truncate(missing.join(', '), 300)}.` : '';
    body.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `:scissors: The plan is too long for one Slack message, so it is cut here; the full script is attached in this thread (also \`dea tracker show ${escapeMrkdwn(plan.pipelineId)}\`).${notShown}`,
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
