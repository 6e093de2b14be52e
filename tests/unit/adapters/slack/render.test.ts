import { describe, expect, it } from 'vitest';
import { codeChunks, escapeMrkdwn, textChunks } from '../../../../adapters/slack/blocks/limits.js';
import { renderMessage } from '../../../../adapters/slack/blocks/message.js';
import {
  APPROVE_ACTION,
  parseDecisionValue,
  REJECT_ACTION,
} from '../../../../adapters/slack/blocks/planBlocks.js';
import type { BotMessage, PlanStatementView, PlanView, ResultView } from '../../../../bot/core/messages.js';
import { planView } from '../../../fixtures/planView.js';
import { violations } from './limits.js';

function columns(n: number): string {
  return Array.from(
    { length: n },
    (_, i) => `  "COLUMN_${i + 1}_WITH_A_LONG_DESCRIPTIVE_NAME" VARCHAR AS (VALUE:c${i + 1}::VARCHAR)`,
  ).join(',\n');
}

function plan(statements: Partial<PlanStatementView>[], extra: Partial<PlanView> = {}): PlanView {
  return planView({
    statements: statements.map((s, i) => ({
      kind: 'EXTERNAL_TABLE',
      name: `LEILA_APP.PUBLIC.T${i}`,
      sql: 'CREATE EXTERNAL TABLE T (a VARCHAR AS (VALUE:c1::VARCHAR)) LOCATION = @S FILE_FORMAT = (FORMAT_NAME = F)',
      change: 'new',
      unsafe: false,
      warnings: [],
      ...s,
    })),
    ...extra,
  });
}

const blocksText = (blocks: unknown[]) => JSON.stringify(blocks);

describe('Slack Block Kit rendering', () => {
  it('renders a plan card with tags, requester, expiry and Approve/Reject carrying {pipelineId, hash}', () => {
    const p = plan([
      {
        kind: 'STORAGE_INTEGRATION',
        name: 'S3_INT',
        change: 'new',
        sql: 'CREATE STORAGE INTEGRATION S3_INT TYPE = EXTERNAL_STAGE',
      },
      {
        kind: 'FILE_FORMAT',
        name: 'CSV_FMT',
        change: 'replace',
        unsafe: true,
        sql: 'CREATE OR REPLACE FILE FORMAT CSV_FMT TYPE = CSV',
      },
      { kind: 'STAGE', name: 'STG', change: 'exists', sql: "CREATE STAGE STG URL = 's3://b/p/'" },
    ]);
    const m = renderMessage({ kind: 'plan', plan: p, actionable: true });
    expect(violations(m.blocks)).toEqual([]);
    const json = blocksText(m.blocks);
    expect(json).toContain('new');
    expect(json).toContain(':warning: replaces existing');
    expect(json).toContain('exists identical (skipped)');
    expect(json).toContain('<@U0ALICE>');
    expect(json).toContain(`<!date^${Date.parse('2026-11-26T10:00:00.000Z') / 1000}^`);
    const actions = m.blocks.find((b) => b.type === 'actions') as unknown as {
      elements: { action_id: string; style: string; value: string; confirm: { title: { text: string } } }[];
    };
    expect(actions.elements.map((e) => [e.action_id, e.style])).toEqual([
      [APPROVE_ACTION, 'primary'],
      [REJECT_ACTION, 'danger'],
    ]);
    expect(actions.elements[0]?.confirm.title.text).toBe('Run this plan?');
    expect(parseDecisionValue(actions.elements[0]?.value)).toEqual({
      pipelineId: 'P-0123456789ab',
      hash: 'a'.repeat(64),
    });
    expect(m.text).toContain('Pipeline P-0123456789ab (PROPOSED)');
    expect(m.overflow).toBeUndefined();
  });

  it('shows the decision instead of buttons once decided', () => {
    const p = plan([{}], {
      status: 'REJECTED',
      decision: { verb: 'rejected', by: 'slack:U0BOB', at: '2026-11-25T11:00:00Z', reason: 'wrong <bucket>' },
    });
    const m = renderMessage({ kind: 'plan', plan: p, actionable: true });
    expect(m.blocks.some((b) => b.type === 'actions')).toBe(false);
    const json = blocksText(m.blocks);
    expect(json).toContain('Rejected by <@U0BOB>');
    expect(json).toContain('wrong &lt;bucket&gt;');
  });

  it('keeps a 40-column external table inside the limits', () => {
    const sql = `CREATE EXTERNAL TABLE LEILA_APP.PUBLIC.WIDE (\n${columns(40)}\n) LOCATION = @STG FILE_FORMAT = (FORMAT_NAME = CSV_FMT) AUTO_REFRESH = FALSE`;
    const m = renderMessage({ kind: 'plan', plan: plan([{ sql }]), actionable: true });
    expect(violations(m.blocks)).toEqual([]);
    // Every column is shown, in order.
    const code = m.blocks.map((b) => (b as { text?: { text: string } }).text?.text ?? '').join('\n');
    for (let i = 1; i <= 40; i++) expect(code).toContain(`COLUMN_${i}_WITH`);
  });

  it('splits very long DDL across blocks and, beyond the budget, truncates and returns the full script', () => {
    const sql = `CREATE EXTERNAL TABLE BIG (\n${columns(2000)}\n)`;
    const m = renderMessage({ kind: 'plan', plan: plan([{ sql }]), actionable: true });
    expect(violations(m.blocks)).toEqual([]);
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    expect(m.blocks.at(-1)?.type).toBe('actions'); // the buttons survive the cut
    expect(blocksText(m.blocks)).toContain('dea tracker show P-0123456789ab');
    expect(m.overflow?.filename).toBe('P-0123456789ab.sql');
    expect(m.overflow?.content).toContain('COLUMN_2000_WITH');
    expect(m.text.length).toBeLessThanOrEqual(3900);
  });

  it('cuts code at the 3,000-character boundary exactly, never splitting an escape', () => {
    // One line of exactly the room a block has (3000 minus fences and newlines) fits in one block.
    const room = 3000 - 8;
    expect(codeChunks('x'.repeat(room))).toHaveLength(1);
    expect(codeChunks('x'.repeat(room))[0]).toHaveLength(3000);
    expect(codeChunks('x'.repeat(room + 1))).toHaveLength(2);
    // `<` becomes `&lt;` (4 characters): Slack counts the escaped text.
    const chunks = codeChunks('<'.repeat(2000));
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(3000);
      expect(c.replace(/```\n?|\n?```/g, '')).toMatch(/^(&lt;)+$/);
    }
    expect(chunks.join('').match(/&lt;/g)).toHaveLength(2000);
    expect(codeChunks('a ``` b')[0]).not.toContain('a ``` b');
  });

  it('splits prose at line breaks within 3,000 characters', () => {
    const text = Array.from({ length: 200 }, (_, i) => `line ${i} ${'y'.repeat(40)}`).join('\n');
    const parts = textChunks(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(3000);
    expect(parts.join('\n')).toBe(text);
    const m = renderMessage({ kind: 'text', text: 'z'.repeat(200_000) });
    expect(violations(m.blocks)).toEqual([]);
  });

  it('escapes mrkdwn so user text cannot ping channels or forge links', () => {
    expect(escapeMrkdwn('<!channel> & <http://x|y>')).toBe('&lt;!channel&gt; &amp; &lt;http://x|y&gt;');
    const m = renderMessage({ kind: 'text', text: '<!here> hi' });
    expect(blocksText(m.blocks)).not.toContain('<!here>');
  });

  it('keeps the newest progress lines when they overflow', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `step ${i} ${'p'.repeat(30)}`);
    const m = renderMessage({ kind: 'progress', title: 'Working on it…', lines });
    expect(violations(m.blocks)).toEqual([]);
    expect(blocksText(m.blocks)).toContain('step 499');
    expect(blocksText(m.blocks)).not.toContain('step 0 ');
  });

  it('renders a failed result with ✓/✗, times, compensation and no query hint', () => {
    const r: ResultView = {
      pipelineId: 'P-1',
      status: 'FAILED',
      approvedBy: 'slack:U0BOB',
      steps: [
        { index: 0, kind: 'STORAGE_INTEGRATION', name: 'INT', ok: true, ms: 12 },
        { index: 1, kind: 'FILE_FORMAT', name: 'FMT', ok: true, skipped: true },
        {
          index: 2,
          kind: 'STAGE',
          name: 'STG',
          ok: false,
          ms: 3,
          error: { code: '003001', message: 'Insufficient privileges' },
        },
      ],
      compensation: [{ kind: 'STORAGE_INTEGRATION', name: 'INT', ok: true }],
      message: 'Stopped at the stage; undone.',
      querySql: 'SELECT 1',
    };
    const m = renderMessage({ kind: 'result', result: r });
    expect(violations(m.blocks)).toEqual([]);
    const json = blocksText(m.blocks);
    expect(json).toContain('✓ STORAGE INTEGRATION `INT` (12 ms)');
    expect(json).toContain('✗ STAGE `STG` (3 ms)');
    expect(json).toContain('Insufficient privileges');
    expect(json).toContain('↩ dropped STORAGE INTEGRATION `INT`');
    expect(json).not.toContain('Query it');
  });

  it('renders the cloud trust steps of each provider', () => {
    const base: ResultView = {
      pipelineId: 'P-1',
      status: 'SUCCESS',
      approvedBy: 'local:ops',
      steps: [],
      compensation: [],
      message: 'Done.',
      tableName: 'T',
      querySql: 'SELECT * FROM T LIMIT 10',
    };
    const s3 = renderMessage({
      kind: 'result',
      result: {
        ...base,
        trust: {
          provider: 'S3',
          iamUserArn: 'arn:aws:iam::1:user/x',
          externalId: 'EXT_1',
          policyJson: '{"Version":"2012-10-17"}',
          local: false,
        },
      },
    });
    expect(blocksText(s3.blocks)).toContain('EXT_1');
    expect(blocksText(s3.blocks)).toContain('2012-10-17');
    expect(blocksText(s3.blocks)).toContain('SELECT * FROM T LIMIT 10');
    const gcs = renderMessage({
      kind: 'result',
      result: {
        ...base,
        trust: { provider: 'GCS', serviceAccount: 'sa@x.iam.gserviceaccount.com', local: true },
      },
    });
    expect(blocksText(gcs.blocks)).toContain('sa@x.iam.gserviceaccount.com');
    expect(blocksText(gcs.blocks)).toContain('local stand-in');
    const az = renderMessage({
      kind: 'result',
      result: {
        ...base,
        trust: {
          provider: 'AZURE',
          consentUrl: 'https://login.microsoftonline.com/t/oauth2/authorize?x=1&y=2',
          appName: 'snowflake_app',
          local: false,
        },
      },
    });
    expect(blocksText(az.blocks)).toContain('x=1&amp;y=2');
    expect(blocksText(az.blocks)).toContain('snowflake_app');
  });

  it('gives every message kind a fallback text', () => {
    const messages: BotMessage[] = [
      { kind: 'text', text: 'hello' },
      { kind: 'progress', title: 'T', lines: ['a'] },
      { kind: 'error', title: 'Oops', text: 'bad', next: 'retry' },
    ];
    for (const msg of messages) {
      expect(renderMessage(msg).text.length).toBeGreaterThan(0);
    }
  });
});
