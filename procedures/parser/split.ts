/**
 * Lexer-aware split of a script on `;` for `dea validate`: a `;` inside a string, quoted identifier, $$ string or
 * comment never splits. After a lexical error (an unterminated string, say) the rest of the text is kept as one
 * piece, so parsing that piece reports the error at its real position.
 */
import { Scanner, SqlError, type Token } from './lexer.js';

export interface StatementSlice {
  /** The statement's text, from its first token to its last (no `;`, no surrounding comments). */
  sql: string;
  /** Where `sql` starts in the input (1-based line/column, 0-based offset). */
  line: number;
  column: number;
  offset: number;
}

export function splitStatements(text: string): StatementSlice[] {
  const out: StatementSlice[] = [];
  const scanner = new Scanner(text);
  let first: Token | undefined;
  let last: Token | undefined;
  const flush = (): void => {
    if (first && last) {
      out.push({
        sql: text.slice(first.offset, last.end),
        line: first.line,
        column: first.column,
        offset: first.offset,
      });
    }
    first = undefined;
    last = undefined;
  };
  for (;;) {
    let tok: Token | undefined;
    try {
      tok = scanner.next();
    } catch (e) {
      if (!(e instanceof SqlError)) throw e;
      // Keep the remainder (from the current statement's start, or from the error) as the last piece.
      const start = first ? first.offset : e.offset;
      const pos = first ? { line: first.line, column: first.column } : { line: e.line, column: e.column };
      out.push({ sql: text.slice(start), line: pos.line, column: pos.column, offset: start });
      return out;
    }
    if (!tok) break;
    if (tok.kind === 'punct' && tok.value === ';') {
      flush();
      continue;
    }
    if (!first) first = tok;
    last = tok;
  }
  flush();
  return out;
}

/** Maps a 1-based position inside a slice back to the input the slice came from. */
export function toInputPosition(
  slice: StatementSlice,
  line: number,
  column: number,
): { line: number; column: number } {
  return line === 1
    ? { line: slice.line, column: slice.column + column - 1 }
    : { line: slice.line + line - 1, column };
}
