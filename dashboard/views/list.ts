/** `/`: the tracker as a table with filters, server-side pagination and a live results region. */
import type { PipelinePage, PipelineRow } from '../../bot/core/api.js';
import { driftLine, type PipelineDrift } from '../../bot/core/drift.js';
import { formatTime, plural, STATUS_INFO, STATUSES, statusBadge, timeTag } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { DEFAULT_LIMIT, type ListQuery, queryString } from '../query.js';

function filterForm(query: ListQuery): SafeHtml {
  return html`<form class="filters" method="get" action="/" role="search" aria-label="Filter pipelines">
  <div class="field">
    <label for="status">Status</label>
    <select id="status" name="status">
      <option value="">All statuses</option>
      ${STATUSES.map(
        (s) =>
          html`<option value="${s}"${query.status === s ? html` selected` : ''}>${STATUS_INFO[s].label} (${s})</option>`,
      )}
    </select>
  </div>
  <div class="field grow">
    <label for="q">Search</label>
    <input id="q" name="q" type="search" value="${query.q ?? ''}" maxlength="200"
      placeholder="id, object name, source, requester" autocomplete="off">
  </div>
  ${query.limit !== DEFAULT_LIMIT ? html`<input type="hidden" name="limit" value="${query.limit}">` : ''}
  <div class="actions">
    <button type="submit">Apply filters</button>
    <a class="button secondary" href="/">Clear</a>
  </div>
</form>`;
}

function objects(row: PipelineRow): SafeHtml {
  const items = [
    ['Integration', row.INTEGRATION_NAME],
    ['Format', row.FILE_FORMAT_NAME],
    ['Stage', row.STAGE_NAME],
    ['Table', row.TABLE_NAME],
  ].filter((pair): pair is [string, string] => Boolean(pair[1]));
  if (items.length === 0) return html`<span class="muted">none</span>`;
  return html`<ul class="objects">${items.map(([k, v]) => html`<li><span class="muted">${k}:</span> <code>${v}</code></li>`)}</ul>`;
}

function decidedBy(row: PipelineRow): SafeHtml {
  if (row.APPROVED_BY) return html`approved by ${row.APPROVED_BY}`;
  if (row.REJECTED_BY) return html`rejected by ${row.REJECTED_BY}`;
  if (row.STATUS === 'EXPIRED') return html`expired`;
  return html`<span class="muted">—</span>`;
}

function pageLink(query: ListQuery, offset: number): string {
  const qs = queryString({ ...query, offset });
  return qs ? `/?${qs}` : '/';
}

function pagination(query: ListQuery, total: number): SafeHtml {
  const pages = Math.max(1, Math.ceil(total / query.limit));
  const current = Math.floor(query.offset / query.limit) + 1;
  const prev = query.offset > 0 ? Math.max(0, query.offset - query.limit) : null;
  const next = query.offset + query.limit < total ? query.offset + query.limit : null;
  const last = (pages - 1) * query.limit;
  return html`<nav class="pagination" aria-label="Pages">
  ${query.offset > 0 ? html`<a href="${pageLink(query, 0)}">First</a>` : html`<span class="disabled" aria-hidden="true">First</span>`}
  ${prev !== null ? html`<a href="${pageLink(query, prev)}" rel="prev">Previous</a>` : html`<span class="disabled" aria-hidden="true">Previous</span>`}
  <span class="page-of">Page ${current.toLocaleString('en-US')} of ${pages.toLocaleString('en-US')}</span>
  ${next !== null ? html`<a href="${pageLink(query, next)}" rel="next">Next</a>` : html`<span class="disabled" aria-hidden="true">Next</span>`}
  ${next !== null ? html`<a href="${pageLink(query, last)}">Last</a>` : html`<span class="disabled" aria-hidden="true">Last</span>`}
</nav>`;
}

function resultsRegion(
  page: PipelinePage,
  query: ListQuery,
  loadedAt: number,
  drift: Record<string, PipelineDrift> = {},
): SafeHtml {
  const from = page.rows.length ? query.offset + 1 : 0;
  const to = query.offset + page.rows.length;
  const filtered = Boolean(query.status || query.q);
  const summary =
    page.total === 0
      ? filtered
        ? 'No pipeline matches these filters.'
        : 'No pipelines yet. Start one in the chat or with Quick Setup.'
      : `Showing ${from.toLocaleString('en-US')}–${to.toLocaleString('en-US')} of ${plural(page.total, 'pipeline')}${filtered ? ' matching the filters' : ''}.`;
  const loaded = new Date(loadedAt).toISOString();
  return html`<section id="results" data-live aria-labelledby="results-heading">
<h2 id="results-heading" class="visually-hidden">Results</h2>
<p class="summary" id="results-summary">${summary} <span class="muted">Updated <time datetime="${loaded}">${formatTime(loaded)}</time>.</span></p>
${
  page.rows.length
    ? html`<div class="table-wrap">
<table class="pipelines">
  <caption class="visually-hidden">Pipelines, newest first</caption>
  <thead>
    <tr>
      <th scope="col">Pipeline</th>
      <th scope="col">Status</th>
      <th scope="col">Data source</th>
      <th scope="col">Created objects</th>
      <th scope="col">Requested by</th>
      <th scope="col">Decision</th>
      <th scope="col">Created</th>
      <th scope="col">Updated</th>
    </tr>
  </thead>
  <tbody>
  ${page.rows.map(
    (row) => html`<tr>
      <th scope="row" class="id"><a href="/pipelines/${encodeURIComponent(row.PIPELINE_ID)}">${row.PIPELINE_ID}</a></th>
      <td>${statusBadge(row.STATUS)}${drift[row.PIPELINE_ID]?.drifted ? html` <span class="drift" title="${driftLine(drift[row.PIPELINE_ID])}">⚠ drifted</span>` : ''}</td>
      <td>${row.DATA_SOURCE_TYPE ?? html`<span class="muted">—</span>`}</td>
      <td>${objects(row)}</td>
      <td>${row.REQUESTED_BY ?? html`<span class="muted">—</span>`}</td>
      <td>${decidedBy(row)}</td>
      <td>${timeTag(row.CREATED_AT)}</td>
      <td>${timeTag(row.DECIDED_AT && row.UPDATED_AT && row.UPDATED_AT > row.DECIDED_AT ? row.UPDATED_AT : (row.DECIDED_AT ?? row.UPDATED_AT))}</td>
    </tr>`,
  )}
  </tbody>
</table>
</div>`
    : ''
}
${page.total > query.limit || query.offset > 0 ? pagination(query, page.total) : ''}
</section>`;
}

export function listBody(
  page: PipelinePage,
  query: ListQuery,
  loadedAt: number,
  refreshMs: number,
  drift: Record<string, PipelineDrift> = {},
): SafeHtml {
  return html`<h1>Pipelines</h1>
<p class="lead">Every pipeline the bot proposed, with its state in the tracker. This list refreshes itself every ${plural(Math.max(1, Math.round(refreshMs / 1000)), 'second')}.</p>
${filterForm(query)}
${resultsRegion(page, query, loadedAt, drift)}
<p class="live-status muted" id="live-status" role="status" aria-live="polite"></p>`;
}
