/**
 * Pure helpers of the proposer: what a tracker row names, which drafts an open plan holds, and the fields a
 * stored statement carries beside its SQL.
 */
import { qualifiedName, resolveObject } from '../../procedures/execute/objects.js';
import type { CreateStatement } from '../../procedures/parser/ast.js';
import type { PipelineRow } from './api.js';
import type { Assumption } from './contracts.js';
import type { DraftStatement } from './planDrafts.js';
import { storedStatements } from './views.js';

type Kind = CreateStatement['kind'];

/** The drafted CREATEs of an open plan (an ALTER the core derived is derived again from the revision). */
export function draftsOf(row: PipelineRow): DraftStatement[] {
  return storedStatements(row)
    .filter((s) => s.change !== 'alter' && /^\s*CREATE\b/i.test(s.sql))
    .map((s) => ({ kind: s.kind, name: s.name, sql: s.sql, warnings: [] }));
}

/** The objects a tracker row names, by their own (last) name part. */
export function namesOf(row: {
  INTEGRATION_NAME: string | null;
  FILE_FORMAT_NAME: string | null;
  STAGE_NAME: string | null;
  TABLE_NAME: string | null;
}): string[] {
  return [row.INTEGRATION_NAME, row.FILE_FORMAT_NAME, row.STAGE_NAME, row.TABLE_NAME]
    .filter((n): n is string => !!n)
    .map((n) => n.split('.').at(-1) ?? n);
}

/** The agent's stated assumptions about one statement kind, as a stored-statement field (absent when none). */
export function assumedFor(kind: string, assumptions: readonly Assumption[]): { assumptions?: string[] } {
  const texts = assumptions.filter((a) => a.kind === kind).map((a) => a.text);
  return texts.length > 0 ? { assumptions: texts } : {};
}

/**
 * The object names a new tracker row records, by kind: qualified from the parsed statements, else as written in
 * the plan, else inherited from the step-1 row whose objects the table reads through.
 */
export function rowNames(
  parsed: readonly CreateStatement[],
  planned: readonly { kind: Kind; name: string }[],
  ctx: { database: string; schema: string },
  inherit: PipelineRow | undefined,
): (kind: Kind) => string | null {
  const names = new Map<Kind, string>();
  for (const s of parsed) {
    try {
      names.set(s.kind, qualifiedName(resolveObject(s.kind, s.name, ctx)));
    } catch {
      names.set(s.kind, s.name.text);
    }
  }
  // A stage read through an integration the plan does not create still names it on the row.
  for (const s of planned) if (!names.has(s.kind)) names.set(s.kind, s.name);
  const inherited: Record<Kind, string | null | undefined> = {
    STORAGE_INTEGRATION: inherit?.INTEGRATION_NAME,
    FILE_FORMAT: inherit?.FILE_FORMAT_NAME,
    STAGE: inherit?.STAGE_NAME,
    EXTERNAL_TABLE: inherit?.TABLE_NAME,
  };
  return (kind) => names.get(kind) ?? inherited[kind] ?? null;
}
