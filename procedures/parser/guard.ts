/**
 * The safety guard of EXECUTE_DDL_AND_TRACK: the procedure runs with its owner's rights, so it must only ever run
 * one CREATE of the four allowed kinds. The guard is the parser itself (strict lexer, exactly one statement,
 * nothing else accepted), so there is no second, looser notion of "what a statement is" to fool.
 */
import type { CreateStatement } from './ast.js';
import { parseStatement } from './parser.js';

export class GuardError extends Error {
  readonly line: number;
  readonly column: number;
  /** The reason without the position suffix. */
  readonly reason: string;
  constructor(reason: string, line: number, column: number) {
    super(`${reason} at ${line}:${column}`);
    this.name = 'GuardError';
    this.reason = reason;
    this.line = line;
    this.column = column;
  }
}

/** Returns the AST of exactly one allowed CREATE statement, or throws GuardError saying why it was refused. */
export function guardStatement(sql: string): CreateStatement {
  const result = parseStatement(sql);
  if (!result.ok) throw new GuardError(result.error.message, result.error.line, result.error.column);
  return result.statement;
}
