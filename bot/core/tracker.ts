/**
 * The bot's view of DATA_PIPELINE_TRACKER. It only reads the table: every change is a CALL of an owner's-rights
 * procedure (RECORD_PROPOSAL, DECIDE_PIPELINE, RECORD_CHECKS, RECONCILE_INTERRUPTED), which enforces the transition
 * table and the approval rules itself. Before each call the row the bot has read is checked against the same
 * transition table, so a bot bug shows up here rather than as a refusal. Every value travels as a bind; the few
 * numbers put into the text (LIMIT/OFFSET) are validated integers.
 */
import { z } from 'zod';
import { TRACKER_COLUMNS } from '../../procedures/tracker/columns.js';
import type { ProposalRow } from '../../procedures/tracker/sql.js';
import { assertTransition, type TrackerAction } from '../../procedures/tracker/transitions.js';
import type { PipelineFilter, PipelinePage, PipelineRow } from './api.js';
import type { ProcedureName, Warehouse } from './contracts.js';

/** What RECORD_PROPOSAL writes (procedures/tracker/sql.ts), plus the open plan of the same thread this one revises. */
export interface ProposedRow extends ProposalRow {
  replaces: string | null;
}

/** What the tracker procedures answer (procedures/tracker/result.ts). */
const trackerResultSchema = z.object({
  ok: z.boolean(),
  pipeline_id: z.string().nullable(),
  status: z.string().nullable(),
  message: z.string(),
  reason: z.string().optional(),
  count: z.number().optional(),
});
export type TrackerResult = z.infer<typeof trackerResultSchema>;

/** A procedure refused to record something the bot needed recorded (e.g. a plan). */
class TrackerRefusedError extends Error {
  constructor(readonly result: TrackerResult) {
    super(result.message);
    this.name = 'TrackerRefusedError';
  }
}

const COLUMNS = TRACKER_COLUMNS.map((c) => c.name).join(', ');
const TIMESTAMP_COLUMNS: string[] = TRACKER_COLUMNS.filter((c) => c.type === 'TIMESTAMP_LTZ').map(
  (c) => c.name,
);
const VARIANT_COLUMNS: string[] = TRACKER_COLUMNS.filter((c) => c.type === 'VARIANT').map((c) => c.name);

const MAX_PAGE = 500;

export class TrackerRepository {
  constructor(
    private readonly warehouse: Warehouse,
    private readonly table: string,
  ) {}

  private async procedure(name: ProcedureName, args: unknown[]): Promise<TrackerResult> {
    const raw = await this.warehouse.call(name, args);
    return trackerResultSchema.parse(typeof raw === 'string' ? JSON.parse(raw) : raw);
  }

  /** Checks the bot's intent against the transition table before asking the procedure. */
  private allowed(action: TrackerAction, row: PipelineRow | null, to: string): void {
    assertTransition(action, row ? row.STATUS : null, to);
  }

  async insertProposed(row: ProposedRow): Promise<void> {
    this.allowed('propose', null, 'PROPOSED');
    const result = await this.procedure('RECORD_PROPOSAL', [
      row.pipelineId,
      row.statements,
      row.planHash,
      row.requestedBy,
      row.contributors,
      row.channel,
      row.threadRef,
      Math.max(1, Math.round(row.ttlMs)),
      {
        dataSourceType: row.dataSourceType,
        integrationName: row.integrationName,
        stageName: row.stageName,
        fileFormatName: row.fileFormatName,
        tableName: row.tableName,
      },
      row.agentUsage ?? null,
      row.replaces,
    ]);
    if (!result.ok) throw new TrackerRefusedError(result);
  }

  async get(pipelineId: string): Promise<PipelineRow | null> {
    const rows = await this.warehouse.query(`SELECT ${COLUMNS} FROM ${this.table} WHERE PIPELINE_ID = ?`, [
      pipelineId,
    ]);
    return rows[0] ? normalizeRow(rows[0]) : null;
  }

  async list(filter: PipelineFilter): Promise<PipelinePage> {
    const where: string[] = [];
    const binds: unknown[] = [];
    if (filter.status) {
      where.push('STATUS = ?');
      binds.push(filter.status);
    }
    if (filter.search?.trim()) {
      const like = `%${escapeLike(filter.search.trim())}%`;
      const fields = [
        'PIPELINE_ID',
        'DATA_SOURCE_TYPE',
        'INTEGRATION_NAME',
        'STAGE_NAME',
        'FILE_FORMAT_NAME',
        'TABLE_NAME',
        'REQUESTED_BY',
        'APPROVED_BY',
      ];
      where.push(`(${fields.map((f) => `${f} ILIKE ? ESCAPE '!'`).join(' OR ')})`);
      for (const _ of fields) binds.push(like);
    }
    const clause = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    const limit = clampInt(filter.limit ?? 50, 1, MAX_PAGE);
    const offset = clampInt(filter.offset ?? 0, 0, Number.MAX_SAFE_INTEGER);
    const [rows, count] = await Promise.all([
      this.warehouse.query(
        `SELECT ${COLUMNS} FROM ${this.table}${clause} ORDER BY CREATED_AT DESC, PIPELINE_ID DESC LIMIT ${limit} OFFSET ${offset}`,
        binds,
      ),
      this.warehouse.query<{ N: number }>(`SELECT COUNT(*) AS N FROM ${this.table}${clause}`, binds),
    ]);
    return { rows: rows.map(normalizeRow), total: Number(count[0]?.N ?? 0) };
  }

  /** The last plan of a thread that is still waiting for a decision. */
  async latestProposedInThread(channel: string, threadRef: string): Promise<PipelineRow | null> {
    const rows = await this.warehouse.query(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE CHANNEL = ? AND THREAD_REF = ? AND STATUS = 'PROPOSED' ORDER BY CREATED_AT DESC LIMIT 1`,
      [channel, threadRef],
    );
    return rows[0] ? normalizeRow(rows[0]) : null;
  }

  /** Statements of successful pipelines that created an object of this kind and name (for "exists identical"). */
  async successfulStatementsFor(name: string): Promise<unknown[]> {
    const rows = await this.warehouse.query<{ DDL_STATEMENTS: unknown }>(
      `SELECT DDL_STATEMENTS FROM ${this.table} WHERE STATUS = 'SUCCESS' AND (INTEGRATION_NAME = ? OR FILE_FORMAT_NAME = ? OR STAGE_NAME = ? OR TABLE_NAME = ?) ORDER BY CREATED_AT DESC LIMIT 20`,
      [name, name, name, name],
    );
    return rows.flatMap((r) =>
      Array.isArray(parseVariant(r.DDL_STATEMENTS)) ? (parseVariant(r.DDL_STATEMENTS) as unknown[]) : [],
    );
  }

  /**
   * Reserves a PROPOSED plan for one approver before EXECUTE_DDL_AND_TRACK claims it, so that of many concurrent
   * clicks exactly one is told "approved". DECIDE_PIPELINE applies every rule; a reservation that never reached
   * EXECUTE_DDL_AND_TRACK (the process died in between) lapses after five minutes.
   */
  async reserveApproval(
    row: PipelineRow,
    by: string,
    hash: string,
    viaGroup: string | null,
  ): Promise<TrackerResult> {
    this.allowed('reserve', row, 'PROPOSED');
    return this.procedure('DECIDE_PIPELINE', [row.PIPELINE_ID, 'approve', by, hash, viaGroup, null]);
  }

  /** Gives a reservation back when EXECUTE_DDL_AND_TRACK could not be called, so another approver can try. */
  async releaseApproval(row: PipelineRow, by: string): Promise<void> {
    this.allowed('release', row, 'PROPOSED');
    await this.procedure('DECIDE_PIPELINE', [row.PIPELINE_ID, 'release', by, null, null, null]);
  }

  /** Only a live PROPOSED row nobody is approving is rejected. */
  async reject(
    row: PipelineRow,
    by: string,
    hash: string,
    viaGroup: string | null,
    reason: string | null,
  ): Promise<TrackerResult> {
    this.allowed('reject', row, 'REJECTED');
    return this.procedure('DECIDE_PIPELINE', [row.PIPELINE_ID, 'reject', by, hash, viaGroup, reason]);
  }

  /** A PROPOSED row past its expiry becomes EXPIRED. */
  async expire(row: PipelineRow): Promise<boolean> {
    this.allowed('expire', row, 'EXPIRED');
    return (await this.procedure('DECIDE_PIPELINE', [row.PIPELINE_ID, 'expire', null, null, null, null])).ok;
  }

  async setVerification(row: PipelineRow, verification: unknown): Promise<void> {
    this.allowed('record_checks', row, 'SUCCESS');
    const result = await this.procedure('RECORD_CHECKS', [row.PIPELINE_ID, verification]);
    if (!result.ok) throw new TrackerRefusedError(result);
  }

  /**
   * Rows left EXECUTING by a process that died mid-run: marked FAILED as interrupted, keeping what the log holds.
   * Only rows untouched for `staleMs` are reconciled, so a run in progress on another replica is left alone.
   */
  async reconcileInterrupted(staleMs: number): Promise<number> {
    const result = await this.procedure('RECONCILE_INTERRUPTED', [Math.max(0, Math.floor(staleMs / 1000))]);
    return result.count ?? 0;
  }
}

function clampInt(n: number, min: number, max: number): number {
  const v = Number.isFinite(n) ? Math.trunc(n) : min;
  return Math.min(max, Math.max(min, v));
}

/** `!` escapes LIKE wildcards so a search for `50%` finds the text, not everything. */
function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}

export function parseVariant(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function toIso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  const d = new Date(String(value));
  return Number.isNaN(d.getTime()) ? String(value) : d.toISOString();
}

function normalizeRow(raw: Record<string, unknown>): PipelineRow {
  const out: Record<string, unknown> = {};
  for (const c of TRACKER_COLUMNS) {
    const v = raw[c.name] ?? raw[c.name.toLowerCase()] ?? null;
    out[c.name] = TIMESTAMP_COLUMNS.includes(c.name)
      ? toIso(v)
      : VARIANT_COLUMNS.includes(c.name)
        ? parseVariant(v)
        : v;
  }
  return out as unknown as PipelineRow;
}
