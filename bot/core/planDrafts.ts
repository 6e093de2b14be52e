/**
 * A plan is assembled only from the generator tools' results — never from the model's prose — then checked
 * against the warehouse before anyone is asked to approve it.
 */
import { z } from 'zod';
import { planHash } from '../../procedures/execute/planHash.js';
import { STATEMENT_KINDS, type StatementKind, TOOL_KIND, type ToolName } from '../../procedures/names.js';
import type {
  CreateStatement,
  StageStatement,
  StorageIntegrationStatement,
} from '../../procedures/parser/ast.js';
import type { InferredColumns } from './messages.js';

const generatedSchema = z.object({
  ok: z.literal(true),
  ddl: z.string().min(1),
  kind: z.enum(STATEMENT_KINDS),
  name: z.string().min(1),
  warnings: z.array(z.string()).default([]),
});

export interface DraftStatement {
  kind: StatementKind;
  name: string;
  sql: string;
  warnings: string[];
  /** Columns read from sample files (schema inference); kept with the statement, outside the plan hash. */
  inferred?: InferredColumns;
}

export interface ToolResultLike {
  tool: ToolName;
  ok: boolean;
  output: unknown;
}

/**
 * The statements of a turn, in dependency order; a later result of the same kind replaces an earlier one (the
 * agent corrected itself). Results that are not a successful generator answer are reported, not used.
 */
export function draftFromToolResults(results: readonly ToolResultLike[]): {
  statements: DraftStatement[];
  rejected: string[];
} {
  const byKind = new Map<StatementKind, DraftStatement>();
  const rejected: string[] = [];
  for (const r of results) {
    if (!r.ok) continue;
    const parsed = generatedSchema.safeParse(r.output);
    if (!parsed.success || parsed.data.kind !== TOOL_KIND[r.tool]) {
      rejected.push(`${r.tool} returned something that is not a ${TOOL_KIND[r.tool]} statement`);
      continue;
    }
    byKind.set(parsed.data.kind, {
      kind: parsed.data.kind,
      name: parsed.data.name,
      sql: parsed.data.ddl,
      warnings: parsed.data.warnings,
    });
  }
  return { statements: orderByKind([...byKind.values()]), rejected };
}

function orderByKind<T extends { kind: StatementKind }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => STATEMENT_KINDS.indexOf(a.kind) - STATEMENT_KINDS.indexOf(b.kind));
}

/** Keeps the previous plan's statements of kinds this turn did not regenerate (a follow-up that only renames the table). */
export function mergeDrafts(
  previous: readonly DraftStatement[],
  current: readonly DraftStatement[],
): DraftStatement[] {
  const byKind = new Map<StatementKind, DraftStatement>();
  for (const s of previous) byKind.set(s.kind, s);
  for (const s of current) byKind.set(s.kind, s);
  return orderByKind([...byKind.values()]);
}

export function hashOf(statements: readonly { kind: string; name: string; sql: string }[]): string {
  return planHash(statements);
}

export function label(kind: StatementKind): string {
  return kind === 'STORAGE_INTEGRATION'
    ? 'storage integration'
    : kind === 'FILE_FORMAT'
      ? 'file format'
      : kind === 'STAGE'
        ? 'stage'
        : 'external table';
}

/** The cloud named by the plan: the integration's provider, else the stage URL's scheme. */
export function dataSourceType(parsed: readonly CreateStatement[]): string | null {
  const integ = parsed.find((p) => p.kind === 'STORAGE_INTEGRATION') as
    | StorageIntegrationStatement
    | undefined;
  if (integ) return integ.provider;
  const stage = parsed.find((p) => p.kind === 'STAGE') as StageStatement | undefined;
  const scheme = stage?.url?.split('://')[0]?.toUpperCase();
  if (!scheme) return null;
  return scheme === 'GCS' ? 'GCS' : scheme === 'AZURE' ? 'AZURE' : scheme.startsWith('S3') ? scheme : null;
}
