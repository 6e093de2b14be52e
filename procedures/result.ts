/** What the four generators return: the statement, or the input problems as an answer the agent can act on. */
import type { StatementKind } from './names.js';

/** What every generator returns: exactly one statement of its kind. */
export interface GeneratedDdl {
  ddl: string;
  kind: StatementKind;
  /** The object's name as written in the DDL (qualified and quoted exactly as in `ddl`). */
  name: string;
  warnings: string[];
}

export interface InputIssue {
  /** Dotted path of the offending input field, e.g. `columns.2.type`; empty for the whole input. */
  path: string;
  message: string;
}

/**
 * The VARIANT a generator procedure returns. Invalid input is an answer, not an exception, so the agent can
 * read what to fix and try again.
 */
export type GeneratorResult =
  | ({ ok: true } & GeneratedDdl)
  | { ok: false; error: { message: string; issues: InputIssue[] } };

/** Thrown by a generator's pure function for input that fails validation. */
export class InputError extends Error {
  readonly issues: InputIssue[];
  constructor(message: string, issues: InputIssue[]) {
    super(message);
    this.name = 'InputError';
    this.issues = issues;
  }
}

/** Runs a generator and turns its outcome into the VARIANT a procedure returns; only InputError is an answer. */
export function toResult(generate: () => GeneratedDdl): GeneratorResult {
  try {
    return { ok: true, ...generate() };
  } catch (err) {
    if (err instanceof InputError) return { ok: false, error: { message: err.message, issues: err.issues } };
    throw err;
  }
}
