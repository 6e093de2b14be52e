/**
 * Positional binds for snowflake-sdk (which accepts only string, number, boolean and null) and the CALL
 * statement for a procedure. Values never enter SQL text: the CALL has one `?` per scalar, `PARSE_JSON(?)`
 * per array/object (bound as JSON text) and a literal NULL only for null/undefined.
 */
import type { Bind } from 'snowflake-sdk';
import { PROCEDURE_NAMES, type ProcedureName } from '../../procedures/names.js';
import { quoteIdentifier } from '../../procedures/sql/identifiers.js';

export function toBind(value: unknown, position: number): Bind {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new TypeError(`bind ${position}: ${value} cannot be sent to Snowflake`);
    return value;
  }
  if (typeof value === 'bigint') return value.toString();
  // TIMESTAMP text Snowflake parses whatever the session's input format (ISO 8601, UTC).
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  throw new TypeError(`bind ${position}: a ${typeof value} cannot be sent to Snowflake`);
}

export function toBinds(values: readonly unknown[] | undefined): Bind[] | undefined {
  if (!values || values.length === 0) return undefined;
  return values.map((v, i) => toBind(v, i + 1));
}

export interface CallStatement {
  sqlText: string;
  binds: Bind[];
}

export function buildCall(
  database: string,
  schema: string,
  procedure: ProcedureName,
  args: readonly unknown[],
): CallStatement {
  if (!(PROCEDURE_NAMES as readonly string[]).includes(procedure)) {
    throw new TypeError(`unknown procedure ${String(procedure)}`);
  }
  const placeholders: string[] = [];
  const binds: Bind[] = [];
  args.forEach((arg, i) => {
    if (arg === null || arg === undefined) {
      placeholders.push('NULL');
    } else if (typeof arg === 'object' && !(arg instanceof Date)) {
      placeholders.push('PARSE_JSON(?)');
      binds.push(JSON.stringify(arg));
    } else {
      placeholders.push('?');
      binds.push(toBind(arg, i + 1));
    }
  });
  return {
    sqlText: `CALL ${quoteIdentifier(database)}.${quoteIdentifier(schema)}.${procedure}(${placeholders.join(', ')})`,
    binds,
  };
}
