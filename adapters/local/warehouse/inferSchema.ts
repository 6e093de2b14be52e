/**
 * INFER_SCHEMA(LOCATION => '@stage[/path]', FILE_FORMAT => 'fmt' [, FILES => …] [, MAX_FILE_COUNT => n]
 * [, MAX_RECORDS_PER_FILE => n] [, IGNORE_CASE => TRUE|FALSE] [, KIND => 'STANDARD']) over the local copies of the
 * stage's files, answering Snowflake's columns COLUMN_NAME, TYPE, NULLABLE, EXPRESSION, FILENAMES, ORDER_ID.
 * CSV columns are named from the header only with PARSE_HEADER = TRUE (c1, c2, … otherwise), their EXPRESSION is
 * positional (`$2::TEXT`); JSON and Parquet fields are top-level only (`$1:field::TYPE`), as Snowflake infers
 * only the first level of nesting.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import { quoteString } from '../../../procedures/sql/literals.js';
import { type AvroField, readAvroFile } from './avro.js';
import type { EngineContext } from './ddl.js';
import { DuckSession } from './duck.js';
import { duckIdentifier, duckString } from './duckQuote.js';
import { compilationError, executionError, syntaxError, unsupportedLocally } from './errors.js';
import { loadStagedFile } from './externalTable.js';
import type { FileFormatDef } from './objectCatalog.js';
import { isOp, isWord, type Token } from './sqlLexer.js';
import { namedFormat, parseStageLocation, stagedFiles } from './stagedFiles.js';
import type { StoredFile } from './storage.js';
import { matchParen, splitArgs } from './tokenGroups.js';
import {
  mergeSniffed,
  parseJsonKeepingNumbers,
  renderSniffed,
  type Sniffed,
  sniffJson,
  sniffText,
} from './typeSniff.js';

interface InferSchemaArgs {
  location: string;
  fileFormat: string;
  files?: string[];
  maxFileCount?: number;
  maxRecordsPerFile?: number;
  ignoreCase: boolean;
  kind: string;
}

interface InferredRow {
  COLUMN_NAME: string;
  TYPE: string;
  NULLABLE: boolean;
  EXPRESSION: string;
  FILENAMES: string;
  ORDER_ID: number;
}

export const INFER_SCHEMA_COLUMNS =
  'COLUMN_NAME VARCHAR, TYPE VARCHAR, NULLABLE BOOLEAN, EXPRESSION VARCHAR, FILENAMES VARCHAR, ORDER_ID BIGINT';

/** A value of one named argument: a string, number, TRUE/FALSE, a `?` bind or a parenthesized list of strings. */
function argValue(toks: Token[], takeBind: (t: Token) => DuckDBValue): unknown {
  const first = toks[0];
  if (!first) throw syntaxError(1, 0, '<EOF>');
  if (toks.length === 1) {
    if (first.type === 'string') return first.value;
    if (first.type === 'number') return Number(first.value);
    if (first.type === 'param') return takeBind(first);
    if (isWord(first, 'TRUE', 'FALSE')) return first.value === 'TRUE';
  }
  if (isOp(first, '(') && matchParen(toks, 0) === toks.length - 1) {
    return splitArgs(toks.slice(1, -1)).map((item) => argValue(item, takeBind));
  }
  throw syntaxError(1, first.offset, first.text);
}

/** Reads the arguments between `INFER_SCHEMA(` and `)`; `?` binds are consumed through takeBind. */
export function parseInferArgs(inner: Token[], takeBind: (t: Token) => DuckDBValue): InferSchemaArgs {
  const named = new Map<string, unknown>();
  for (const arg of splitArgs(inner)) {
    if (arg.length === 0) continue;
    const [name, arrow] = arg;
    if (name?.type !== 'word' || !isOp(arrow, '=>')) {
      throw syntaxError(1, name?.offset ?? 0, name?.text ?? '<EOF>');
    }
    named.set(name.value, argValue(arg.slice(2), takeBind));
  }
  const text = (k: string): string | undefined => {
    const v = named.get(k);
    return v === undefined || v === null ? undefined : String(v);
  };
  const count = (k: string): number | undefined => {
    const v = named.get(k);
    if (v === undefined || v === null) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1)
      throw compilationError(`invalid value [${String(v)}] for parameter '${k}'`);
    return n;
  };
  const known = [
    'LOCATION',
    'FILE_FORMAT',
    'FILES',
    'IGNORE_CASE',
    'MAX_FILE_COUNT',
    'MAX_RECORDS_PER_FILE',
    'KIND',
  ];
  for (const k of named.keys()) {
    if (!known.includes(k))
      throw compilationError(`invalid argument '${k}' for function 'INFER_SCHEMA'`, '001044');
  }
  const location = text('LOCATION');
  const fileFormat = text('FILE_FORMAT');
  if (location === undefined)
    throw compilationError("missing required argument 'LOCATION' for function 'INFER_SCHEMA'", '001044');
  if (fileFormat === undefined)
    throw compilationError("missing required argument 'FILE_FORMAT' for function 'INFER_SCHEMA'", '001044');
  const files = named.get('FILES');
  const ignore = named.get('IGNORE_CASE');
  return {
    location,
    fileFormat,
    ...(files === undefined ? {} : { files: (Array.isArray(files) ? files : [files]).map(String) }),
    ...(count('MAX_FILE_COUNT') === undefined ? {} : { maxFileCount: count('MAX_FILE_COUNT') as number }),
    ...(count('MAX_RECORDS_PER_FILE') === undefined
      ? {}
      : { maxRecordsPerFile: count('MAX_RECORDS_PER_FILE') as number }),
    ignoreCase: ignore === true || String(ignore).toUpperCase() === 'TRUE',
    kind: (text('KIND') ?? 'STANDARD').toUpperCase(),
  };
}

interface Column {
  name: string;
  /** CSV: 1-based position; JSON/Parquet: the field name as found. */
  position: number;
  field: string;
  type: Sniffed | null;
  /** Parquet's declared type, already in Snowflake spelling. */
  declared?: string;
  nullable: boolean;
  files: Set<string>;
}

class Columns {
  private readonly byKey = new Map<string, Column>();
  constructor(private readonly ignoreCase: boolean) {}

  get(name: string, position: number, field: string): Column {
    const key = this.ignoreCase ? name.toUpperCase() : name;
    let c = this.byKey.get(key);
    if (!c) {
      c = { name: key, position, field, type: null, nullable: true, files: new Set() };
      this.byKey.set(key, c);
    }
    return c;
  }

  all(): Column[] {
    return [...this.byKey.values()];
  }
}

const RAW = '_dea_infer_raw';

async function recordsOf(
  ctx: EngineContext,
  file: StoredFile,
  format: FileFormatDef,
  limit: number | undefined,
): Promise<unknown[]> {
  await DuckSession.run(ctx.conn, `DELETE FROM ${RAW}`);
  await loadStagedFile(ctx.conn, RAW, file, format);
  const r = await DuckSession.run(
    ctx.conn,
    `SELECT CAST(VALUE AS VARCHAR) AS V FROM ${RAW} ORDER BY "METADATA$FILE_ROW_NUMBER"${limit === undefined ? '' : ` LIMIT ${limit}`}`,
  );
  return r.rows.map((row) => row.V);
}

async function inferCsv(
  ctx: EngineContext,
  files: StoredFile[],
  format: FileFormatDef,
  args: InferSchemaArgs,
  columns: Columns,
): Promise<void> {
  const parseHeader = String(format.options.PARSE_HEADER ?? 'FALSE').toUpperCase() === 'TRUE';
  for (const file of files) {
    const limit =
      args.maxRecordsPerFile === undefined ? undefined : args.maxRecordsPerFile + (parseHeader ? 1 : 0);
    const records = (await recordsOf(ctx, file, format, limit)).map(
      (v) => JSON.parse(String(v)) as Record<string, string | null>,
    );
    const header = parseHeader ? records.shift() : undefined;
    const width = Math.max(Object.keys(header ?? {}).length, ...records.map((r) => Object.keys(r).length), 0);
    const key = file.key;
    for (let i = 1; i <= width; i++) {
      const headed = header?.[`c${i}`];
      const name =
        header !== undefined && headed !== null && headed !== undefined && headed !== '' ? headed : `c${i}`;
      const col = columns.get(name, i, name);
      col.files.add(key);
      for (const r of records) {
        const v = r[`c${i}`];
        if (v !== null && v !== undefined) col.type = mergeSniffed(col.type, sniffText(v), true);
      }
    }
  }
}

async function inferJson(
  ctx: EngineContext,
  files: StoredFile[],
  format: FileFormatDef,
  args: InferSchemaArgs,
  columns: Columns,
): Promise<void> {
  for (const file of files) {
    const key = file.key;
    for (const text of await recordsOf(ctx, file, format, args.maxRecordsPerFile)) {
      const doc = parseJsonKeepingNumbers(String(text));
      if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) continue;
      for (const [field, value] of Object.entries(doc as Record<string, unknown>)) {
        const col = columns.get(field, 1, field);
        col.files.add(key);
        col.type = mergeSniffed(col.type, sniffJson(value), false);
      }
    }
  }
}

/** DuckDB's Parquet column type → Snowflake's INFER_SCHEMA spelling. Nested types are VARIANT, as Snowflake shows. */
function parquetType(duck: string): string {
  const dec = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(duck);
  if (dec) return `NUMBER(${dec[1]}, ${dec[2]})`;
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(duck))
    return 'NUMBER(38, 0)';
  if (/^(FLOAT|DOUBLE)$/.test(duck)) return 'REAL';
  if (duck === 'VARCHAR') return 'TEXT';
  if (duck === 'BOOLEAN') return 'BOOLEAN';
  if (duck === 'DATE') return 'DATE';
  if (duck.startsWith('TIMESTAMP')) return 'TIMESTAMP_NTZ';
  if (duck.startsWith('TIME')) return 'TIME';
  if (duck === 'BLOB') return 'BINARY';
  return 'VARIANT';
}

/** Top-level fields of a Parquet schema with their repetition (REQUIRED ⇒ not nullable). */
async function parquetNullability(ctx: EngineContext, file: StoredFile): Promise<Map<string, boolean>> {
  const r = await DuckSession.run(
    ctx.conn,
    `SELECT name, repetition_type, num_children FROM parquet_schema(${duckString(file.localPath)})`,
  );
  const out = new Map<string, boolean>();
  let i = 1;
  const skipSubtree = (): void => {
    const children = Number(r.rows[i]?.num_children ?? 0);
    i++;
    for (let k = 0; k < children; k++) skipSubtree();
  };
  while (i < r.rows.length) {
    const row = r.rows[i];
    out.set(String(row?.name), row?.repetition_type !== 'REQUIRED');
    skipSubtree();
  }
  return out;
}

async function inferParquet(ctx: EngineContext, files: StoredFile[], columns: Columns): Promise<void> {
  for (const file of files) {
    const key = file.key;
    const described = await DuckSession.run(
      ctx.conn,
      `DESCRIBE SELECT * FROM read_parquet(${duckString(file.localPath)}, hive_partitioning=false)`,
    );
    const nullable = await parquetNullability(ctx, file);
    for (const row of described.rows) {
      const field = String(row.column_name);
      const type = parquetType(String(row.column_type));
      const col = columns.get(field, 1, field);
      const fileNullable = nullable.get(field) ?? true;
      col.nullable = col.files.size === 0 ? fileNullable : col.nullable || fileNullable;
      col.files.add(key);
      col.declared = col.declared === undefined || col.declared === type ? type : 'VARIANT';
    }
  }
}

/** Columns from each file's writer schema (the top-level fields of its record type). */
async function inferAvro(files: StoredFile[], columns: Columns): Promise<void> {
  for (const file of files) {
    let fields: AvroField[];
    try {
      ({ fields } = await readAvroFile(file.localPath));
    } catch (err) {
      throw executionError(
        `cannot read ${file.url} as AVRO: ${err instanceof Error ? err.message : String(err)}`,
        err,
      );
    }
    for (const f of fields) {
      const col = columns.get(f.name, 1, f.name);
      col.nullable = col.files.size === 0 ? f.nullable : col.nullable || f.nullable;
      col.files.add(file.key);
      col.declared = col.declared === undefined || col.declared === f.type ? f.type : 'VARIANT';
    }
  }
}

/**
 * `$1:name` for plain names, `$1:"odd name"` otherwise (element names are case-sensitive either way; Snowflake and
 * DuckDB quote a name alike).
 */
function fieldPath(field: string, ignoreCase: boolean): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(field);
  if (ignoreCase) return `GET_IGNORE_CASE ($1, ${plain ? field.toUpperCase() : quoteString(field)})`;
  return plain ? `$1:${field}` : `$1:${duckIdentifier(field)}`;
}

export async function inferSchema(ctx: EngineContext, args: InferSchemaArgs): Promise<InferredRow[]> {
  if (args.kind !== 'STANDARD') throw unsupportedLocally(`INFER_SCHEMA with KIND => '${args.kind}'`);
  const format = await namedFormat(ctx, args.fileFormat);
  const type = format.type.toUpperCase();
  if (type === 'ORC') {
    throw unsupportedLocally(
      `INFER_SCHEMA over ${type} files: the embedded warehouse has no offline ${type} reader. Run it on Snowflake, or use CSV, JSON or Parquet locally.`,
    );
  }
  if (type === 'XML') throw compilationError('INFER_SCHEMA does not support file format type XML.', '002140');
  const selection = await stagedFiles(ctx, parseStageLocation(ctx, args.location), {
    ...(args.files ? { files: args.files } : {}),
  });
  const files = selection.files.slice(0, args.maxFileCount ?? selection.files.length);
  const columns = new Columns(args.ignoreCase);
  await DuckSession.run(
    ctx.conn,
    `CREATE OR REPLACE TEMP TABLE ${RAW} (VALUE JSON, "METADATA$FILENAME" VARCHAR, "METADATA$FILE_ROW_NUMBER" BIGINT)`,
  );
  try {
    if (type === 'CSV') await inferCsv(ctx, files, format, args, columns);
    else if (type === 'JSON') await inferJson(ctx, files, format, args, columns);
    else if (type === 'AVRO') await inferAvro(files, columns);
    else await inferParquet(ctx, files, columns);
  } finally {
    await DuckSession.run(ctx.conn, `DROP TABLE IF EXISTS ${RAW}`);
  }
  return columns.all().map((c, order) => {
    const typeText = c.declared ?? renderSniffed(c.type, type === 'CSV' ? 'TEXT' : 'VARIANT');
    const base = type === 'CSV' ? `$${c.position}` : fieldPath(c.field, args.ignoreCase);
    return {
      COLUMN_NAME: c.name,
      TYPE: typeText,
      NULLABLE: c.nullable,
      EXPRESSION: `${base}::${typeText}`,
      FILENAMES: [...c.files].join(', '),
      ORDER_ID: order,
    };
  });
}
