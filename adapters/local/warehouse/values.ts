/**
 * Values crossing the DuckDB boundary, shaped the way snowflake-sdk hands them to the bot: VARIANT (DuckDB JSON)
 * parsed into objects/arrays/scalars, TIMESTAMP/DATE as JS Date, every number as a JS number (never bigint).
 */
import type { DuckDBMaterializedResult, DuckDBValue } from '@duckdb/node-api';

export interface ResultColumn {
  name: string;
  /** Snowflake-style type name: VARIANT, NUMBER, FLOAT, TEXT, BOOLEAN, DATE, TIMESTAMP_LTZ, TIMESTAMP_NTZ, TIME, BINARY. */
  type: string;
  /** Digits after the point of a NUMBER (Snowflake's scale), so 250.00 can be shown as such. */
  scale?: number;
}

export interface StatementResult {
  columns: ResultColumn[];
  rows: Record<string, unknown>[];
  rowsAffected: number;
  queryId: string;
}

function snowflakeTypeOf(duckType: string, alias: string | undefined): string {
  if (alias === 'JSON') return 'VARIANT';
  if (
    /^(DECIMAL|HUGEINT|BIGINT|INTEGER|SMALLINT|TINYINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT|UHUGEINT)/.test(
      duckType,
    )
  )
    return 'NUMBER';
  if (/^(DOUBLE|FLOAT)/.test(duckType)) return 'FLOAT';
  if (duckType === 'BOOLEAN') return 'BOOLEAN';
  if (duckType === 'DATE') return 'DATE';
  if (duckType === 'TIMESTAMP WITH TIME ZONE') return 'TIMESTAMP_LTZ';
  if (duckType.startsWith('TIMESTAMP')) return 'TIMESTAMP_NTZ';
  if (duckType.startsWith('TIME')) return 'TIME';
  if (duckType === 'BLOB') return 'BINARY';
  if (/^(STRUCT|MAP)/.test(duckType)) return 'OBJECT';
  if (/\[\]$|^LIST/.test(duckType)) return 'ARRAY';
  return 'TEXT';
}

/** Recursively turns bigint into number (precision beyond 2^53 is lost, as in snowflake-sdk's default). */
function normalizeJs(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value === null || value === undefined) return null;
  if (value instanceof Date || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(normalizeJs);
  if (typeof value === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) o[k] = normalizeJs(v);
    return o;
  }
  return value;
}

function parseVariant(value: unknown): unknown {
  if (typeof value !== 'string') return normalizeJs(value);
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

let queryCounter = 0;
/** A Snowflake-looking query id (UUID-shaped), unique per process. */
export function newQueryId(): string {
  queryCounter++;
  const hex = (Date.now().toString(16) + queryCounter.toString(16).padStart(8, '0'))
    .padStart(32, '0')
    .slice(-32);
  return `${hex.slice(0, 8)}-0000-${hex.slice(12, 16)}-0000-${hex.slice(20, 32)}`;
}

export async function readResult(result: DuckDBMaterializedResult, dml: boolean): Promise<StatementResult> {
  const names = result.columnNames();
  const types = result.columnTypes();
  const columns: ResultColumn[] = names.map((name, i) => {
    const t = types[i];
    const alias = (t as { alias?: string } | undefined)?.alias;
    const type = snowflakeTypeOf(t?.toString() ?? 'VARCHAR', alias);
    const scale = (t as { scale?: number } | undefined)?.scale;
    return type === 'NUMBER' && typeof scale === 'number' ? { name, type, scale } : { name, type };
  });
  if (dml) return { columns: [], rows: [], rowsAffected: result.rowsChanged, queryId: newQueryId() };
  const raw = await result.getRowsJS();
  const rows = raw.map((r) => {
    const o: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      const v = r[i];
      o[c.name] = c.type === 'VARIANT' ? (v === null ? null : parseVariant(v)) : normalizeJs(v);
    });
    return o;
  });
  return { columns, rows, rowsAffected: result.rowsChanged, queryId: newQueryId() };
}

/**
 * Binds accepted by the local warehouse: what snowflake-sdk accepts (string, number, boolean, null, Date) plus
 * bigint. Objects and arrays are refused, as Snowflake refuses them; send JSON text to `PARSE_JSON(?)`.
 */
export function toDuckBind(value: unknown, index: number): DuckDBValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return value;
  if (value instanceof Date) return value.toISOString();
  throw new TypeError(
    `Bind variable ${index + 1} has an unsupported type (${Array.isArray(value) ? 'array' : typeof value}); send JSON text with PARSE_JSON(?)`,
  );
}
