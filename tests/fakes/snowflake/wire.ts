/**
 * Snowflake's JSON wire format as snowflake-sdk reads it: a `rowtype` describing the columns and a `rowset`
 * of strings. Kept apart from the HTTP fake so the encoding rules can be unit-tested on their own.
 */

export type SfType =
  | 'fixed'
  | 'real'
  | 'text'
  | 'boolean'
  | 'date'
  | 'timestamp_ltz'
  | 'timestamp_ntz'
  | 'timestamp_tz'
  | 'variant'
  | 'object'
  | 'array';

export interface SfColumn {
  name: string;
  type: SfType;
  precision?: number | null;
  scale?: number | null;
  nullable?: boolean;
}

/** What an answer function returns for a successful statement; rows hold plain JS values. */
export interface SfAnswer {
  columns: SfColumn[];
  rows: unknown[][];
  /** Snowflake's statement type id; decides whether the driver reports updated rows (0x3xxx = DML). */
  statementTypeId?: number;
}

export interface SfErrorAnswer {
  error: { code: string; message: string; sqlState?: string };
}

export const STATEMENT_TYPE = {
  SELECT: 0x1000,
  INSERT: 0x3100,
  UPDATE: 0x3200,
  DELETE: 0x3300,
  MERGE: 0x3400,
  DDL: 0x6000,
  CALL: 0x6300,
} as const;

/** A bind as the driver sends it: `{"1": {"type": "TEXT", "value": "x"}}`. */
export type WireBindings = Record<string, { type: string; value: unknown }>;

/** Turns the driver's bindings back into positional JS values (the driver sends numbers and booleans as text). */
export function decodeBindings(bindings: WireBindings | undefined): unknown[] {
  if (!bindings) return [];
  const out: unknown[] = [];
  for (const [key, bind] of Object.entries(bindings)) {
    const index = Number(key) - 1;
    out[index] = decodeBind(bind);
  }
  return out;
}

function decodeBind(bind: { type: string; value: unknown }): unknown {
  const { type, value } = bind;
  if (value === null || value === undefined) return null;
  switch (type.toUpperCase()) {
    case 'FIXED':
    case 'REAL':
      return Number(value);
    case 'BOOLEAN':
      return value === true || String(value).toLowerCase() === 'true' || value === '1';
    default:
      return value;
  }
}

/** Infers a Snowflake column type from the first non-null value of a column. */
export function inferType(values: unknown[]): SfType {
  const sample = values.find((v) => v !== null && v !== undefined);
  if (sample === undefined) return 'text';
  if (typeof sample === 'number' || typeof sample === 'bigint') {
    return values.every((v) => v == null || (typeof v === 'number' ? Number.isInteger(v) : true))
      ? 'fixed'
      : 'real';
  }
  if (typeof sample === 'boolean') return 'boolean';
  if (sample instanceof Date) return 'timestamp_ltz';
  if (typeof sample === 'object') return 'variant';
  return 'text';
}

/** One value in rowset form: every value travels as a string, null stays null. */
export function encodeValue(type: SfType, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'fixed':
    case 'real':
      return String(value);
    case 'boolean':
      return value ? '1' : '0';
    case 'date': {
      const d = value instanceof Date ? value : new Date(String(value));
      return String(Math.floor(d.getTime() / 86_400_000));
    }
    case 'timestamp_ltz':
    case 'timestamp_ntz': {
      const d = value instanceof Date ? value : new Date(String(value));
      return epochSeconds(d);
    }
    case 'timestamp_tz': {
      const d = value instanceof Date ? value : new Date(String(value));
      // TIMESTAMP_TZ carries "<epoch seconds> <offset minutes + 1440>"; UTC is 1440.
      return `${epochSeconds(d)} 1440`;
    }
    case 'variant':
    case 'object':
    case 'array':
      return JSON.stringify(value);
    default:
      return typeof value === 'string' ? value : String(value);
  }
}

function epochSeconds(d: Date): string {
  const ms = d.getTime();
  const seconds = Math.floor(ms / 1000);
  const nanos = (ms - seconds * 1000) * 1_000_000;
  return `${seconds}.${String(nanos).padStart(9, '0')}`;
}

/** The `rowtype` entry the driver expects for a column. */
export function rowtypeOf(column: SfColumn) {
  const fixed = column.type === 'fixed';
  return {
    name: column.name,
    type: column.type,
    precision: column.precision ?? (fixed ? 38 : null),
    scale: column.scale ?? (fixed ? 0 : column.type.startsWith('timestamp') ? 9 : null),
    nullable: column.nullable ?? true,
    length: column.type === 'text' ? 16_777_216 : null,
    byteLength: column.type === 'text' ? 16_777_216 : null,
    database: '',
    schema: '',
    table: '',
    collation: null,
  };
}

/** Builds an answer from row objects, inferring column types from the values. */
export function answerFromObjects(rows: Record<string, unknown>[], statementTypeId?: number): SfAnswer {
  const names: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!names.includes(key)) names.push(key);
  const columns: SfColumn[] = names.map((name) => ({ name, type: inferType(rows.map((r) => r[name])) }));
  return {
    columns,
    rows: rows.map((r) => names.map((n) => r[n])),
    ...(statementTypeId === undefined ? {} : { statementTypeId }),
  };
}

/** The result Snowflake gives a DML statement: one row of counts, which the driver sums into updated rows. */
export function dmlAnswer(kind: 'INSERT' | 'UPDATE' | 'DELETE' | 'MERGE', rowsAffected: number): SfAnswer {
  const columnName =
    kind === 'INSERT'
      ? 'number of rows inserted'
      : kind === 'DELETE'
        ? 'number of rows deleted'
        : 'number of rows updated';
  return {
    columns: [{ name: columnName, type: 'fixed', nullable: false }],
    rows: [[rowsAffected]],
    statementTypeId: STATEMENT_TYPE[kind],
  };
}

/** The statement type from the leading keyword, skipping comments and parentheses. */
export function statementTypeOf(sqlText: string): { keyword: string; id: number } {
  const stripped = sqlText
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/(--|\/\/)[^\n]*/g, ' ')
    .trimStart()
    .replace(/^\(+/, '');
  const keyword = (/^[A-Za-z]+/.exec(stripped)?.[0] ?? '').toUpperCase();
  const id =
    keyword === 'INSERT'
      ? STATEMENT_TYPE.INSERT
      : keyword === 'UPDATE'
        ? STATEMENT_TYPE.UPDATE
        : keyword === 'DELETE'
          ? STATEMENT_TYPE.DELETE
          : keyword === 'MERGE'
            ? STATEMENT_TYPE.MERGE
            : keyword === 'CALL'
              ? STATEMENT_TYPE.CALL
              : keyword === 'SELECT' ||
                  keyword === 'WITH' ||
                  keyword === 'SHOW' ||
                  keyword === 'DESC' ||
                  keyword === 'DESCRIBE'
                ? STATEMENT_TYPE.SELECT
                : STATEMENT_TYPE.DDL;
  return { keyword, id };
}
