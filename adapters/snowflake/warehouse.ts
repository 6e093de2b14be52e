/**
 * The Warehouse contract over snowflake-sdk: pooled sessions, binds only, a statement timeout enforced by
 * Snowflake and backed by a client-side deadline, and retries with exponential backoff for transient
 * failures only (network, 5xx, lost sessions and expired tokens), never for a statement Snowflake refused.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import snowflake, { type Bind, type Connection, type RowStatement } from 'snowflake-sdk';
import type { ProcedureName, Warehouse } from '../../bot/core/contracts.js';
import { WarehouseError } from '../../bot/core/contracts.js';
import { connectionOptions, secretsOf } from './auth.js';
import { buildCall, toBinds } from './binds.js';
import { isSessionLost, isTransient, STATEMENT_TIMEOUT_CODE, toWarehouseError } from './errors.js';
import { forgetSecret, registerSecret, routeDriverLogs } from './logging.js';
import { SessionPool } from './pool.js';
import { type ResolvedSettings, resolveSettings, type SnowflakeSettings } from './settings.js';

export interface SnowflakeWarehouseOptions {
  logger?: Logger;
  /** How long after STATEMENT_TIMEOUT_IN_SECONDS the client stops waiting for an answer. Default 15 s. */
  clientTimeoutGraceMs?: number;
}

interface Executed {
  rows: Record<string, unknown>[];
  stmt: RowStatement;
}

class ClientTimeoutError extends WarehouseError {}

const MAX_REMEMBERED_SECRETS = 16;
/** snowflake-sdk's column type names, as Snowflake itself names the types. */
const SDK_TYPES: Record<string, string> = { fixed: 'NUMBER', real: 'FLOAT', text: 'TEXT' };

export class SnowflakeWarehouse implements Warehouse {
  readonly settings: ResolvedSettings;
  private readonly pool: SessionPool<Connection>;
  private readonly logger: Logger | undefined;
  private readonly graceMs: number;
  private readonly secrets = new Set<string>();
  private closed = false;

  constructor(settings: SnowflakeSettings, options: SnowflakeWarehouseOptions = {}) {
    this.settings = resolveSettings(settings);
    this.logger = options.logger?.child({ component: 'snowflake' });
    this.graceMs = options.clientTimeoutGraceMs ?? 15_000;
    routeDriverLogs(options.logger);
    for (const secret of secretsOf(this.settings.auth)) this.remember(secret);
    this.pool = new SessionPool<Connection>(
      { create: () => this.openSession(), destroy: (c) => closeSession(c) },
      this.settings.poolSize,
      this.settings.idleTimeoutMs,
    );
  }

  /** Sessions currently open against Snowflake. */
  get openSessions(): number {
    return this.pool.open;
  }

  async query<T = Record<string, unknown>>(sql: string, binds?: unknown[]): Promise<T[]> {
    const { rows } = await this.run(sql, toBinds(binds));
    return rows as T[];
  }

  /** Rows with each column's type (Snowflake's name) and NUMBER scale (`dea sql exec` prints values by type). */
  async queryWithColumns(sql: string): Promise<{
    columns: { name: string; type: string; scale?: number }[];
    rows: Record<string, unknown>[];
  }> {
    const { rows, stmt } = await this.run(sql, undefined);
    const columns = (stmt.getColumns() ?? []).map((c) => {
      const type = SDK_TYPES[c.getType()] ?? c.getType().toUpperCase();
      return type === 'NUMBER'
        ? { name: c.getName(), type, scale: c.getScale() }
        : { name: c.getName(), type };
    });
    return { columns, rows };
  }

  async execute(sql: string, binds?: unknown[]): Promise<{ rowsAffected: number }> {
    const { stmt } = await this.run(sql, toBinds(binds));
    // The driver reports -1 for statements that are not DML (DDL, CALL, SHOW).
    return { rowsAffected: Math.max(0, stmt.getNumUpdatedRows() ?? 0) };
  }

  async call(procedure: ProcedureName, args: unknown[]): Promise<unknown> {
    const { sqlText, binds } = buildCall(this.settings.database, this.settings.schema, procedure, args);
    const { rows, stmt } = await this.run(sqlText, binds.length > 0 ? binds : undefined);
    const first = rows[0];
    if (!first) return null;
    const column = stmt.getColumns()?.[0]?.getName() ?? Object.keys(first)[0];
    return column === undefined ? null : (first[column] ?? null);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.drain();
    for (const secret of this.secrets) forgetSecret(secret);
  }

  private async run(sqlText: string, binds: Bind[] | undefined): Promise<Executed> {
    // One request id for every attempt: a resubmitted statement is recognised by Snowflake, not run twice.
    const requestId = randomUUID();
    const { maxAttempts, baseDelayMs, maxDelayMs } = this.settings.retry;
    for (let attempt = 1; ; attempt++) {
      if (this.closed) throw new WarehouseError('CLOSED', 'The Snowflake warehouse is closed');
      let conn: Connection | undefined;
      try {
        conn = await this.pool.acquire();
        const result = await this.executeOn(conn, sqlText, binds, requestId);
        this.pool.release(conn);
        return result;
      } catch (error) {
        const broken = error instanceof ClientTimeoutError || isSessionLost(error) || isTransient(error);
        if (conn) this.pool.release(conn, broken);
        const failure = toWarehouseError(error);
        if (attempt >= maxAttempts || !isTransient(error) || this.closed) throw failure;
        const delayMs = Math.round(Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
        this.logger?.warn({ code: failure.code, attempt, delayMs }, 'transient Snowflake failure; retrying');
        await new Promise((r) => setTimeout(r, delayMs));
      }
    }
  }

  private executeOn(conn: Connection, sqlText: string, binds: Bind[] | undefined, requestId: string) {
    const timeoutSeconds = this.settings.queryTimeoutSeconds;
    return new Promise<Executed>((resolve, reject) => {
      let settled = false;
      const statement = conn.execute({
        sqlText,
        ...(binds ? { binds } : {}),
        requestId,
        parameters: { STATEMENT_TIMEOUT_IN_SECONDS: timeoutSeconds },
        complete: (err, stmt, rows) => {
          clearTimeout(deadline);
          if (settled) return;
          settled = true;
          if (err) reject(err);
          else resolve({ rows: (rows ?? []) as Record<string, unknown>[], stmt: stmt as RowStatement });
        },
      });
      // Snowflake cancels at STATEMENT_TIMEOUT_IN_SECONDS; this deadline covers a server or network that
      // never answers (the driver would keep retrying the request).
      const deadline = setTimeout(
        () => {
          if (settled) return;
          settled = true;
          statement.cancel(() => undefined);
          reject(
            new ClientTimeoutError(
              STATEMENT_TIMEOUT_CODE,
              `Statement reached its timeout of ${timeoutSeconds} second(s) without an answer from Snowflake and was canceled.`,
              { sqlState: '57014' },
            ),
          );
        },
        timeoutSeconds * 1000 + this.graceMs,
      );
    });
  }

  private async openSession(): Promise<Connection> {
    const options = connectionOptions(this.settings);
    if (this.settings.auth.kind === 'oauth-token-file' && typeof options.token === 'string') {
      this.remember(options.token);
    }
    const conn = snowflake.createConnection(options);
    await new Promise<void>((resolve, reject) => conn.connect((err) => (err ? reject(err) : resolve())));
    this.logger?.debug({ authenticator: options.authenticator }, 'Snowflake session opened');
    return conn;
  }

  private remember(secret: string): void {
    this.secrets.add(secret);
    registerSecret(secret);
    // Rotated SPCS tokens pile up; the oldest are long expired and need no masking.
    for (const old of this.secrets) {
      if (this.secrets.size <= MAX_REMEMBERED_SECRETS) break;
      this.secrets.delete(old);
      forgetSecret(old);
    }
  }
}

function closeSession(conn: Connection): Promise<void> {
  return new Promise((resolve) => {
    if (!conn.isUp()) return resolve();
    conn.destroy(() => resolve());
  });
}
