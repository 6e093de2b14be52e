/**
 * What a pipeline's run created, read from its EXECUTION_LOG: the successful CREATE steps, in the order they ran,
 * with their names made canonical. Retire drops these; the drift report compares them with what exists.
 */
import { canonicalName } from '../../procedures/execute/changeSteps.js';
import { type ResolvedObject, resolveObject, type SchemaContext } from '../../procedures/execute/objects.js';
import { STATEMENT_KINDS, type StatementKind } from '../../procedures/names.js';
import { identifier, splitQualifiedName } from '../../procedures/sql/identifiers.js';

export interface CreatedStep {
  kind: StatementKind;
  /** Canonical qualified name (procedures/execute/changeSteps.ts). */
  name: string;
  sql: string;
  /** When the step started (ms since the epoch); NaN when the log does not say. */
  startedAt: number;
  ms: number;
}

export function createdSteps(log: unknown, ctx: SchemaContext): CreatedStep[] {
  if (!Array.isArray(log)) return [];
  const out: CreatedStep[] = [];
  for (const step of log) {
    const s = step as Record<string, unknown> | null;
    if (s?.ok !== true || s.skipped === true || typeof s.sql !== 'string') continue;
    if (!/^\s*CREATE\b/i.test(s.sql) || typeof s.name !== 'string') continue;
    const kind = s.kind as StatementKind;
    if (!STATEMENT_KINDS.includes(kind)) continue;
    const name = canonicalName(kind, s.name, ctx);
    if (!name) continue;
    const startedAt = Date.parse(String(s.started_at ?? ''));
    out.push({ kind, name, sql: s.sql, startedAt, ms: typeof s.ms === 'number' ? s.ms : 0 });
  }
  return out;
}

/** The object a canonical name (as createdSteps gives it) denotes. */
export function canonicalObject(kind: StatementKind, name: string, ctx: SchemaContext): ResolvedObject {
  const parts = splitQualifiedName(name).map((p) => identifier(p).resolved);
  return resolveObject(kind, { parts, quoted: parts.map(() => true), text: name }, ctx);
}
