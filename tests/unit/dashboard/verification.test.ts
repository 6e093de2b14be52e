import { describe, expect, it } from 'vitest';
import type { PipelineRow } from '../../../bot/core/api.js';
import type { PlanView, VerificationView } from '../../../bot/core/messages.js';
import { detailBody } from '../../../dashboard/views/detail.js';
import { renderMessage } from '../../../dashboard/views/message.js';
import { SAMPLE_LIMITS, storedChecks } from '../../../dashboard/views/verification.js';

const v: VerificationView = {
  pipelineId: 'P-0123456789ab',
  tableName: 'LEILA_APP.PUBLIC.SALES_EXT',
  checkedAt: '2026-11-25T10:00:00.000Z',
  ok: false,
  checks: [
    { name: 'list_stage', ok: true, summary: '3 files' },
    {
      name: 'select_table',
      ok: true,
      summary: '2 rows',
      rows: [
        { ID: 1, NOTE: null, WIDE: 'w'.repeat(200) },
        { ID: 2, NOTE: { a: 1 }, WIDE: 'short' },
      ],
    },
    { name: 'notification', ok: false, summary: 'not set up', advice: 'Create the SQS notification.' },
  ],
};

describe('dashboard chat: verification message', () => {
  it('lists each check with ✓/✗, advice and the sample rows; Check again only when actionable', () => {
    const out = renderMessage({ kind: 'verification', verification: v, actionable: true }).value;
    expect(out).toContain('<strong>files in the stage</strong>');
    expect(out).toMatch(/check-failed[\s\S]*auto-refresh notifications[\s\S]*not set up/);
    expect(out).toContain('<p class="advice">Create the SQS notification.</p>');
    expect(out).toContain('<th scope="col">ID</th><th scope="col">NOTE</th><th scope="col">WIDE</th>');
    expect(out).toContain('<code>NULL</code>');
    expect(out).toContain('<code>{&quot;a&quot;:1}</code>');
    // A wide value is cut in the cell and kept whole in its tooltip.
    expect(out).toContain(`<code>${'w'.repeat(SAMPLE_LIMITS.cell - 1)}…</code>`);
    expect(out).toContain(`title="${'w'.repeat(200)}"`);
    expect(out).toContain(
      '<button type="button" class="secondary" data-recheck="P-0123456789ab">Check again</button>',
    );
    expect(out).toContain('⚠ needs attention');
    const closed = renderMessage({
      kind: 'verification',
      verification: { ...v, ok: true },
      actionable: false,
    }).value;
    expect(closed).not.toContain('data-recheck');
    expect(closed).toContain('✓ all passed');
  });

  it('plan card: the note and each inferred column with its sample files and examples', () => {
    const plan: PlanView = {
      pipelineId: 'P-1',
      hash: 'h',
      status: 'PROPOSED',
      requestedBy: 'local:alice',
      createdAt: '2026-01-01T00:00:00Z',
      expiresAt: '2026-01-02T00:00:00Z',
      summary: 's',
      dataSourceType: 'S3',
      note: 'Step 1 of 2: access objects first.',
      statements: [
        {
          kind: 'EXTERNAL_TABLE',
          name: 'T',
          sql: 'CREATE EXTERNAL TABLE T',
          change: 'new',
          unsafe: false,
          warnings: [],
          inferred: {
            files: ['sales/01.csv'],
            columns: [{ name: 'ID', type: 'NUMBER', examples: ['1', '2', '3', '4'] }],
          },
        },
      ],
    };
    const out = renderMessage({ kind: 'plan', plan, actionable: true }).value;
    expect(out).toContain('<p class="note">ℹ Step 1 of 2: access objects first.</p>');
    expect(out).toContain('from 1 sample file(s): <code>sales/01.csv</code>');
    expect(out).toContain(
      '<li><code>ID</code> NUMBER <em class="inferred-tag">(inferred)</em> — e.g. <code>1</code>, <code>2</code>, <code>3</code></li>',
    );
  });
});

describe('detail page: checks after apply', () => {
  const row = (verification: unknown): PipelineRow => ({
    PIPELINE_ID: 'P-1',
    CREATED_AT: '2026-01-01T00:00:00Z',
    DATA_SOURCE_TYPE: 'S3',
    INTEGRATION_NAME: null,
    STAGE_NAME: null,
    FILE_FORMAT_NAME: null,
    TABLE_NAME: 'T',
    STATUS: 'SUCCESS',
    DDL_STATEMENTS: [],
    EXECUTION_LOG: [],
    REQUESTED_BY: 'local:a',
    APPROVED_BY: 'local:b',
    REJECTED_BY: null,
    DECISION_REASON: null,
    DECIDED_AT: null,
    CHANNEL: 'local',
    THREAD_REF: 't1',
    PLAN_HASH: 'h',
    EXPIRES_AT: null,
    UPDATED_AT: null,
    AGENT_USAGE: null,
    VERIFICATION: verification,
  });

  it('shows VERIFICATION.checks as a section instead of raw JSON', () => {
    const out = detailBody(row({ checks: v.checks, checkedAt: v.checkedAt })).value;
    expect(out).toContain('<h2 id="checks-heading">Checks after apply</h2>');
    expect(out).toContain('⚠ Something needs attention');
    expect(out).toContain('datetime="2026-11-25T10:00:00.000Z"');
    expect(out).toContain('Create the SQS notification.');
    expect(out).not.toContain('verification-heading');
  });

  it('reads the column defensively and keeps raw JSON for shapes it does not know', () => {
    expect(
      storedChecks({ checks: [{ name: 'drop_table', ok: true }, null, { name: 'list_stage', ok: 'yes' }] }),
    ).toEqual({
      checks: [{ name: 'list_stage', ok: false, summary: '' }],
    });
    expect(storedChecks('nope')).toBeNull();
    const other = detailBody(row({ something: 1 })).value;
    expect(other).not.toContain('Checks after apply');
    expect(other).toContain('verification-heading');
  });
});
