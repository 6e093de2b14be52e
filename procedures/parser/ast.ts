/**
 * The typed AST of the four CREATE statements the project may run. Other modules (the embedded warehouse, the
 * execute procedure, the plan checker) read it, so its shape is kept stable: add fields, never rename them.
 *
 * Conventions:
 * - Positions are 1-based `line`/`column` plus a 0-based `offset` into the text given to the parser.
 * - Option keys and keyword values are upper-cased; string values are unescaped.
 * - An ObjectName's `parts` are resolved the way Snowflake resolves them: unquoted parts upper-cased,
 *   quoted parts verbatim (without the quotes, `""` collapsed to `"`).
 */
import type { FormatType } from '../fileFormatOptions.js';
import type { StatementKind } from '../names.js';
import { alwaysQuotedIdentifier } from '../sql/identifiers.js';

export type { StatementKind } from '../names.js';

export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface ObjectName {
  /** Resolved parts: unquoted upper-cased, quoted verbatim. `db.sch."Obj"` → ['DB', 'SCH', 'Obj']. */
  parts: string[];
  /** Whether each part was written double-quoted. Same length as `parts`. */
  quoted: boolean[];
  /** The name exactly as written in the source (quotes included). */
  text: string;
}

/** A value on the right of `KEY = …`. Discriminated by `type`. */
export type OptionValue =
  | StringValue
  | NumberValue
  | BooleanValue
  | KeywordValue
  | IdentifierValue
  | StageRefValue
  | ListValue
  | OptionsValue;

/** `'text'` or `$$text$$`; `value` is unescaped, `raw` is the literal as written (quotes included). */
export interface StringValue {
  type: 'string';
  value: string;
  raw: string;
}
/** `42`, `-1`, `1.5`, `0x7C` (hex kept in `raw`). */
export interface NumberValue {
  type: 'number';
  value: number;
  raw: string;
}
export interface BooleanValue {
  type: 'boolean';
  value: boolean;
}
/** A bare word that is a keyword value, upper-cased: NONE, CSV, AUTO, EXTERNAL_STAGE, S3, UTF8 … */
export interface KeywordValue {
  type: 'keyword';
  value: string;
}
/**
 * A bare (possibly qualified or quoted) name where an object is expected, e.g. `STORAGE_INTEGRATION = my_int`.
 * Single bare words are reported as `keyword` unless the option takes an object name (see OBJECT_NAME_OPTIONS
 * in parser/statementOptions.ts); multi-part or quoted names are always `identifier`.
 */
export interface IdentifierValue {
  type: 'identifier';
  name: ObjectName;
}
/** `@db.sch.stage/path/` (LOCATION of an external table). `path` is '' when absent, else as written after the name. */
export interface StageRefValue {
  type: 'stage';
  stage: ObjectName;
  path: string;
  raw: string;
}
/** `( 'a', 'b' )`, `()`; items may be of any scalar type. */
export interface ListValue {
  type: 'list';
  items: OptionValue[];
}
/** A nested option map: `( TYPE = CSV FIELD_DELIMITER = '|' )`, CREDENTIALS, ENCRYPTION, DIRECTORY, FILE_FORMAT. */
export interface OptionsValue {
  type: 'options';
  options: Option[];
}

export interface Option {
  /** Upper-cased option name, e.g. FIELD_DELIMITER. */
  key: string;
  value: OptionValue;
  line: number;
  column: number;
  offset: number;
}

/**
 * How a stage or external table names its file format:
 * - `name`: `FILE_FORMAT = my_fmt` (bare name, no parentheses)
 * - `formatName`: `FILE_FORMAT = ( FORMAT_NAME = 'my_fmt' | my_fmt )`
 * - `inline`: `FILE_FORMAT = ( [TYPE = …] <type options> )`; `type` is the effective type (CSV when omitted)
 */
export type FileFormatRef =
  | { form: 'name'; name: ObjectName }
  | { form: 'formatName'; name: ObjectName }
  | { form: 'inline'; type: FormatType; options: Option[] };

interface StatementBase {
  kind: StatementKind;
  name: ObjectName;
  orReplace: boolean;
  orAlter: boolean;
  ifNotExists: boolean;
  temporary: boolean;
  /** Top-level `KEY = value` options in source order (for EXTERNAL TABLE this includes LOCATION, FILE_FORMAT …). */
  options: Option[];
  /** The statement's source text (without a trailing `;`), exactly as given. */
  sql: string;
  line: number;
  column: number;
  offset: number;
}

export interface StorageIntegrationStatement extends StatementBase {
  kind: 'STORAGE_INTEGRATION';
  /** Upper-cased STORAGE_PROVIDER value: S3, S3GOV, S3CHINA, GCS, AZURE. */
  provider: string;
  enabled: boolean;
  allowedLocations: string[];
  blockedLocations: string[];
}

export interface FileFormatStatement extends StatementBase {
  kind: 'FILE_FORMAT';
  /** Effective TYPE (CSV when omitted). */
  formatType: FormatType;
}

export interface StageStatement extends StatementBase {
  kind: 'STAGE';
  /** URL value, or undefined for an internal stage. */
  url: string | undefined;
  storageIntegration: ObjectName | undefined;
  fileFormat: FileFormatRef | undefined;
}

export interface ExternalTableColumn {
  name: ObjectName;
  /** Normalized type: upper-cased, no spaces, e.g. NUMBER(38,2), VARCHAR, TIMESTAMP_NTZ(9). */
  type: string;
  /** Source text of the expression after AS, without the outer parentheses, e.g. `VALUE:c1::NUMBER`. */
  expr: string;
  /** Inline constraint text such as `NOT NULL`, if any. */
  constraint: string | undefined;
  comment: string | undefined;
  line: number;
  column: number;
  offset: number;
}

export interface ExternalTableStatement extends StatementBase {
  kind: 'EXTERNAL_TABLE';
  columns: ExternalTableColumn[];
  partitionBy: ObjectName[];
  location: { stage: ObjectName; path: string };
  fileFormat: FileFormatRef;
  copyGrants: boolean;
  /** USER_SPECIFIED when manual partitions are declared. */
  partitionType: string | undefined;
  /** DELTA for Delta Lake tables. */
  tableFormat: string | undefined;
  /** Source text of the query in `USING TEMPLATE ( … )`, without the outer parentheses. */
  usingTemplate: string | undefined;
  rowAccessPolicy: { policy: ObjectName; on: ObjectName[] } | undefined;
  tags: { name: ObjectName; value: string }[];
}

export type CreateStatement =
  | StorageIntegrationStatement
  | FileFormatStatement
  | StageStatement
  | ExternalTableStatement;

export interface ParseError {
  message: string;
  line: number;
  column: number;
  offset: number;
}

/**
 * On failure, `kind` and `name` are filled in when the statement got far enough to show them (so `dea validate`
 * can still say which object a refused statement was about).
 */
export type ParseResult =
  | { ok: true; statement: CreateStatement }
  | { ok: false; error: ParseError; kind?: StatementKind; name?: ObjectName };

/** Case-insensitive lookup of the first option with this key in a list. */
export function findOption(options: readonly Option[], key: string): Option | undefined {
  const upper = key.toUpperCase();
  for (const o of options) if (o.key === upper) return o;
  return undefined;
}

/** Case-insensitive lookup of a top-level option of a statement. */
export function getOption(stmt: { options: readonly Option[] }, key: string): Option | undefined {
  return findOption(stmt.options, key);
}

/** The resolved name joined with dots, quoting parts that need it: `DB.SCH."My Obj"`. */
export function nameToString(name: ObjectName): string {
  return name.parts
    .map((p, i) => (name.quoted[i] && !/^[A-Z_][A-Z0-9_$]*$/.test(p) ? alwaysQuotedIdentifier(p) : p))
    .join('.');
}

/** A scalar option value as plain text (strings unescaped, keywords upper-cased), or undefined for lists/maps. */
export function valueText(value: OptionValue): string | undefined {
  switch (value.type) {
    case 'string':
    case 'keyword':
      return value.value;
    case 'number':
      return value.raw;
    case 'boolean':
      return value.value ? 'TRUE' : 'FALSE';
    case 'identifier':
      return value.name.text;
    case 'stage':
      return value.raw;
    default:
      return undefined;
  }
}
