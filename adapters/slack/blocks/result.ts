/** The outcome of an approved plan: each statement, what was undone, how to query, and the cloud-side trust steps. */
import type { types } from '@slack/bolt';
import type { ResultView, StepView, TrustSteps } from '../../../bot/core/messages.js';
import { codeChunks, escapeMrkdwn, LIMITS, textChunks, truncate } from './limits.js';
import { who } from './mention.js';

type Block = types.KnownBlock;

function stepLine(s: StepView): string {
  const icon = s.skipped ? '–' : s.ok ? '✓' : '✗';
  const ms = s.ms !== undefined ? ` (${s.ms} ms)` : '';
  const skipped = s.skipped ? ' — exists identical, skipped' : '';
  const err = s.error
    ? `\n      ${s.error.code ? `\`${escapeMrkdwn(s.error.code)}\` ` : ''}${escapeMrkdwn(s.error.message)}`
    : '';
  return `${icon} ${s.kind.replace(/_/g, ' ')} \`${escapeMrkdwn(s.name)}\`${ms}${skipped}${err}`;
}

function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function trustBlocks(t: TrustSteps): Block[] {
  const local = t.local ? ' _(local stand-in values: the embedded warehouse has no cloud identity)_' : '';
  switch (t.provider) {
    case 'S3':
      return [
        section(
          truncate(
            `*Let Snowflake read the bucket (AWS)*${local}\nIn IAM, edit the role's *trust relationships* so this Snowflake user may assume it:\n• IAM user ARN: \`${escapeMrkdwn(t.iamUserArn)}\`\n• External ID: \`${escapeMrkdwn(t.externalId)}\``,
            LIMITS.sectionText,
          ),
        ),
        ...codeChunks(t.policyJson).slice(0, 3).map(section),
      ];
    case 'GCS':
      return [
        section(
          truncate(
            `*Let Snowflake read the bucket (Google Cloud)*${local}\nGrant this service account read access (e.g. Storage Object Viewer) on the bucket:\n\`${escapeMrkdwn(t.serviceAccount)}\``,
            LIMITS.sectionText,
          ),
        ),
      ];
    case 'AZURE':
      return [
        section(
          truncate(
            `*Let Snowflake read the container (Azure)*${local}\n1. An Azure admin opens the consent URL and accepts: ${escapeMrkdwn(t.consentUrl)}\n2. Give the app \`${escapeMrkdwn(t.appName)}\` the *Storage Blob Data Reader* role on the storage account or container.`,
            LIMITS.sectionText,
          ),
        ),
      ];
  }
}

export function renderResult(r: ResultView): Block[] {
  const ok = r.status === 'SUCCESS';
  const blocks: Block[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(
          `${ok ? '✅' : '❌'} Pipeline ${r.pipelineId} ${ok ? (r.retired ? `done: pipeline ${r.retired} retired` : 'created') : 'failed'}`,
          LIMITS.headerText,
        ),
        emoji: true,
      },
    },
  ];
  for (const c of textChunks(`${escapeMrkdwn(r.message)}\n_Approved by ${who(r.approvedBy)}_`).slice(0, 2))
    blocks.push(section(c));
  if (r.steps.length > 0) {
    for (const c of textChunks(r.steps.map(stepLine).join('\n')).slice(0, 4)) blocks.push(section(c));
  }
  if (r.compensation.length > 0) {
    const lines = r.compensation.map(
      (c) =>
        `${c.ok ? '↩' : '⚠'} ${c.action === 'restore' ? (c.ok ? 'restored the allowed locations of' : 'could not restore the allowed locations of') : c.ok ? 'dropped' : 'could not drop'} ${c.kind.replace(/_/g, ' ')} \`${escapeMrkdwn(c.name)}\`${c.error ? `: ${escapeMrkdwn(c.error)}` : ''}`,
    );
    for (const c of textChunks(`*Undone so nothing half-built is left behind:*\n${lines.join('\n')}`).slice(
      0,
      3,
    ))
      blocks.push(section(c));
  }
  if (ok && r.querySql) {
    blocks.push(section(`*Query it*${r.tableName ? ` (\`${escapeMrkdwn(r.tableName)}\`)` : ''}:`));
    blocks.push(...codeChunks(r.querySql).slice(0, 2).map(section));
  }
  if (r.trust) blocks.push(...trustBlocks(r.trust));
  return blocks.slice(0, LIMITS.messageBlocks);
}
