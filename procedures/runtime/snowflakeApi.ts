/**
 * The part of Snowflake's JavaScript stored-procedure API that our procedures use. Snowflake injects a global
 * `snowflake` object; the embedded warehouse passes an object of this shape into `node:vm`. Keeping the surface
 * this small is deliberate: every method listed here must also exist in the emulation.
 */

/** Only these JavaScript values can be bound (Snowflake refuses objects and arrays; booleans are not listed). */
export type Bind = string | number | null;

export interface StatementOptions {
  sqlText: string;
  binds?: Bind[];
}

export interface ResultSet {
  /** Advances to the next row; must be called before reading the first one. */
  next(): boolean;
  /** 1-based column index, or the column name as the result names it (`STATUS`, or `name` for SHOW output). */
  getColumnValue(column: number | string): unknown;
  getColumnCount(): number;
  getQueryId(): string;
}

export interface Statement {
  execute(): ResultSet;
  getNumRowsAffected(): number;
  getRowCount(): number;
  getQueryId(): string;
  getSqlText(): string;
}

export interface SnowflakeApi {
  execute(options: StatementOptions): ResultSet;
  createStatement(options: StatementOptions): Statement;
}

/** What Snowflake throws from `execute()` when SQL fails. */
export interface SnowflakeErrorShape {
  code?: unknown;
  state?: unknown;
  message?: unknown;
  stackTraceTxt?: unknown;
}
