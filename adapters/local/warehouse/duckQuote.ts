/**
 * The one place DuckDB SQL text quotes a value or a name (the embedded warehouse's dialect). Snowflake SQL is quoted
 * by procedures/sql/identifiers.ts and procedures/sql/literals.ts; DuckDB differs in that it never interprets
 * backslashes in a string, so a doubled quote is the whole escape.
 */

/** A DuckDB string literal for a JS string. */
export function duckString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A DuckDB quoted identifier (a double-quoted name is taken verbatim, case included). */
export function duckIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The DuckDB schema that stands for a Snowflake `database.schema`. */
export function duckSchemaName(database: string, schema: string): string {
  return `${database}.${schema}`;
}

export function duckQualified(database: string, schema: string, object: string): string {
  return `${duckIdentifier(duckSchemaName(database, schema))}.${duckIdentifier(object)}`;
}
