import { defaultFileFormatName } from '../defaultNames.js';
import { type FormatValueKind, formatOptionKind } from '../fileFormatOptions.js';
import { type GeneratedDdl, type GeneratorResult, toResult } from '../result.js';
import { decodeCharSpec } from '../schemas/charSpec.js';
import { type FileFormatInput, fileFormatSchema } from '../schemas/fileFormat.js';
import { type FormatOptionKey, type FormatOptions, OPTIONS_BY_TYPE } from '../schemas/formatOptions.js';
import { parseCloudUrl } from '../schemas/locations.js';
import { quoteString, quoteStringList } from '../sql/literals.js';
import { objectName } from './objectName.js';
import { bool, createLine, renderStatement } from './render.js';
import { emitting, validate } from './validate.js';

const REPLACE_FORMAT_WARNING =
  'OR REPLACE recreates the file format: external tables that use it lose the link and must be recreated.';

const KEYWORD_VALUES = new Set<FormatValueKind | undefined>(['compression', 'binaryFormat']);
const NONE_OR_TEXT = new Set<FormatValueKind | undefined>([
  'delimiter',
  'escapeChar',
  'quoteChar',
  'textOrNone',
]);

/** `field_delimiter: '|'` → `FIELD_DELIMITER = '|'`; NONE/AUTO stay keywords; lists are quoted item by item. */
function formatOptionLine(key: FormatOptionKey, value: NonNullable<FormatOptions[FormatOptionKey]>): string {
  const option = key.toUpperCase();
  const kind = formatOptionKind(option);
  let sql: string;
  if (typeof value === 'boolean') sql = bool(value);
  else if (typeof value === 'number') sql = String(value);
  else if (Array.isArray(value)) sql = quoteStringList(value);
  else if (KEYWORD_VALUES.has(kind)) sql = value;
  else if (NONE_OR_TEXT.has(kind) && value === 'NONE') sql = 'NONE';
  else if (kind === 'quoteChar') {
    // Hex/octal spellings of the quote are written as the character itself (`''''` or `'"'`), the form every
    // reader of the DDL (Snowflake, the guard, the local warehouse) takes the same way.
    const decoded = decodeCharSpec(value);
    sql = quoteString(decoded.ok ? decoded.chars : value);
  } else if (kind === 'formatOrAuto' && value.toUpperCase() === 'AUTO') sql = 'AUTO';
  else sql = quoteString(value);
  return `${option} = ${sql}`;
}

export function generateFileFormat(input: unknown): GeneratedDdl {
  const what = 'GENERATE_FILE_FORMAT_DDL';
  const v = validate(fileFormatSchema, input, what);
  return emitting(what, () => emit(v));
}

function emit(v: FileFormatInput): GeneratedDdl {
  const parsed = v.location === undefined ? undefined : parseCloudUrl(v.location);
  // Validation guarantees a name or a parseable location.
  const fallback = parsed?.ok
    ? defaultFileFormatName(parsed.location, v.format_type)
    : `${v.format_type}_FORMAT`;
  const name = objectName(v, fallback).sql;
  const lines = [`TYPE = ${v.format_type}`];
  const options = v.format_options ?? {};
  for (const key of OPTIONS_BY_TYPE[v.format_type]) {
    const value = options[key];
    if (value !== undefined) lines.push(formatOptionLine(key, value));
  }
  if (v.comment !== undefined) lines.push(`COMMENT = ${quoteString(v.comment)}`);
  const ddl = renderStatement(
    createLine({ orReplace: v.or_replace, ifNotExists: v.if_not_exists, objectType: 'FILE FORMAT', name }),
    lines,
  );
  return { ddl, kind: 'FILE_FORMAT', name, warnings: v.or_replace ? [REPLACE_FORMAT_WARNING] : [] };
}

export function runFileFormat(input: unknown): GeneratorResult {
  return toResult(() => generateFileFormat(input));
}
