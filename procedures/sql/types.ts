/**
 * Snowflake data types accepted for external-table columns, normalized to one canonical spelling so the DDL, the
 * tracker and the local warehouse agree on what a column is. Synonyms collapse (INT → NUMBER(38,0), STRING →
 * VARCHAR, DOUBLE → FLOAT, DATETIME → TIMESTAMP_NTZ); bounds are checked as Snowflake checks them.
 */

export type TypeFamily =
  | 'NUMBER'
  | 'FLOAT'
  | 'VARCHAR'
  | 'BINARY'
  | 'BOOLEAN'
  | 'DATE'
  | 'TIME'
  | 'TIMESTAMP_NTZ'
  | 'TIMESTAMP_LTZ'
  | 'TIMESTAMP_TZ'
  | 'VARIANT'
  | 'OBJECT'
  | 'ARRAY'
  | 'GEOGRAPHY'
  | 'GEOMETRY';

export interface NormalizedType {
  /** Canonical SQL spelling: `NUMBER(10,2)`, `VARCHAR(100)`, `VARCHAR`, `TIMESTAMP_NTZ(3)`, … */
  sql: string;
  family: TypeFamily;
  /** NUMBER precision/scale, VARCHAR/BINARY length, TIME/TIMESTAMP fractional precision when given. */
  precision?: number;
  scale?: number;
  length?: number;
}

export type TypeResult = { ok: true; type: NormalizedType } | { ok: false; message: string };

const MAX_VARCHAR_LENGTH = 16777216;
const MAX_BINARY_LENGTH = 8388608;

const INTEGER_SYNONYMS = new Set(['INT', 'INTEGER', 'BIGINT', 'SMALLINT', 'TINYINT', 'BYTEINT']);
const NUMBER_SYNONYMS = new Set(['NUMBER', 'DECIMAL', 'NUMERIC', 'DEC']);
const FLOAT_SYNONYMS = new Set(['FLOAT', 'FLOAT4', 'FLOAT8', 'DOUBLE', 'DOUBLE PRECISION', 'REAL']);
const TEXT_SYNONYMS = new Set([
  'VARCHAR',
  'STRING',
  'TEXT',
  'CHAR',
  'CHARACTER',
  'NCHAR',
  'NVARCHAR',
  'NVARCHAR2',
  'CHAR VARYING',
  'NCHAR VARYING',
  'CHARACTER VARYING',
]);
const FIXED_CHAR = new Set(['CHAR', 'CHARACTER', 'NCHAR']);
const BINARY_SYNONYMS = new Set(['BINARY', 'VARBINARY']);
const TIMESTAMP_SYNONYMS: Record<string, TypeFamily> = {
  TIMESTAMP: 'TIMESTAMP_NTZ',
  DATETIME: 'TIMESTAMP_NTZ',
  TIMESTAMP_NTZ: 'TIMESTAMP_NTZ',
  TIMESTAMPNTZ: 'TIMESTAMP_NTZ',
  'TIMESTAMP WITHOUT TIME ZONE': 'TIMESTAMP_NTZ',
  TIMESTAMP_LTZ: 'TIMESTAMP_LTZ',
  TIMESTAMPLTZ: 'TIMESTAMP_LTZ',
  'TIMESTAMP WITH LOCAL TIME ZONE': 'TIMESTAMP_LTZ',
  TIMESTAMP_TZ: 'TIMESTAMP_TZ',
  TIMESTAMPTZ: 'TIMESTAMP_TZ',
  'TIMESTAMP WITH TIME ZONE': 'TIMESTAMP_TZ',
};
const PLAIN: Record<string, TypeFamily> = {
  BOOLEAN: 'BOOLEAN',
  BOOL: 'BOOLEAN',
  DATE: 'DATE',
  VARIANT: 'VARIANT',
  OBJECT: 'OBJECT',
  ARRAY: 'ARRAY',
  GEOGRAPHY: 'GEOGRAPHY',
  GEOMETRY: 'GEOMETRY',
};

const EXAMPLES =
  'e.g. NUMBER(10,2), INTEGER, VARCHAR(100), STRING, DATE, TIMESTAMP_NTZ, BOOLEAN, FLOAT, VARIANT';

function fail(message: string): TypeResult {
  return { ok: false, message };
}

/**
 * `'decimal(10, 2)'` → `NUMBER(10,2)`; `'int'` → `NUMBER(38,0)`; `'string'` → `VARCHAR`; `'timestamp(3)'` →
 * `TIMESTAMP_NTZ(3)`. Returns a message naming the problem for anything else.
 */
export function normalizeType(text: string): TypeResult {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*(?:\s+[A-Za-z_][A-Za-z0-9_]*)*)\s*(?:\(\s*([^)]*?)\s*\))?\s*$/.exec(
    text,
  );
  if (!m) return fail(`"${text}" is not a Snowflake data type (${EXAMPLES})`);
  const name = (m[1] as string).toUpperCase().replace(/\s+/g, ' ');
  const argText = m[2];
  const args = argText === undefined ? [] : argText.split(/\s*,\s*/);
  if (args.some((a) => !/^\d+$/.test(a))) {
    return fail(`the arguments of ${name} must be whole numbers, e.g. ${name}(10)`);
  }
  const nums = args.map((a) => Number.parseInt(a, 10));
  const noArgs = (family: TypeFamily): TypeResult =>
    nums.length > 0 ? fail(`${name} takes no arguments`) : { ok: true, type: { sql: family, family } };

  if (INTEGER_SYNONYMS.has(name)) {
    if (nums.length > 0) return fail(`${name} takes no precision; use NUMBER(p,s) for a sized number`);
    return { ok: true, type: { sql: 'NUMBER(38,0)', family: 'NUMBER', precision: 38, scale: 0 } };
  }
  if (NUMBER_SYNONYMS.has(name)) {
    if (nums.length > 2) return fail(`${name} takes at most two arguments: ${name}(precision, scale)`);
    const precision = nums[0] ?? 38;
    const scale = nums[1] ?? 0;
    if (precision < 1 || precision > 38)
      return fail(`${name} precision must be between 1 and 38, got ${precision}`);
    if (scale > precision)
      return fail(`${name} scale must be between 0 and the precision (${precision}), got ${scale}`);
    return {
      ok: true,
      type: { sql: `NUMBER(${precision},${scale})`, family: 'NUMBER', precision, scale },
    };
  }
  if (FLOAT_SYNONYMS.has(name)) return noArgs('FLOAT');
  if (TEXT_SYNONYMS.has(name)) {
    if (nums.length > 1) return fail(`${name} takes one argument, the maximum length, e.g. VARCHAR(100)`);
    const length = nums[0] ?? (FIXED_CHAR.has(name) ? 1 : undefined);
    if (length === undefined) return { ok: true, type: { sql: 'VARCHAR', family: 'VARCHAR' } };
    if (length < 1 || length > MAX_VARCHAR_LENGTH) {
      return fail(`${name} length must be between 1 and ${MAX_VARCHAR_LENGTH}, got ${length}`);
    }
    return { ok: true, type: { sql: `VARCHAR(${length})`, family: 'VARCHAR', length } };
  }
  if (BINARY_SYNONYMS.has(name)) {
    if (nums.length > 1) return fail(`${name} takes one argument, the maximum length in bytes`);
    const length = nums[0];
    if (length === undefined) return { ok: true, type: { sql: 'BINARY', family: 'BINARY' } };
    if (length < 1 || length > MAX_BINARY_LENGTH) {
      return fail(`${name} length must be between 1 and ${MAX_BINARY_LENGTH}, got ${length}`);
    }
    return { ok: true, type: { sql: `BINARY(${length})`, family: 'BINARY', length } };
  }
  const ts = TIMESTAMP_SYNONYMS[name];
  if (ts !== undefined || name === 'TIME') {
    const family: TypeFamily = ts ?? 'TIME';
    if (nums.length > 1) return fail(`${name} takes one argument, the fractional-seconds precision 0-9`);
    const precision = nums[0];
    if (precision === undefined) return { ok: true, type: { sql: family, family } };
    if (precision > 9) return fail(`${name} precision must be between 0 and 9, got ${precision}`);
    return { ok: true, type: { sql: `${family}(${precision})`, family, precision } };
  }
  const plain = PLAIN[name];
  if (plain !== undefined) return noArgs(plain);
  return fail(`"${text}" is not a supported Snowflake data type (${EXAMPLES})`);
}
