/** The outcome of an approved plan: each statement ✓/✗ with its time, what was undone, how to query, trust steps. */
import type { ResultView, StepView, TrustSteps } from '../../../bot/core/messages.js';
import { type AdaptiveCard, type CardElement, card, clip, code, container, text } from './elements.js';
import { kindLabel } from './planCard.js';

export function resultCard(r: ResultView, nameOf: (principal: string) => string = (p) => p): AdaptiveCard {
  const ok = r.status === 'SUCCESS';
  const body: CardElement[] = [
    text(
      `${ok ? '✅' : '❌'} Pipeline ${r.pipelineId} ${ok ? (r.retired ? `done: pipeline ${r.retired} retired` : 'created') : 'failed'}`,
      {
        weight: 'Bolder',
        size: 'Medium',
        color: ok ? 'Good' : 'Attention',
      },
    ),
    text(clip(r.message, 2_000)),
    text(`Approved by ${nameOf(r.approvedBy)}`, { subtle: true, spacing: 'None' }),
  ];
  if (r.steps.length) body.push(container(r.steps.map(stepBlock), { separator: true }));
  if (r.compensation.length) {
    body.push(
      container(
        [
          text('Undone so nothing half-built is left behind:', { weight: 'Bolder' }),
          ...r.compensation.map((c) =>
            text(
              `${c.action === 'restore' ? (c.ok ? '↩ restored the allowed locations of' : '⚠ could not restore the allowed locations of') : c.ok ? '↩ dropped' : '⚠ could not drop'} ${kindLabel(c.kind)} ${c.name}${c.error ? `: ${clip(c.error, 500)}` : ''}`,
              { color: c.ok ? undefined : 'Warning', spacing: 'Small' },
            ),
          ),
        ],
        { separator: true },
      ),
    );
  }
  if (ok && r.querySql) {
    body.push(
      container(
        [text(`Query it${r.tableName ? ` (${r.tableName})` : ''}:`, { weight: 'Bolder' }), code(r.querySql)],
        {
          separator: true,
        },
      ),
    );
  }
  if (r.trust) body.push(container(trustBlocks(r.trust), { separator: true }));
  return card(body, { fallbackText: `Pipeline ${r.pipelineId}: ${r.status}` });
}

function stepBlock(s: StepView): CardElement {
  const icon = s.skipped ? '–' : s.ok ? '✓' : '✗';
  const ms = s.ms !== undefined ? ` (${s.ms} ms)` : '';
  const skipped = s.skipped ? ' — exists identical, skipped' : '';
  const err = s.error ? `\n${s.error.code ? `[${s.error.code}] ` : ''}${clip(s.error.message, 1_000)}` : '';
  return text(`${icon} ${kindLabel(s.kind)} ${s.name}${ms}${skipped}${err}`, {
    color: s.ok || s.skipped ? undefined : 'Attention',
    spacing: 'Small',
  });
}

function trustBlocks(t: TrustSteps): CardElement[] {
  const local = t.local ? ' (local stand-in values: the embedded warehouse has no cloud identity)' : '';
  switch (t.provider) {
    case 'S3':
      return [
        text(`Let Snowflake read the bucket (AWS)${local}`, { weight: 'Bolder' }),
        text("In IAM, edit the role's trust relationship so this Snowflake user may assume it:", {
          spacing: 'Small',
        }),
        text(`IAM user ARN: ${t.iamUserArn}`, { monospace: true, spacing: 'Small' }),
        text(`External ID: ${t.externalId}`, { monospace: true, spacing: 'None' }),
        code(clip(t.policyJson, 4_000), 'Json'),
      ];
    case 'GCS':
      return [
        text(`Let Snowflake read the bucket (Google Cloud)${local}`, { weight: 'Bolder' }),
        text('Grant this service account read access (e.g. Storage Object Viewer) on the bucket:', {
          spacing: 'Small',
        }),
        text(t.serviceAccount, { monospace: true, spacing: 'Small' }),
      ];
    case 'AZURE':
      return [
        text(`Let Snowflake read the container (Azure)${local}`, { weight: 'Bolder' }),
        text(`1. An Azure admin opens the consent URL and accepts: ${t.consentUrl}`, { spacing: 'Small' }),
        text(
          `2. Give the app ${t.appName} the Storage Blob Data Reader role on the storage account or container.`,
          {
            spacing: 'Small',
          },
        ),
      ];
  }
}
