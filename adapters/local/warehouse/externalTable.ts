/**
 * Materializes an external table on CREATE and ALTER … REFRESH: the files under the stage location (filtered by
 * PATTERN) are read into a hidden raw table of (VALUE, METADATA$FILENAME, METADATA$FILE_ROW_NUMBER), and a DuckDB
 * view with the table's name computes the declared virtual columns from it. Evaluating the columns in a view,
 * not at load time, keeps Snowflake's behaviour that a bad cast fails the SELECT, not the CREATE.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { readAvroFile } from './avro.js';
import { DuckSession } from './duck.js';
import { duckIdentifier, duckQualified, duckSchemaName, duckString } from './duckQuote.js';
import { executionError } from './errors.js';
import type { ExternalTableDef, FileFormatDef, PlainOption, QualifiedName } from './objectCatalog.js';
import { CATALOG_SCHEMA } from './objectCatalog.js';
import { tokenizeSql } from './sqlLexer.js';
import { joinUrl, listFiles, type StoredFile } from './storage.js';
import type { SnowflakeTranslator } from './translate.js';
import { mapType } from './typeMapping.js';

/** Formats without a maintained offline reader (ORC, XML): tables are defined, SELECT says it is a local limit. */
const UNSUPPORTED_FORMATS = new Set(['ORC', 'XML']);
/** Marker inside DuckDB error messages that the error mapper turns into a plain "not supported locally" error. */
export const NOT_SUPPORTED_LOCALLY = 'not supported locally';

function rawTableOf(t: QualifiedName): string {
  return `${CATALOG_SCHEMA}.${duckIdentifier(`raw:${t.database}.${t.schema}.${t.name}`)}`;
}

function text(v: PlainOption | undefined): string | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(',') : v;
}

function list(v: PlainOption | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v : [v];
}

function bool(v: PlainOption | undefined, dflt: boolean): boolean {
  const t = text(v);
  return t === undefined ? dflt : t.toUpperCase() === 'TRUE';
}

/** A delimiter option: a character, `NONE`, or a hex/octal code (`0x7C`, `\\001`). */
function delimiter(v: PlainOption | undefined, dflt: string | null): string | null {
  const t = text(v);
  if (t === undefined) return dflt;
  if (t.toUpperCase() === 'NONE') return null;
  if (/^0x[0-9a-f]+$/i.test(t)) return String.fromCharCode(Number.parseInt(t, 16));
  if (/^\\[0-7]{3}$/.test(t)) return String.fromCharCode(Number.parseInt(t.slice(1), 8));
  return t;
}

/** Does PATTERN (a regex over the whole path, as Snowflake anchors it) match this file? */
export function patternMatches(pattern: string | null, file: StoredFile, locationKey: string): boolean {
  if (pattern === null) return true;
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`);
  } catch {
    throw executionError(`invalid PATTERN regular expression '${pattern}'`);
  }
  const relative = file.key.startsWith(locationKey) ? file.key.slice(locationKey.length) : file.key;
  return re.test(file.key) || re.test(relative) || re.test(`/${file.key}`);
}

async function loadCsv(
  conn: DuckDBConnection,
  raw: string,
  file: StoredFile,
  fmt: FileFormatDef,
): Promise<void> {
  const o = fmt.options;
  const delim = delimiter(o.FIELD_DELIMITER, ',');
  const quote = delimiter(o.FIELD_OPTIONALLY_ENCLOSED_BY, null);
  const skip = Number(text(o.SKIP_HEADER) ?? 0);
  const nullIf = list(o.NULL_IF) ?? ['\\N'];
  if (bool(o.EMPTY_FIELD_AS_NULL, true)) nullIf.push('');
  const args = [
    'header=false',
    'all_varchar=true',
    `skip=${Number.isFinite(skip) ? skip : 0}`,
    `delim=${duckString(delim ?? '\x1f')}`,
    `quote=${duckString(quote ?? '')}`,
    `nullstr=[${nullIf.map(duckString).join(', ')}]`,
    'null_padding=true',
  ];
  await DuckSession.run(conn, 'DROP TABLE IF EXISTS _dea_csv');
  await DuckSession.run(
    conn,
    `CREATE TEMP TABLE _dea_csv AS SELECT * FROM read_csv(${duckString(file.localPath)}, ${args.join(', ')})`,
  );
  const cols = (await DuckSession.run(conn, 'DESCRIBE _dea_csv')).rows.map((r) => String(r.column_name));
  const trim = bool(o.TRIM_SPACE, false);
  const pairs = cols
    .map((c, i) => `'c${i + 1}', ${trim ? `trim(${duckIdentifier(c)})` : duckIdentifier(c)}`)
    .join(', ');
  await DuckSession.run(
    conn,
    `INSERT INTO ${raw} SELECT json_object(${pairs}), ?, rowid + 1 FROM _dea_csv ORDER BY rowid`,
    [file.key],
  );
  await DuckSession.run(conn, 'DROP TABLE _dea_csv');
}

async function loadJson(
  conn: DuckDBConnection,
  raw: string,
  file: StoredFile,
  fmt: FileFormatDef,
): Promise<void> {
  const strip = bool(fmt.options.STRIP_OUTER_ARRAY, false);
  await DuckSession.run(
    conn,
    `INSERT INTO ${raw} SELECT json, ?, row_number() OVER () FROM read_json_objects(${duckString(file.localPath)}, format=${strip ? "'auto'" : "'unstructured'"})`,
    [file.key],
  );
}

async function loadAvro(conn: DuckDBConnection, raw: string, file: StoredFile): Promise<void> {
  const { records } = await readAvroFile(file.localPath);
  // Bound the statement size: a few hundred rows per INSERT.
  for (let i = 0; i < records.length; i += 500) {
    const chunk = records.slice(i, i + 500);
    const binds: (string | number)[] = [];
    const values = chunk.map((r, j) => {
      binds.push(JSON.stringify(r), file.key, i + j + 1);
      return '(CAST(? AS JSON), ?, ?)';
    });
    await DuckSession.run(conn, `INSERT INTO ${raw} VALUES ${values.join(', ')}`, binds);
  }
}

async function loadParquet(conn: DuckDBConnection, raw: string, file: StoredFile): Promise<void> {
  await DuckSession.run(
    conn,
    `INSERT INTO ${raw} SELECT CAST(to_json(t) AS JSON), ?, row_number() OVER () FROM read_parquet(${duckString(file.localPath)}, hive_partitioning=false) t`,
    [file.key],
  );
}

/** Appends one file's records to a raw table of (VALUE, METADATA$FILENAME, METADATA$FILE_ROW_NUMBER). */
export async function loadStagedFile(
  conn: DuckDBConnection,
  raw: string,
  file: StoredFile,
  format: FileFormatDef,
): Promise<void> {
  const type = format.type.toUpperCase();
  try {
    if (type === 'CSV') await loadCsv(conn, raw, file, format);
    else if (type === 'JSON') await loadJson(conn, raw, file, format);
    else if (type === 'PARQUET') await loadParquet(conn, raw, file);
    else if (type === 'AVRO') await loadAvro(conn, raw, file);
    else throw new Error(`Querying ${type} files is ${NOT_SUPPORTED_LOCALLY}`);
  } catch (err) {
    throw executionError(
      `cannot read ${file.url} as ${type}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
      err,
    );
  }
}

interface MaterializeInput {
  table: QualifiedName;
  def: ExternalTableDef;
  stageUrl: string;
  format: FileFormatDef;
  storageDir: string;
  translator: SnowflakeTranslator;
  /** false on CREATE … REFRESH_ON_CREATE = FALSE: define the table without reading files. */
  readFiles: boolean;
}

/** (Re)builds the raw rows and the view. Returns the number of files registered. */
export async function materializeExternalTable(
  conn: DuckDBConnection,
  input: MaterializeInput,
): Promise<number> {
  const { table, def, format } = input;
  const raw = rawTableOf(table);
  await DuckSession.run(
    conn,
    `CREATE SCHEMA IF NOT EXISTS ${duckIdentifier(duckSchemaName(table.database, table.schema))}`,
  );
  await DuckSession.run(conn, `DROP TABLE IF EXISTS ${raw}`);
  await DuckSession.run(
    conn,
    `CREATE TABLE ${raw} (VALUE JSON, "METADATA$FILENAME" VARCHAR, "METADATA$FILE_ROW_NUMBER" BIGINT)`,
  );
  const url = joinUrl(input.stageUrl, def.path);
  const files = input.readFiles ? listFiles(input.storageDir, url) : [];
  const locationKey = url.replace(/^[a-z0-9]+:\/\/[^/]+\/?/i, '');
  const selected = files.filter((f) => patternMatches(def.pattern, f, locationKey));
  const type = format.type.toUpperCase();
  // An Avro file that cannot be decoded fails the SELECT, not the CREATE (as in Snowflake, which only registers
  // files when the table is created).
  let unreadable: string | null = null;
  if (!UNSUPPORTED_FORMATS.has(type)) {
    for (const f of selected) {
      try {
        await loadStagedFile(conn, raw, f, format);
      } catch (err) {
        if (type !== 'AVRO') throw err;
        unreadable = err instanceof Error ? err.message : String(err);
        break;
      }
    }
  }
  await DuckSession.run(
    conn,
    `DROP VIEW IF EXISTS ${duckQualified(table.database, table.schema, table.name)}`,
  );
  const columns = def.columns.map(
    (c) =>
      `CAST((${input.translator.translate(tokenizeSql(c.expr))}) AS ${mapType(c.type)}) AS ${duckIdentifier(c.name)}`,
  );
  const select = ['VALUE', ...columns, '"METADATA$FILENAME"', '"METADATA$FILE_ROW_NUMBER"'].join(', ');
  const from = unreadable
    ? `(SELECT * FROM ${raw} UNION ALL SELECT NULL, error(${duckString(unreadable)}), NULL)`
    : UNSUPPORTED_FORMATS.has(type)
      ? `(SELECT * FROM ${raw} UNION ALL SELECT NULL, error(${duckString(
          `Querying ${type} files is ${NOT_SUPPORTED_LOCALLY}: the embedded warehouse has no offline ${type} reader. The external table is defined and LIST shows its files; run the query on Snowflake, or use CSV, JSON or Parquet locally.`,
        )}), NULL)`
      : raw;
  await DuckSession.run(
    conn,
    `CREATE VIEW ${duckQualified(table.database, table.schema, table.name)} AS SELECT ${select} FROM ${from}`,
  );
  return selected.length;
}

export async function dropExternalTable(conn: DuckDBConnection, table: QualifiedName): Promise<void> {
  await DuckSession.run(
    conn,
    `DROP VIEW IF EXISTS ${duckQualified(table.database, table.schema, table.name)}`,
  );
  await DuckSession.run(conn, `DROP TABLE IF EXISTS ${rawTableOf(table)}`);
}
