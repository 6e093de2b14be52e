import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../../../adapters/slack/blocks/message.js';
import { INFERRED_LIMITS } from '../../../../adapters/slack/blocks/planBlocks.js';
import {
  CHECK_AGAIN_ACTION,
  parseRecheckValue,
  SAMPLE_LIMITS,
  sampleTable,
} from '../../../../adapters/slack/blocks/verification.js';
import type { PlanView, VerificationView } from '../../../../bot/core/messages.js';
import { planView } from '../../../fixtures/planView.js';
import { violations } from './limits.js';

function verification(over: Partial<VerificationView> = {}): VerificationView {
  return {
    pipelineId: 'P-0123456789ab',
    tableName: 'LEILA_APP.PUBLIC.SALES_EXT',
    checkedAt: '2026-11-25T10:00:00.000Z',
    ok: true,
    checks: [
      { name: 'list_stage', ok: true, summary: '3 files' },
      {
        name: 'select_table',
        ok: true,
        summary: '2 rows',
        rows: [
          { ID: 1, AMOUNT: 10.5, SOLD_AT: '2026-01-01 10:00:00', NOTE: null },
          { ID: 2, AMOUNT: 7, SOLD_AT: '2026-01-02 11:00:00', NOTE: { a: 1 } },
        ],
      },
      {
        name: 'notification',
        ok: false,
        summary: 'no notification channel',
        advice: 'Set up S3 event notifications to the SQS queue shown by SHOW EXTERNAL TABLES.',
      },
    ],
    ...over,
  };
}

type Loose = { type: string; text?: { text: string }; elements?: { action_id?: string; value?: string }[] };
const json = (blocks: unknown[]) => JSON.stringify(blocks);

describe('Slack: verification message', () => {
  it('shows a header, each check ✓/✗ with summary and advice, the sample rows and Check again', () => {
    const m = renderMessage({
      kind: 'verification',
      verification: verification({ ok: false }),
      actionable: true,
    });
    expect(violations(m.blocks)).toEqual([]);
    const blocks = m.blocks as unknown as Loose[];
    expect(blocks[0]?.type).toBe('header');
    expect(blocks[0]?.text?.text).toContain('Checks need attention — pipeline P-0123456789ab');
    const all = json(m.blocks);
    expect(all).toContain('✓ *files in the stage*: 3 files');
    expect(all).toContain('✗ *auto-refresh notifications*: no notification channel');
    expect(all).toContain('> Set up S3 event notifications');
    const table = blocks.find((b) => b.text?.text.startsWith('```'))?.text?.text ?? '';
    expect(table).toMatch(/ID \| AMOUNT \| SOLD_AT {13}\| NOTE/);
    expect(table).toContain('NULL');
    expect(table).toContain('{"a":1}');
    const actions = blocks.find((b) => b.type === 'actions');
    expect(actions?.elements?.[0]?.action_id).toBe(CHECK_AGAIN_ACTION);
    expect(parseRecheckValue(actions?.elements?.[0]?.value)).toEqual({ pipelineId: 'P-0123456789ab' });
    expect(m.text).toContain('Checks for pipeline P-0123456789ab');
  });

  it('has no button when not actionable, and says all passed when ok', () => {
    const m = renderMessage({ kind: 'verification', verification: verification(), actionable: false });
    expect(m.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(json(m.blocks)).toContain('Checks passed');
    expect(json(m.blocks)).not.toContain(CHECK_AGAIN_ACTION);
  });

  it('escapes mrkdwn in summaries, advice, table names and sample values', () => {
    const v = verification({
      tableName: '<!channel>',
      checks: [
        { name: 'list_stage', ok: false, summary: '<!here> & <http://evil|x>', advice: '<@U0MALLORY> do it' },
        { name: 'select_table', ok: true, summary: '1 row', rows: [{ '<b>': '<!everyone> ```x```' }] },
      ],
    });
    const all = json(renderMessage({ kind: 'verification', verification: v, actionable: true }).blocks);
    for (const raw of ['<!channel>', '<!here>', '<http://evil|x>', '<@U0MALLORY>', '<!everyone>'])
      expect(all).not.toContain(raw);
    expect(all).toContain('&lt;!here&gt; &amp; &lt;http://evil|x&gt;');
    expect(all).not.toContain('```x```');
  });

  it('cuts wide values and extra columns in the sample table', () => {
    const row = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`C${i}`, 'v'.repeat(200)]));
    const table = sampleTable([row, row, row, row, row, row, row]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(2 + SAMPLE_LIMITS.rows + 1);
    expect(lines[0]).toContain('C7');
    expect(lines[0]).not.toContain('C8');
    expect(lines.at(-1)).toBe('(+4 more columns not shown)');
    expect(lines[2]).toContain(`${'v'.repeat(SAMPLE_LIMITS.cell - 1)}…`);
    expect(lines[2]).not.toContain('v'.repeat(SAMPLE_LIMITS.cell));
  });

  it('stays within Block Kit limits with many long checks and keeps the button', () => {
    const checks = Array.from({ length: 60 }, (_, i) => ({
      name: 'select_table' as const,
      ok: i % 2 === 0,
      summary: `check ${i} ${'s'.repeat(2000)}`,
      advice: 'a'.repeat(5000),
      rows: [{ X: 'y'.repeat(5000) }],
    }));
    const m = renderMessage({
      kind: 'verification',
      verification: verification({ checks }),
      actionable: true,
    });
    expect(violations(m.blocks)).toEqual([]);
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    expect(m.blocks.at(-1)?.type).toBe('actions');
    expect(m.text.length).toBeLessThanOrEqual(3900);
  });

  it('parseRecheckValue refuses values it did not write', () => {
    expect(parseRecheckValue(undefined)).toBeNull();
    expect(parseRecheckValue('not json')).toBeNull();
    expect(parseRecheckValue('{"pipelineId":""}')).toBeNull();
    expect(parseRecheckValue(JSON.stringify({ pipelineId: 'x'.repeat(101) }))).toBeNull();
  });
});

function inferredPlan(columns: number, over: Partial<PlanView> = {}): PlanView {
  return planView({
    summary: 'external table over sample files',
    note: 'Step 2 of 2: the table, with columns read from your files.',
    statements: [
      {
        kind: 'EXTERNAL_TABLE',
        name: 'LEILA_APP.PUBLIC.SALES_EXT',
        sql: 'CREATE EXTERNAL TABLE SALES_EXT (ID NUMBER AS (VALUE:c1::NUMBER)) LOCATION = @S FILE_FORMAT = (FORMAT_NAME = F)',
        change: 'new',
        unsafe: false,
        warnings: [],
        inferred: {
          files: ['sales/2026/01.csv', 'sales/2026/02.csv'],
          columns: Array.from({ length: columns }, (_, i) => ({
            name: i === 0 ? 'ID' : `COL_${i}`,
            type: i === 0 ? 'NUMBER' : 'VARCHAR',
            examples: i === 0 ? ['1', '2', '3', '4'] : ['<!here>', 'x'.repeat(100)],
          })),
        },
      },
    ],
    ...over,
  });
}

describe('Slack: plan card with a note and inferred columns', () => {
  it('shows the note, the sample files, each column marked inferred with examples', () => {
    const m = renderMessage({ kind: 'plan', plan: inferredPlan(3), actionable: true });
    expect(violations(m.blocks)).toEqual([]);
    const all = json(m.blocks);
    expect(all).toContain('Step 2 of 2: the table');
    expect(all).toContain(
      'Columns inferred from 2 sample file(s):* `sales/2026/01.csv`, `sales/2026/02.csv`',
    );
    expect(all).toContain('• `ID` NUMBER _(inferred)_ — e.g. `1`, `2`, `3`');
    expect(all).not.toContain('`4`');
    expect(all).toContain('`COL_1` VARCHAR _(inferred)_');
    expect(all).toContain(`\`${'x'.repeat(INFERRED_LIMITS.example - 1)}…\``);
    expect(all).not.toContain('<!here>');
    // Note before the statements, inferred columns before the SQL.
    expect(all.indexOf('Step 2 of 2')).toBeLessThan(all.indexOf('Columns inferred'));
    expect(all.indexOf('Columns inferred')).toBeLessThan(all.indexOf('CREATE EXTERNAL TABLE'));
    expect(m.text).toContain('ID NUMBER (inferred)');
  });

  it('a very wide inferred table stays within limits and says how many columns were left out', () => {
    const m = renderMessage({ kind: 'plan', plan: inferredPlan(800), actionable: true });
    expect(violations(m.blocks)).toEqual([]);
    const all = json(m.blocks);
    const shown = (all.match(/_\(inferred\)_/g) ?? []).length;
    expect(shown).toBeGreaterThan(20);
    expect(shown).toBeLessThan(800);
    expect(all).toContain(`…and ${800 - shown} more inferred column(s)`);
    expect(m.blocks.at(-1)?.type).toBe('actions');
  });
});
