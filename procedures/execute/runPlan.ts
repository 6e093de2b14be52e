import type { CreateStatement } from '../parser/ast.js';
import { toStepError } from '../runtime/errors.js';
import { executeStatement } from '../runtime/query.js';
import type { SnowflakeApi } from '../runtime/snowflakeApi.js';
import { guard } from './guard.js';
import { dropSql, objectExists, type ResolvedObject, resolveObject, type SchemaContext } from './objects.js';
import { declaredNameMatches, inDependencyOrder } from './plan.js';
import { finishPipeline } from './trackerSql.js';
import type { CompensationRecord, ExecutionSummary, PlanStatement, StepRecord } from './types.js';

/** Time source, injectable so tests can assert exact logs. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

interface Guarded {
  statement: PlanStatement;
  index: number;
  ast: CreateStatement;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Guards every statement; any refusal (not one of the four CREATE kinds, a second statement, a declared
 * kind or name that differs from what the SQL creates) refuses the whole plan before anything runs.
 */
function guardAll(
  statements: readonly PlanStatement[],
  clock: Clock,
): { ok: true; guarded: Guarded[] } | { ok: false; steps: StepRecord[]; message: string } {
  const guarded: Guarded[] = [];
  const refused: StepRecord[] = [];
  statements.forEach((statement, index) => {
    const result = guard(statement.sql);
    let problem: string | null = null;
    if (!result.ok) {
      problem = describeRefusal(result.refusal);
    } else if (result.statement.kind !== statement.kind) {
      problem = `the SQL creates a ${result.statement.kind} but the plan declares a ${statement.kind}`;
    } else if (!declaredNameMatches(statement.name, result.statement.name)) {
      problem = `the SQL creates ${result.statement.name.text} but the plan declares ${statement.name}`;
    }
    if (problem !== null || !result.ok) {
      refused.push(
        guardRefusalStep(index, statement.kind, statement.name, statement.sql, problem ?? 'refused', clock),
      );
    } else {
      guarded.push({ statement, index, ast: result.statement });
    }
  });
  if (refused.length > 0) return { ok: false, steps: refused, message: guardRefusalMessage(refused) };
  return { ok: true, guarded };
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

/** Drops, newest first, exactly the objects this run created. */
function compensate(
  sf: SnowflakeApi,
  created: readonly { target: ResolvedObject; name: string }[],
): CompensationRecord[] {
  const records: CompensationRecord[] = [];
  for (let i = created.length - 1; i >= 0; i--) {
    const { target, name } = created[i] as { target: ResolvedObject; name: string };
    const sql = dropSql(target);
    try {
      executeStatement(sf, sql);
      records.push({ action: 'drop', kind: target.kind, name, sql, ok: true });
    } catch (err) {
      records.push({ action: 'drop', kind: target.kind, name, sql, ok: false, error: toStepError(err) });
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
  const created: { target: ResolvedObject; name: string }[] = [];
  let failure: StepRecord | null = null;

  const ordered = inDependencyOrder(guardResult.guarded.map((g) => ({ ...g, kind: g.statement.kind })));
  for (const { item } of ordered) {
    const { statement, ast } = item;
    const base = { index: item.index, kind: statement.kind, name: statement.name, sql: statement.sql };
    const started = clock.now();
    if (statement.change === 'exists') {
      steps.push({ ...base, started_at: iso(started), ms: 0, ok: true, skipped: true, query_id: null });
      continue;
    }
    let existed: boolean | undefined;
    try {
      const target = resolveObject(statement.kind, ast.name, ctx);
      existed = objectExists(sf, target);
      const queryId = executeStatement(sf, statement.sql);
      if (!existed) created.push({ target, name: statement.name });
      steps.push({
        ...base,
        started_at: iso(started),
        ms: clock.now() - started,
        ok: true,
        existed,
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
    const ran = steps.filter((s) => !s.skipped).length;
    const skipped = steps.length - ran;
    const message = `executed ${ran} statement${ran === 1 ? '' : 's'}${skipped > 0 ? `, skipped ${skipped} that already existed` : ''}`;
    return finishRun(sf, table, pipelineId, 'SUCCESS', steps, [], message);
  }
  const compensation = compensate(sf, created);
  const dropped = compensation.filter((c) => c.ok).length;
  const message =
    `statement ${failure.index + 1} (${failure.kind} ${failure.name}) failed: ${failure.error?.message}; ` +
    `dropped ${dropped} of ${compensation.length} object${compensation.length === 1 ? '' : 's'} this run created`;
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
