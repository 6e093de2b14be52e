/**
 * The embedded warehouse's two roles, mirroring the grants sql/setup.sql gives in Snowflake:
 * - `owner` (the procedures' owner and the local administrator): everything;
 * - `bot` (the bot's role): reads, its conversation tables, CALL — and nothing else. It cannot write
 *   DATA_PIPELINE_TRACKER, cannot see DEA_APPROVERS or DEA_SETTINGS, and owns no objects, so CREATE / DROP / ALTER / GRANT fail.
 * Statements an EXECUTE AS OWNER procedure issues run as `owner`; those of an EXECUTE AS CALLER procedure run with
 * the caller's role, so a caller's-rights procedure grants the bot nothing.
 */
import { WarehouseError } from '../../../bot/core/contracts.js';
import { TRACKER_TABLE } from '../../../procedures/names.js';
import { APPROVERS_TABLE } from '../../../procedures/tracker/approvers.js';
import { SETTINGS_TABLE } from '../../../procedures/tracker/settings.js';
import { identValue, isOp, isWord, type Token } from './sqlLexer.js';

export type SessionRole = 'owner' | 'bot';

const WRITE_WORDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'TRUNCATE']);
const OWNER_ONLY_WORDS = new Set(['CREATE', 'DROP', 'ALTER', 'GRANT', 'REVOKE', 'UNDROP', 'COMMENT']);

function isName(t: Token | undefined): boolean {
  return t !== undefined && (t.type === 'word' || t.type === 'qident');
}

/** The last part of the table a DML statement writes, upper-cased as stored. */
function writeTarget(tokens: Token[]): string | null {
  let i = 1;
  while (isWord(tokens[i], 'INTO', 'FROM', 'OVERWRITE', 'TABLE', 'IF', 'EXISTS')) i++;
  let last: string | null = null;
  while (isName(tokens[i])) {
    last = identValue(tokens[i] as Token);
    if (!isOp(tokens[i + 1], '.')) break;
    i += 2;
  }
  return last;
}

function notAuthorized(name: string): WarehouseError {
  return new WarehouseError(
    '002003',
    `SQL compilation error:\nObject '${name}' does not exist or not authorized.`,
    {
      sqlState: '02000',
    },
  );
}

function insufficient(what: string): WarehouseError {
  return new WarehouseError(
    '003001',
    `SQL access control error:\nInsufficient privileges to operate on ${what}.`,
    {
      sqlState: '42501',
    },
  );
}

/** Tables only the administrator writes and only the procedures' owner reads (sql/setup.sql revokes them). */
const ADMINISTRATOR_TABLES = [APPROVERS_TABLE, SETTINGS_TABLE];

/** The error Snowflake would answer the bot's role for this statement, or null when the role may run it. */
export function refusalFor(role: SessionRole, tokens: Token[]): WarehouseError | null {
  if (role === 'owner') return null;
  for (const table of ADMINISTRATOR_TABLES)
    if (tokens.some((t) => isName(t) && identValue(t).toUpperCase() === table)) return notAuthorized(table);
  const first = tokens[0];
  const word = first?.type === 'word' ? first.value : '';
  if (WRITE_WORDS.has(word)) {
    const target = writeTarget(tokens);
    if (target !== null && target.toUpperCase() === TRACKER_TABLE)
      return insufficient(`table '${TRACKER_TABLE}'`);
  }
  if (OWNER_ONLY_WORDS.has(word)) return insufficient('schema or account objects (the role owns none)');
  return null;
}
