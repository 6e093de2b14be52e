/** One warehouse seen through a role: what `asRole` returns, in-process and on the local thread alike. */
import type { ProcedureName, Warehouse } from '../../../bot/core/contracts.js';
import type { StatementResult } from './values.js';

export type RoleView = Warehouse & { run(sql: string, binds?: unknown[]): Promise<StatementResult> };

/** `run` and `call` already carry the role; closing the view leaves the warehouse open. */
export function roleView(
  run: (sql: string, binds: unknown[]) => Promise<StatementResult>,
  call: (procedure: ProcedureName, args: unknown[]) => Promise<unknown>,
): RoleView {
  return {
    query: async <T = Record<string, unknown>>(sql: string, binds: unknown[] = []) =>
      (await run(sql, binds)).rows as T[],
    execute: async (sql: string, binds: unknown[] = []) => ({
      rowsAffected: (await run(sql, binds)).rowsAffected,
    }),
    call,
    run: (sql: string, binds: unknown[] = []) => run(sql, binds),
    close: async () => undefined,
  };
}
