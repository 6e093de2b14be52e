import { describe, expect, it } from 'vitest';
import { identityOf, messageText } from '../../../../adapters/teams/activity.js';
import { cardBytes } from '../../../../adapters/teams/cards/elements.js';
import { renderActivity } from '../../../../adapters/teams/cards/message.js';
import { planCard, SQL_BUDGET, shareBudget } from '../../../../adapters/teams/cards/planCard.js';
import { resultCard } from '../../../../adapters/teams/cards/result.js';
import type { PlanStatementView, PlanView, ResultView } from '../../../../bot/core/messages.js';
import { type Node, nodesOfType } from './cardNodes.js';

const all = (node: Node, type: string): Node[] => nodesOfType(node, type);
const texts = (card: Node) => all(card, 'TextBlock').map((t) => t.text as string);

const columns = (n: number) =>
  Array.from({ length: n }, (_, i) => `  "COLUMN_${i}" VARCHAR AS (VALUE:"column_${i}"::VARCHAR)`).join(
    ',\n',
  );

function statements(tableColumns = 12): PlanStatementView[] {
  return [
    {
      kind: 'STORAGE_INTEGRATION',
      name: 'ACME_S3_INT',
      sql: "CREATE STORAGE INTEGRATION ACME_S3_INT\n  TYPE = EXTERNAL_STAGE\n  STORAGE_PROVIDER = 'S3'\n  ENABLED = TRUE\n  STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/snowflake-access'\n  STORAGE_ALLOWED_LOCATIONS = ('s3://acme-data/raw/')",
      change: 'new',
      unsafe: false,
      warnings: [],
    },
    {
      kind: 'FILE_FORMAT',
      name: 'ACME_RAW_CSV_FORMAT',
      sql: "CREATE OR REPLACE FILE FORMAT ACME_RAW_CSV_FORMAT\n  TYPE = CSV\n  FIELD_DELIMITER = ','\n  SKIP_HEADER = 1\n  NULL_IF = ('', 'NULL')",
      change: 'replace',
      unsafe: true,
      warnings: ['replaces the existing file format'],
    },
    {
      kind: 'STAGE',
      name: 'ACME_RAW_STAGE',
      sql: "CREATE STAGE ACME_RAW_STAGE\n  URL = 's3://acme-data/raw/'\n  STORAGE_INTEGRATION = ACME_S3_INT\n  FILE_FORMAT = ACME_RAW_CSV_FORMAT",
      change: 'exists',
      unsafe: false,
      warnings: [],
    },
    {
      kind: 'EXTERNAL_TABLE',
      name: 'ACME_RAW_EXT',
      sql: `CREATE EXTERNAL TABLE ACME_RAW_EXT (\n${columns(tableColumns)}\n)\n  LOCATION = @ACME_RAW_STAGE\n  FILE_FORMAT = (FORMAT_NAME = 'ACME_RAW_CSV_FORMAT')\n  AUTO_REFRESH = FALSE`,
      change: 'new',
      unsafe: false,
      warnings: [],
    },
  ];
}

function plan(over: Partial<PlanView> = {}): PlanView {
  return {
    pipelineId: 'P-0123456789ab',
    hash: 'a'.repeat(64),
    status: 'PROPOSED',
    requestedBy: 'teams:aad-alice',
    createdAt: '2026-01-01T10:00:00.000Z',
    expiresAt: '2026-01-02T10:00:00.000Z',
    summary:
      '3 statements to run (storage integration, file format, stage, external table) creating external table ACME_RAW_EXT',
    dataSourceType: 'S3',
    statements: statements(),
    ...over,
  };
}

describe('plan card', () => {
  it('is an Adaptive Card 1.5 with Action.Execute approve/reject bound to pipeline and hash, and a refresh', () => {
    const c = planCard(plan(), { actionable: true, refreshUserIds: ['29:alice', '29:bob', '29:alice'] });
    expect(c).toMatchObject({
      type: 'AdaptiveCard',
      version: '1.5',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    });
    const data = { pipelineId: 'P-0123456789ab', hash: 'a'.repeat(64) };
    expect(c.actions).toEqual([
      { type: 'Action.Execute', title: 'Approve', verb: 'approve', style: 'positive', data },
      { type: 'Action.Execute', title: 'Reject', verb: 'reject', style: 'destructive', data },
    ]);
    expect(c.refresh).toEqual({
      action: { type: 'Action.Execute', title: 'Refresh', verb: 'refresh', data },
      userIds: ['29:alice', '29:bob'],
    });
    expect(all(c, 'Input.Text')).toHaveLength(1);
  });

  it('shows every statement as Sql CodeBlock with a monospace TextBlock fallback, with change tags', () => {
    const c = planCard(plan(), { actionable: true });
    const blocks = all(c.body, 'CodeBlock');
    expect(blocks).toHaveLength(4);
    for (const [i, b] of blocks.entries()) {
      expect(b).toMatchObject({ language: 'Sql', startLineNumber: 1, codeSnippet: statements()[i]!.sql });
      expect(b.fallback).toMatchObject({
        type: 'TextBlock',
        fontType: 'Monospace',
        wrap: true,
        text: b.codeSnippet,
      });
    }
    const t = texts(c);
    expect(t).toContain('1. Storage integration ACME_S3_INT');
    expect(t).toContain('[new]');
    expect(t).toContain('[replaces existing] — replaces a live object');
    expect(t).toContain('[exists identical (skipped)]');
    expect(t).toContain('⚠ replaces the existing file format');
    const facts = all(c, 'FactSet')[0].facts;
    expect(facts).toEqual(
      expect.arrayContaining([
        { title: 'Requested by', value: 'teams:aad-alice' },
        { title: 'Approve before', value: '2026-01-02T10:00:00.000Z' },
        { title: 'Source', value: 'S3' },
      ]),
    );
  });

  it('read-only and decided cards have no buttons and say who decided', () => {
    const decided = plan({
      status: 'REJECTED',
      decision: { verb: 'rejected', by: 'teams:aad-bob', at: '2026-01-01T11:00:00Z', reason: 'wrong bucket' },
    });
    const c = planCard(decided, { actionable: true, nameOf: (p) => (p === 'teams:aad-bob' ? 'Bob' : p) });
    expect(c.actions).toBeUndefined();
    expect(c.refresh).toBeUndefined();
    expect(all(c, 'Input.Text')).toHaveLength(0);
    expect(texts(c)).toContain('⛔ Rejected by Bob at 2026-01-01T11:00:00Z: wrong bucket');
    const readOnly = planCard(plan(), {
      actionable: false,
      notice: { tone: 'error', text: 'You are not an approver' },
    });
    expect(readOnly.actions).toBeUndefined();
    expect(readOnly.refresh?.action.verb).toBe('refresh');
    expect(texts(readOnly)).toContain('You are not an approver');
  });

  it('caps refresh userIds at 60', () => {
    const ids = Array.from({ length: 80 }, (_, i) => `29:u${i}`);
    expect(planCard(plan(), { actionable: true, refreshUserIds: ids }).refresh?.userIds).toHaveLength(60);
  });

  it('a 4-statement plan stays well under 28 KB', () => {
    const bytes = cardBytes(
      planCard(plan(), {
        actionable: true,
        refreshUserIds: Array.from({ length: 60 }, (_, i) => `29:${'x'.repeat(40)}${i}`),
      }),
    );
    expect(bytes).toBeLessThan(28 * 1024);
  });

  it('long DDL is cut to fit (the card says so) and still stays under 28 KB', () => {
    const long = plan({ statements: statements(600) });
    expect(long.statements[3]!.sql.length).toBeGreaterThan(25_000);
    const c = planCard(long, { actionable: true });
    expect(cardBytes(c)).toBeLessThan(28 * 1024);
    const table = all(c.body, 'CodeBlock')[3];
    expect(table.codeSnippet).toMatch(/… \(\d+ more characters not shown\)$/);
    expect(table.codeSnippet.startsWith('CREATE EXTERNAL TABLE ACME_RAW_EXT (')).toBe(true);
    // The short statements are shown whole.
    expect(all(c.body, 'CodeBlock')[0].codeSnippet).toBe(long.statements[0]!.sql);
  });

  it('shares the SQL budget so short statements are whole and long ones split the rest', () => {
    expect(shareBudget([100, 50_000, 200, 40_000], SQL_BUDGET)).toEqual([100, 4_350, 200, 4_350]);
    expect(shareBudget([10, 20], 1_000)).toEqual([10, 20]);
  });
});

describe('result card', () => {
  const result: ResultView = {
    pipelineId: 'P-1',
    status: 'FAILED',
    approvedBy: 'teams:aad-bob',
    steps: [
      { index: 0, kind: 'STORAGE_INTEGRATION', name: 'ACME_S3_INT', ok: true, ms: 40 },
      { index: 1, kind: 'FILE_FORMAT', name: 'F', ok: true, skipped: true },
      {
        index: 2,
        kind: 'STAGE',
        name: 'ACME_RAW_STAGE',
        ok: false,
        ms: 12,
        error: { code: '003001', message: 'Insufficient privileges' },
      },
    ],
    compensation: [{ kind: 'STORAGE_INTEGRATION', name: 'ACME_S3_INT', ok: true }],
    message: 'statement 3 failed; 1 object dropped',
  };

  it('lists each statement ✓/✗ with time, the error and what was undone', () => {
    const t = texts(resultCard(result)).join('\n');
    expect(t).toContain('❌ Pipeline P-1 failed');
    expect(t).toContain('✓ Storage integration ACME_S3_INT (40 ms)');
    expect(t).toContain('– File format F — exists identical, skipped');
    expect(t).toContain('✗ Stage ACME_RAW_STAGE (12 ms)\n[003001] Insufficient privileges');
    expect(t).toContain('↩ dropped Storage integration ACME_S3_INT');
  });

  it('on success shows how to query and the AWS trust steps with the policy as JSON code', () => {
    const ok = resultCard({
      ...result,
      status: 'SUCCESS',
      steps: [result.steps[0]!],
      compensation: [],
      querySql: 'SELECT * FROM LEILA_APP.PUBLIC.ACME_RAW_EXT LIMIT 10;',
      tableName: 'LEILA_APP.PUBLIC.ACME_RAW_EXT',
      trust: {
        provider: 'S3',
        iamUserArn: 'arn:aws:iam::999:user/sf',
        externalId: 'EXT_ID',
        policyJson: '{"Version":"2012-10-17"}',
        local: false,
      },
    });
    const codes = all(ok.body, 'CodeBlock');
    expect(codes.map((c) => c.language)).toEqual(['Sql', 'Json']);
    expect(codes[0].codeSnippet).toBe('SELECT * FROM LEILA_APP.PUBLIC.ACME_RAW_EXT LIMIT 10;');
    const t = texts(ok).join('\n');
    expect(t).toContain('IAM user ARN: arn:aws:iam::999:user/sf');
    expect(t).toContain('External ID: EXT_ID');
  });
});

describe('activities', () => {
  it('renders text as markdown and cards as attachments with a summary', () => {
    expect(renderActivity({ kind: 'text', text: 'a\nb' })).toEqual({
      type: 'message',
      text: 'a\n\nb',
      textFormat: 'markdown',
    });
    const a = renderActivity({ kind: 'plan', plan: plan(), actionable: true });
    expect(a.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(a.summary).toContain('Pipeline P-0123456789ab (PROPOSED)');
    const err = renderActivity({ kind: 'error', title: 'Oops', text: 'bad', next: 'retry' });
    expect(texts(err.attachments?.[0]?.content)).toEqual(['⚠ Oops', 'bad', 'retry']);
  });

  it('strips the bot mention and keeps the user text; identifies users by AAD object id', () => {
    const activity = {
      type: 'message',
      channelId: 'msteams',
      conversation: { id: 'c', tenantId: 'tenant-1' },
      text: '<at>DEA</at> csv in s3://b/p/ &amp; columns id',
      recipient: { id: '28:bot', name: 'DEA' },
      from: { id: '29:u', name: 'Alice', aadObjectId: 'aad-1' },
      entities: [{ type: 'mention', text: '<at>DEA</at>', mentioned: { id: '28:bot', name: 'DEA' } }],
    } as never;
    expect(messageText(activity)).toBe('csv in s3://b/p/ & columns id');
    const policy = { allowedTenants: ['tenant-1'], authenticated: true };
    expect(identityOf(activity, policy)).toEqual({
      ok: true,
      user: { channel: 'teams', id: 'aad-1', name: 'Alice' },
    });
    // Never the channel account id instead of the AAD object id.
    expect(identityOf({ ...(activity as object), from: { id: '29:u' } } as never, policy)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/object id/),
    });
  });
});

describe('card text from users, the agent and sample files renders no links (attacker strings)', () => {
  const LINKS = [
    '[Approve here](https://evil.example/approve)',
    '[Approve][1]\n\n[1]: https://evil.example/ref',
    '[Approve]\n\n[Approve]: https://evil.example/shortcut',
    '<https://evil.example/auto>',
    '![pixel](https://evil.example/p.png)',
  ];
  const hostile = LINKS.join(' ');
  // Inline `](`, full and collapsed references `][`, definitions `]:`, autolinks `<scheme:`: each needs its two
  // characters side by side.
  const LINK_SYNTAX = /\]\(|\]\[|\]:|<[a-z][a-z0-9+.-]*:/i;
  const textsAndFacts = (card: Node): string[] => [
    ...texts(card),
    ...all(card, 'FactSet').flatMap((f) =>
      (f.facts as { title: string; value: string }[]).flatMap((x) => [x.title, x.value]),
    ),
  ];

  it('plan card: summary, note, assumptions, warnings, inferred files and example values', () => {
    const [first, ...rest] = statements();
    const card = planCard(
      plan({
        summary: `4 statements ${hostile}`,
        note: hostile,
        assumptions: LINKS,
        statements: [
          {
            ...(first as PlanStatementView),
            warnings: [hostile],
            assumptions: [hostile],
            inferred: {
              files: ['s3://acme-data/raw/[Approve](https:evil.example).csv'],
              columns: [
                { name: 'NOTE', type: 'VARCHAR', examples: [hostile.slice(0, 40), '<https://evil.example>'] },
              ],
            },
          },
          ...rest,
        ],
      }),
      { actionable: true, notice: { tone: 'warning', text: hostile } },
    ) as Node;
    const shown = textsAndFacts(card);
    expect(shown.filter((t) => LINK_SYNTAX.test(t))).toEqual([]);
    // Still readable: the words are all there, a space apart where they formed a link.
    expect(shown.join('\n')).toContain('[Approve here] (https://evil.example/approve)');
    expect(shown.join('\n')).toContain('< https://evil.example>');
    expect(shown.join('\n')).toContain('[Approve] : https://evil.example/shortcut');
  });

  it('error and progress cards, and result cards with a failing statement', () => {
    const error = renderActivity(
      { kind: 'error', title: `Failed ${LINKS[0]}`, text: hostile, next: LINKS[1] },
      {},
    ) as { attachments: { content: Node }[] };
    const result = resultCard({
      pipelineId: 'P-0123456789ab',
      status: 'FAILED',
      message: hostile,
      approvedBy: 'teams:aad-bob',
      steps: [
        { index: 0, kind: 'STAGE', name: 'S', ok: false, ms: 3, error: { code: '003001', message: hostile } },
      ],
      compensation: [],
    }) as unknown as Node;
    for (const card of [error.attachments[0]?.content as Node, result])
      expect(textsAndFacts(card).filter((t) => LINK_SYNTAX.test(t))).toEqual([]);
  });

  it("plain answers (the agent's prose, sent as markdown) show links as text too", () => {
    const activity = renderActivity({ kind: 'text', text: `You wrote:\n${LINKS.join('\n')}` }, {});
    expect(activity.textFormat).toBe('markdown');
    const shown = String(activity.text);
    expect(LINK_SYNTAX.test(shown)).toBe(false);
    expect(shown).toContain('[Approve here] (https://evil.example/approve)');
    expect(shown).toContain('[1] : https://evil.example/ref');
  });
});
