import { toStepError } from '../runtime/errors.js';
import { executeStatement } from '../runtime/query.js';
import type { SnowflakeApi } from '../runtime/snowflakeApi.js';
import { finishPipeline, markRetired } from '../tracker/sql.js';
import {
  currentAllowedLocations,
  type GuardedAst,
  guardAny,
  missingLocations,
  restoreAllowedSql,
  retirePlanProblem,
  retireProblem,
} from './changeSteps.js';
import { dropSql, objectExists, type ResolvedObject, resolveObject, type SchemaContext } from './objects.js';
import { declaredNameMatches, inDependencyOrder, kindRank } from './planStatements.js';
import type { CompensationRecord, ExecutionSummary, PlanStatement, StepRecord } from './types.js';

/** Time source, injectable so tests can assert exact logs. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

interface Guarded {
  statement: PlanStatement;
  index: number;
  guarded: GuardedAst;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Guards every statement; any refusal (not one of the four CREATE kinds, the ALTER or the retire-plan DROP shapes,
 * a second statement, a declared kind or name that differs from what the SQL names) refuses the whole plan before
 * anything runs.
 */
function guardAll(
  statements: readonly PlanStatement[],
  clock: Clock,
): { ok: true; guarded: Guarded[] } | { ok: false; steps: StepRecord[]; message: string } {
  const guarded: Guarded[] = [];
  const refused: StepRecord[] = [];
  const shape = retirePlanProblem(statements);
  statements.forEach((statement, index) => {
    const result = guardAny(statement);
    let problem: string | null = null;
    if (!result.ok) {
      problem = describeRefusal(result);
    } else if (shape !== null) {
      problem = shape;
    } else if (result.guarded.ast.kind !== statement.kind) {
      problem = `the SQL ${verbOf(result.guarded.action)} a ${result.guarded.ast.kind} but the plan declares a ${statement.kind}`;
    } else if (!declaredNameMatches(statement.name, result.guarded.ast.name)) {
      problem = `the SQL ${verbOf(result.guarded.action)} ${result.guarded.ast.name.text} but the plan declares ${statement.name}`;
    }
    if (problem !== null || !result.ok) {
      refused.push(
        guardRefusalStep(index, statement.kind, statement.name, statement.sql, problem ?? 'refused', clock),
      );
    } else {
      guarded.push({ statement, index, guarded: result.guarded });
    }
  });
  if (refused.length > 0) return { ok: false, steps: refused, message: guardRefusalMessage(refused) };
  return { ok: true, guarded };
}

function verbOf(action: GuardedAst['action']): string {
  return action === 'create' ? 'creates' : action === 'alter' ? 'alters' : 'drops';
}

/** The log record of a statement the guard refused (nothing of the plan runs). */
export function guardRefusalStep(
  index: number,
  kind: StepRecord['kind'] | null,
  name: string | null,
  sql: string,
  message: string,
  clock: Clock,
): StepRecord {
  return {
    index,
    kind: kind as StepRecord['kind'],
    name: name as string,
    sql,
    started_at: iso(clock.now()),
    ms: 0,
    ok: false,
    error: { code: 'GUARD_REFUSED', state: '', message },
    query_id: null,
  };
}

export function guardRefusalMessage(refused: readonly StepRecord[]): string {
  const first = refused[0] as StepRecord;
  return `refused by the DDL guard, nothing was executed: statement ${first.index + 1}: ${first.error?.message}`;
}

export function describeRefusal(refusal: {
  message: string;
  line: number | null;
  column: number | null;
}): string {
  return refusal.line === null
    ? refusal.message
    : `${refusal.message} (line ${refusal.line}, column ${refusal.column})`;
}

/** What a run changed that a failure must undo: an object it created, or an integration whose list it widened. */
type Undo =
  | { action: 'drop'; target: ResolvedObject; name: string }
  | { action: 'restore'; target: ResolvedObject; name: string; sql: string };

/** Undoes, newest first, exactly what this run changed: drops what it created, restores what it altered. */
function compensate(sf: SnowflakeApi, changed: readonly Undo[]): CompensationRecord[] {
  const records: CompensationRecord[] = [];
  for (let i = changed.length - 1; i >= 0; i--) {
    const undo = changed[i] as Undo;
    const sql = undo.action === 'drop' ? dropSql(undo.target) : undo.sql;
    try {
      executeStatement(sf, sql);
      records.push({ action: undo.action, kind: undo.target.kind, name: undo.name, sql, ok: true });
    } catch (err) {
      records.push({
        action: undo.action,
        kind: undo.target.kind,
        name: undo.name,
        sql,
        ok: false,
        error: toStepError(err),
      });
    }
  }
  return records;
}

/**
 * Runs a claimed (EXECUTING) pipeline: guard all, then execute in dependency order, stop at the first failure
 * and compensate, then write STATUS and EXECUTION_LOG. Never throws for a SQL failure; the outcome is in the
 * returned summary and in the tracker row.
 */
export function runClaimedPlan(
  sf: SnowflakeApi,
  ctx: SchemaContext,
  table: string,
  pipelineId: string,
  statements: readonly PlanStatement[],
  clock: Clock,
): ExecutionSummary {
  const guardResult = guardAll(statements, clock);
  if (!guardResult.ok) {
    return finishRun(
      sf,
      table,
      pipelineId,
      'FAILED',
      guardResult.steps,
      [],
      guardResult.message,
      'guard_refused',
    );
  }

  const steps: StepRecord[] = [];
  const changed: Undo[] = [];
  let failure: StepRecord | null = null;

  const items = guardResult.guarded;
  const retiring = items.length > 0 && items.every((g) => g.guarded.action === 'drop');
  if (retiring) {
    const drops = items.map((g) => ({
      statement: g.statement,
      ast: (g.guarded as Extract<GuardedAst, { action: 'drop' }>).ast,
    }));
    const problem = retireProblem(sf, table, ctx, pipelineId, drops);
    if (problem !== null) {
      const refused = items.map((g) =>
        guardRefusalStep(g.index, g.statement.kind, g.statement.name, g.statement.sql, problem, clock),
      );
      return finishRun(
        sf,
        table,
        pipelineId,
        'FAILED',
        refused,
        [],
        guardRefusalMessage(refused),
        'guard_refused',
      );
    }
  }

  // A retire plan drops in reverse dependency order (table first, integration last).
  const ordered = retiring
    ? items
        .map((item) => ({ item, index: item.index }))
        .sort(
          (a, b) => kindRank(b.item.statement.kind) - kindRank(a.item.statement.kind) || a.index - b.index,
        )
    : inDependencyOrder(items.map((g) => ({ ...g, kind: g.statement.kind })));
  for (const { item } of ordered) {
    const { statement, guarded } = item;
    const base = { index: item.index, kind: statement.kind, name: statement.name, sql: statement.sql };
    const started = clock.now();
    if (statement.change === 'exists') {
      steps.push({ ...base, started_at: iso(started), ms: 0, ok: true, skipped: true, query_id: null });
      continue;
    }
    let existed: boolean | undefined;
    try {
      const target = resolveObject(statement.kind, guarded.ast.name, ctx);
      existed = objectExists(sf, target);
      let previous: string[] | undefined;
      if (guarded.action === 'alter') {
        if (!existed)
          throw new Error(
            `storage integration ${statement.name} does not exist; only an existing integration can be altered`,
          );
        // Checked against the list as it is now, not as it was when the plan was shown: never narrow it.
        previous = currentAllowedLocations(sf, guarded.ast.name);
        const lost = missingLocations(previous, guarded.ast.allowedLocations);
        if (lost.length > 0)
          throw new Error(
            `the new STORAGE_ALLOWED_LOCATIONS would remove ${lost.join(', ')}; an ALTER may only add locations (nothing was changed)`,
          );
      }
      const queryId = executeStatement(sf, statement.sql);
      if (guarded.action === 'alter' && previous)
        changed.push({
          action: 'restore',
          target,
          name: statement.name,
          sql: restoreAllowedSql(guarded.ast.name, previous),
        });
      else if (guarded.action === 'create' && !existed)
        changed.push({ action: 'drop', target, name: statement.name });
      steps.push({
        ...base,
        started_at: iso(started),
        ms: clock.now() - started,
        ok: true,
        existed,
        ...(previous ? { previous_allowed_locations: previous } : {}),
        query_id: queryId,
      });
    } catch (err) {
      failure = {
        ...base,
        started_at: iso(started),
        ms: clock.now() - started,
        ok: false,
        ...(existed === undefined ? {} : { existed }),
        error: toStepError(err),
        query_id: null,
      };
      steps.push(failure);
      break;
    }
  }

  if (failure === null) {
    if (retiring) {
      const retiredId = items[0]?.statement.retires as string;
      try {
        markRetired(sf, table, retiredId, pipelineId);
      } catch {
        // The drops ran; the summary says so even if the retired row could not be updated.
      }
      return finishRun(
        sf,
        table,
        pipelineId,
        'SUCCESS',
        steps,
        [],
        `dropped ${steps.length} object${steps.length === 1 ? '' : 's'}; pipeline ${retiredId} is RETIRED`,
      );
    }
    const ran = steps.filter((s) => !s.skipped).length;
    const skipped = steps.length - ran;
    const message = `executed ${ran} statement${ran === 1 ? '' : 's'}${skipped > 0 ? `, skipped ${skipped} that already existed` : ''}`;
    return finishRun(sf, table, pipelineId, 'SUCCESS', steps, [], message);
  }
  if (retiring) {
    // A dropped object cannot be brought back; the log lists what is gone and the retired pipeline stays SUCCESS.
    const dropped = steps.filter((s) => s.ok).length;
    const message = `statement ${failure.index + 1} (${failure.kind} ${failure.name}) failed: ${failure.error?.message}; ${dropped} object${dropped === 1 ? ' was' : 's were'} dropped before it and cannot be restored`;
    return finishRun(sf, table, pipelineId, 'FAILED', steps, [], message);
  }
  const compensation = compensate(sf, changed);
  const restores = compensation.filter((c) => c.action === 'restore');
  const drops = compensation.filter((c) => c.action === 'drop');
  const dropped = drops.filter((c) => c.ok).length;
  const message =
    `statement ${failure.index + 1} (${failure.kind} ${failure.name}) failed: ${failure.error?.message}; ` +
    `dropped ${dropped} of ${drops.length} object${drops.length === 1 ? '' : 's'} this run created` +
    (restores.length > 0
      ? `; restored the allowed locations of ${restores.filter((c) => c.ok).length} of ${restores.length} altered integration${restores.length === 1 ? '' : 's'}`
      : '');
  return finishRun(sf, table, pipelineId, 'FAILED', steps, compensation, message);
}

/** Writes STATUS and EXECUTION_LOG of an EXECUTING row and builds the summary. */
export function finishRun(
  sf: SnowflakeApi,
  table: string,
  pipelineId: string,
  status: 'SUCCESS' | 'FAILED',
  steps: StepRecord[],
  compensation: CompensationRecord[],
  message: string,
  reason?: ExecutionSummary['reason'],
): ExecutionSummary {
  let finalMessage = message;
  try {
    finishPipeline(sf, table, pipelineId, status, [...steps, ...compensation]);
  } catch (err) {
    finalMessage = `${message}; the tracker row could not be updated: ${toStepError(err).message}`;
  }
  return {
    pipeline_id: pipelineId,
    status,
    steps,
    compensation,
    message: finalMessage,
    ...(reason === undefined ? {} : { reason }),
  };
}
