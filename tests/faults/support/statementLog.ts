/**
 * Records every statement that reaches an embedded warehouse: the bot's own calls and the statements the
 * procedures run inside it (LocalWarehouse routes both through `run`), each marked with the role it ran as (`owner`
 * only inside an owner's-rights procedure when the bot's connection is `bot`) and with whether an
 * EXECUTE_DDL_AND_TRACK call was in flight. A fault can be switched on to make statements fail after a point.
 */
import type { LocalWarehouse } from '../../../adapters/local/warehouse/index.js';
import type { SessionRole } from '../../../adapters/local/warehouse/privileges.js';
import type { ProcedureName } from '../../../bot/core/contracts.js';

export interface LoggedStatement {
  sql: string;
  insideExecute: boolean;
  /** The role the statement ran with; absent for the CALL records themselves. */
  role?: SessionRole;
}

export interface StatementLog {
  statements: LoggedStatement[];
  /** When set, called before each statement; throwing makes the statement fail as a lost connection would. */
  before?: (sql: string) => Promise<void> | void;
}

export function recordStatements(warehouse: LocalWarehouse): StatementLog {
  const log: StatementLog = { statements: [] };
  let executing = 0;
  const run = warehouse.run.bind(warehouse);
  warehouse.run = async (sql: string, binds?: unknown[], role?: SessionRole) => {
    log.statements.push({ sql, insideExecute: executing > 0, role: role ?? warehouse.role });
    await log.before?.(sql);
    return run(sql, binds, role);
  };
  const call = warehouse.call.bind(warehouse);
  warehouse.call = async (procedure: ProcedureName, args: unknown[]) => {
    log.statements.push({ sql: `CALL ${procedure}(…)`, insideExecute: executing > 0 });
    if (procedure !== 'EXECUTE_DDL_AND_TRACK') return call(procedure, args);
    executing++;
    try {
      return await call(procedure, args);
    } finally {
      executing--;
    }
  };
  return log;
}

/** The claim of an approval (docs/architecture.md#the-trackers-state-machine): the conditional UPDATE that moves a row to EXECUTING. */
export const isClaim = (sql: string) => /SET\s+STATUS\s*=\s*'EXECUTING'/i.test(sql);
