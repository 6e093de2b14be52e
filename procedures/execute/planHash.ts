import { sha256Hex } from './sha256.js';

/** The fields of a plan statement that its approval is bound to. */
export interface HashedStatement {
  kind: string;
  name: string;
  sql: string;
  /** Retire plans: the pipeline being retired. Absent for every other plan, so their hashes are unchanged. */
  retires?: string;
}

/**
 * The canonical text of a plan: `JSON.stringify` of the statements in plan order, each reduced to an object
 * with exactly the keys `kind`, `name`, `sql` in that order (plus `retires` for a retire plan's DROPs; no other
 * field, no whitespace). Anything else a
 * statement carries (`change`, `unsafe`, warnings) is deliberately outside the hash: it describes the plan,
 * it does not change what runs.
 */
export function canonicalPlanJson(statements: readonly HashedStatement[]): string {
  return JSON.stringify(
    statements.map((s) =>
      s.retires === undefined
        ? { kind: String(s.kind), name: String(s.name), sql: String(s.sql) }
        : { kind: String(s.kind), name: String(s.name), sql: String(s.sql), retires: String(s.retires) },
    ),
  );
}

/**
 * The plan hash: lower-case hex SHA-256 of the UTF-8 bytes of `canonicalPlanJson(statements)`. The bot core
 * computes it when it proposes a plan and EXECUTE_DDL_AND_TRACK recomputes it from DDL_STATEMENTS before
 * running anything, so an approval can never run a plan other than the one that was shown.
 */
export function planHash(statements: readonly HashedStatement[]): string {
  return sha256Hex(canonicalPlanJson(statements));
}
