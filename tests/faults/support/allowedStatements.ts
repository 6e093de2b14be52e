/**
 * The statements the bot may ever send to the warehouse (DESIGN §4, §5): reads (SELECT, SHOW, DESC, and LIST of
 * a stage when a run is verified), writes to its three tables, CALL of its five procedures, and the four CREATE
 * kinds only inside EXECUTE_DDL_AND_TRACK.
 */
import { PROCEDURE_NAMES } from '../../../procedures/names.js';
import type { LoggedStatement } from './statementLog.js';

const BOT_TABLES = new Set(['DATA_PIPELINE_TRACKER', 'DEA_CONVERSATIONS', 'DEA_PROCESSED_EVENTS']);
export const DDL_KINDS =
  /^CREATE\s+(?:OR\s+REPLACE\s+)?(?:STORAGE\s+INTEGRATION|FILE\s+FORMAT|STAGE|EXTERNAL\s+TABLE)\b/i;
const DROP_KINDS = /^DROP\s+(?:STORAGE\s+INTEGRATION|FILE\s+FORMAT|STAGE|EXTERNAL\s+TABLE)\b/i;
const WRITE =
  /^(?:INSERT\s+INTO|UPDATE|MERGE\s+INTO|DELETE\s+FROM)\s+((?:"(?:[^"]|"")*"|[A-Za-z0-9_$]+)(?:\.(?:"(?:[^"]|"")*"|[A-Za-z0-9_$]+))*)/i;

/** Why a statement is outside the allowed set, or null when it is allowed. */
export function violation(s: LoggedStatement): string | null {
  const sql = s.sql.trim();
  const word = /^[A-Za-z]+/.exec(sql)?.[0]?.toUpperCase() ?? '';
  switch (word) {
    case 'SELECT':
    case 'WITH':
    case 'SHOW':
    case 'DESC':
    case 'DESCRIBE':
    case 'LIST':
    case 'LS':
      return null;
    case 'CALL': {
      const name = /^CALL\s+(?:[A-Za-z0-9_"]+\.)*"?([A-Za-z0-9_]+)"?\s*\(/i.exec(sql)?.[1]?.toUpperCase();
      return name && (PROCEDURE_NAMES as readonly string[]).includes(name)
        ? null
        : 'CALL of an unknown procedure';
    }
    case 'INSERT':
    case 'UPDATE':
    case 'MERGE':
    case 'DELETE': {
      const target = WRITE.exec(sql)?.[1] ?? '';
      const table = target.split('.').at(-1)?.replace(/"/g, '').toUpperCase() ?? '';
      return BOT_TABLES.has(table) ? null : `write to ${target || '?'}`;
    }
    case 'CREATE':
      if (!DDL_KINDS.test(sql)) return 'CREATE of another kind';
      return s.insideExecute ? null : 'DDL outside EXECUTE_DDL_AND_TRACK';
    case 'DROP':
      // Only the procedure's compensation of objects its own failed run created.
      return DROP_KINDS.test(sql) && s.insideExecute ? null : 'DROP';
    default:
      return `statement ${word || '(empty)'}`;
  }
}
