/**
 * What the SHOW / DESC / DROP / ALTER / LIST commands of the emulated object kinds share: their result shape and the
 * reading of the words after the command (a kind, a possibly qualified name).
 */

import { syntaxError } from './errors.js';
import type { CatalogKind } from './objectCatalog.js';
import { identValue, isOp, isWord, type Token } from './sqlLexer.js';
import { newQueryId, type ResultColumn, type StatementResult } from './values.js';

/** A command's answer; columns are named as Snowflake names SHOW and DESC output (lower case). */
export interface CommandResult {
  columns: string[];
  rows: Record<string, unknown>[];
}

export function status(text: string): CommandResult {
  return { columns: ['status'], rows: [{ status: text }] };
}

export function fail(tokens: Token[], i: number): never {
  const t = tokens[i];
  throw syntaxError(1, t?.offset ?? 0, t?.text ?? '<EOF>');
}

/** Reads a possibly qualified name at `i`. */
export function readName(tokens: Token[], i: number): { parts: string[]; next: number } {
  const parts: string[] = [];
  let j = i;
  for (;;) {
    const t = tokens[j];
    if (!t || (t.type !== 'word' && t.type !== 'qident')) fail(tokens, j);
    parts.push(identValue(t));
    j++;
    if (isOp(tokens[j], '.')) j++;
    else break;
  }
  return { parts, next: j };
}

/** `IF EXISTS` at `i`, if present: whether it was there and the index after it. */
export function readIfExists(tokens: Token[], i: number): { ifExists: boolean; next: number } {
  return isWord(tokens[i], 'IF') && isWord(tokens[i + 1], 'EXISTS')
    ? { ifExists: true, next: i + 2 }
    : { ifExists: false, next: i };
}

/** Maps the words after SHOW/DESC/DROP to a catalog kind. Returns the index after the kind words. */
export function readKind(
  tokens: Token[],
  i: number,
  plural: boolean,
): { kind: CatalogKind; next: number } | undefined {
  const w = (k: number): string | undefined => (tokens[k]?.type === 'word' ? tokens[k]?.value : undefined);
  const s = plural ? 'S' : '';
  if (w(i) === `INTEGRATION${s}`) return { kind: 'INTEGRATION', next: i + 1 };
  if (w(i) === 'STORAGE' && w(i + 1) === `INTEGRATION${s}`) return { kind: 'INTEGRATION', next: i + 2 };
  if (w(i) === 'FILE' && w(i + 1) === `FORMAT${s}`) return { kind: 'FILE_FORMAT', next: i + 2 };
  if (w(i) === `STAGE${s}`) return { kind: 'STAGE', next: i + 1 };
  if (w(i) === 'EXTERNAL' && w(i + 1) === `TABLE${s}`) return { kind: 'EXTERNAL_TABLE', next: i + 2 };
  return undefined;
}

/** A command's answer as a statement result, each column typed by its first non-null value. */
export function commandResult(r: CommandResult): StatementResult {
  const columns: ResultColumn[] = r.columns.map((name) => {
    const sample = r.rows.find((row) => row[name] !== null && row[name] !== undefined)?.[name];
    const type =
      sample instanceof Date
        ? 'TIMESTAMP_LTZ'
        : typeof sample === 'number'
          ? 'NUMBER'
          : typeof sample === 'boolean'
            ? 'BOOLEAN'
            : 'TEXT';
    return { name, type };
  });
  return { columns, rows: r.rows, rowsAffected: 0, queryId: newQueryId() };
}
