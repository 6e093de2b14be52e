/**
 * The bot's reads and writes of DATA_PIPELINE_TRACKER. Every value travels as a bind; the few numbers put into
 * the text (LIMIT/OFFSET) are validated integers.
 */
import { TRACKER_COLUMNS } from '../../procedures/tracker.js';
import type { PipelineFilter, PipelinePage, PipelineRow } from './api.js';
import type { Warehouse } from './contracts.js';

export interface ProposedRow {
  pipelineId: string;
  dataSourceType: string | null;
  integrationName: string | null;
  stageName: string | null;
  fileFormatName: string | null;
  tableName: string | null;
  statements: unknown[];
  requestedBy: string;
  channel: string;
  threadRef: string;
  planHash: string;
  expiresAt: Date;
  agentUsage: unknown;
}

const COLUMNS = TRACKER_COLUMNS.map((c) => c.name).join(', ');
const TIMESTAMP_COLUMNS: string[] = TRACKER_COLUMNS.filter((c) => c.type === 'TIMESTAMP_LTZ').map(
  (c) => c.name,
);
const VARIANT_COLUMNS: string[] = TRACKER_COLUMNS.filter((c) => c.type === 'VARIANT').map((c) => c.name);

export const MAX_PAGE = 500;

/** How long an approval reservation holds a plan before another approver may take it over. */
export const RESERVATION_MS = 5 * 60_000;

export class TrackerRepository {
  constructor(
    private readonly warehouse: Warehouse,
    private readonly table: string,
  ) {}

  async insertProposed(row: ProposedRow): Promise<void> {
    // Snowflake refuses PARSE_JSON inside INSERT … VALUES; INSERT … SELECT accepts it.
    await this.warehouse.execute(
      `INSERT INTO ${this.table} (PIPELINE_ID, CREATED_AT, DATA_SOURCE_TYPE, INTEGRATION_NAME, STAGE_NAME, FILE_FORMAT_NAME, TABLE_NAME, STATUS, DDL_STATEMENTS, EXECUTION_LOG, REQUESTED_BY, CHANNEL, THREAD_REF, PLAN_HASH, EXPIRES_AT, UPDATED_AT, AGENT_USAGE)
SELECT ?, CURRENT_TIMESTAMP(), ?, ?, ?, ?, ?, 'PROPOSED', PARSE_JSON(?), PARSE_JSON('[]'), ?, ?, ?, ?, TO_TIMESTAMP_LTZ(?), CURRENT_TIMESTAMP(), PARSE_JSON(?)`,
      [
        row.pipelineId,
        row.dataSourceType,
        row.integrationName,
        row.stageName,
        row.fileFormatName,
        row.tableName,
        JSON.stringify(row.statements),
        row.requestedBy,
        row.channel,
        row.threadRef,
        row.planHash,
        row.expiresAt.toISOString(),
        JSON.stringify(row.agentUsage ?? null),
      ],
    );
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
   * clicks exactly one is told "approved" (the procedure's own claim still guards direct calls). A reservation that
   * never reached the procedure (the process died in between) lapses after RESERVATION_MS.
   */
  async reserveApproval(pipelineId: string, by: string, hash: string): Promise<boolean> {
    const lapsed = new Date(Date.now() - RESERVATION_MS).toISOString();
    const { rowsAffected } = await this.warehouse.execute(
      `UPDATE ${this.table} SET APPROVED_BY = ?, UPDATED_AT = CURRENT_TIMESTAMP() WHERE PIPELINE_ID = ? AND STATUS = 'PROPOSED' AND PLAN_HASH = ? AND EXPIRES_AT > CURRENT_TIMESTAMP() AND (APPROVED_BY IS NULL OR UPDATED_AT < TO_TIMESTAMP_LTZ(?))`,
      [by, pipelineId, hash, lapsed],
    );
    return rowsAffected === 1;
  }

  /** Gives a reservation back when the procedure could not be called, so another approver can try. */
  async releaseApproval(pipelineId: string, by: string): Promise<void> {
    await this.warehouse.execute(
      `UPDATE ${this.table} SET APPROVED_BY = NULL, UPDATED_AT = CURRENT_TIMESTAMP() WHERE PIPELINE_ID = ? AND STATUS = 'PROPOSED' AND APPROVED_BY = ?`,
      [pipelineId, by],
    );
  }

  /** Conditional: only a PROPOSED row nobody is approving is rejected; returns whether this call changed it. */
  async reject(pipelineId: string, by: string, reason: string | null): Promise<boolean> {
    const { rowsAffected } = await this.warehouse.execute(
      `UPDATE ${this.table} SET STATUS = 'REJECTED', REJECTED_BY = ?, DECISION_REASON = ?, DECIDED_AT = CURRENT_TIMESTAMP(), UPDATED_AT = CURRENT_TIMESTAMP() WHERE PIPELINE_ID = ? AND STATUS = 'PROPOSED' AND APPROVED_BY IS NULL`,
      [by, reason, pipelineId],
    );
    return rowsAffected === 1;
  }

  /** Conditional: a PROPOSED row becomes EXPIRED with the reason (past its expiry, or replaced by a revision). */
  async expire(pipelineId: string, reason: string): Promise<boolean> {
    const { rowsAffected } = await this.warehouse.execute(
      `UPDATE ${this.table} SET STATUS = 'EXPIRED', DECISION_REASON = ?, DECIDED_AT = CURRENT_TIMESTAMP(), UPDATED_AT = CURRENT_TIMESTAMP() WHERE PIPELINE_ID = ? AND STATUS = 'PROPOSED'`,
      [reason, pipelineId],
    );
    return rowsAffected === 1;
  }

  async setVerification(pipelineId: string, verification: unknown): Promise<void> {
    await this.warehouse.execute(
      `UPDATE ${this.table} SET VERIFICATION = PARSE_JSON(?), UPDATED_AT = CURRENT_TIMESTAMP() WHERE PIPELINE_ID = ?`,
      [JSON.stringify(verification), pipelineId],
    );
  }

  /**
   * Rows left EXECUTING by a process that died mid-run: marked FAILED as interrupted, keeping what the log holds.
   * Only rows untouched for `staleMs` are reconciled, so a run in progress on another replica is left alone.
   */
  async reconcileInterrupted(staleMs: number): Promise<number> {
    const cutoff = new Date(Date.now() - staleMs).toISOString();
    const { rowsAffected } = await this.warehouse.execute(
      `UPDATE ${this.table} SET STATUS = 'FAILED', DECISION_REASON = 'interrupted: the bot stopped while the plan was executing; check the objects listed in the log', UPDATED_AT = CURRENT_TIMESTAMP() WHERE STATUS = 'EXECUTING' AND UPDATED_AT < TO_TIMESTAMP_LTZ(?)`,
      [cutoff],
    );
    return rowsAffected;
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

export function normalizeRow(raw: Record<string, unknown>): PipelineRow {
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
