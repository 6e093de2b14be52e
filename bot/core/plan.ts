/**
 * A plan is assembled only from the generator tools' results — never from the model's prose — then checked
 * against the warehouse before anyone is asked to approve it.
 */
import { z } from 'zod';
import { resolveObject, showSql } from '../../procedures/execute/objects.js';
import { planHash } from '../../procedures/execute/planHash.js';
import { STATEMENT_KINDS, type StatementKind, TOOL_KIND, type ToolName } from '../../procedures/names.js';
import type {
  CreateStatement,
  StageStatement,
  StorageIntegrationStatement,
} from '../../procedures/parser/ast.js';
import { parseStatement } from '../../procedures/parser/index.js';
import { locationCovers } from '../../procedures/schemas/locations.js';
import type { Warehouse } from './contracts.js';
import type { InferredColumns, PlanStatementView, StatementChange } from './messages.js';

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

export function orderByKind<T extends { kind: StatementKind }>(items: readonly T[]): T[] {
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

export interface CheckedPlan {
  statements: PlanStatementView[];
  problems: string[];
  parsed: CreateStatement[];
}

interface CheckContext {
  warehouse: Warehouse;
  database: string;
  schema: string;
  /** DDL of earlier successful pipelines, to recognise an object that exists exactly as proposed. */
  previousSql: (name: string) => Promise<string[]>;
}

/**
 * Parses every statement, checks references and locations, and compares with live objects so each statement is
 * tagged `new`, `replace` (unsafe) or `exists` (identical, skipped).
 */
export async function checkPlan(draft: readonly DraftStatement[], ctx: CheckContext): Promise<CheckedPlan> {
  const problems: string[] = [];
  const parsed: CreateStatement[] = [];
  const views: PlanStatementView[] = [];
  for (const s of draft) {
    const result = parseStatement(s.sql);
    if (!result.ok) {
      problems.push(
        `The ${label(s.kind)} ${s.name} is not valid: ${result.error.message} (line ${result.error.line}, column ${result.error.column}).`,
      );
      continue;
    }
    parsed.push(result.statement);
  }
  if (problems.length > 0) return { statements: [], problems, parsed };

  const inPlan = (kind: StatementKind, name: string[]) =>
    parsed.find((p) => p.kind === kind && sameName(p.name.parts, name, kind, ctx));

  for (let i = 0; i < parsed.length; i++) {
    const stmt = parsed[i]!;
    const draftStmt = draft[i]!;
    const warnings = [...draftStmt.warnings];
    const exists = await objectExists(ctx, stmt);
    let change: StatementChange = 'new';
    if (exists) {
      const previous = await ctx.previousSql(draftStmt.name);
      if (previous.some((sql) => normalizeDdl(sql) === normalizeDdl(stmt.sql))) change = 'exists';
      else if (stmt.orReplace || stmt.orAlter) change = 'replace';
      else if (stmt.ifNotExists) {
        change = 'exists';
        warnings.push(
          `${draftStmt.name} already exists with a different definition; IF NOT EXISTS keeps the existing one.`,
        );
      } else {
        problems.push(
          `${label(stmt.kind)} ${draftStmt.name} already exists. Ask for a different name, or say "replace it" to use CREATE OR REPLACE.`,
        );
      }
    }
    if (change === 'replace' && stmt.kind === 'STORAGE_INTEGRATION')
      warnings.push(
        'Replacing a storage integration issues a new external id: the cloud trust policy must be updated again.',
      );
    if (change === 'replace' && stmt.kind === 'FILE_FORMAT')
      warnings.push('Replacing a file format breaks external tables that use it until they are recreated.');

    if (stmt.kind === 'STAGE') problems.push(...(await checkStage(stmt, ctx, inPlan)));
    if (stmt.kind === 'EXTERNAL_TABLE') {
      const stageParts = stmt.location.stage.parts;
      if (!inPlan('STAGE', stageParts) && !(await liveExists(ctx, 'STAGE', stageParts)))
        problems.push(
          `The external table reads stage ${stmt.location.stage.text}, which neither exists nor is part of this plan.`,
        );
    }
    views.push({
      kind: stmt.kind,
      name: draftStmt.name,
      sql: draftStmt.sql,
      change,
      unsafe: change === 'replace',
      warnings,
      ...(draftStmt.inferred ? { inferred: draftStmt.inferred } : {}),
    });
  }
  return { statements: views, problems, parsed };
}

async function checkStage(
  stage: StageStatement,
  ctx: CheckContext,
  inPlan: (kind: StatementKind, name: string[]) => CreateStatement | undefined,
): Promise<string[]> {
  const problems: string[] = [];
  if (stage.fileFormat && stage.fileFormat.form !== 'inline') {
    const f = stage.fileFormat.name.parts;
    if (!inPlan('FILE_FORMAT', f) && !(await liveExists(ctx, 'FILE_FORMAT', f)))
      problems.push(
        `The stage uses file format ${stage.fileFormat.name.text}, which neither exists nor is part of this plan.`,
      );
  }
  if (!stage.storageIntegration || !stage.url) return problems;
  const intName = stage.storageIntegration.parts;
  const planned = inPlan('STORAGE_INTEGRATION', intName) as StorageIntegrationStatement | undefined;
  let allowed: string[] | undefined;
  let blocked: string[] = [];
  if (planned) {
    allowed = planned.allowedLocations;
    blocked = planned.blockedLocations;
  } else {
    const desc = await describeIntegration(ctx, intName[intName.length - 1]!);
    if (!desc) {
      problems.push(
        `The stage uses storage integration ${stage.storageIntegration.text}, which neither exists nor is part of this plan.`,
      );
      return problems;
    }
    allowed = desc.allowed;
    blocked = desc.blocked;
  }
  const url = stage.url;
  if (!allowed.some((loc) => locationCovers(url, loc)))
    problems.push(
      `The stage URL ${url} is outside the integration's allowed locations (${allowed.join(', ')}).`,
    );
  const hit = blocked.find((loc) => url.startsWith(loc));
  if (hit) problems.push(`The stage URL ${url} is inside the integration's blocked location ${hit}.`);
  return problems;
}

async function describeIntegration(
  ctx: CheckContext,
  name: string,
): Promise<{ allowed: string[]; blocked: string[] } | null> {
  try {
    const rows = await ctx.warehouse.query<Record<string, unknown>>(`DESC INTEGRATION ${quotePart(name)}`);
    const prop = (key: string) => {
      const row = rows.find((r) => String(r.property ?? r.PROPERTY).toUpperCase() === key);
      const value = String(row?.property_value ?? row?.PROPERTY_VALUE ?? '');
      return value
        ? value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [];
    };
    return { allowed: prop('STORAGE_ALLOWED_LOCATIONS'), blocked: prop('STORAGE_BLOCKED_LOCATIONS') };
  } catch {
    return null;
  }
}

async function objectExists(ctx: CheckContext, stmt: CreateStatement): Promise<boolean> {
  return liveExists(ctx, stmt.kind, stmt.name.parts);
}

async function liveExists(ctx: CheckContext, kind: StatementKind, parts: string[]): Promise<boolean> {
  const name = { parts, quoted: parts.map(() => true), text: parts.join('.') };
  let obj: ReturnType<typeof resolveObject>;
  try {
    obj = resolveObject(kind, name, { database: ctx.database, schema: ctx.schema });
  } catch {
    return false;
  }
  try {
    const rows = await ctx.warehouse.query<Record<string, unknown>>(showSql(obj));
    return rows.some((r) => (r.name ?? r.NAME) === obj.objectName);
  } catch {
    // A missing database or schema means the object does not exist either.
    return false;
  }
}

function sameName(a: string[], b: string[], kind: StatementKind, ctx: CheckContext): boolean {
  const norm = (parts: string[]) => {
    const name = { parts, quoted: parts.map(() => true), text: parts.join('.') };
    try {
      const o = resolveObject(kind, name, { database: ctx.database, schema: ctx.schema });
      return `${o.database}.${o.schema}.${o.objectName}`;
    } catch {
      return parts.join('.');
    }
  };
  return norm(a) === norm(b);
}

function quotePart(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Compares DDL ignoring case outside literals, whitespace and the OR REPLACE / IF NOT EXISTS modifiers. */
export function normalizeDdl(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/\bOR\s+REPLACE\b/i, '')
    .replace(/\bIF\s+NOT\s+EXISTS\b/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/;$/, '')
    .toUpperCase();
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
