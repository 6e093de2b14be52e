/** Words and small formatting shared by the pages: status names, times, statement kinds. */
import type { PipelineRow } from '../bot/core/api.js';
import { html, type SafeHtml } from './html.js';

export type Status = PipelineRow['STATUS'];

/** Every status with the words shown next to its colour (colour alone never carries the meaning). */
export const STATUS_INFO: Record<Status, { label: string; description: string }> = {
  PROPOSED: { label: 'Proposed', description: 'waiting for an approver' },
  EXECUTING: { label: 'Executing', description: 'statements are running' },
  SUCCESS: { label: 'Success', description: 'all statements ran' },
  FAILED: { label: 'Failed', description: 'a statement failed; what this run created was dropped' },
  REJECTED: { label: 'Rejected', description: 'an approver said no' },
  EXPIRED: { label: 'Expired', description: 'not approved in time, or replaced by a revised plan' },
  RETIRED: { label: 'Retired', description: 'its objects were dropped by an approved retire plan' },
};

export const STATUSES = Object.keys(STATUS_INFO) as Status[];

export function statusBadge(status: string): SafeHtml {
  const known = (STATUSES as string[]).includes(status);
  const info = known ? STATUS_INFO[status as Status] : undefined;
  const cls = known ? `status status-${status.toLowerCase()}` : 'status';
  return html`<span class="${cls}" title="${info?.description ?? ''}">${status}</span>`;
}

/** Timestamps in UTC with seconds: unambiguous for viewers in several time zones. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function timeTag(iso: string | null | undefined): SafeHtml {
  if (!iso) return html`<span class="muted">—</span>`;
  return html`<time datetime="${iso}">${formatTime(iso)}</time>`;
}

const KIND_LABEL: Record<string, string> = {
  STORAGE_INTEGRATION: 'Storage integration',
  FILE_FORMAT: 'File format',
  STAGE: 'Stage',
  EXTERNAL_TABLE: 'External table',
};

export function kindLabel(kind: string): string {
  return KIND_LABEL[kind] ?? kind;
}

export function changeText(change: string): string {
  if (change === 'new') return 'new';
  if (change === 'replace') return 'replaces existing';
  if (change === 'exists') return 'exists identical (skipped)';
  if (change === 'alter') return 'extends existing';
  if (change === 'drop') return 'drops';
  return change;
}

export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
