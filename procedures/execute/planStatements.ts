import { STATEMENT_KINDS, type StatementKind } from '../names.js';
import type { ObjectName } from '../parser/ast.js';
import { identifier, splitQualifiedName } from '../sql/identifiers.js';
import type { PlanStatement, StatementChange } from './types.js';

const CHANGES: readonly StatementChange[] = ['new', 'replace', 'exists', 'alter', 'drop'];

/**
 * Reads DDL_STATEMENTS as stored in the tracker. Returns the statements or a message saying what is wrong;
 * a malformed plan never runs.
 */
export function readPlanStatements(
  raw: unknown,
): { ok: true; statements: PlanStatement[] } | { ok: false; message: string } {
  if (!Array.isArray(raw)) return { ok: false, message: 'DDL_STATEMENTS is not an array' };
  if (raw.length === 0) return { ok: false, message: 'DDL_STATEMENTS is empty' };
  const statements: PlanStatement[] = [];
  for (let i = 0; i < raw.length; i++) {
    const item = raw[i] as Record<string, unknown> | null;
    if (item === null || typeof item !== 'object')
      return { ok: false, message: `DDL_STATEMENTS[${i}] is not an object` };
    const { kind, name, sql, change, retires } = item;
    if (typeof kind !== 'string' || !(STATEMENT_KINDS as readonly string[]).includes(kind)) {
      return { ok: false, message: `DDL_STATEMENTS[${i}].kind is not one of ${STATEMENT_KINDS.join(', ')}` };
    }
    if (typeof name !== 'string' || name.length === 0)
      return { ok: false, message: `DDL_STATEMENTS[${i}].name is missing` };
    if (typeof sql !== 'string' || sql.trim().length === 0)
      return { ok: false, message: `DDL_STATEMENTS[${i}].sql is missing` };
    if (typeof change !== 'string' || !(CHANGES as readonly string[]).includes(change)) {
      return { ok: false, message: `DDL_STATEMENTS[${i}].change is not one of ${CHANGES.join(', ')}` };
    }
    if (retires !== undefined && (typeof retires !== 'string' || !/^P-[0-9a-f]{6,40}$/.test(retires)))
      return { ok: false, message: `DDL_STATEMENTS[${i}].retires is not a pipeline id` };
    statements.push({
      kind: kind as StatementKind,
      name,
      sql,
      change: change as StatementChange,
      ...(typeof retires === 'string' ? { retires } : {}),
    });
  }
  return { ok: true, statements };
}

/** Position of a kind in dependency order (integration → format → stage → table). */
export function kindRank(kind: StatementKind): number {
  return STATEMENT_KINDS.indexOf(kind);
}

/** Stable sort into dependency order; the original positions come along for the log. */
export function inDependencyOrder<T extends { kind: StatementKind }>(
  items: readonly T[],
): { item: T; index: number }[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => kindRank(a.item.kind) - kindRank(b.item.kind) || a.index - b.index);
}

/** Whether a declared name (as written in DDL_STATEMENTS) denotes the object the parsed statement creates. */
export function declaredNameMatches(declared: string, parsed: ObjectName): boolean {
  if (declared === parsed.text) return true;
  try {
    const parts = splitQualifiedName(declared.trim()).map((p) => identifier(p).resolved);
    return parts.length === parsed.parts.length && parts.every((p, i) => p === parsed.parts[i]);
  } catch {
    return false;
  }
}
