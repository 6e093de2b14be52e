/**
 * The agent's words: what it understood this turn, the plan summary and generator errors in plain
 * language. Never says anything ran — a human approves first.
 */

import type { ToolName } from '../../../procedures/names.js';
import type { GeneratedDdl, InputIssue } from '../../../procedures/result.js';
import type { Facts } from './facts.js';

const DELIMITER_NAMES: Record<string, string> = {
  ',': 'comma',
  '\t': 'tab',
  '|': 'pipe',
  ';': 'semicolon',
  ' ': 'space',
};

function delimiterName(d: string): string {
  return DELIMITER_NAMES[d] ?? `"${d}"`;
}

function cloudName(c: string): string {
  return c === 'AZURE' ? 'Azure' : c;
}

/** One line naming the facts that changed in this turn, or undefined when nothing did. */
export function describeChanges(prev: Facts, next: Facts): string | undefined {
  const parts: string[] = [];
  if (next.location && next.location !== prev.location)
    parts.push(`location ${next.location} (${cloudName(next.cloud ?? '')})`);
  else if (!next.location && next.bucket && (next.bucket !== prev.bucket || next.prefix !== prev.prefix)) {
    parts.push(`bucket ${next.bucket}${next.prefix ? `, prefix ${next.prefix}` : ''}`);
  }
  if (next.format && (next.format !== prev.format || next.compression !== prev.compression)) {
    parts.push(`format ${next.format}${next.compression ? ` (${next.compression})` : ''}`);
  }
  const c = next.csv;
  const p = prev.csv;
  if (c.delimiter !== undefined && c.delimiter !== p.delimiter)
    parts.push(`${delimiterName(c.delimiter)} delimiter`);
  if (c.header !== undefined && c.header !== p.header) parts.push(c.header ? 'header row' : 'no header row');
  if (c.quote !== undefined && c.quote !== p.quote) parts.push(`fields quoted with ${c.quote}`);
  if (c.nullIf !== undefined && JSON.stringify(c.nullIf) !== JSON.stringify(p.nullIf)) {
    parts.push(`null markers ${c.nullIf.map((n) => (n === '' ? 'empty' : n)).join(', ')}`);
  }
  if (c.dateFormat !== undefined && c.dateFormat !== p.dateFormat) parts.push(`dates ${c.dateFormat}`);
  if (c.timestampFormat !== undefined && c.timestampFormat !== p.timestampFormat) {
    parts.push(`timestamps ${c.timestampFormat}`);
  }
  if (JSON.stringify(next.columns) !== JSON.stringify(prev.columns) && next.columns) {
    parts.push(`columns ${next.columns.map((col) => `${col.name} ${col.type}`).join(', ')}`);
  }
  if (next.inferColumns && !prev.inferColumns) parts.push('columns to be inferred from sample files');
  if (JSON.stringify(next.partitions) !== JSON.stringify(prev.partitions) && next.partitions?.length) {
    parts.push(`partitions ${next.partitions.map((x) => x.name).join(', ')}`);
  }
  if (next.awsRoleArn && next.awsRoleArn !== prev.awsRoleArn) parts.push(`role ${next.awsRoleArn}`);
  if (next.azureTenantId && next.azureTenantId !== prev.azureTenantId)
    parts.push(`tenant ${next.azureTenantId}`);
  for (const key of ['integration', 'format', 'stage', 'table'] as const) {
    const v = next.names[key];
    if (v !== undefined && v !== prev.names[key])
      parts.push(`${key === 'format' ? 'file format' : key} name ${v}`);
  }
  if (next.database && next.database !== prev.database) parts.push(`database ${next.database}`);
  if (next.schema && next.schema !== prev.schema) parts.push(`schema ${next.schema}`);
  return parts.length > 0 ? `Noted: ${parts.join('; ')}.` : undefined;
}

const KIND_LABEL: Record<ToolName, string> = {
  GENERATE_STORAGE_INTEGRATION_DDL: 'Storage integration',
  GENERATE_FILE_FORMAT_DDL: 'File format',
  GENERATE_EXTERNAL_STAGE_DDL: 'Stage',
  GENERATE_EXTERNAL_TABLE_DDL: 'External table',
};

export function planSummary(
  facts: Facts,
  results: { tool: ToolName; ddl: GeneratedDdl }[],
  revision: number,
): string {
  const lines = [
    `${revision > 1 ? 'Updated plan' : 'Plan'} for ${facts.location} (${facts.format}), ${results.length} statements:`,
  ];
  results.forEach((r, i) => {
    lines.push(`${i + 1}. ${KIND_LABEL[r.tool]} ${r.ddl.name}`);
  });
  for (const r of results) for (const w of r.ddl.warnings) lines.push(`Note: ${w}`);
  if (!results.some((r) => r.tool === 'GENERATE_EXTERNAL_TABLE_DDL')) {
    // The honest inference flow: this plan only opens access; nothing has been read from the files yet.
    lines.push(
      'The columns are not known yet, so this plan holds only the access objects. After it is approved and has run, the bot reads a few sample files through the stage and proposes the external table with the inferred columns as a second plan.',
    );
  }
  lines.push(
    'Nothing has been created yet: the plan runs only after an approver approves it. Tell me what to change (e.g. "call the table orders_ext") or say "start over".',
  );
  return lines.join('\n');
}

export function generatorErrorText(
  tool: ToolName,
  message: string,
  issues: InputIssue[],
  ask: string,
): string {
  const detail = issues.length > 0 ? issues.map((i) => `• ${i.message}`).join('\n') : `• ${message}`;
  return `The ${KIND_LABEL[tool].toLowerCase()} could not be generated:\n${detail}\n${ask}`;
}
