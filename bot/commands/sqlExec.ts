import type { Warehouse } from '../core/contracts.js';
import { WarehouseError } from '../core/contracts.js';
import { withContext } from './context.js';
import type { CommandResult } from './io.js';

export interface TypedColumn {
  name: string;
  /** Snowflake's type name: NUMBER, FLOAT, TEXT, DATE, TIMESTAMP_NTZ, TIMESTAMP_LTZ, TIMESTAMP_TZ, VARIANT, … */
  type: string;
  /** Digits after the point of a NUMBER. */
  scale?: number;
}

/** What each warehouse (local, remote, Snowflake) offers beyond the contract: rows together with column types. */
interface TypedQuery {
  queryWithColumns(sql: string): Promise<{ columns: TypedColumn[]; rows: Record<string, unknown>[] }>;
}

function hasTypedQuery(w: Warehouse): w is Warehouse & TypedQuery {
  return typeof (w as Partial<TypedQuery>).queryWithColumns === 'function';
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2026-11-01 10:00:00.000` (UTC parts: the drivers hand NTZ values over as UTC instants of the wall time). */
function wallTime(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/**
 * One value as Snowflake's own clients show it: a DATE as a date, TIMESTAMP_NTZ without a zone, TIMESTAMP_LTZ/TZ
 * with its offset, a NUMBER with its scale (250.00, not 250).
 */
export function formatCell(v: unknown, column?: TypedColumn): string {
  if (v === null || v === undefined) return 'NULL';
  const type = column?.type;
  const date = v instanceof Date ? v : undefined;
  if (date && !Number.isNaN(date.getTime())) {
    if (type === 'DATE') return wallTime(date).slice(0, 10);
    if (type === 'TIMESTAMP_NTZ') return wallTime(date);
    return `${wallTime(date)} +0000`;
  }
  if (type === 'NUMBER' && column?.scale && typeof v === 'number' && Number.isFinite(v))
    return v.toFixed(column.scale);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** JSON output keeps numbers as numbers; dates become what the table shows, not a UTC instant. */
function jsonValue(v: unknown, column: TypedColumn | undefined): unknown {
  if (v instanceof Date && column && ['DATE', 'TIMESTAMP_NTZ'].includes(column.type))
    return formatCell(v, column);
  return v;
}

export async function runSqlExec(statement: string, opts: { json: boolean }): Promise<CommandResult> {
  if (!statement.trim()) return { exitCode: 1, output: '', error: 'dea sql exec: give a statement to run' };
  return withContext(async (ctx) => {
    try {
      const typed = hasTypedQuery(ctx.warehouse)
        ? await ctx.warehouse.queryWithColumns(statement)
        : { columns: undefined, rows: await ctx.warehouse.query(statement) };
      const rows = typed.rows;
      const columns = typed.columns?.map((c) => c.name) ?? (rows.length ? Object.keys(rows[0]!) : []);
      const typeOf = new Map((typed.columns ?? []).map((c) => [c.name, c]));
      if (opts.json) {
        const out = rows.map((r) =>
          Object.fromEntries(columns.map((c) => [c, jsonValue(r[c], typeOf.get(c))])),
        );
        return { exitCode: 0, output: JSON.stringify({ columns, rows: out }) };
      }
      if (rows.length === 0) return { exitCode: 0, output: 'Statement executed; no rows.' };
      const cells = rows.map((r) => columns.map((c) => formatCell(r[c], typeOf.get(c))));
      const widths = columns.map((c, i) =>
        Math.min(60, Math.max(c.length, ...cells.map((r) => r[i]!.length))),
      );
      const line = (vals: string[]) => vals.map((v, i) => v.slice(0, 60).padEnd(widths[i]!)).join(' | ');
      return {
        exitCode: 0,
        output: [
          line(columns),
          widths.map((w) => '-'.repeat(w)).join('-+-'),
          ...cells.map(line),
          `(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`,
        ].join('\n'),
      };
    } catch (err) {
      if (err instanceof WarehouseError) {
        const text = `${err.code} (${err.sqlState ?? '-'}): ${err.message}`;
        return opts.json
          ? {
              exitCode: 1,
              output: JSON.stringify({
                error: { code: err.code, sqlState: err.sqlState, message: err.message },
              }),
            }
          : { exitCode: 1, output: '', error: text };
      }
      throw err;
    }
  });
}
