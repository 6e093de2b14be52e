/**
 * EXECUTE_DDL_DIRECT: the seed's bare form, `CALL EXECUTE_DDL_DIRECT(DDL_STATEMENTS => ['CREATE …'], DATA_SOURCE => 'S3')`.
 * It is installed EXECUTE AS CALLER: it runs with the caller's own privileges, so it helps an administrator who could
 * run these CREATE statements anyway (guard, dependency order, compensation, a tracker row), and gives the bot's
 * role nothing — that role may not insert into the tracker nor create any object. The row is recorded before any
 * statement runs, so a caller without that privilege is refused before anything is created.
 */
import type { CreateStatement } from '../parser/ast.js';
import { toStepError } from '../runtime/errors.js';
import type { SnowflakeApi } from '../runtime/snowflakeApi.js';
import { type DirectRunRow, insertDirectRun, trackerTable } from '../tracker/sql.js';
import { guard } from './guardRefusal.js';
import { objectExists, readSchemaContext, resolveObject } from './objects.js';
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
import type { ExecutionSummary, PlanStatement, StatementChange, StepRecord } from './types.js';

export interface DirectArgs {
  DDL_STATEMENTS?: unknown;
  DATA_SOURCE?: unknown;
}

export interface DirectOptions {
  clock?: Clock;
  /** New pipeline id; the default mixes time, randomness and the plan. */
  newPipelineId?: (sqls: readonly string[]) => string;
}

function refusal(reason: ExecutionSummary['reason'], message: string): ExecutionSummary {
  return { pipeline_id: null, status: null, steps: [], compensation: [], message, reason };
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

/** DDL_STATEMENTS: an ARRAY of SQL text (a JSON text of one is accepted too). */
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

/** Records the row; a caller who may not write the tracker gets a sentence instead of a half-run plan. */
function record(sf: SnowflakeApi, table: string, row: DirectRunRow): string | null {
  try {
    insertDirectRun(sf, table, row);
    return null;
  } catch (err) {
    return `EXECUTE_DDL_DIRECT runs with the caller's privileges, and this role cannot record the run in DATA_PIPELINE_TRACKER (${toStepError(err).message}); nothing was executed. Only an administrator role runs statements directly; the bot proposes plans for approval instead.`;
  }
}

/**
 * Guard and classify the statements, insert the row EXECUTING (requested and approved by CURRENT_USER()), then
 * run it like an approved plan. A refused statement still gets a row, so the attempt is audited.
 */
export function executeDdlDirect(
  args: DirectArgs,
  sf: SnowflakeApi,
  options: DirectOptions = {},
): ExecutionSummary {
  const clock = options.clock ?? systemClock;
  const newPipelineId = options.newPipelineId ?? defaultPipelineId(clock);
  const sqls = readSqlList(args.DDL_STATEMENTS);
  if (typeof sqls === 'string') return refusal('invalid_request', sqls);
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
    const denied = record(sf, table, rowFor(id, rowStatements, args.DATA_SOURCE, asts, hash));
    if (denied !== null) return refusal('not_permitted', denied);
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
  const denied = record(sf, table, rowFor(id, plan, args.DATA_SOURCE, asts, planHash(plan)));
  if (denied !== null) return refusal('not_permitted', denied);
  return runClaimedPlan(sf, ctx, table, id, plan, clock);
}
