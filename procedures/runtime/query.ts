import type { Bind, SnowflakeApi } from './snowflakeApi.js';

/**
 * Runs a query and reads the named columns of every row. Columns are read by name (not via column metadata)
 * so the only ResultSet methods needed are `next` and `getColumnValue`.
 */
export function queryRows<C extends string>(
  sf: SnowflakeApi,
  sqlText: string,
  binds: Bind[],
  columns: readonly C[],
): Record<C, unknown>[] {
  const rs = sf.createStatement({ sqlText, binds }).execute();
  const rows: Record<C, unknown>[] = [];
  while (rs.next()) {
    const row = {} as Record<C, unknown>;
    for (const c of columns) row[c] = rs.getColumnValue(c);
    rows.push(row);
  }
  return rows;
}

/** Runs a DML statement and returns how many rows it changed. */
export function executeDml(sf: SnowflakeApi, sqlText: string, binds: Bind[]): number {
  const stmt = sf.createStatement({ sqlText, binds });
  stmt.execute();
  return stmt.getNumRowsAffected();
}

/** Runs a statement (DDL) and returns its query id. */
export function executeStatement(sf: SnowflakeApi, sqlText: string, binds: Bind[] = []): string {
  const stmt = sf.createStatement({ sqlText, binds });
  stmt.execute();
  return stmt.getQueryId();
}

/**
 * VARIANT columns arrive as JS values in Snowflake, but an emulation (or a VARCHAR column) may hand back JSON
 * text; accept both.
 */
export function variantValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Arrays and objects cannot be bound: send them as JSON text for `PARSE_JSON(?)`. */
export function jsonBind(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}
