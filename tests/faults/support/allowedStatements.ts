/**
 * The statements the bot may ever send to the warehouse: reads (SELECT, SHOW, DESC, and LIST of a stage when a run
 * is verified), writes to its two own tables, CALL of the procedures it is granted, the tracker written only with
 * the owner's privileges (inside an owner's-rights procedure), and the four CREATE kinds, the
 * allowed-locations ALTER and the retire/compensation DROPs only inside EXECUTE_DDL_AND_TRACK.
 */
import { BOT_PROCEDURES } from '../../../procedures/names.js';
import type { LoggedStatement } from './statementLog.js';

const BOT_TABLES = new Set(['DEA_CONVERSATIONS', 'DEA_PROCESSED_EVENTS']);
/** Written only from inside the owner's-rights procedures. */
const PROCEDURE_TABLES = new Set(['DATA_PIPELINE_TRACKER']);
export const DDL_KINDS =
  /^CREATE\s+(?:OR\s+REPLACE\s+)?(?:STORAGE\s+INTEGRATION|FILE\s+FORMAT|STAGE|EXTERNAL\s+TABLE)\b/i;
const DROP_KINDS = /^DROP\s+(?:STORAGE\s+INTEGRATION|FILE\s+FORMAT|STAGE|EXTERNAL\s+TABLE)\b/i;
/** The one ALTER the bot may run: widening (or, as compensation, restoring) an integration's allowed locations. */
const ALTER_ALLOWED =
  /^ALTER\s+STORAGE\s+INTEGRATION\s+(?:"(?:[^"]|"")*"|[A-Za-z0-9_$]+)\s+SET\s+STORAGE_ALLOWED_LOCATIONS\s*=/i;
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
      return name && (BOT_PROCEDURES as readonly string[]).includes(name)
        ? null
        : 'CALL of an unknown procedure';
    }
    case 'INSERT':
    case 'UPDATE':
    case 'MERGE':
    case 'DELETE': {
      const target = WRITE.exec(sql)?.[1] ?? '';
      const table = target.split('.').at(-1)?.replace(/"/g, '').toUpperCase() ?? '';
      if (BOT_TABLES.has(table)) return null;
      if (PROCEDURE_TABLES.has(table))
        return s.role === 'owner' ? null : `write to ${target} outside the procedures`;
      return `write to ${target || '?'}`;
    }
    case 'CREATE':
      if (!DDL_KINDS.test(sql)) return 'CREATE of another kind';
      return s.insideExecute ? null : 'DDL outside EXECUTE_DDL_AND_TRACK';
    case 'DROP':
      // Only the procedure: compensation of objects its own failed run created, or an approved retire plan.
      return DROP_KINDS.test(sql) && s.insideExecute ? null : 'DROP';
    case 'ALTER':
      return ALTER_ALLOWED.test(sql) && s.insideExecute
        ? null
        : 'ALTER outside EXECUTE_DDL_AND_TRACK or of another kind';
    default:
      return `statement ${word || '(empty)'}`;
  }
}
