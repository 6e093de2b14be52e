/**
 * Proof that output is escaped everywhere: every template of the dashboard is fed hostile text in every field it
 * shows, and no markup, attribute break-out or script survives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PipelineRow } from '../../../bot/core/api.js';
import type { BotMessage } from '../../../bot/core/messages.js';
import type { ChatMessage } from '../../../dashboard/chatStore.js';
import { escapeHtml, html, SafeHtml } from '../../../dashboard/html.js';
import { chatBody } from '../../../dashboard/views/chat.js';
import { detailBody } from '../../../dashboard/views/detail.js';
import { errorPage } from '../../../dashboard/views/layout.js';
import { listBody } from '../../../dashboard/views/list.js';
import { renderMessage } from '../../../dashboard/views/message.js';
import { EMPTY_SETUP, setupBody } from '../../../dashboard/views/setup.js';

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  "' onmouseover='alert(1)",
  // A template literal payload, in case text ever lands inside a script.
  '`$' + '{alert(1)}`',
  '</textarea><b>x</b>',
];

const TEMPLATE_TAGS = new Set(
  'html head meta title link script body a header p nav ul ol li main h1 h2 h3 h4 form div label select option input button section span table caption thead tbody tr th td time code pre dl dt dd article strong br details summary q fieldset legend textarea em'.split(
    ' ',
  ),
);

/**
 * Every tag in the output is one the templates write, with only attributes the templates write: data can add
 * neither an element (`<img>`) nor an attribute (`onerror=`), and the escaped text is there instead.
 */
function assertInert(out: string, evil: string): void {
  for (const m of out.matchAll(/<\/?([a-zA-Z][\w-]*)([^>]*)>/g)) {
    const [tag, name, attrs] = m;
    expect(TEMPLATE_TAGS, tag).toContain(name!.toLowerCase());
    // Attribute values are always double-quoted and data cannot hold a raw quote, so this walk is exact.
    const names: string[] = [];
    const rest = attrs!.replace(/\s+([a-zA-Z:-]+)(?:="[^"]*")?/g, (_all, attr: string) => {
      names.push(attr.toLowerCase());
      return '';
    });
    expect(rest.trim(), tag).toBe('');
    expect(
      names.filter((n) => n.startsWith('on')),
      tag,
    ).toEqual([]);
    if (name === 'script') expect(attrs).toMatch(/^ src="\/static\/[a-z]+\.js" defer$/);
  }
  if (/["'`<>&]/.test(evil)) expect(out).not.toContain(evil);
  expect(out).toContain(escapeHtml(evil));
}

function row(evil: string, status: PipelineRow['STATUS'] = 'FAILED'): PipelineRow {
  return {
    PIPELINE_ID: `P-${evil}`,
    CREATED_AT: '2025-01-01T00:00:00.000Z',
    DATA_SOURCE_TYPE: evil,
    INTEGRATION_NAME: evil,
    STAGE_NAME: evil,
    FILE_FORMAT_NAME: evil,
    TABLE_NAME: evil,
    STATUS: status,
    DDL_STATEMENTS: [
      {
        kind: 'STORAGE_INTEGRATION',
        name: evil,
        sql: `CREATE STORAGE INTEGRATION x STORAGE_AWS_ROLE_ARN = '${evil.replace(/'/g, "''")}'`,
        change: evil,
        warnings: [evil],
      },
      { kind: evil, name: evil, sql: evil, change: 'new' },
    ],
    EXECUTION_LOG: [
      {
        index: 0,
        kind: evil,
        name: evil,
        sql: evil,
        started_at: evil,
        ms: 1,
        ok: false,
        error: { code: evil, state: evil, message: evil },
        query_id: evil,
      },
      { action: 'drop', kind: evil, name: evil, sql: evil, ok: false, error: { message: evil } },
      { action: 'refuse', reason: evil, message: evil },
      { weird: evil },
    ],
    REQUESTED_BY: evil,
    APPROVED_BY: evil,
    REJECTED_BY: evil,
    DECISION_REASON: evil,
    DECIDED_AT: evil,
    CHANNEL: 'local',
    THREAD_REF: evil,
    PLAN_HASH: evil,
    EXPIRES_AT: evil,
    UPDATED_AT: evil,
    AGENT_USAGE: { note: evil },
    VERIFICATION: { note: evil },
  };
}

function messages(evil: string): BotMessage[] {
  const plan = {
    pipelineId: evil,
    hash: evil,
    status: 'PROPOSED' as const,
    requestedBy: evil,
    createdAt: evil,
    expiresAt: evil,
    summary: evil,
    dataSourceType: evil,
    note: evil,
    statements: [
      {
        kind: 'STAGE' as const,
        name: evil,
        sql: evil,
        change: 'replace' as const,
        unsafe: true,
        warnings: [evil],
        inferred: { files: [evil], columns: [{ name: evil, type: evil, examples: [evil, evil] }] },
      },
    ],
  };
  return [
    { kind: 'text', text: `${evil}\n${evil}\n\n${evil}` },
    { kind: 'progress', title: evil, lines: [evil] },
    { kind: 'plan', plan, actionable: true },
    {
      kind: 'plan',
      plan: { ...plan, status: 'REJECTED', decision: { verb: 'rejected', by: evil, at: evil, reason: evil } },
      actionable: false,
    },
    {
      kind: 'result',
      result: {
        pipelineId: evil,
        status: 'FAILED',
        approvedBy: evil,
        steps: [
          { index: 0, kind: 'STAGE', name: evil, ok: false, ms: 1, error: { code: evil, message: evil } },
        ],
        compensation: [{ kind: 'STAGE', name: evil, ok: false, error: evil }],
        message: evil,
        querySql: evil,
        trust: { provider: 'S3', iamUserArn: evil, externalId: evil, policyJson: evil, local: true },
      },
    },
    {
      kind: 'verification',
      verification: {
        pipelineId: evil,
        tableName: evil,
        checkedAt: evil,
        ok: false,
        checks: [
          { name: 'list_stage', ok: false, summary: evil, advice: evil },
          {
            name: 'select_table',
            ok: true,
            summary: evil,
            rows: [{ [evil]: evil, X: `${evil}${'w'.repeat(100)}` }],
          },
        ],
      },
      actionable: true,
    },
    { kind: 'error', title: evil, text: evil, next: evil },
  ];
}

describe('the escaping helper', () => {
  it('escapes the five HTML specials and the backtick', () => {
    expect(escapeHtml(`<a href="x" title='y'>&\`</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;',
    );
  });

  it('html`` escapes values, keeps nested templates, flattens arrays and drops null/false', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}${['<', html`<br>`]}${null}${false}${undefined}${0}</p>`.value).toBe(
      '<p><b>&lt;i&gt;</b>&lt;<br>0</p>',
    );
    expect(html`${new SafeHtml('<raw>')}`.value).toBe('<raw>');
  });

  it('no value can produce markup (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('<', '>', '"', "'", '&', '`', 'a', '=', ' ', '/') }),
        (s) => {
          const out = html`<p title="${s}">${s}</p>`.value;
          const escaped = html`${s}`.value;
          expect(escaped).not.toMatch(/[<>"'`]/);
          expect(out).toBe(`<p title="${escaped}">${escaped}</p>`);
        },
      ),
    );
  });
});

describe.each(HOSTILE)('every template shows %s as text', (evil) => {
  it('list page', () => {
    const rows = (['FAILED', 'SUCCESS', 'REJECTED', 'EXPIRED'] as const).map((s) => row(evil, s));
    const out = listBody(
      { rows, total: 1000 },
      { q: evil, status: 'FAILED', limit: 25, offset: 25 },
      0,
      5000,
    ).value;
    assertInert(out, evil);
  });

  it('detail page (failed, and success with trust steps)', () => {
    assertInert(detailBody(row(evil)).value, evil);
    assertInert(detailBody(row(evil, 'SUCCESS')).value, evil);
    assertInert(detailBody(row(evil, 'PROPOSED')).value, evil);
    const checks = [
      { name: 'list_stage', ok: false, summary: evil, advice: evil },
      { name: 'select_table', ok: true, summary: evil, rows: [{ [evil]: evil }] },
    ];
    const withChecks = detailBody({
      ...row(evil, 'SUCCESS'),
      VERIFICATION: { checks, checkedAt: evil },
    }).value;
    assertInert(withChecks, evil);
    expect(withChecks).toContain('Checks after apply');
    for (const trust of [
      { provider: 'S3', iamUserArn: evil, externalId: evil, policyJson: evil, local: true },
      { provider: 'GCS', serviceAccount: evil },
      { provider: 'AZURE', consentUrl: evil, appName: evil },
    ]) {
      const out = detailBody({ ...row(evil, 'SUCCESS'), VERIFICATION: { trust } }).value;
      assertInert(out, evil);
      expect(out).toContain('Cloud trust steps');
    }
  });

  it('chat messages of every kind', () => {
    for (const m of messages(evil)) assertInert(renderMessage(m).value, evil);
    const chat: ChatMessage[] = messages(evil).map((message, i) => ({
      id: `m${i}`,
      author: `local:${evil}`,
      rev: 1,
      at: evil,
      message,
      to: evil,
    }));
    assertInert(chatBody({ thread: evil, user: evil, messages: chat, version: 3, csrf: evil }).value, evil);
  });

  it('Quick Setup form values and errors, and error pages', () => {
    const values = Object.fromEntries(
      Object.keys(EMPTY_SETUP).map((k) => [k, evil]),
    ) as unknown as typeof EMPTY_SETUP;
    const errors = Object.fromEntries([...Object.keys(EMPTY_SETUP), 'names', 'form'].map((k) => [k, [evil]]));
    assertInert(setupBody(values, errors, evil).value, evil);
    assertInert(errorPage({ title: evil, message: evil, details: [evil], webChat: true }).value, evil);
  });
});
