/**
 * Metadata of the emulated Snowflake objects, kept in a DuckDB table so it survives restarts with the data file.
 * Integrations are account-level (database and schema ''); the other kinds live in database.schema.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckSession } from './duck.js';

export type CatalogKind = 'INTEGRATION' | 'FILE_FORMAT' | 'STAGE' | 'EXTERNAL_TABLE';

/** A plain option value: scalar text, or a list of texts. */
export type PlainOption = string | string[];

export interface IntegrationDef {
  provider: string;
  enabled: boolean;
  allowedLocations: string[];
  blockedLocations: string[];
  comment: string | null;
  /** Other options (STORAGE_AWS_ROLE_ARN, AZURE_TENANT_ID, STORAGE_AWS_EXTERNAL_ID, …). */
  options: Record<string, PlainOption>;
}

export interface FileFormatDef {
  type: string;
  options: Record<string, PlainOption>;
  comment: string | null;
}

export interface QualifiedName {
  database: string;
  schema: string;
  name: string;
}

export type FormatRef = { kind: 'named'; ref: QualifiedName } | { kind: 'inline'; format: FileFormatDef };

export interface StageDef {
  url: string | null;
  storageIntegration: string | null;
  fileFormat: FormatRef | null;
  hasCredentials: boolean;
  hasEncryptionKey: boolean;
  directoryEnabled: boolean;
  comment: string | null;
  options: Record<string, PlainOption>;
}

interface ExternalColumnDef {
  name: string;
  type: string;
  expr: string;
}

export interface ExternalTableDef {
  columns: ExternalColumnDef[];
  partitionBy: string[];
  stage: QualifiedName;
  path: string;
  pattern: string | null;
  fileFormat: FormatRef;
  autoRefresh: boolean;
  refreshOnCreate: boolean;
  comment: string | null;
  lastRefreshedOn: string | null;
}

type CatalogDef = IntegrationDef | FileFormatDef | StageDef | ExternalTableDef;

export interface CatalogEntry<D = CatalogDef> {
  kind: CatalogKind;
  database: string;
  schema: string;
  name: string;
  createdOn: Date;
  owner: string;
  def: D;
}

export const CATALOG_SCHEMA = '_dea_catalog';
const TABLE = `${CATALOG_SCHEMA}.objects`;

export async function ensureCatalog(conn: DuckDBConnection): Promise<void> {
  await DuckSession.run(conn, `CREATE SCHEMA IF NOT EXISTS ${CATALOG_SCHEMA}`);
  await DuckSession.run(
    conn,
    `CREATE TABLE IF NOT EXISTS ${TABLE} (kind VARCHAR, database VARCHAR, schema VARCHAR, name VARCHAR, created_on TIMESTAMPTZ, owner VARCHAR, def JSON, PRIMARY KEY (kind, database, schema, name))`,
  );
}

function toEntry(r: Record<string, unknown>): CatalogEntry {
  return {
    kind: r.kind as CatalogKind,
    database: String(r.database),
    schema: String(r.schema),
    name: String(r.name),
    createdOn: r.created_on as Date,
    owner: String(r.owner),
    def: r.def as CatalogDef,
  };
}

export async function getEntry<D extends CatalogDef>(
  conn: DuckDBConnection,
  kind: CatalogKind,
  database: string,
  schema: string,
  name: string,
): Promise<CatalogEntry<D> | undefined> {
  const r = await DuckSession.run(
    conn,
    `SELECT * FROM ${TABLE} WHERE kind = ? AND database = ? AND schema = ? AND name = ?`,
    [kind, database, schema, name],
  );
  const row = r.rows[0];
  return row ? (toEntry(row) as CatalogEntry<D>) : undefined;
}

export async function putEntry(conn: DuckDBConnection, entry: CatalogEntry): Promise<void> {
  await DuckSession.run(
    conn,
    `DELETE FROM ${TABLE} WHERE kind = ? AND database = ? AND schema = ? AND name = ?`,
    [entry.kind, entry.database, entry.schema, entry.name],
  );
  await DuckSession.run(
    conn,
    `INSERT INTO ${TABLE} VALUES (?, ?, ?, ?, CAST(? AS TIMESTAMPTZ), ?, json(?))`,
    [
      entry.kind,
      entry.database,
      entry.schema,
      entry.name,
      entry.createdOn.toISOString(),
      entry.owner,
      JSON.stringify(entry.def),
    ],
  );
}

export async function deleteEntry(
  conn: DuckDBConnection,
  kind: CatalogKind,
  database: string,
  schema: string,
  name: string,
): Promise<void> {
  await DuckSession.run(
    conn,
    `DELETE FROM ${TABLE} WHERE kind = ? AND database = ? AND schema = ? AND name = ?`,
    [kind, database, schema, name],
  );
}

/** Entries of a kind, optionally within a database or a database.schema, ordered like SHOW orders them. */
export async function listEntries(
  conn: DuckDBConnection,
  kind: CatalogKind,
  scope: { database?: string; schema?: string } = {},
): Promise<CatalogEntry[]> {
  const where = ['kind = ?'];
  const binds: string[] = [kind];
  if (scope.database !== undefined) {
    where.push('database = ?');
    binds.push(scope.database);
  }
  if (scope.schema !== undefined) {
    where.push('schema = ?');
    binds.push(scope.schema);
  }
  const r = await DuckSession.run(
    conn,
    `SELECT * FROM ${TABLE} WHERE ${where.join(' AND ')} ORDER BY database, schema, name`,
    binds,
  );
  return r.rows.map(toEntry);
}
