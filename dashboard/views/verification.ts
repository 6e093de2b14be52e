/**
 * The read-only checks after a pipeline succeeded, as HTML: the chat's verification card (with "Check again")
 * and the list of checks the detail page shows from the tracker's VERIFICATION column.
 */
import { cellText } from '../../bot/core/cellText.js';
import {
  checkLabel,
  type InferredColumns,
  inferredNote,
  type VerificationCheck,
  type VerificationView,
} from '../../bot/core/messages.js';
import { timeTag } from '../format.js';
import { html, type SafeHtml } from '../html.js';

/** A few columns, short cells: the sample proves rows arrive; the full value is in the cell's tooltip. */
export const SAMPLE_LIMITS = { rows: 5, columns: 12, cell: 60, title: 500 } as const;
const INFERRED_LIMITS = { files: 10, examples: 3, example: 40 } as const;

const CHECK_NAMES = new Set<string>(['list_stage', 'select_table', 'notification']);

function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function sampleTable(rows: Record<string, unknown>[]): SafeHtml {
  const shown = rows.slice(0, SAMPLE_LIMITS.rows);
  const names: string[] = [];
  for (const r of shown) for (const k of Object.keys(r)) if (!names.includes(k)) names.push(k);
  if (names.length === 0) return html``;
  const cols = names.slice(0, SAMPLE_LIMITS.columns);
  const hidden = names.length - cols.length;
  const cell = (v: unknown) => {
    const full = cellText(v, { keepLineBreaks: true });
    const short = cut(full, SAMPLE_LIMITS.cell);
    return html`<td${short !== full ? html` title="${cut(full, SAMPLE_LIMITS.title)}"` : ''}><code>${short}</code></td>`;
  };
  return html`<div class="table-wrap"><table class="sample">
  <caption>Sample rows (${shown.length}${rows.length > shown.length ? ` of ${rows.length}` : ''})${hidden > 0 ? `, ${hidden} more column(s) not shown` : ''}</caption>
  <thead><tr>${cols.map((c) => html`<th scope="col">${cut(c, SAMPLE_LIMITS.cell)}</th>`)}</tr></thead>
  <tbody>${shown.map((r) => html`<tr>${cols.map((c) => cell(r[c]))}</tr>`)}</tbody>
</table></div>`;
}

function checkItem(c: VerificationCheck): SafeHtml {
  return html`<li class="check ${c.ok ? 'check-ok' : 'check-failed'}">
  <p><span class="check-icon" aria-hidden="true">${c.ok ? '✓' : '✗'}</span> <strong>${checkLabel(c.name)}</strong> <span class="visually-hidden">${c.ok ? 'passed' : 'failed'}</span>: ${c.summary}</p>
  ${c.advice ? html`<p class="advice">${c.advice}</p>` : ''}
  ${c.rows?.length ? sampleTable(c.rows) : ''}
</li>`;
}

function checksList(checks: VerificationCheck[]): SafeHtml {
  if (checks.length === 0) return html`<p class="muted">No checks were run.</p>`;
  return html`<ul class="checks">${checks.map(checkItem)}</ul>`;
}

export function verificationCard(v: VerificationView, actionable: boolean): SafeHtml {
  return html`<div class="card verification ${v.ok ? 'verification-ok' : 'verification-attention'}" data-pipeline="${v.pipelineId}">
  <h3>Checks for <a href="/pipelines/${encodeURIComponent(v.pipelineId)}"><code>${v.pipelineId}</code></a> <span class="check-state">${v.ok ? '✓ all passed' : '⚠ needs attention'}</span></h3>
  <p class="muted">${v.tableName ? html`Table <code>${v.tableName}</code> · ` : ''}read-only checks run ${timeTag(v.checkedAt)}</p>
  ${checksList(v.checks)}
  ${actionable ? html`<div class="recheck-actions"><button type="button" class="secondary" data-recheck="${v.pipelineId}">Check again</button></div>` : ''}
</div>`;
}

/** The columns of an external table read from sample files, each marked inferred, with example values. */
export function inferredBlock(inf: InferredColumns): SafeHtml {
  const files = inf.files.slice(0, INFERRED_LIMITS.files);
  const more = inf.files.length - files.length;
  return html`<div class="inferred">
  <p>Columns <strong>inferred</strong> from ${inf.files.length} sample file(s): ${files.map((f, i) => html`${i ? ', ' : ''}<code>${f}</code>`)}${more > 0 ? ` and ${more} more` : ''}</p>
  <ul class="inferred-columns">${inf.columns.map(
    (c) =>
      html`<li><code>${c.name}</code> ${c.type} <em class="inferred-tag">(${inferredNote(c)})</em>${
        c.examples.length
          ? html` — e.g. ${c.examples
              .slice(0, INFERRED_LIMITS.examples)
              .map((e, i) => html`${i ? ', ' : ''}<code>${cut(e, INFERRED_LIMITS.example)}</code>`)}`
          : ''
      }</li>`,
  )}</ul>
</div>`;
}

/** The checks stored in the tracker's VERIFICATION column (`{ trust?, checks?, checkedAt? }`), read defensively. */
export function storedChecks(
  verification: unknown,
): { checks: VerificationCheck[]; checkedAt?: string } | null {
  if (!verification || typeof verification !== 'object') return null;
  const v = verification as { checks?: unknown; checkedAt?: unknown };
  if (!Array.isArray(v.checks)) return null;
  const checks: VerificationCheck[] = [];
  for (const raw of v.checks) {
    if (!raw || typeof raw !== 'object') continue;
    const c = raw as Record<string, unknown>;
    if (typeof c.name !== 'string' || !CHECK_NAMES.has(c.name)) continue;
    const check: VerificationCheck = {
      name: c.name as VerificationCheck['name'],
      ok: c.ok === true,
      summary: typeof c.summary === 'string' ? c.summary : '',
    };
    if (typeof c.advice === 'string' && c.advice) check.advice = c.advice;
    if (Array.isArray(c.rows))
      check.rows = c.rows.filter(
        (r): r is Record<string, unknown> => !!r && typeof r === 'object' && !Array.isArray(r),
      );
    checks.push(check);
  }
  return typeof v.checkedAt === 'string' ? { checks, checkedAt: v.checkedAt } : { checks };
}

export function checksSection(verification: unknown): SafeHtml {
  const stored = storedChecks(verification);
  if (!stored) return html``;
  const ok = stored.checks.every((c) => c.ok);
  return html`<section aria-labelledby="checks-heading">
<h2 id="checks-heading">Checks after apply</h2>
<p>${stored.checks.length === 0 ? '' : ok ? '✓ All checks passed' : '⚠ Something needs attention'}${stored.checkedAt ? html` (run ${timeTag(stored.checkedAt)})` : ''}. These read-only checks list the stage, read a few rows of the table and look at auto-refresh notifications.</p>
${checksList(stored.checks)}
</section>`;
}
