/** Tracker rows and procedure summaries turned into the channel-neutral views adapters render. */
import { z } from 'zod';
import type { ReadSummary } from '../../procedures/execute/summarySchema.js';
import { STATEMENT_KINDS } from '../../procedures/names.js';
import { revealHiddenDeep } from '../../procedures/sql/hiddenChars.js';
import type { PipelineRow } from './api.js';
import type {
  CompensationView,
  PlanStatementView,
  PlanView,
  ResultView,
  StepView,
  TrustSteps,
} from './messages.js';
import { label } from './planDrafts.js';

const storedStatementSchema = z.object({
  kind: z.enum(STATEMENT_KINDS),
  name: z.string(),
  sql: z.string(),
  change: z.enum(['new', 'replace', 'exists', 'alter', 'drop']).default('new'),
  warnings: z.array(z.string()).optional(),
  retires: z.string().optional(),
  inferred: z
    .object({
      files: z.array(z.string()),
      columns: z.array(
        z.object({
          name: z.string(),
          type: z.string(),
          observed: z.string().optional(),
          examples: z.array(z.string()),
        }),
      ),
    })
    .optional(),
  assumptions: z.array(z.string()).optional(),
});

export function storedStatements(row: PipelineRow): PlanStatementView[] {
  const parsed = z.array(storedStatementSchema).safeParse(row.DDL_STATEMENTS);
  if (!parsed.success) return [];
  return parsed.data.map((s) => ({
    kind: s.kind,
    name: s.name,
    sql: s.sql,
    change: s.change,
    unsafe: s.change === 'replace' || s.change === 'drop',
    warnings: s.warnings ?? [],
    ...(s.inferred ? { inferred: s.inferred } : {}),
    ...(s.retires ? { retires: s.retires } : {}),
    ...(s.assumptions?.length ? { assumptions: s.assumptions } : {}),
  }));
}

function summarize(statements: readonly PlanStatementView[]): string {
  const table = statements.find((s) => s.kind === 'EXTERNAL_TABLE');
  const count = statements.filter((s) => s.change !== 'exists').length;
  const what = statements.map((s) => label(s.kind)).join(', ');
  const retires = statements.find((s) => s.retires)?.retires;
  if (retires)
    return `${count} object${count === 1 ? '' : 's'} to drop (${what}), retiring pipeline ${retires}`;
  return `${count} statement${count === 1 ? '' : 's'} to run (${what})${table && table.change !== 'exists' ? ` creating external table ${table.name}` : ''}`;
}

export function planView(row: PipelineRow): PlanView {
  const statements = storedStatements(row);
  const kinds = statements.map((s) => s.kind);
  const retires = statements.find((s) => s.retires)?.retires;
  const view: PlanView = {
    ...(retires
      ? {
          note: `Retire plan for pipeline ${retires}: drops the objects its run created that no other live pipeline uses, table first. Approve it like any plan.`,
        }
      : kinds.includes('STAGE') &&
          !kinds.includes('EXTERNAL_TABLE') &&
          statements.some((s) => s.change !== 'exists')
        ? {
            note: 'Step 1 of 2: the access objects. Once they exist I read a few sample files and propose the external table with the inferred columns.',
          }
        : statements.some((s) => s.inferred)
          ? { note: 'Step 2 of 2: the external table, with columns inferred from sample files.' }
          : {}),
    pipelineId: row.PIPELINE_ID,
    hash: row.PLAN_HASH ?? '',
    status: row.STATUS,
    requestedBy: row.REQUESTED_BY ?? 'unknown',
    createdAt: row.CREATED_AT,
    expiresAt: row.EXPIRES_AT ?? '',
    summary: summarize(statements),
    dataSourceType: row.DATA_SOURCE_TYPE,
    statements,
  };
  const assumptions = statements.flatMap((s) => s.assumptions ?? []);
  if (assumptions.length > 0) view.assumptions = assumptions;
  const at = row.DECIDED_AT ?? row.UPDATED_AT ?? row.CREATED_AT;
  if (row.STATUS === 'REJECTED')
    view.decision = {
      verb: 'rejected',
      by: row.REJECTED_BY ?? undefined,
      at,
      reason: row.DECISION_REASON ?? undefined,
    };
  else if (row.STATUS === 'EXPIRED')
    view.decision = { verb: 'expired', at, reason: row.DECISION_REASON ?? undefined };
  else if (row.STATUS !== 'PROPOSED')
    view.decision = { verb: 'approved', by: row.APPROVED_BY ?? undefined, at };
  // Cards show what the tracker holds; an invisible character must show, not reorder or hide text.
  return revealHiddenDeep(view);
}

function stepViews(summary: ReadSummary): {
  steps: StepView[];
  compensation: CompensationView[];
} {
  return {
    steps: summary.steps.map((s) => ({
      index: s.index,
      kind: s.kind,
      name: s.name,
      ok: s.ok,
      skipped: s.skipped,
      ms: s.ms,
      error: s.error ? { code: snowflakeCode(s.error.code), message: s.error.message } : undefined,
    })),
    compensation: summary.compensation.map((c) => ({
      action: c.action,
      kind: c.kind,
      name: c.name,
      ok: c.ok,
      error: c.error?.message,
    })),
  };
}

export function resultView(
  row: PipelineRow,
  summary: ReadSummary,
  approvedBy: string,
  trust: TrustSteps | undefined,
): ResultView {
  const { steps, compensation } = stepViews(summary);
  const status = summary.status === 'SUCCESS' ? 'SUCCESS' : 'FAILED';
  const table = row.TABLE_NAME ?? undefined;
  const retired = storedStatements(row).find((s) => s.retires)?.retires;
  return revealHiddenDeep({
    ...(retired ? { retired } : {}),
    pipelineId: row.PIPELINE_ID,
    status,
    approvedBy,
    steps,
    compensation,
    message: summary.message,
    tableName: table,
    querySql: status === 'SUCCESS' && table ? `SELECT * FROM ${table} LIMIT 10;` : undefined,
    trust: status === 'SUCCESS' ? trust : undefined,
  } satisfies ResultView);
}

/** Snowflake reports error codes as numbers inside procedures (2002) and as six digits elsewhere (002002). */
function snowflakeCode(code: string | number | null | undefined): string | undefined {
  if (code === null || code === undefined || code === '') return undefined;
  const text = String(code);
  return /^\d{1,6}$/.test(text) ? text.padStart(6, '0') : text;
}
