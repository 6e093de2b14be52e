/**
 * "retire P-…": a plan that drops exactly the objects that pipeline's own run created (its execution log) and
 * that no other live pipeline names, table first and integration last. It is approved like any plan; the
 * procedure checks the same rules again before any DROP runs, and marks the pipeline RETIRED.
 */
import { canonicalName } from '../../procedures/execute/changeSteps.js';
import { dropSql, type SchemaContext } from '../../procedures/execute/objects.js';
import { STATEMENT_KINDS, type StatementKind } from '../../procedures/names.js';
import type { PipelineRow } from './api.js';
import { canonicalObject, createdSteps } from './createdSteps.js';
import type { LiveRow } from './existing/usage.js';
import { NAME_COLUMNS } from './existing/usage.js';
import { label } from './planDrafts.js';

export const RETIRE_REQUEST = /^\s*(?:please\s+)?retire\s+(?:the\s+)?(?:pipeline\s+)?(P-[0-9a-f]{6,40})\b/i;

export interface RetireStatement {
  kind: StatementKind;
  name: string;
  sql: string;
  change: 'drop';
  retires: string;
  warnings: string[];
}

export type RetirePlan =
  | { ok: true; statements: RetireStatement[]; kept: string[] }
  | { ok: false; reason: string };

/** The objects a pipeline's run created or replaced, in the order it ran them (each once). */
function createdObjects(log: unknown, ctx: SchemaContext): { kind: StatementKind; name: string }[] {
  const out: { kind: StatementKind; name: string }[] = [];
  for (const { kind, name } of createdSteps(log, ctx))
    if (!out.some((o) => o.kind === kind && o.name === name)) out.push({ kind, name });
  return out;
}

export function buildRetirePlan(row: PipelineRow, live: readonly LiveRow[], ctx: SchemaContext): RetirePlan {
  if (row.STATUS !== 'SUCCESS')
    return {
      ok: false,
      reason: `Pipeline ${row.PIPELINE_ID} is ${row.STATUS}; only a SUCCESS pipeline can be retired.`,
    };
  const created = createdObjects(row.EXECUTION_LOG, ctx);
  if (created.length === 0)
    return {
      ok: false,
      reason: `Pipeline ${row.PIPELINE_ID} created no object of its own (everything it used already existed), so there is nothing to drop.`,
    };
  const kept: string[] = [];
  const statements: RetireStatement[] = [];
  for (const obj of [...created].sort(
    (a, b) => STATEMENT_KINDS.indexOf(b.kind) - STATEMENT_KINDS.indexOf(a.kind),
  )) {
    const users = live
      .filter((r) => r.PIPELINE_ID !== row.PIPELINE_ID)
      .filter((r) =>
        NAME_COLUMNS.some(([kind, column]) => {
          const written = r[column];
          return kind === obj.kind && !!written && canonicalName(kind, written, ctx) === obj.name;
        }),
      )
      .map((r) => r.PIPELINE_ID);
    if (users.length > 0) {
      kept.push(`${label(obj.kind)} ${obj.name} (used by ${users.join(', ')})`);
      continue;
    }
    const target = canonicalObject(obj.kind, obj.name, ctx);
    statements.push({
      kind: obj.kind,
      name: obj.name,
      sql: dropSql(target),
      change: 'drop',
      retires: row.PIPELINE_ID,
      warnings: [],
    });
  }
  if (statements.length === 0)
    return {
      ok: false,
      reason: `Nothing of pipeline ${row.PIPELINE_ID} can be dropped: ${kept.join('; ')}. Retire those pipelines first.`,
    };
  const first = statements[0] as RetireStatement;
  first.warnings.push(
    `Retires pipeline ${row.PIPELINE_ID}: drops what its run created, table first.${kept.length ? ` Kept because other live pipelines use them: ${kept.join('; ')}.` : ''} Dropped objects cannot be restored by the bot.`,
  );
  return { ok: true, statements, kept };
}
