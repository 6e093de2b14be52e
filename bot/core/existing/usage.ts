/**
 * Which live pipelines use which objects, read from the tracker: a SUCCESS row names the integration, format,
 * stage and table it reads through (created or reused), and its execution log says what its run created.
 */
import { createdBy } from '../../../procedures/execute/changeSteps.js';
import type { SchemaContext } from '../../../procedures/execute/objects.js';
import type { StatementKind } from '../../../procedures/names.js';
import type { ThreadRef, Warehouse } from '../contracts.js';
import { parseVariant } from '../tracker.js';
import { keyOfWritten, type Usage } from './reconcile.js';

/** How many live pipelines are considered; an account with more should retire some. */
const MAX_LIVE = 5_000;

export const NAME_COLUMNS: [
  StatementKind,
  'INTEGRATION_NAME' | 'FILE_FORMAT_NAME' | 'STAGE_NAME' | 'TABLE_NAME',
][] = [
  ['STORAGE_INTEGRATION', 'INTEGRATION_NAME'],
  ['FILE_FORMAT', 'FILE_FORMAT_NAME'],
  ['STAGE', 'STAGE_NAME'],
  ['EXTERNAL_TABLE', 'TABLE_NAME'],
];

export interface LiveRow {
  PIPELINE_ID: string;
  CHANNEL: string | null;
  THREAD_REF: string | null;
  INTEGRATION_NAME: string | null;
  FILE_FORMAT_NAME: string | null;
  STAGE_NAME: string | null;
  TABLE_NAME: string | null;
  EXECUTION_LOG: unknown;
  DDL_STATEMENTS: unknown;
  UPDATED_AT: unknown;
}

export async function liveRows(warehouse: Warehouse, table: string): Promise<LiveRow[]> {
  const rows = await warehouse.query<LiveRow>(
    `SELECT PIPELINE_ID, CHANNEL, THREAD_REF, INTEGRATION_NAME, FILE_FORMAT_NAME, STAGE_NAME, TABLE_NAME, EXECUTION_LOG, DDL_STATEMENTS, UPDATED_AT FROM ${table} WHERE STATUS = 'SUCCESS' ORDER BY CREATED_AT DESC LIMIT ${MAX_LIVE}`,
  );
  return rows.map((r) => ({
    ...r,
    EXECUTION_LOG: parseVariant(r.EXECUTION_LOG),
    DDL_STATEMENTS: parseVariant(r.DDL_STATEMENTS),
  }));
}

export function usageOf(rows: readonly LiveRow[], ctx: SchemaContext, thread?: ThreadRef): Usage {
  const users = new Map<string, string[]>();
  const ownedByThread = new Set<string>();
  for (const row of rows) {
    for (const [kind, column] of NAME_COLUMNS) {
      const written = row[column];
      if (!written) continue;
      const key = keyOfWritten(kind, written, ctx);
      if (!key) continue;
      const list = users.get(key) ?? [];
      if (!list.includes(row.PIPELINE_ID)) list.push(row.PIPELINE_ID);
      users.set(key, list);
    }
    if (thread && row.CHANNEL === thread.channel && row.THREAD_REF === thread.id)
      for (const key of createdBy(row.EXECUTION_LOG, ctx)) ownedByThread.add(key);
  }
  return { users, ownedByThread };
}
