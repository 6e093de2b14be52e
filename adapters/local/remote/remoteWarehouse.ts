/** A Warehouse that sends each statement to a running process's createWarehouseRouter over HTTP. */
import { type ProcedureName, type Warehouse, WarehouseError } from '../../../bot/core/contracts.js';
import { type SqlAnswer, sqlAnswerSchema, sqlErrorSchema, TOKEN_HEADER } from './protocol.js';

const TIME_TYPES = new Set(['TIMESTAMP_LTZ', 'TIMESTAMP_NTZ', 'TIMESTAMP_TZ', 'DATE']);

interface RemoteWarehouseOptions {
  /** Base URL of the router, e.g. `http://127.0.0.1:3000/api/local-warehouse`. */
  url: string;
  token: string;
  timeoutMs?: number;
}

function toBind(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new TypeError('RemoteWarehouse: objects and arrays cannot be bound; send JSON text to PARSE_JSON(?)');
}

export class RemoteWarehouse implements Warehouse {
  private readonly base: string;
  constructor(private readonly opts: RemoteWarehouseOptions) {
    this.base = opts.url.replace(/\/+$/, '');
  }

  async run(sql: string, binds: unknown[] = []): Promise<SqlAnswer> {
    let res: globalThis.Response;
    try {
      res = await fetch(`${this.base}/sql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: this.opts.token },
        body: JSON.stringify({ sql, binds: binds.map(toBind) }),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 120_000),
      });
    } catch (err) {
      throw new WarehouseError(
        'LOCAL_REMOTE',
        `Cannot reach the running dea process at ${this.base}: ${(err as Error).message}`,
        { cause: err },
      );
    }
    const body: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const e = sqlErrorSchema.safeParse(body);
      if (e.success)
        throw new WarehouseError(e.data.error.code, e.data.error.message, {
          sqlState: e.data.error.sqlState ?? undefined,
        });
      throw new WarehouseError('LOCAL_REMOTE', `The running dea process answered HTTP ${res.status}`);
    }
    const ok = sqlAnswerSchema.safeParse(body);
    if (!ok.success)
      throw new WarehouseError('LOCAL_REMOTE', 'The running dea process sent an unreadable answer');
    const answer = ok.data;
    answer.columns.forEach((c, i) => {
      if (!TIME_TYPES.has(answer.types[i] ?? '')) return;
      for (const row of answer.rows) if (typeof row[c] === 'string') row[c] = new Date(row[c] as string);
    });
    return answer;
  }

  async query<T = Record<string, unknown>>(sql: string, binds: unknown[] = []): Promise<T[]> {
    return (await this.run(sql, binds)).rows as T[];
  }

  /** Rows with each column's Snowflake type and NUMBER scale (`dea sql exec` prints values by type). */
  async queryWithColumns(sql: string): Promise<{
    columns: { name: string; type: string; scale?: number }[];
    rows: Record<string, unknown>[];
  }> {
    const a = await this.run(sql);
    const columns = a.columns.map((name, i) => {
      const scale = a.scales?.[i];
      return { name, type: a.types[i] ?? 'TEXT', ...(typeof scale === 'number' ? { scale } : {}) };
    });
    return { columns, rows: a.rows };
  }

  async execute(sql: string, binds: unknown[] = []): Promise<{ rowsAffected: number }> {
    return { rowsAffected: (await this.run(sql, binds)).rowsAffected };
  }

  async call(procedure: ProcedureName, args: unknown[]): Promise<unknown> {
    const binds: unknown[] = [];
    const placeholders = args.map((a) => {
      if (a !== null && typeof a === 'object' && !(a instanceof Date)) {
        binds.push(JSON.stringify(a));
        return 'PARSE_JSON(?)';
      }
      binds.push(a);
      return '?';
    });
    const rows = await this.query(`CALL ${procedure}(${placeholders.join(', ')})`, binds);
    return rows[0]?.[procedure] ?? null;
  }

  async close(): Promise<void> {}
}
