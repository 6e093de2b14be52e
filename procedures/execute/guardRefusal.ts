/** The parser's guard as the execute procedures use it: a refused statement is a value to log, not an exception. */
import type { CreateStatement } from '../parser/ast.js';
import { guardStatement } from '../parser/index.js';

export interface GuardRefusal {
  message: string;
  line: number | null;
  column: number | null;
}

/** Runs the DDL guard; a refusal comes back as a value so the caller can log it per statement. */
export function guard(
  sql: string,
): { ok: true; statement: CreateStatement } | { ok: false; refusal: GuardRefusal } {
  try {
    return { ok: true, statement: guardStatement(sql) };
  } catch (err) {
    // GuardError's message ends with the position; `reason` is the same text without it.
    const e = err as { message?: unknown; reason?: unknown; line?: unknown; column?: unknown };
    const message =
      typeof e.reason === 'string' ? e.reason : typeof e.message === 'string' ? e.message : String(err);
    return {
      ok: false,
      refusal: {
        message,
        line: typeof e.line === 'number' ? e.line : null,
        column: typeof e.column === 'number' ? e.column : null,
      },
    };
  }
}
