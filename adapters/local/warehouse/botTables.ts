/**
 * The bot's own tables, created at open in the configured database.schema with Snowflake's types mapped to
 * DuckDB's (VARIANT → JSON, TIMESTAMP_LTZ → TIMESTAMPTZ). No primary keys: Snowflake does not enforce them, and
 * code relying on an enforced key locally would break in Snowflake.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { TRACKER_TABLE } from '../../../procedures/names.js';
import {
  APPROVER_COLUMNS,
  APPROVERS_TABLE,
  type ApproverEntry,
} from '../../../procedures/tracker/approvers.js';
import { TRACKER_COLUMNS } from '../../../procedures/tracker/columns.js';
import {
  INTERRUPTED_AFTER_SECONDS,
  SETTINGS_COLUMNS,
  SETTINGS_TABLE,
} from '../../../procedures/tracker/settings.js';
import { DuckSession } from './duck.js';
import { duckIdentifier, duckQualified, duckSchemaName } from './duckQuote.js';
import { mapType } from './typeMapping.js';

export const CONVERSATIONS_TABLE = 'DEA_CONVERSATIONS';
export const PROCESSED_EVENTS_TABLE = 'DEA_PROCESSED_EVENTS';

export const BOT_TABLES: Record<string, readonly { name: string; type: string }[]> = {
  [TRACKER_TABLE]: TRACKER_COLUMNS,
  [APPROVERS_TABLE]: APPROVER_COLUMNS,
  [SETTINGS_TABLE]: SETTINGS_COLUMNS,
  [CONVERSATIONS_TABLE]: [
    { name: 'CHANNEL', type: 'VARCHAR' },
    { name: 'THREAD_REF', type: 'VARCHAR' },
    { name: 'AGENT_THREAD_ID', type: 'VARCHAR' },
    { name: 'AGENT_MESSAGE_ID', type: 'VARCHAR' },
    { name: 'STATE', type: 'VARIANT' },
    { name: 'UPDATED_AT', type: 'TIMESTAMP_LTZ' },
  ],
  [PROCESSED_EVENTS_TABLE]: [
    { name: 'EVENT_KEY', type: 'VARCHAR' },
    { name: 'SEEN_AT', type: 'TIMESTAMP_LTZ' },
  ],
};

export async function createBotTables(
  conn: DuckDBConnection,
  database: string,
  schema: string,
): Promise<void> {
  await DuckSession.run(
    conn,
    `CREATE SCHEMA IF NOT EXISTS ${duckIdentifier(duckSchemaName(database, schema))}`,
  );
  for (const [table, columns] of Object.entries(BOT_TABLES)) {
    const cols = columns.map((c) => `${duckIdentifier(c.name)} ${mapType(c.type)}`).join(', ');
    await DuckSession.run(
      conn,
      `CREATE TABLE IF NOT EXISTS ${duckQualified(database, schema, table)} (${cols})`,
    );
    // Columns added to TRACKER_COLUMNS after a data file was created are added in place.
    const existing = await DuckSession.run(
      conn,
      'SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND table_name = ?',
      [duckSchemaName(database, schema), table],
    );
    const have = new Set(existing.rows.map((r) => String(r.column_name)));
    for (const c of columns) {
      if (!have.has(c.name)) {
        await DuckSession.run(
          conn,
          `ALTER TABLE ${duckQualified(database, schema, table)} ADD COLUMN ${duckIdentifier(c.name)} ${mapType(c.type)}`,
        );
      }
    }
  }
}

/** Replaces the rows of DEA_APPROVERS (the embedded warehouse's stand-in for the rows `dea sql setup` renders). */
export async function installApprovers(
  conn: DuckDBConnection,
  database: string,
  schema: string,
  approvers: readonly ApproverEntry[],
): Promise<void> {
  const table = duckQualified(database, schema, APPROVERS_TABLE);
  await DuckSession.run(conn, `DELETE FROM ${table}`);
  for (const a of approvers) {
    await DuckSession.run(conn, `INSERT INTO ${table} (PRINCIPAL, KIND, MAY_APPROVE_OWN) VALUES (?, ?, ?)`, [
      a.principal,
      a.kind,
      a.mayApproveOwn,
    ]);
  }
}

/**
 * Replaces the interrupted-plan floor in DEA_SETTINGS. One process holds the embedded warehouse's file at a time,
 * so a plan still EXECUTING when it opens was interrupted: 0 unless the caller says otherwise.
 */
export async function installInterruptedAfter(
  conn: DuckDBConnection,
  database: string,
  schema: string,
  seconds: number,
): Promise<void> {
  const table = duckQualified(database, schema, SETTINGS_TABLE);
  // Read first: every open (each `dea` command included) would otherwise write to the file.
  const stored = await DuckSession.run(conn, `SELECT VALUE FROM ${table} WHERE NAME = ?`, [
    INTERRUPTED_AFTER_SECONDS,
  ]);
  if (stored.rows.length === 1 && stored.rows[0]?.VALUE === String(seconds)) return;
  await DuckSession.run(conn, `DELETE FROM ${table} WHERE NAME = ?`, [INTERRUPTED_AFTER_SECONDS]);
  await DuckSession.run(conn, `INSERT INTO ${table} (NAME, VALUE) VALUES (?, ?)`, [
    INTERRUPTED_AFTER_SECONDS,
    String(seconds),
  ]);
}
