/** The dashboard chat's plan card and the pipeline page show what the agent assumed (issue 21), escaped. */
import { describe, expect, it } from 'vitest';
import type { PipelineRow } from '../../../bot/core/api.js';
import type { PlanView } from '../../../bot/core/messages.js';
import { detailBody } from '../../../dashboard/views/detail.js';
import { renderMessage } from '../../../dashboard/views/message.js';

const plan: PlanView = {
  pipelineId: 'P-0123456789ab',
  hash: 'a'.repeat(64),
  status: 'PROPOSED',
  requestedBy: 'local:alice',
  createdAt: '2026-11-25T10:00:00.000Z',
  expiresAt: '2026-11-26T10:00:00.000Z',
  summary: '3 statements to run',
  dataSourceType: 'S3',
  statements: [],
  assumptions: ['Assumed a header row — say "no header" to change.', 'Assumed <script>alert(1)</script>'],
};

describe('dashboard: stated assumptions', () => {
  it('the chat plan card lists them, HTML-escaped', () => {
    const out = renderMessage({ kind: 'plan', plan, actionable: true }).value;
    expect(out).toContain('<div class="assumptions"><p>Assumed (say so to change):</p><ul>');
    expect(out).toContain('<li>Assumed a header row — say &quot;no header&quot; to change.</li>');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).not.toContain('<script>');
  });

  it('the chat plan card has no assumptions block when nothing was assumed', () => {
    const { assumptions: _a, ...plain } = plan;
    expect(renderMessage({ kind: 'plan', plan: plain, actionable: true }).value).not.toContain('assumptions');
  });

  it('the pipeline page reads them from the recorded statements', () => {
    const row = {
      PIPELINE_ID: 'P-0123456789ab',
      STATUS: 'PROPOSED',
      CREATED_AT: '2026-11-25T10:00:00.000Z',
      UPDATED_AT: '2026-11-25T10:00:00.000Z',
      DDL_STATEMENTS: [
        {
          kind: 'FILE_FORMAT',
          name: 'F',
          sql: 'CREATE FILE FORMAT F TYPE = CSV SKIP_HEADER = 1',
          change: 'new',
          assumptions: ['Assumed a header row (the first line is skipped) — say "no header" to change.'],
        },
      ],
      EXECUTION_LOG: [],
    } as unknown as PipelineRow;
    const out = detailBody(row).value;
    expect(out).toContain(
      '<li>Assumed a header row (the first line is skipped) — say &quot;no header&quot; to change.</li>',
    );
  });
});
