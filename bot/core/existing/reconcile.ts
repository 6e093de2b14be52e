/**
 * Look before proposing. Each drafted CREATE is compared with what exists on the account (qualified names,
 * normalized options) and tagged:
 * - `new`: nothing of that name exists;
 * - `exists`: it exists exactly as asked (or, for an integration, an existing one of the same provider and role
 *   already allows the location) — reused, never run;
 * - `alter`: the bucket's integration exists for the same role but does not allow the new folder yet — widened
 *   with ALTER … SET STORAGE_ALLOWED_LOCATIONS (its external id and trust policy stay as they are);
 * - `replace`: it exists differently and the user asked to replace it, or this thread's own earlier pipeline
 *   created it (an edit after SUCCESS) — shown as a warning, naming other pipelines that use it.
 * Anything else is a problem sentence: nothing is recorded until the user says what to do.
 */
import { canonicalName } from '../../../procedures/execute/changeSteps.js';
import {
  qualifiedName,
  type ResolvedObject,
  resolveObject,
  type SchemaContext,
} from '../../../procedures/execute/objects.js';
import type { StatementKind } from '../../../procedures/names.js';
import type { CreateStatement } from '../../../procedures/parser/ast.js';
import { parseStatement } from '../../../procedures/parser/index.js';
import type { PlanStatementView } from '../messages.js';
import type { DraftStatement } from '../planDrafts.js';
import { label } from '../planDrafts.js';
import { differencesFromLive, formatFitProblems } from './differences.js';
import { integrationChange, pointToCoveringIntegration, widenForStages } from './integrations.js';
import type { Inventory } from './inventory.js';

/** Who uses what: SUCCESS pipelines by the objects their rows name, and what this thread's pipelines created. */
export interface Usage {
  /** `KIND:DB.SCH.NAME` → ids of SUCCESS pipelines whose row names it. */
  users: Map<string, string[]>;
  /** `KIND:DB.SCH.NAME` of objects created by SUCCESS pipelines of the current thread (edits after SUCCESS). */
  ownedByThread: Set<string>;
}

export interface ReconcileContext extends SchemaContext {
  inventory: Inventory;
  usage: Usage;
}

export interface Reconciled {
  statements: PlanStatementView[];
  parsed: CreateStatement[];
  problems: string[];
}

function keyOf(kind: StatementKind, obj: ResolvedObject): string {
  return `${kind}:${qualifiedName(obj)}`;
}

export function keyOfWritten(kind: StatementKind, written: string, ctx: SchemaContext): string | null {
  const name = canonicalName(kind, written, ctx);
  return name ? `${kind}:${name}` : null;
}

export async function reconcile(
  draft: readonly DraftStatement[],
  ctx: ReconcileContext,
): Promise<Reconciled> {
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
  if (problems.length > 0) return { statements: [], parsed, problems };

  for (let i = 0; i < parsed.length; i++) {
    const stmt = parsed[i] as CreateStatement;
    const d = draft[i] as DraftStatement;
    const view: PlanStatementView = {
      kind: stmt.kind,
      name: d.name,
      sql: d.sql,
      change: 'new',
      unsafe: false,
      warnings: [...d.warnings],
      ...(d.inferred ? { inferred: d.inferred } : {}),
    };
    views.push(view);
    let obj: ResolvedObject;
    try {
      obj = resolveObject(stmt.kind, stmt.name, ctx);
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
      continue;
    }
    const live = await ctx.inventory.find(obj);
    if (!live) {
      if (stmt.kind === 'STORAGE_INTEGRATION') await pointToCoveringIntegration(stmt, view, ctx);
      continue;
    }
    const key = keyOf(stmt.kind, obj);
    const others = (ctx.usage.users.get(key) ?? []).filter((id) => id);
    if (stmt.kind === 'STORAGE_INTEGRATION') {
      await integrationChange(stmt, view, obj, ctx, problems);
      continue;
    }
    const differences = await differencesFromLive(stmt, obj, ctx);
    if (differences.length === 0) {
      view.change = 'exists';
      continue;
    }
    const what = `${label(stmt.kind)} ${d.name}`;
    if (!stmt.orReplace && !ctx.usage.ownedByThread.has(key)) {
      problems.push(
        `${capitalize(what)} already exists with a different definition (${differences.join('; ')}). Say "replace it" to replace it${others.length ? ` (pipeline${others.length === 1 ? '' : 's'} ${others.join(', ')} use${others.length === 1 ? 's' : ''} it)` : ''}, or ask for a different name.`,
      );
      continue;
    }
    const replaced = stmt.orReplace ? d.sql : orReplaceSql(d.sql);
    if (!replaced) {
      problems.push(`${capitalize(what)} could not be turned into CREATE OR REPLACE.`);
      continue;
    }
    view.sql = replaced;
    view.change = 'replace';
    view.unsafe = true;
    view.warnings.push(`Replaces the existing ${what}: ${differences.join('; ')}.`);
    if (others.length > 0)
      view.warnings.push(
        `Pipeline${others.length === 1 ? '' : 's'} ${others.join(', ')} use${others.length === 1 ? 's' : ''} ${d.name}; ${stmt.kind === 'FILE_FORMAT' ? 'external tables that read it see the new options at their next refresh' : 'they will read the replaced object'}.`,
      );
    if (stmt.kind === 'FILE_FORMAT')
      view.warnings.push(
        'External tables that use this file format read files with the new options from now on.',
      );
  }
  await widenForStages(parsed, views, ctx, problems);
  problems.push(...(await formatFitProblems(parsed, ctx)));
  return { statements: views, parsed, problems };
}

/** `CREATE X` → `CREATE OR REPLACE X` for generator output that named an object this thread created. */
function orReplaceSql(sql: string): string | null {
  const out = sql.replace(/^(\s*CREATE)\s+(?:IF\s+NOT\s+EXISTS\s+)?/i, '$1 OR REPLACE ');
  const check = parseStatement(out);
  return check.ok && check.statement.orReplace ? out : null;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
