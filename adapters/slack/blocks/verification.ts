/**
 * The read-only checks after a pipeline succeeded: one line per check (✓/✗, summary, advice), the sample rows as
 * a small monospace table, and — while the checks can be run again — a "Check again" button.
 */
import type { types } from '@slack/bolt';
import { cellText } from '../../../bot/core/cellText.js';
import type { VerificationCheck, VerificationView } from '../../../bot/core/messages.js';
import { checkLabel } from '../../../bot/core/messages.js';
import { codeChunks, escapeMrkdwn, LIMITS, textChunks, truncate } from './limits.js';
import { when } from './mention.js';

type Block = types.KnownBlock;

export const CHECK_AGAIN_ACTION = 'dea_check_again';
const VERIFICATION_ACTIONS_BLOCK = 'dea_verification_actions';

/** Sample tables stay readable in a thread: a few columns, short cells. */
export const SAMPLE_LIMITS = { rows: 5, columns: 8, cell: 24 } as const;

/** What "Check again" carries: only the pipeline; the core re-reads everything else. */
export interface RecheckValue {
  pipelineId: string;
}

function recheckValue(pipelineId: string): string {
  return JSON.stringify({ pipelineId } satisfies RecheckValue);
}

export function parseRecheckValue(value: string | undefined): RecheckValue | null {
  if (!value) return null;
  try {
    const v = JSON.parse(value) as Partial<RecheckValue>;
    if (typeof v.pipelineId === 'string' && v.pipelineId.length > 0 && v.pipelineId.length <= 100)
      return { pipelineId: v.pipelineId };
  } catch {
    // A value we did not write.
  }
  return null;
}

/**
 * Rows as an aligned plain-text table. Columns beyond the limit are dropped and named in a last line; cells are
 * cut so one wide value does not push the table off screen.
 */
export function sampleTable(rows: Record<string, unknown>[]): string {
  const shown = rows.slice(0, SAMPLE_LIMITS.rows);
  const names: string[] = [];
  for (const r of shown) for (const k of Object.keys(r)) if (!names.includes(k)) names.push(k);
  if (names.length === 0) return '';
  const cols = names.slice(0, SAMPLE_LIMITS.columns);
  const cells = shown.map((r) => cols.map((c) => truncate(cellText(r[c]), SAMPLE_LIMITS.cell)));
  const head = cols.map((c) => truncate(c, SAMPLE_LIMITS.cell));
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]?.length ?? 0)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join(' | ')
      .trimEnd();
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('-+-'), ...cells.map(line)];
  if (names.length > cols.length) out.push(`(+${names.length - cols.length} more columns not shown)`);
  return out.join('\n');
}

function checkText(c: VerificationCheck): string {
  const head = `${c.ok ? '✓' : '✗'} *${checkLabel(c.name)}*: ${escapeMrkdwn(c.summary)}`;
  return c.advice ? `${head}\n> ${escapeMrkdwn(c.advice).replace(/\n/g, '\n> ')}` : head;
}

function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

export function renderVerification(v: VerificationView, actionable: boolean): Block[] {
  const blocks: Block[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(
          `${v.ok ? '✅ Checks passed' : '⚠️ Checks need attention'} — pipeline ${v.pipelineId}`,
          LIMITS.headerText,
        ),
        emoji: true,
      },
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(
            `${v.tableName ? `Table \`${escapeMrkdwn(v.tableName)}\` · ` : ''}read-only checks run ${when(v.checkedAt)}`,
            LIMITS.sectionText,
          ),
        },
      ],
    },
  ];
  // One block is kept for the button.
  const room = LIMITS.messageBlocks - 1;
  for (const c of v.checks) {
    const parts = textChunks(checkText(c)).slice(0, 2);
    for (const p of parts) if (blocks.length < room) blocks.push(section(p));
    if (c.rows && c.rows.length > 0 && blocks.length < room) {
      const table = sampleTable(c.rows);
      const [first] = codeChunks(table);
      if (table && first) blocks.push(section(first));
    }
  }
  if (v.checks.length === 0) blocks.push(section('_No checks were run._'));
  if (actionable)
    blocks.push({
      type: 'actions',
      block_id: VERIFICATION_ACTIONS_BLOCK,
      elements: [
        {
          type: 'button',
          action_id: CHECK_AGAIN_ACTION,
          text: { type: 'plain_text', text: 'Check again', emoji: true },
          value: recheckValue(v.pipelineId),
        },
      ],
    });
  return blocks.slice(0, LIMITS.messageBlocks);
}
