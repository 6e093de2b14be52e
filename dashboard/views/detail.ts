/** `/pipelines/:id`: one pipeline — statements with their SQL and outcome, the log, compensation, trust, decision. */
import type { FeedbackEntry, PipelineRow } from '../../bot/core/api.js';
import type { PipelineDrift } from '../../bot/core/drift.js';
import { planView } from '../../bot/core/views.js';
import {
  type DropEntry,
  integrationFacts,
  type LogEntry,
  logOf,
  type StatementEntry,
  type StepEntry,
  statementsOf,
} from '../executionLog.js';
import { changeText, kindLabel, STATUS_INFO, type Status, statusBadge, timeTag } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { checksSection, storedChecks } from './verification.js';

const LIVE_STATUSES = new Set(['PROPOSED', 'EXECUTING']);

export function isLive(row: PipelineRow): boolean {
  return LIVE_STATUSES.has(row.STATUS);
}

function dlRow(term: string, value: SafeHtml | string | null | undefined): SafeHtml {
  if (value === null || value === undefined || value === '') return html``;
  return html`<dt>${term}</dt><dd>${value}</dd>`;
}

function outcome(step: StepEntry | undefined, status: string): SafeHtml {
  if (!step) {
    const why =
      status === 'PROPOSED'
        ? 'not run yet'
        : status === 'FAILED'
          ? 'not run (an earlier statement failed)'
          : 'not run';
    return html`<span class="outcome outcome-none">${why}</span>`;
  }
  if (step.skipped)
    return html`<span class="outcome outcome-skipped">skipped (already existed, identical)</span>`;
  const ms = step.ms !== null ? html` in <span class="ms">${step.ms} ms</span>` : '';
  if (step.ok) return html`<span class="outcome outcome-ok">✓ succeeded${ms}</span>`;
  return html`<span class="outcome outcome-failed">✗ failed${ms}</span>`;
}

function errorText(error: StepEntry['error']): SafeHtml {
  if (!error) return html``;
  const code = [error.code, error.state].filter(Boolean).join(' / ');
  return html`<p class="error-text" role="note"><strong>Error${code ? html` <code>${code}</code>` : ''}:</strong> ${error.message}</p>`;
}

function statementSection(s: StatementEntry, step: StepEntry | undefined, status: string): SafeHtml {
  const id = `statement-${s.index + 1}`;
  return html`<article class="statement" aria-labelledby="${id}">
  <h3 id="${id}">${s.index + 1}. ${kindLabel(s.kind)} <code>${s.name}</code></h3>
  <p class="tags"><span class="change change-${s.change}">${changeText(s.change)}</span> ${outcome(step, status)}</p>
  ${errorText(step?.error ?? null)}
  ${s.warnings.length ? html`<ul class="warnings">${s.warnings.map((w) => html`<li>⚠ ${w}</li>`)}</ul>` : ''}
  <pre class="sql"><code>${s.sql}</code></pre>
</article>`;
}

function logTable(entries: LogEntry[]): SafeHtml {
  if (entries.length === 0) return html`<p class="muted">Nothing has run yet.</p>`;
  const rows = entries.map((e, i) => {
    if (e.type === 'step')
      return html`<tr>
  <td>${i + 1}</td><td>run statement ${e.index + 1}</td><td>${kindLabel(e.kind)}</td><td><code>${e.name}</code></td>
  <td>${timeTag(e.startedAt)}</td><td>${e.ms ?? ''}</td>
  <td>${e.skipped ? 'skipped' : e.ok ? 'ok' : 'failed'}${e.error ? html`: ${e.error.message}` : ''}</td>
  <td>${e.queryId ? html`<code>${e.queryId}</code>` : ''}</td>
</tr>`;
    if (e.type === 'drop')
      return html`<tr>
  <td>${i + 1}</td><td>compensate (${e.restore ? 'restore' : 'drop'})</td><td>${kindLabel(e.kind)}</td><td><code>${e.name}</code></td>
  <td></td><td></td><td>${e.restore ? (e.ok ? 'allowed locations restored' : 'restore failed') : e.ok ? 'dropped' : 'drop failed'}${e.error ? html`: ${e.error.message}` : ''}</td><td></td>
</tr>`;
    if (e.type === 'refuse')
      return html`<tr><td>${i + 1}</td><td>refused</td><td colspan="6">${e.reason}: ${e.message}</td></tr>`;
    return html`<tr><td>${i + 1}</td><td>other</td><td colspan="6"><code>${e.json}</code></td></tr>`;
  });
  return html`<div class="table-wrap"><table class="log">
  <caption class="visually-hidden">Execution log, in order</caption>
  <thead><tr><th scope="col">#</th><th scope="col">Action</th><th scope="col">Kind</th><th scope="col">Name</th>
  <th scope="col">Started</th><th scope="col">ms</th><th scope="col">Outcome</th><th scope="col">Query id</th></tr></thead>
  <tbody>${rows}</tbody>
</table></div>`;
}

function compensationSection(row: PipelineRow, drops: DropEntry[]): SafeHtml {
  if (row.STATUS !== 'FAILED' && drops.length === 0) return html``;
  return html`<section aria-labelledby="compensation-heading">
<h2 id="compensation-heading">Compensation</h2>
${
  drops.length === 0
    ? html`<p>Nothing was dropped: this run had created no object before the failure.</p>`
    : html`<p>After the failure, the objects this run had created were dropped again:</p>
<ul class="compensation">${drops.map(
        (d) =>
          html`<li>${d.restore ? (d.ok ? '↩ restored the allowed locations of' : '✗ could not restore') : d.ok ? '↩ dropped' : '✗ could not drop'} ${kindLabel(d.kind)} <code>${d.name}</code>${d.error ? html` — ${d.error.message}` : ''}
<pre class="sql"><code>${d.sql}</code></pre></li>`,
      )}</ul>`
}
</section>`;
}

function trustSection(row: PipelineRow, statements: StatementEntry[]): SafeHtml {
  const integration = statements.find((s) => s.kind === 'STORAGE_INTEGRATION');
  if (!row.INTEGRATION_NAME || !integration || row.STATUS !== 'SUCCESS') return html``;
  const facts = integrationFacts(integration.sql);
  const provider = (row.DATA_SOURCE_TYPE ?? '').toUpperCase();
  const next = provider.startsWith('S3')
    ? html`Run <code>DESC INTEGRATION ${row.INTEGRATION_NAME}</code> and copy <code>STORAGE_AWS_IAM_USER_ARN</code> and
<code>STORAGE_AWS_EXTERNAL_ID</code> into the trust policy of the IAM role above (principal = that user, condition
<code>sts:ExternalId</code> = that id).`
    : provider === 'GCS'
      ? html`Run <code>DESC INTEGRATION ${row.INTEGRATION_NAME}</code> and grant <code>STORAGE_GCP_SERVICE_ACCOUNT</code> read access to the bucket.`
      : provider === 'AZURE'
        ? html`Run <code>DESC INTEGRATION ${row.INTEGRATION_NAME}</code>, open <code>AZURE_CONSENT_URL</code> to consent, and give
<code>AZURE_MULTI_TENANT_APP_NAME</code> the Storage Blob Data Reader role on the container.`
        : html`Run <code>DESC INTEGRATION ${row.INTEGRATION_NAME}</code> for the cloud-side values.`;
  const stored = storedTrust(row);
  if (stored) return storedTrustSection(row, stored, facts);
  return html`<section aria-labelledby="trust-heading">
<h2 id="trust-heading">Cloud trust steps</h2>
<p>Snowflake can read the files once the cloud side trusts the integration <code>${row.INTEGRATION_NAME}</code>.
The tracker keeps what the plan said; the values Snowflake generates are read with DESC INTEGRATION (the chat thread showed them when the plan ran).</p>
${facts.length ? html`<dl class="facts">${facts.map((f) => dlRow(f.label, html`<code>${f.value}</code>`))}</dl>` : ''}
<p>${next}</p>
</section>`;
}

interface StoredTrust {
  provider: string;
  local?: boolean;
  iamUserArn?: string;
  externalId?: string;
  policyJson?: string;
  serviceAccount?: string;
  consentUrl?: string;
  appName?: string;
}

/** The cloud-side values the bot read with DESC INTEGRATION when the plan ran (VERIFICATION.trust). */
function storedTrust(row: PipelineRow): StoredTrust | undefined {
  const v = row.VERIFICATION as { trust?: StoredTrust } | null;
  return v && typeof v === 'object' && v.trust && typeof v.trust.provider === 'string' ? v.trust : undefined;
}

function storedTrustSection(
  row: PipelineRow,
  t: StoredTrust,
  facts: ReturnType<typeof integrationFacts>,
): SafeHtml {
  const local = t.local
    ? html`<p>These are the embedded warehouse's local stand-ins, not real cloud values.</p>`
    : '';
  const body =
    t.provider === 'S3'
      ? html`<dl class="facts">${dlRow('STORAGE_AWS_IAM_USER_ARN', html`<code>${t.iamUserArn ?? ''}</code>`)}${dlRow('STORAGE_AWS_EXTERNAL_ID', html`<code>${t.externalId ?? ''}</code>`)}</dl>
<p>Put this trust policy on the IAM role the integration assumes:</p>
<pre class="json"><code>${t.policyJson ?? ''}</code></pre>`
      : t.provider === 'GCS'
        ? html`<p>Grant this service account read access (storage.objects.get and list) on the bucket:</p><p><code>${t.serviceAccount ?? ''}</code></p>`
        : html`<p>An Azure administrator opens the consent URL, then gives the app the Storage Blob Data Reader role on the container.</p>
<dl class="facts">${dlRow('AZURE_CONSENT_URL', html`<code>${t.consentUrl ?? ''}</code>`)}${dlRow('AZURE_MULTI_TENANT_APP_NAME', html`<code>${t.appName ?? ''}</code>`)}</dl>`;
  return html`<section aria-labelledby="trust-heading">
<h2 id="trust-heading">Cloud trust steps</h2>
<p>Snowflake can read the files once the cloud side trusts the integration <code>${row.INTEGRATION_NAME}</code>.</p>
${facts.length ? html`<dl class="facts">${facts.map((f) => dlRow(f.label, html`<code>${f.value}</code>`))}</dl>` : ''}
${local}${body}
</section>`;
}

function jsonSection(title: string, id: string, value: unknown): SafeHtml {
  if (value === null || value === undefined) return html``;
  return html`<section aria-labelledby="${id}">
<h2 id="${id}">${title}</h2>
<pre class="json"><code>${JSON.stringify(value, null, 2)}</code></pre>
</section>`;
}

/** Whether the objects still match what the run created (cached reads of one refresh interval). */
function driftSection(drift: PipelineDrift | undefined): SafeHtml {
  if (!drift) return html``;
  return html`<section aria-labelledby="drift-heading">
<h2 id="drift-heading">Drift</h2>
${
  drift.drifted
    ? html`<div class="callout callout-failed" role="alert"><p><strong>Drifted:</strong> the objects no longer match what this pipeline created.</p></div>`
    : html`<p>No drift: every object exists as this pipeline created it.</p>`
}
<ul class="drift-objects">${drift.objects.map(
    (o) =>
      html`<li class="${o.state === 'ok' || o.state === 'superseded' ? '' : 'drift'}"><strong>${o.state}</strong> — ${o.detail}</li>`,
  )}</ul>
<p class="muted">Checked ${timeTag(drift.checkedAt)}; read at most once per refresh interval for all viewers.</p>
</section>`;
}

/** What the agent assumed instead of asking, as recorded with the plan. */
function assumedBlock(row: PipelineRow): SafeHtml | string {
  const assumed = planView(row).assumptions ?? [];
  return assumed.length
    ? html`<div class="assumptions"><p>Assumed (say so in the thread to change):</p><ul>${assumed.map((a) => html`<li>${a}</li>`)}</ul></div>`
    : '';
}

/** Thumbs up / down given on the agent's answers in the pipeline's thread: counts, then who and when. */
function feedbackRow(feedback: readonly FeedbackEntry[]): SafeHtml | string {
  if (feedback.length === 0) return '';
  const up = feedback.filter((f) => f.rating === 'up').length;
  const down = feedback.length - up;
  const latest = feedback.slice(-5).reverse();
  return dlRow(
    'Answer feedback',
    html`<span data-feedback-up="${String(up)}" data-feedback-down="${String(down)}">👍 ${String(up)} · 👎 ${String(down)}</span>
<ul class="feedback">${latest.map((f) => html`<li>${f.rating === 'up' ? '👍' : '👎'} ${f.by} ${timeTag(f.at)}</li>`)}</ul>`,
  );
}

export function detailBody(
  row: PipelineRow,
  drift?: PipelineDrift,
  feedback: readonly FeedbackEntry[] = [],
): SafeHtml {
  const statements = statementsOf(row);
  const log = logOf(row);
  const steps = log.filter((e): e is StepEntry => e.type === 'step');
  const drops = log.filter((e): e is DropEntry => e.type === 'drop');
  const refusal = log.find((e) => e.type === 'refuse');
  const failedStep = steps.find((s) => !s.ok && !s.skipped);
  const info = STATUS_INFO[row.STATUS as Status];
  return html`<p class="crumbs"><a href="/">← All pipelines</a></p>
<div data-live id="pipeline">
<h1>Pipeline <code>${row.PIPELINE_ID}</code></h1>
<p class="status-line">${statusBadge(row.STATUS)} ${info ? html`<span>${info.description}</span>` : ''}</p>
${
  failedStep
    ? html`<div class="callout callout-failed" role="alert"><p><strong>Statement ${failedStep.index + 1} (${kindLabel(failedStep.kind)} <code>${failedStep.name}</code>) failed:</strong> ${failedStep.error?.message ?? 'no message recorded'}</p></div>`
    : ''
}
${refusal && refusal.type === 'refuse' ? html`<div class="callout callout-failed" role="alert"><p><strong>Refused before running (${refusal.reason}):</strong> ${refusal.message}</p></div>` : ''}
<section aria-labelledby="summary-heading">
<h2 id="summary-heading">Summary</h2>
<dl class="facts">
  ${dlRow('Status', html`${row.STATUS}${info ? html` — ${info.label.toLowerCase()}` : ''}`)}
  ${dlRow('Data source', row.DATA_SOURCE_TYPE)}
  ${dlRow('Storage integration', row.INTEGRATION_NAME ? html`<code>${row.INTEGRATION_NAME}</code>` : null)}
  ${dlRow('File format', row.FILE_FORMAT_NAME ? html`<code>${row.FILE_FORMAT_NAME}</code>` : null)}
  ${dlRow('Stage', row.STAGE_NAME ? html`<code>${row.STAGE_NAME}</code>` : null)}
  ${dlRow('External table', row.TABLE_NAME ? html`<code>${row.TABLE_NAME}</code>` : null)}
  ${dlRow('Requested by', row.REQUESTED_BY)}
  ${dlRow('Created', timeTag(row.CREATED_AT))}
  ${row.STATUS === 'PROPOSED' ? dlRow('Approve before', timeTag(row.EXPIRES_AT)) : ''}
  ${dlRow('Channel', row.CHANNEL ? `${row.CHANNEL}${row.THREAD_REF ? ` (thread ${row.THREAD_REF})` : ''}` : null)}
  ${dlRow('Plan hash', row.PLAN_HASH ? html`<code class="hash">${row.PLAN_HASH}</code>` : null)}
  ${feedbackRow(feedback)}
  ${dlRow('Last update', timeTag(row.UPDATED_AT))}
</dl>
</section>
${driftSection(drift)}
<section aria-labelledby="decision-heading">
<h2 id="decision-heading">Decision</h2>
${
  row.STATUS === 'PROPOSED'
    ? html`<p>Waiting for an approver. Approve it in the thread it was proposed in${row.CHANNEL === 'local' ? html` (<a href="/chat?thread=${encodeURIComponent(row.THREAD_REF ?? '')}">open the chat thread</a>)` : ''}.</p>`
    : html`<dl class="facts">
  ${dlRow('Approved by', row.APPROVED_BY)}
  ${dlRow('Rejected by', row.REJECTED_BY)}
  ${dlRow('Decided', row.DECIDED_AT ? timeTag(row.DECIDED_AT) : null)}
  ${dlRow(row.STATUS === 'EXPIRED' ? 'Why it expired' : 'Reason', row.DECISION_REASON)}
</dl>`
}
</section>
<section aria-labelledby="statements-heading">
<h2 id="statements-heading">Statements</h2>
${assumedBlock(row)}
${
  statements.length
    ? statements.map((s) =>
        statementSection(
          s,
          steps.find((st) => st.index === s.index),
          row.STATUS,
        ),
      )
    : html`<p class="muted">This row holds no statements.</p>`
}
</section>
${compensationSection(row, drops)}
<section aria-labelledby="log-heading">
<h2 id="log-heading">Execution log</h2>
${logTable(log)}
</section>
${trustSection(row, statements)}
${checksSection(row.VERIFICATION)}
${storedTrust(row) || storedChecks(row.VERIFICATION) ? '' : jsonSection('Verification', 'verification-heading', row.VERIFICATION)}
${jsonSection('Agent usage', 'usage-heading', row.AGENT_USAGE)}
</div>`;
}
