import type { CreateStatement } from '../parser/ast.js';
import { toStepError } from '../runtime/errors.js';
import type { SnowflakeApi } from '../runtime/snowflakeApi.js';
import { guard } from './guard.js';
import { objectExists, readSchemaContext, resolveObject } from './objects.js';
import { readPlanStatements } from './plan.js';
import { planHash } from './planHash.js';
import {
  type Clock,
  describeRefusal,
  finishRun,
  guardRefusalMessage,
  guardRefusalStep,
  runClaimedPlan,
  systemClock,
} from './runPlan.js';
import { sha256Hex } from './sha256.js';
import {
  claimPipeline,
  type DirectRunRow,
  finishPipeline,
  insertDirectRun,
  markExpired,
  readPipeline,
  trackerTable,
} from './trackerSql.js';
import type {
  ExecuteArgs,
  ExecutionSummary,
  PlanStatement,
  RefusalReason,
  StatementChange,
  StepRecord,
} from './types.js';

export interface ExecuteOptions {
  clock?: Clock;
  /** New pipeline id for form B; the default mixes time, randomness and the plan. */
  newPipelineId?: (sqls: readonly string[]) => string;
}

function present(value: unknown): boolean {
  return value !== null && value !== undefined;
}

function refusal(
  pipelineId: string | null,
  status: ExecutionSummary['status'],
  reason: RefusalReason,
  message: string,
): ExecutionSummary {
  return { pipeline_id: pipelineId, status, steps: [], compensation: [], message, reason };
}

/**
 * EXECUTE_DDL_AND_TRACK. One signature, two forms (every argument of the SQL procedure is DEFAULT NULL):
 * - form A (the bot): PIPELINE_ID, PLAN_HASH, APPROVER → claim the PROPOSED row exactly once, then run it;
 * - form B (the seed): DDL_STATEMENTS (array of SQL text), DATA_SOURCE → record a new EXECUTING row, then run it.
 */
export function executeDdlAndTrack(
  args: ExecuteArgs,
  sf: SnowflakeApi,
  options: ExecuteOptions = {},
): ExecutionSummary {
  const clock = options.clock ?? systemClock;
  const formA = present(args.PIPELINE_ID) || present(args.PLAN_HASH) || present(args.APPROVER);
  const formB = present(args.DDL_STATEMENTS) || present(args.DATA_SOURCE);
  if (formA && formB) {
    return refusal(
      null,
      null,
      'invalid_request',
      'pass either PIPELINE_ID, PLAN_HASH, APPROVER or DDL_STATEMENTS, DATA_SOURCE, not both',
    );
  }
  if (formA) return approveAndRun(args, sf, clock);
  if (formB) return recordAndRun(args, sf, clock, options.newPipelineId ?? defaultPipelineId(clock));
  return refusal(
    null,
    null,
    'invalid_request',
    'nothing to do: pass PIPELINE_ID, PLAN_HASH, APPROVER (or DDL_STATEMENTS)',
  );
}

function approveAndRun(args: ExecuteArgs, sf: SnowflakeApi, clock: Clock): ExecutionSummary {
  const { PIPELINE_ID: id, PLAN_HASH: hash, APPROVER: approver } = args;
  if (typeof id !== 'string' || id.length === 0)
    return refusal(null, null, 'invalid_request', 'PIPELINE_ID is required');
  if (typeof hash !== 'string' || hash.length === 0)
    return refusal(id, null, 'invalid_request', 'PLAN_HASH is required');
  if (typeof approver !== 'string' || approver.length === 0)
    return refusal(id, null, 'invalid_request', 'APPROVER is required');

  const ctx = readSchemaContext(sf);
  const table = trackerTable(ctx);
  if (claimPipeline(sf, table, id, hash, approver) !== 1) return explainLostClaim(sf, table, id, hash);

  // From here the row is ours (EXECUTING) and must end SUCCESS or FAILED whatever happens.
  const row = readPipeline(sf, table, id);
  const plan = readPlanStatements(row?.ddlStatements);
  if (!plan.ok) return failClaimed(sf, table, id, `invalid plan: ${plan.message}`, 'invalid_plan');
  const recomputed = planHash(plan.statements);
  if (recomputed !== hash) {
    const message = `plan hash mismatch: DDL_STATEMENTS hash to ${recomputed}, the approval was for ${hash}; nothing was executed`;
    return failClaimed(sf, table, id, message, 'hash_mismatch');
  }
  return runClaimedPlan(sf, ctx, table, id, plan.statements, clock);
}

/** The claim changed no row: read it to say why, and retire it if it has expired. */
function explainLostClaim(sf: SnowflakeApi, table: string, id: string, hash: string): ExecutionSummary {
  const row = readPipeline(sf, table, id);
  if (row === null) return refusal(id, null, 'not_found', `pipeline ${id} not found`);
  const status = row.status as ExecutionSummary['status'];
  if (row.status !== 'PROPOSED') {
    return refusal(id, status, 'already_decided', `pipeline ${id} was already decided: it is ${row.status}`);
  }
  if (!row.live) {
    markExpired(sf, table, id);
    return refusal(id, 'EXPIRED', 'expired', `pipeline ${id} expired before it was approved`);
  }
  if (row.planHash !== hash) {
    return refusal(
      id,
      status,
      'hash_mismatch',
      `pipeline ${id} has changed since it was shown (plan hash mismatch); review it again`,
    );
  }
  return refusal(
    id,
    status,
    'claim_lost',
    `pipeline ${id} could not be claimed; another approval may be in progress`,
  );
}

/** Ends a claimed row FAILED without running anything; the log holds one note saying why. */
function failClaimed(
  sf: SnowflakeApi,
  table: string,
  id: string,
  message: string,
  reason: RefusalReason,
): ExecutionSummary {
  const summary: ExecutionSummary = {
    pipeline_id: id,
    status: 'FAILED',
    steps: [],
    compensation: [],
    message,
    reason,
  };
  try {
    finishPipeline(sf, table, id, 'FAILED', [{ action: 'refuse', reason, message }]);
  } catch (err) {
    summary.message = `${message}; the tracker row could not be updated: ${toStepError(err).message}`;
  }
  return summary;
}

function defaultPipelineId(clock: Clock): (sqls: readonly string[]) => string {
  return (sqls) => `P-${sha256Hex(`${clock.now()}:${Math.random()}:${JSON.stringify(sqls)}`).slice(0, 12)}`;
}

function rowFor(
  id: string,
  statements: readonly { kind: string | null; name: string | null }[],
  dataSource: unknown,
  asts: readonly (CreateStatement | null)[],
  hash: string,
): DirectRunRow {
  const firstName = (kind: string): string | null => statements.find((s) => s.kind === kind)?.name ?? null;
  return {
    pipelineId: id,
    dataSourceType: dataSourceType(dataSource, asts),
    integrationName: firstName('STORAGE_INTEGRATION'),
    stageName: firstName('STAGE'),
    fileFormatName: firstName('FILE_FORMAT'),
    tableName: firstName('EXTERNAL_TABLE'),
    ddlStatements: statements as unknown[],
    planHash: hash,
  };
}

/** DDL_STATEMENTS for form B: an ARRAY of SQL text (a JSON text of one is accepted too). */
function readSqlList(raw: unknown): string[] | string {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return 'DDL_STATEMENTS must be an array of SQL statements';
    }
  }
  if (!Array.isArray(value) || value.length === 0)
    return 'DDL_STATEMENTS must be a non-empty array of SQL statements';
  const out: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const sql = value[i];
    if (typeof sql !== 'string' || sql.trim().length === 0) return `DDL_STATEMENTS[${i}] is not SQL text`;
    out.push(sql);
  }
  return out;
}

const SOURCE_TYPE_KEYS = [
  'DATA_SOURCE_TYPE',
  'data_source_type',
  'TYPE',
  'type',
  'PROVIDER',
  'provider',
  'STORAGE_PROVIDER',
  'storage_provider',
];

/** DATA_SOURCE_TYPE for the row: from DATA_SOURCE (text, or an object's type/provider), else the integration's provider. */
function dataSourceType(dataSource: unknown, asts: readonly (CreateStatement | null)[]): string | null {
  let value: unknown = null;
  if (typeof dataSource === 'string') value = dataSource;
  else if (dataSource !== null && typeof dataSource === 'object') {
    for (const key of SOURCE_TYPE_KEYS) {
      const v = (dataSource as Record<string, unknown>)[key];
      if (typeof v === 'string' && v.trim()) {
        value = v;
        break;
      }
    }
  }
  if (typeof value === 'string' && value.trim()) return value.trim().slice(0, 200);
  for (const ast of asts) if (ast && ast.kind === 'STORAGE_INTEGRATION') return ast.provider;
  return null;
}

/**
 * Form B: guard and classify the statements, insert the row EXECUTING (requested and approved by CURRENT_USER()),
 * then the same run as form A. A refused statement still gets a row, so the attempt is audited.
 */
function recordAndRun(
  args: ExecuteArgs,
  sf: SnowflakeApi,
  clock: Clock,
  newPipelineId: (sqls: readonly string[]) => string,
): ExecutionSummary {
  const sqls = readSqlList(args.DDL_STATEMENTS);
  if (typeof sqls === 'string') return refusal(null, null, 'invalid_request', sqls);
  const ctx = readSchemaContext(sf);
  const table = trackerTable(ctx);

  const guarded = sqls.map((sql) => guard(sql));
  const asts = guarded.map((g) => (g.ok ? g.statement : null));
  const id = newPipelineId(sqls);

  if (!asts.every((a) => a !== null)) {
    // A refused plan is still recorded (kind and name unknown for what the guard could not read) and ends FAILED.
    const rowStatements = sqls.map((sql, i) => {
      const ast = asts[i];
      return ast
        ? { kind: ast.kind, name: ast.name.text, sql, change: 'new' }
        : { kind: null, name: null, sql, change: null };
    });
    const hash = planHash(rowStatements.map((s) => ({ kind: s.kind ?? '', name: s.name ?? '', sql: s.sql })));
    insertDirectRun(sf, table, rowFor(id, rowStatements, args.DATA_SOURCE, asts, hash));
    const steps: StepRecord[] = [];
    guarded.forEach((g, i) => {
      if (!g.ok)
        steps.push(guardRefusalStep(i, null, null, sqls[i] as string, describeRefusal(g.refusal), clock));
    });
    return finishRun(sf, table, id, 'FAILED', steps, [], guardRefusalMessage(steps), 'guard_refused');
  }

  const plan: PlanStatement[] = (asts as CreateStatement[]).map((ast, i) => {
    let change: StatementChange = 'new';
    if (objectExists(sf, resolveObject(ast.kind, ast.name, ctx))) {
      change = ast.orReplace || ast.orAlter ? 'replace' : 'exists';
    }
    return { kind: ast.kind, name: ast.name.text, sql: sqls[i] as string, change };
  });
  insertDirectRun(sf, table, rowFor(id, plan, args.DATA_SOURCE, asts, planHash(plan)));
  return runClaimedPlan(sf, ctx, table, id, plan, clock);
}
