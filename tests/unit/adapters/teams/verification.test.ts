import { describe, expect, it } from 'vitest';
import { cardBytes } from '../../../../adapters/teams/cards/elements.js';
import { renderActivity } from '../../../../adapters/teams/cards/message.js';
import { INFERRED_LIMITS, planCard } from '../../../../adapters/teams/cards/planCard.js';
import {
  SAMPLE_LIMITS,
  sampleGrid,
  VERB_RECHECK,
  verificationCard,
} from '../../../../adapters/teams/cards/verification.js';
import type { PlanView, VerificationView } from '../../../../bot/core/messages.js';
import { type Node, nodesOfType } from './cardNodes.js';

const all = (node: Node, type: string): Node[] => nodesOfType(node, type, { fallbacks: false });
const texts = (card: Node) => all(card, 'TextBlock').map((t) => t.text as string);

function verification(over: Partial<VerificationView> = {}): VerificationView {
  return {
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
          { ID: 1, NOTE: null },
          { ID: 2, NOTE: { a: 1 } },
        ],
      },
      { name: 'notification', ok: false, summary: 'not set up', advice: 'Create the SQS notification.' },
    ],
    ...over,
  };
}

describe('Teams: verification card', () => {
  it('shows each check ✓/✗ with summary and advice, the rows as a Table, and Check again (Action.Execute recheck)', () => {
    const c = verificationCard(verification(), true);
    expect(c.version).toBe('1.5');
    const t = texts(c);
    expect(t[0]).toBe('⚠ Checks need attention — pipeline P-0123456789ab');
    expect(t).toContain('✓ files in the stage: 3 files');
    expect(t).toContain('✗ auto-refresh notifications: not set up');
    expect(t).toContain('Create the SQS notification.');
    const [table] = all(c, 'Table');
    expect(table.firstRowAsHeader).toBe(true);
    expect(table.columns).toHaveLength(2);
    const cells = table.rows.map((r: Node) => r.cells.map((x: Node) => x.items[0].text));
    expect(cells).toEqual([
      ['ID', 'NOTE'],
      ['1', 'NULL'],
      ['2', '{"a":1}'],
    ]);
    expect(table.fallback.fontType).toBe('Monospace');
    expect(table.fallback.text).toContain('ID | NOTE');
    expect(c.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Check again',
        verb: VERB_RECHECK,
        data: { pipelineId: 'P-0123456789ab' },
      },
    ]);
  });

  it('has no actions when not actionable; ok says all passed', () => {
    const c = verificationCard(verification({ ok: true }), false);
    expect(c.actions).toBeUndefined();
    expect(texts(c)[0]).toContain('✅ Checks passed');
  });

  it('cuts the sample to 5 rows, 8 columns and short cells', () => {
    const row = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`C${i}`, 'v'.repeat(500)]));
    const g = sampleGrid(Array.from({ length: 9 }, () => row));
    expect(g.cells).toHaveLength(SAMPLE_LIMITS.rows);
    expect(g.columns).toHaveLength(SAMPLE_LIMITS.columns);
    expect(g.hidden).toBe(3);
    expect(g.cells[0]?.[0]).toHaveLength(SAMPLE_LIMITS.cell);
    expect(g.cells[0]?.[0]?.endsWith('…')).toBe(true);
    const c = verificationCard(
      verification({ checks: [{ name: 'select_table', ok: true, summary: '9 rows', rows: [row] }] }),
      true,
    );
    expect(texts(c)).toContain('(+3 more columns not shown)');
    expect(cardBytes(c)).toBeLessThan(28_000);
  });

  it('as an activity: the card plus a summary for notifications', () => {
    const a = renderActivity({ kind: 'verification', verification: verification(), actionable: true });
    expect(a.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(a.summary).toContain('Checks for pipeline P-0123456789ab');
    expect(a.text).toBeUndefined();
  });
});

function inferredPlan(columns: number): PlanView {
  return {
    pipelineId: 'P-0123456789ab',
    hash: 'a'.repeat(64),
    status: 'PROPOSED',
    requestedBy: 'teams:aad-alice',
    createdAt: '2026-01-01T10:00:00.000Z',
    expiresAt: '2026-01-02T10:00:00.000Z',
    summary: 'external table over sample files',
    dataSourceType: 'S3',
    note: 'Step 2 of 2: the table, with columns read from your files.',
    statements: [
      {
        kind: 'EXTERNAL_TABLE',
        name: 'SALES_EXT',
        sql: 'CREATE EXTERNAL TABLE SALES_EXT (ID NUMBER AS (VALUE:c1::NUMBER)) LOCATION = @S',
        change: 'new',
        unsafe: false,
        warnings: [],
        inferred: {
          files: ['a.csv', 'b.csv', 'c.csv', 'd.csv', 'e.csv', 'f.csv', 'g.csv'],
          columns: Array.from({ length: columns }, (_, i) => ({
            name: `COL_${i}`,
            type: 'VARCHAR',
            examples: i === 0 ? ['x', 'y', 'z', 'w'] : ['e'.repeat(300)],
          })),
        },
      },
    ],
  };
}

describe('Teams: plan card with a note and inferred columns', () => {
  it('shows the note and each column marked inferred with its examples and the sample files', () => {
    const c = planCard(inferredPlan(2), { actionable: true });
    const t = texts(c);
    expect(t).toContain('ℹ Step 2 of 2: the table, with columns read from your files.');
    expect(t).toContain(
      'Columns inferred from 7 sample file(s): a.csv, b.csv, c.csv, d.csv, e.csv and 2 more',
    );
    const facts = all(c, 'FactSet').flatMap((f) => f.facts as { title: string; value: string }[]);
    expect(facts).toContainEqual({ title: 'COL_0 VARCHAR (inferred)', value: 'e.g. x, y, z' });
    const long = facts.find((f) => f.title === 'COL_1 VARCHAR (inferred)');
    expect(long?.value).toBe(`e.g. ${'e'.repeat(INFERRED_LIMITS.example - 1)}…`);
  });

  it('a very wide inferred table stays small and says how many columns are only in the SQL', () => {
    const c = planCard(inferredPlan(500), { actionable: true });
    const facts = all(c, 'FactSet').flatMap((f) => f.facts as { title: string }[]);
    expect(facts.filter((f) => f.title.endsWith('(inferred)'))).toHaveLength(INFERRED_LIMITS.columns);
    expect(texts(c)).toContain(
      `…and ${500 - INFERRED_LIMITS.columns} more inferred column(s), all in the SQL below.`,
    );
    expect(cardBytes(c)).toBeLessThan(28_000);
  });
});
