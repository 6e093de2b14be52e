/**
 * The read-only checks after a pipeline succeeded, as an Adaptive Card: ✓/✗ per check with its summary and
 * advice, the sample rows as a Table (a monospace text table where Table is unknown), and — while the checks can
 * be run again — "Check again" as a Universal Action (verb `recheck`, data `{pipelineId}`).
 */

import { cellText } from '../../../bot/core/cellText.js';
import type { VerificationCheck, VerificationView } from '../../../bot/core/messages.js';
import { checkLabel } from '../../../bot/core/messages.js';
import { type AdaptiveCard, type CardElement, card, clip, container, text } from './elements.js';

export const VERB_RECHECK = 'recheck';

/** A few columns, short cells: the sample shows that rows arrive, it is not a data browser. */
export const SAMPLE_LIMITS = { rows: 5, columns: 8, cell: 40 } as const;

export interface RecheckData {
  pipelineId: string;
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** Columns and cells of the sample, within the limits; `hidden` counts the columns left out. */
export function sampleGrid(rows: Record<string, unknown>[]): {
  columns: string[];
  cells: string[][];
  hidden: number;
} {
  const shown = rows.slice(0, SAMPLE_LIMITS.rows);
  const names: string[] = [];
  for (const r of shown) for (const k of Object.keys(r)) if (!names.includes(k)) names.push(k);
  const columns = names.slice(0, SAMPLE_LIMITS.columns);
  return {
    columns: columns.map((c) => cut(c, SAMPLE_LIMITS.cell)),
    cells: shown.map((r) => columns.map((c) => cut(cellText(r[c]), SAMPLE_LIMITS.cell))),
    hidden: names.length - columns.length,
  };
}

function sampleBlock(rows: Record<string, unknown>[]): CardElement[] {
  const g = sampleGrid(rows);
  if (g.columns.length === 0) return [];
  const cell = (value: string, bold = false): CardElement => ({
    type: 'TableCell',
    items: [
      { type: 'TextBlock', text: value, wrap: true, size: 'Small', ...(bold ? { weight: 'Bolder' } : {}) },
    ],
  });
  const widths = g.columns.map((c, i) => Math.max(c.length, ...g.cells.map((r) => r[i]?.length ?? 0)));
  const plain = [g.columns, ...g.cells]
    .map((r) => r.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | '))
    .join('\n');
  const out: CardElement[] = [
    {
      type: 'Table',
      gridStyle: 'accent',
      firstRowAsHeader: true,
      showGridLines: true,
      columns: g.columns.map(() => ({ width: 1 })),
      rows: [
        { type: 'TableRow', cells: g.columns.map((c) => cell(c, true)) },
        ...g.cells.map((r) => ({ type: 'TableRow', cells: r.map((v) => cell(v)) })),
      ],
      fallback: text(plain, { monospace: true }),
    },
  ];
  if (g.hidden > 0)
    out.push(text(`(+${g.hidden} more columns not shown)`, { subtle: true, spacing: 'Small' }));
  return out;
}

function checkBlock(c: VerificationCheck): CardElement {
  const items: CardElement[] = [
    text(`${c.ok ? '✓' : '✗'} ${checkLabel(c.name)}: ${clip(c.summary, 1_000)}`, {
      weight: 'Bolder',
      color: c.ok ? 'Good' : 'Attention',
    }),
  ];
  if (c.advice) items.push(text(clip(c.advice, 2_000), { spacing: 'Small' }));
  if (c.rows?.length) items.push(...sampleBlock(c.rows));
  return container(items, { separator: true });
}

export function verificationCard(v: VerificationView, actionable: boolean): AdaptiveCard {
  const body: CardElement[] = [
    text(`${v.ok ? '✅ Checks passed' : '⚠ Checks need attention'} — pipeline ${v.pipelineId}`, {
      weight: 'Bolder',
      size: 'Medium',
      color: v.ok ? 'Good' : 'Warning',
    }),
    text(`${v.tableName ? `Table ${v.tableName} · ` : ''}read-only checks run at ${v.checkedAt}`, {
      subtle: true,
      spacing: 'None',
    }),
    ...v.checks.map(checkBlock),
  ];
  if (v.checks.length === 0) body.push(text('No checks were run.', { subtle: true }));
  const extra: Partial<AdaptiveCard> = {
    fallbackText: `Checks for pipeline ${v.pipelineId}: ${v.ok ? 'all passed' : 'something needs attention'}`,
  };
  if (actionable) {
    const data: RecheckData = { pipelineId: v.pipelineId };
    extra.actions = [{ type: 'Action.Execute', title: 'Check again', verb: VERB_RECHECK, data }];
  }
  return card(body, extra);
}
