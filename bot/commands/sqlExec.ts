import { WarehouseError } from '../core/contracts.js';
import { withContext } from './context.js';
import type { CommandResult } from './io.js';

function cell(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export async function runSqlExec(statement: string, opts: { json: boolean }): Promise<CommandResult> {
  if (!statement.trim()) return { exitCode: 1, output: '', error: 'dea sql exec: give a statement to run' };
  return withContext(async (ctx) => {
    try {
      const rows = await ctx.warehouse.query(statement);
      const columns = rows.length ? Object.keys(rows[0]!) : [];
      if (opts.json) return { exitCode: 0, output: JSON.stringify({ columns, rows }) };
      if (rows.length === 0) return { exitCode: 0, output: 'Statement executed; no rows.' };
      const cells = rows.map((r) => columns.map((c) => cell(r[c])));
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
          `(${rows.length} rows)`,
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
