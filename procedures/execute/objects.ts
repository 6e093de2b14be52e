import type { StatementKind } from '../names.js';
import type { ObjectName } from '../parser/ast.js';
import { queryRows } from '../runtime/query.js';
import type { SnowflakeApi } from '../runtime/snowflakeApi.js';
import { quoteIdentifierPart } from '../sql/identifiers.js';
import { quoteString } from '../sql/literals.js';

/** The procedure's own database and schema (an owner's-rights procedure runs in its own schema context). */
export interface SchemaContext {
  database: string;
  schema: string;
}

interface KindSql {
  /** `SHOW <plural> LIKE …`; integrations share one account-wide namespace whatever their type. */
  show: string;
  drop: string;
  accountLevel: boolean;
}

const KIND_SQL: Record<StatementKind, KindSql> = {
  STORAGE_INTEGRATION: { show: 'INTEGRATIONS', drop: 'STORAGE INTEGRATION', accountLevel: true },
  FILE_FORMAT: { show: 'FILE FORMATS', drop: 'FILE FORMAT', accountLevel: false },
  STAGE: { show: 'STAGES', drop: 'STAGE', accountLevel: false },
  EXTERNAL_TABLE: { show: 'EXTERNAL TABLES', drop: 'EXTERNAL TABLE', accountLevel: false },
};

export interface ResolvedObject {
  kind: StatementKind;
  /** The object's own stored name. */
  objectName: string;
  /** Stored database and schema for schema objects; null for account-level ones. */
  database: string | null;
  schema: string | null;
}

/** Resolves a parsed name against the procedure's schema, as Snowflake resolves an unqualified name. */
export function resolveObject(kind: StatementKind, name: ObjectName, ctx: SchemaContext): ResolvedObject {
  const parts = name.parts;
  const objectName = parts[parts.length - 1] as string;
  if (KIND_SQL[kind].accountLevel) {
    if (parts.length !== 1) throw new Error(`a ${kind} name cannot be qualified: ${name.text}`);
    return { kind, objectName, database: null, schema: null };
  }
  if (parts.length === 3)
    return { kind, objectName, database: parts[0] as string, schema: parts[1] as string };
  if (parts.length === 2) return { kind, objectName, database: ctx.database, schema: parts[0] as string };
  return { kind, objectName, database: ctx.database, schema: ctx.schema };
}

/** The fully qualified, quoted name, e.g. `"DB"."PUBLIC"."MY_STAGE"`. */
export function qualifiedName(obj: ResolvedObject): string {
  if (obj.database === null || obj.schema === null) return quoteIdentifierPart(obj.objectName);
  return [obj.database, obj.schema, obj.objectName].map(quoteIdentifierPart).join('.');
}

/**
 * `SHOW STAGES LIKE '<pattern>' IN SCHEMA "DB"."SCH"`. LIKE in SHOW is case-insensitive and treats `_`/`%` as
 * wildcards, so the pattern only narrows the output and the exact stored name is compared afterwards. A
 * backslash would act as LIKE's escape character, so it is widened to the `_` wildcard.
 */
function showSql(obj: ResolvedObject): string {
  const pattern = quoteString(obj.objectName.replace(/\\/g, '_'));
  const scope =
    obj.database === null || obj.schema === null
      ? ''
      : ` IN SCHEMA ${quoteIdentifierPart(obj.database)}.${quoteIdentifierPart(obj.schema)}`;
  return `SHOW ${KIND_SQL[obj.kind].show} LIKE ${pattern}${scope}`;
}

export function dropSql(obj: ResolvedObject): string {
  return `DROP ${KIND_SQL[obj.kind].drop} IF EXISTS ${qualifiedName(obj)}`;
}

/** Whether the object exists now (SHOW … LIKE, then an exact match on the `name` column). */
export function objectExists(sf: SnowflakeApi, obj: ResolvedObject): boolean {
  const rows = queryRows(sf, showSql(obj), [], ['name']);
  return rows.some((row) => row.name === obj.objectName);
}

/** The procedure's database and schema: `CURRENT_DATABASE()` / `CURRENT_SCHEMA()` inside the procedure. */
export function readSchemaContext(sf: SnowflakeApi): SchemaContext {
  const rows = queryRows(sf, 'SELECT CURRENT_DATABASE() AS DB, CURRENT_SCHEMA() AS SCH', [], ['DB', 'SCH']);
  const row = rows[0];
  if (!row || typeof row.DB !== 'string' || typeof row.SCH !== 'string' || !row.DB || !row.SCH) {
    throw new Error('the procedure has no current database and schema');
  }
  return { database: row.DB, schema: row.SCH };
}
