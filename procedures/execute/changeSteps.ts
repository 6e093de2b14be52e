/**
 * The two statement shapes besides CREATE, checked inside EXECUTE_DDL_AND_TRACK where the privileges are:
 * - ALTER of an existing integration's allowed locations, only ever widening the list DESC returns at run time
 *   (so a plan cannot take a location away from stages that rely on it), restored if a later step fails;
 * - DROP, only in a retire plan: every statement a DROP of an object the retired pipeline created (per its own
 *   execution log) that no other live pipeline names.
 */
import type { StatementKind } from '../names.js';
import type { CreateStatement, ObjectName } from '../parser/ast.js';
import {
  type AlterIntegrationStatement,
  type DropStatement,
  leadingWord,
  parseAlterIntegration,
  parseDropStatement,
} from '../parser/changeStatements.js';
import { queryRows, variantValue } from '../runtime/query.js';
import type { SnowflakeApi } from '../runtime/snowflakeApi.js';
import { identifier, quoteIdentifierPart, splitQualifiedName } from '../sql/identifiers.js';
import { quoteStringList } from '../sql/literals.js';
import { guard } from './guardRefusal.js';
import { qualifiedName, resolveObject, type SchemaContext } from './objects.js';
import type { PlanStatement } from './types.js';

export type GuardedAst =
  | { action: 'create'; ast: CreateStatement }
  | { action: 'alter'; ast: AlterIntegrationStatement }
  | { action: 'drop'; ast: DropStatement };

/** Parses a plan statement with the grammar its first word selects; the declared change must agree with it. */
export function guardAny(
  statement: PlanStatement,
):
  | { ok: true; guarded: GuardedAst }
  | { ok: false; message: string; line: number | null; column: number | null } {
  const word = leadingWord(statement.sql);
  if (word === 'ALTER') {
    if (statement.change !== 'alter')
      return {
        ok: false,
        message: 'an ALTER statement must be declared as change "alter"',
        line: null,
        column: null,
      };
    const r = parseAlterIntegration(statement.sql);
    return r.ok
      ? { ok: true, guarded: { action: 'alter', ast: r.statement } }
      : { ok: false, message: r.error.message, line: r.error.line, column: r.error.column };
  }
  if (word === 'DROP') {
    if (statement.change !== 'drop' || !statement.retires)
      return {
        ok: false,
        message: 'DROP is allowed only in a retire plan (change "drop" with the pipeline it retires)',
        line: null,
        column: null,
      };
    const r = parseDropStatement(statement.sql);
    return r.ok
      ? { ok: true, guarded: { action: 'drop', ast: r.statement } }
      : { ok: false, message: r.error.message, line: r.error.line, column: r.error.column };
  }
  if (statement.change === 'alter' || statement.change === 'drop')
    return {
      ok: false,
      message: `a statement declared as change "${statement.change}" must be an ${statement.change === 'alter' ? 'ALTER' : 'DROP'}`,
      line: null,
      column: null,
    };
  const g = guard(statement.sql);
  return g.ok
    ? { ok: true, guarded: { action: 'create', ast: g.statement } }
    : { ok: false, message: g.refusal.message, line: g.refusal.line, column: g.refusal.column };
}

/** A plan with a DROP is a retire plan: only DROPs, all retiring the same pipeline. Returns the problem, if any. */
export function retirePlanProblem(statements: readonly PlanStatement[]): string | null {
  const drops = statements.filter((s) => s.change === 'drop');
  if (drops.length === 0) return null;
  if (drops.length !== statements.length) return 'a retire plan holds only DROP statements';
  const ids = new Set(drops.map((d) => d.retires));
  if (ids.size !== 1) return 'a retire plan retires exactly one pipeline';
  return null;
}

// ------------------------------------------------------------------ ALTER

/** The integration's STORAGE_ALLOWED_LOCATIONS as DESC INTEGRATION reports it now. */
export function currentAllowedLocations(sf: SnowflakeApi, name: ObjectName): string[] {
  const rows = queryRows(
    sf,
    `DESC INTEGRATION ${quoteIdentifierPart(name.parts[0] as string)}`,
    [],
    ['property', 'property_value'],
  );
  const row = rows.find((r) => String(r.property).toUpperCase() === 'STORAGE_ALLOWED_LOCATIONS');
  const value = row ? String(row.property_value ?? '') : '';
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The locations of `before` that `after` would drop; an ALTER may only widen the list. */
export function missingLocations(before: readonly string[], after: readonly string[]): string[] {
  const kept = new Set(after);
  return before.filter((loc) => !kept.has(loc));
}

export function restoreAllowedSql(name: ObjectName, previous: readonly string[]): string {
  return `ALTER STORAGE INTEGRATION ${quoteIdentifierPart(name.parts[0] as string)} SET STORAGE_ALLOWED_LOCATIONS = ${quoteStringList(previous)}`;
}

// ------------------------------------------------------------------ retire

const NAME_COLUMNS: Record<StatementKind, string> = {
  STORAGE_INTEGRATION: 'INTEGRATION_NAME',
  FILE_FORMAT: 'FILE_FORMAT_NAME',
  STAGE: 'STAGE_NAME',
  EXTERNAL_TABLE: 'TABLE_NAME',
};

/** `DB.SCH.NAME` of a name as written in the tracker (bare, qualified or quoted), or null when unreadable. */
export function canonicalName(kind: StatementKind, written: string, ctx: SchemaContext): string | null {
  try {
    const raw = splitQualifiedName(written.trim());
    const parts = raw.map((p) => identifier(p).resolved);
    return qualifiedName(resolveObject(kind, { parts, quoted: parts.map(() => true), text: written }, ctx));
  } catch {
    return null;
  }
}

interface RetiredRow {
  status: string;
  log: unknown;
}

function readRetired(sf: SnowflakeApi, table: string, id: string): RetiredRow | null {
  const rows = queryRows(
    sf,
    `SELECT STATUS, EXECUTION_LOG FROM ${table} WHERE PIPELINE_ID = ?`,
    [id],
    ['STATUS', 'EXECUTION_LOG'],
  );
  const row = rows[0];
  return row ? { status: String(row.STATUS), log: variantValue(row.EXECUTION_LOG) } : null;
}

/** Objects a pipeline's own run created or replaced: its successful, not skipped CREATE steps. */
export function createdBy(log: unknown, ctx: SchemaContext): Set<string> {
  const out = new Set<string>();
  if (!Array.isArray(log)) return out;
  for (const step of log) {
    const s = step as Record<string, unknown> | null;
    if (!s || typeof s !== 'object' || s.ok !== true || s.skipped === true) continue;
    if (typeof s.kind !== 'string' || typeof s.name !== 'string' || typeof s.sql !== 'string') continue;
    if (leadingWord(s.sql) !== 'CREATE') continue;
    const name = canonicalName(s.kind as StatementKind, s.name, ctx);
    if (name) out.add(`${s.kind}:${name}`);
  }
  return out;
}

/**
 * Refuses a retire plan unless the retired pipeline is SUCCESS and every DROP names an object that pipeline
 * created and that no other live (SUCCESS) pipeline names. Returns the problem, or null when it may run.
 */
export function retireProblem(
  sf: SnowflakeApi,
  table: string,
  ctx: SchemaContext,
  selfId: string,
  drops: readonly { statement: PlanStatement; ast: DropStatement }[],
): string | null {
  const retiredId = drops[0]?.statement.retires as string;
  if (retiredId === selfId) return 'a retire plan cannot retire itself';
  const retired = readRetired(sf, table, retiredId);
  if (!retired) return `pipeline ${retiredId} does not exist`;
  if (retired.status !== 'SUCCESS')
    return `pipeline ${retiredId} is ${retired.status}; only a SUCCESS pipeline can be retired`;
  const created = createdBy(retired.log, ctx);
  for (const { ast } of drops) {
    const key = `${ast.kind}:${qualifiedName(resolveObject(ast.kind, ast.name, ctx))}`;
    if (!created.has(key))
      return `${ast.name.text} was not created by pipeline ${retiredId}; a retire plan drops only what that pipeline created`;
    const column = NAME_COLUMNS[ast.kind];
    const users = queryRows(
      sf,
      `SELECT PIPELINE_ID, ${column} AS NAME FROM ${table} WHERE STATUS = 'SUCCESS' AND PIPELINE_ID <> ? AND PIPELINE_ID <> ? AND ${column} IS NOT NULL`,
      [retiredId, selfId],
      ['PIPELINE_ID', 'NAME'],
    );
    const own = key.slice(ast.kind.length + 1);
    const user = users.find((u) => canonicalName(ast.kind, String(u.NAME), ctx) === own);
    if (user) return `${ast.name.text} is used by pipeline ${String(user.PIPELINE_ID)}, which is still live`;
  }
  return null;
}
