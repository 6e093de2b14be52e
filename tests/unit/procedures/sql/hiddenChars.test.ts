/**
 * Issue 16 point 8: invisible characters (bidi overrides and isolates, zero-width, C0/C1 controls) can make an
 * approval card read differently from what runs. The generators refuse them in names and comments with a
 * sentence; every card (Slack blocks, Teams cards, dashboard HTML) shows any that reach it as [U+XXXX].
 */
import { describe, expect, it } from 'vitest';
import { renderMessage as slackMessage } from '../../../../adapters/slack/blocks/message.js';
import { renderActivity } from '../../../../adapters/teams/cards/message.js';
import type { BotMessage, PlanView } from '../../../../bot/core/messages.js';
import { renderMessage as dashboardMessage } from '../../../../dashboard/views/message.js';
import {
  runExternalTable,
  runStage,
  runStorageIntegration,
} from '../../../../procedures/generators/index.js';
import { hiddenCharProblem, revealHidden } from '../../../../procedures/sql/hiddenChars.js';

const HIDDEN = [
  '\u202E',
  '\u202A',
  '\u2066',
  '\u2069',
  '\u200B',
  '\u200F',
  '\uFEFF',
  '\u0007',
  '\u0085',
  '\u061C',
];

function errorText(r: { ok: boolean; error?: { message: string; issues: { message: string }[] } }): string {
  if (r.ok || !r.error) throw new Error('expected a refusal');
  return r.error.issues.map((i) => i.message).join(' | ');
}

describe('generators refuse invisible characters', () => {
  it.each(HIDDEN)('in names and comments: U+%s', (ch) => {
    const base = { url: 's3://acme-sample/orders/' };
    expect(errorText(runStage({ ...base, name: `ORDERS${ch}_STAGE` }) as never)).toMatch(
      /name .*(U\+|control)/,
    );
    expect(errorText(runStage({ ...base, comment: `nightly${ch} export` }) as never)).toMatch(
      /comment contains U\+[0-9A-F]{4} .* can disguise text on approval cards/,
    );
    expect(
      errorText(
        runExternalTable({
          location: 's3://acme-sample/orders/',
          format_type: 'CSV',
          columns: [{ name: `amount${ch}`, type: 'NUMBER' }],
        }) as never,
      ),
    ).toMatch(/columns/);
  });

  it('names the character in its sentence and keeps line breaks in comments', () => {
    expect(hiddenCharProblem('exe.\u202Etxt')).toMatch(/U\+202E \(RIGHT-TO-LEFT OVERRIDE\)/);
    expect(hiddenCharProblem('line one\nline two\tend', true)).toBeUndefined();
    expect(runStage({ url: 's3://acme-sample/orders/', comment: 'line one\nline two' }).ok).toBe(true);
    expect(
      errorText(
        runStorageIntegration({
          cloud_provider: 'S3',
          allowed_locations: ['s3://acme-sample/'],
          aws_role_arn: 'arn:aws:iam::123456789012:role/x\u202E',
        }) as never,
      ),
    ).toMatch(/U\+202E|control/);
  });
});

describe('every card shows invisible characters escaped', () => {
  const disguised = 'ORDERS_\u202Etxt.exe';
  const plan: PlanView = {
    pipelineId: 'P-0123456789ab',
    hash: 'a'.repeat(64),
    status: 'PROPOSED',
    requestedBy: 'local:mal\u200Blory',
    createdAt: '2026-12-06T10:00:00Z',
    expiresAt: '2026-12-07T10:00:00Z',
    summary: `1 statement to run creating external table ${disguised}`,
    dataSourceType: 'S3',
    statements: [
      {
        kind: 'STAGE',
        name: disguised,
        sql: `CREATE STAGE "${disguised}" URL = 's3://b/'`,
        change: 'new',
        unsafe: false,
        warnings: [],
      },
    ],
  };
  const messages: BotMessage[] = [
    { kind: 'plan', plan, actionable: true },
    { kind: 'text', text: `Noted: ${disguised}` },
    { kind: 'error', title: disguised, text: disguised },
  ];
  it.each(messages.map((m) => [m.kind, m] as const))('%s', (_kind, m) => {
    for (const rendered of [
      JSON.stringify(slackMessage(m)),
      JSON.stringify(renderActivity(m)),
      dashboardMessage(m).value,
    ]) {
      expect(rendered).not.toMatch(/[\u202E\u200B]/);
      expect(rendered).toContain('[U+202E]');
    }
  });

  it('reveals and keeps ordinary text', () => {
    expect(revealHidden('a\u202Eb\u200Bc\nd\te')).toBe('a[U+202E]b[U+200B]c\nd\te');
    expect(revealHidden('Ünïcödé 🦆 ok')).toBe('Ünïcödé 🦆 ok');
  });
});
