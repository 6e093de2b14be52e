/** A channel-neutral BotMessage as HTML for the local chat: text, progress, plan card, result, checks, error. */
import type { BotMessage, PlanView, ResultView, TrustSteps } from '../../bot/core/messages.js';
import { changeText, kindLabel, statusBadge, timeTag } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { inferredBlock, verificationCard } from './verification.js';

/** Paragraphs and line breaks of plain text, everything escaped. */
function textBlock(text: string): SafeHtml {
  const paragraphs = text.split(/\n{2,}/);
  return html`${paragraphs.map((p) => html`<p>${p.split('\n').map((line, i) => (i === 0 ? html`${line}` : html`<br>${line}`))}</p>`)}`;
}

function planCard(plan: PlanView, actionable: boolean): SafeHtml {
  const open = actionable && plan.status === 'PROPOSED';
  const reasonId = `reason-${plan.pipelineId}`;
  return html`<div class="card plan" data-pipeline="${plan.pipelineId}">
  <h3>Plan <a href="/pipelines/${encodeURIComponent(plan.pipelineId)}"><code>${plan.pipelineId}</code></a> ${statusBadge(plan.status)}</h3>
  ${plan.note ? html`<p class="note">ℹ ${plan.note}</p>` : ''}
  ${plan.assumptions?.length ? html`<div class="assumptions"><p>Assumed (say so to change):</p><ul>${plan.assumptions.map((a) => html`<li>${a}</li>`)}</ul></div>` : ''}
  <p>${plan.summary}</p>
  <ol class="plan-statements">
    ${plan.statements.map(
      (s) => html`<li>
      <details>
        <summary>${kindLabel(s.kind)} <code>${s.name}</code> <span class="change change-${s.change}">${changeText(s.change)}</span>${s.unsafe ? html` <strong class="unsafe">replaces a live object</strong>` : ''}</summary>
        <pre class="sql"><code>${s.sql}</code></pre>
      </details>
      ${s.inferred ? inferredBlock(s.inferred) : ''}
      ${s.warnings.length ? html`<ul class="warnings">${s.warnings.map((w) => html`<li>⚠ ${w}</li>`)}</ul>` : ''}
    </li>`,
    )}
  </ol>
  ${
    plan.decision
      ? html`<p class="decision">${plan.decision.verb === 'approved' ? 'Approved' : plan.decision.verb === 'rejected' ? 'Rejected' : 'Expired'}${plan.decision.by ? html` by ${plan.decision.by}` : ''} ${timeTag(plan.decision.at)}${plan.decision.reason ? html`: ${plan.decision.reason}` : ''}</p>`
      : html`<p class="muted">Requested by ${plan.requestedBy}; approve before ${timeTag(plan.expiresAt)}.</p>`
  }
  ${
    open
      ? html`<div class="decide" role="group" aria-label="Decide plan ${plan.pipelineId}">
    <button type="button" class="approve" data-verb="approve" data-pipeline="${plan.pipelineId}" data-hash="${plan.hash}">Approve</button>
    <label for="${reasonId}" class="inline-label">Reason (for a rejection)</label>
    <input id="${reasonId}" class="reason" type="text" maxlength="500">
    <button type="button" class="reject secondary" data-verb="reject" data-pipeline="${plan.pipelineId}" data-hash="${plan.hash}">Reject</button>
  </div>`
      : ''
  }
</div>`;
}

function trustBlock(trust: TrustSteps): SafeHtml {
  const note = trust.local
    ? html`<p class="muted">Local mode: these are stand-ins, not real cloud values.</p>`
    : '';
  if (trust.provider === 'S3')
    return html`<div class="trust"><h4>Let Snowflake read the bucket</h4>${note}
<p>Trust this IAM user in your role: <code>${trust.iamUserArn}</code>, external id <code>${trust.externalId}</code>.</p>
<pre class="json"><code>${trust.policyJson}</code></pre></div>`;
  if (trust.provider === 'GCS')
    return html`<div class="trust"><h4>Let Snowflake read the bucket</h4>${note}
<p>Grant the service account <code>${trust.serviceAccount}</code> read access.</p></div>`;
  return html`<div class="trust"><h4>Let Snowflake read the container</h4>${note}
<p>Consent at <code>${trust.consentUrl}</code>, then give <code>${trust.appName}</code> the Storage Blob Data Reader role.</p></div>`;
}

function resultCard(r: ResultView): SafeHtml {
  return html`<div class="card result result-${r.status.toLowerCase()}">
  <h3>Pipeline <a href="/pipelines/${encodeURIComponent(r.pipelineId)}"><code>${r.pipelineId}</code></a> ${statusBadge(r.status)}</h3>
  <p>${r.message}</p>
  <ul class="steps">
    ${r.steps.map(
      (s) =>
        html`<li>${s.skipped ? '– skipped' : s.ok ? '✓' : '✗'} ${kindLabel(s.kind)} <code>${s.name}</code>${s.ms !== undefined ? html` <span class="ms">(${s.ms} ms)</span>` : ''}${s.error ? html`: <span class="error-text">${s.error.message}</span>` : ''}</li>`,
    )}
  </ul>
  ${r.compensation.length ? html`<p>Compensation:</p><ul class="compensation">${r.compensation.map((c) => html`<li>${c.action === 'restore' ? (c.ok ? '↩ restored the allowed locations of' : '✗ could not restore the allowed locations of') : c.ok ? '↩ dropped' : '✗ could not drop'} ${kindLabel(c.kind)} <code>${c.name}</code>${c.error ? html` — ${c.error}` : ''}</li>`)}</ul>` : ''}
  ${r.querySql ? html`<p>Query it: <code>${r.querySql}</code></p>` : ''}
  ${r.trust ? trustBlock(r.trust) : ''}
</div>`;
}

export function renderMessage(message: BotMessage): SafeHtml {
  switch (message.kind) {
    case 'text':
      return html`<div class="text">${textBlock(message.text)}</div>`;
    case 'progress':
      return html`<div class="progress"><p><strong>${message.title}</strong></p>${message.lines.length ? html`<ul>${message.lines.map((l) => html`<li>${l}</li>`)}</ul>` : ''}</div>`;
    case 'plan':
      return planCard(message.plan, message.actionable);
    case 'result':
      return resultCard(message.result);
    case 'verification':
      return verificationCard(message.verification, message.actionable);
    case 'error':
      return html`<div class="card error-card"><h3>${message.title}</h3>${textBlock(message.text)}${message.next ? html`<p class="next">${message.next}</p>` : ''}</div>`;
  }
}
