/**
 * File format options wherever they appear: CREATE FILE FORMAT, a stage's FILE_FORMAT = ( … ) and an external
 * table's FILE_FORMAT = ( … ), checked against the format TYPE and the context.
 */
import {
  type FileFormatRef,
  type FileFormatStatement,
  FORMAT_TYPES,
  type FormatType,
  findOption,
  type Option,
} from '../ast.js';
import { type RawStatement, statementBase } from '../rawStatement.js';
import {
  BOOLEAN_FORMAT_OPTIONS,
  COMPRESSION_VALUES,
  ENCODINGS,
  EXTERNAL_TABLE_FORMAT_OPTIONS,
  EXTERNAL_TABLE_PARQUET_COMPRESSION,
  FILE_FORMAT_OPTIONS,
} from '../statementOptions.js';
import {
  describeValue,
  fail,
  isTrue,
  nameValue,
  requireBoolean,
  requireString,
  requireStringList,
  wordOrString,
} from './optionValueRules.js';

type FormatContext = 'fileFormat' | 'stage' | 'externalTable';

export function formatType(o: Option, context: FormatContext): FormatType {
  const t = wordOrString(o.value);
  if (t === undefined || (FORMAT_TYPES as readonly string[]).indexOf(t) < 0)
    fail(
      o,
      `TYPE ${describeValue(o.value)} is not a file format type (CSV, JSON, AVRO, ORC, PARQUET or XML)`,
    );
  if (t === 'XML' && context === 'externalTable')
    fail(o, 'External tables cannot read XML files (TYPE = XML)');
  return t as FormatType;
}

function charValue(o: Option, allowNone: boolean): string | undefined {
  const v = o.value;
  if (v.type === 'string') return v.value;
  if (v.type === 'number' && /^0x/i.test(v.raw)) return String.fromCharCode(v.value);
  if (allowNone && v.type === 'keyword' && v.value === 'NONE') return undefined;
  fail(o, `${o.key} must be a quoted string${allowNone ? ' or NONE' : ''}, not ${describeValue(v)}`);
}

function checkFormatValue(o: Option, type: FormatType, context: FormatContext): void {
  const key = o.key;
  if (BOOLEAN_FORMAT_OPTIONS.indexOf(key) >= 0) {
    requireBoolean(o);
    return;
  }
  switch (key) {
    case 'COMPRESSION': {
      const c = wordOrString(o.value);
      const allowed =
        context === 'externalTable' && type === 'PARQUET'
          ? EXTERNAL_TABLE_PARQUET_COMPRESSION
          : COMPRESSION_VALUES[type];
      if (c === undefined || allowed.indexOf(c) < 0)
        fail(o, `COMPRESSION ${describeValue(o.value)} is not valid for ${type} (use ${allowed.join(', ')})`);
      return;
    }
    case 'RECORD_DELIMITER':
    case 'FIELD_DELIMITER': {
      const d = charValue(o, true);
      if (d !== undefined && d.length === 0) fail(o, `${key} must not be empty (use NONE)`);
      if (d !== undefined && d.length > 20) fail(o, `${key} is limited to 20 characters`);
      return;
    }
    case 'ESCAPE':
    case 'ESCAPE_UNENCLOSED_FIELD':
      charValue(o, true);
      return;
    case 'FIELD_OPTIONALLY_ENCLOSED_BY': {
      const q = charValue(o, true);
      if (q !== undefined && q !== '"' && q !== "'")
        fail(
          o,
          `FIELD_OPTIONALLY_ENCLOSED_BY must be NONE, a single quote or a double quote, not ${describeValue(o.value)}`,
        );
      return;
    }
    case 'SKIP_HEADER':
      if (o.value.type !== 'number' || !Number.isInteger(o.value.value) || o.value.value < 0)
        fail(o, `SKIP_HEADER must be a whole number of lines, not ${describeValue(o.value)}`);
      return;
    case 'DATE_FORMAT':
    case 'TIME_FORMAT':
    case 'TIMESTAMP_FORMAT':
      if (!(o.value.type === 'string' || (o.value.type === 'keyword' && o.value.value === 'AUTO')))
        fail(o, `${key} must be a quoted format string or AUTO, not ${describeValue(o.value)}`);
      return;
    case 'BINARY_FORMAT': {
      const b = wordOrString(o.value);
      if (b === undefined || ['HEX', 'BASE64', 'UTF8'].indexOf(b) < 0)
        fail(o, `BINARY_FORMAT must be HEX, BASE64 or UTF8, not ${describeValue(o.value)}`);
      return;
    }
    case 'NULL_IF':
      requireStringList(o);
      return;
    case 'FILE_EXTENSION':
      if (!(o.value.type === 'string' || (o.value.type === 'keyword' && o.value.value === 'NONE')))
        fail(o, `FILE_EXTENSION must be a quoted string or NONE, not ${describeValue(o.value)}`);
      return;
    case 'ENCODING': {
      const e = wordOrString(o.value);
      const norm = e === undefined ? '' : e.replace(/[-_]/g, '');
      if (ENCODINGS.indexOf(norm) < 0)
        fail(o, `ENCODING ${describeValue(o.value)} is not a supported character set`);
      return;
    }
  }
}

const TYPE_ARTICLE: Record<FormatType, string> = {
  CSV: 'a CSV',
  JSON: 'a JSON',
  AVRO: 'an AVRO',
  ORC: 'an ORC',
  PARQUET: 'a PARQUET',
  XML: 'an XML',
};

/** Checks format-type options (TYPE and COMMENT excluded) against the type and the context. */
function checkFormatOptions(options: Option[], type: FormatType, context: FormatContext): void {
  const allowed =
    context === 'externalTable'
      ? EXTERNAL_TABLE_FORMAT_OPTIONS[type as Exclude<FormatType, 'XML'>]
      : FILE_FORMAT_OPTIONS[type];
  for (const o of options) {
    if (o.key === 'TYPE' || (o.key === 'COMMENT' && context === 'fileFormat')) continue;
    if (allowed.indexOf(o.key) < 0) {
      if (context === 'externalTable') {
        if (o.key === 'PARSE_HEADER') fail(o, 'PARSE_HEADER is not supported for external tables');
        if (FILE_FORMAT_OPTIONS[type].indexOf(o.key) >= 0)
          fail(o, `Option ${o.key} is not supported in an external table's ${type} file format`);
      }
      const known = FORMAT_TYPES.some((t) => FILE_FORMAT_OPTIONS[t].indexOf(o.key) >= 0);
      if (known) fail(o, `Option ${o.key} is not valid for ${TYPE_ARTICLE[type]} file format`);
      fail(o, `Unknown file format option ${o.key}`);
    }
    checkFormatValue(o, type, context);
  }
  const parseHeader = findOption(options, 'PARSE_HEADER');
  const skipHeader = findOption(options, 'SKIP_HEADER');
  if (isTrue(parseHeader) && skipHeader)
    fail(skipHeader, 'SKIP_HEADER cannot be used with PARSE_HEADER = TRUE');
  const ignoreUtf8 = findOption(options, 'IGNORE_UTF8_ERRORS');
  const replaceInvalid = findOption(options, 'REPLACE_INVALID_CHARACTERS');
  if (isTrue(ignoreUtf8) && isTrue(replaceInvalid))
    fail(
      ignoreUtf8!,
      'IGNORE_UTF8_ERRORS = TRUE and REPLACE_INVALID_CHARACTERS = TRUE cannot be used together',
    );
  const compression = findOption(options, 'COMPRESSION');
  const snappy = findOption(options, 'SNAPPY_COMPRESSION');
  if (compression && isTrue(snappy))
    fail(snappy!, 'SNAPPY_COMPRESSION = TRUE cannot be used together with COMPRESSION');
  const field = findOption(options, 'FIELD_DELIMITER');
  const record = findOption(options, 'RECORD_DELIMITER');
  if (field && record) {
    const f = charValue(field, true);
    const r = charValue(record, true);
    if (f !== undefined && r !== undefined && (f.indexOf(r) >= 0 || r.indexOf(f) >= 0))
      fail(record, 'FIELD_DELIMITER and RECORD_DELIMITER cannot be substrings of each other');
  }
}

/** FILE_FORMAT = name | ( FORMAT_NAME = … ) | ( TYPE = … options ) of a stage or external table. */
export function fileFormatRef(o: Option, context: 'stage' | 'externalTable'): FileFormatRef {
  const v = o.value;
  if (v.type === 'identifier' || v.type === 'keyword' || v.type === 'string') {
    return { form: 'name', name: nameValue(o) };
  }
  if (v.type === 'list' && v.items.length === 0) {
    if (context === 'externalTable') fail(o, 'FILE_FORMAT = ( ) needs FORMAT_NAME or TYPE');
    return { form: 'inline', type: 'CSV', options: [] };
  }
  if (v.type !== 'options') fail(o, `FILE_FORMAT must be a format name or ( FORMAT_NAME = … | TYPE = … )`);
  const inner = v.options;
  const formatName = findOption(inner, 'FORMAT_NAME');
  const typeOpt = findOption(inner, 'TYPE');
  if (formatName && typeOpt) fail(typeOpt, 'FORMAT_NAME and TYPE cannot be used together in FILE_FORMAT');
  if (formatName) {
    const extra = inner.find((x) => x.key !== 'FORMAT_NAME');
    if (extra) fail(extra, `Option ${extra.key} cannot be combined with FORMAT_NAME in FILE_FORMAT`);
    return { form: 'formatName', name: nameValue(formatName) };
  }
  if (!typeOpt && context === 'externalTable') fail(o, 'FILE_FORMAT needs FORMAT_NAME or TYPE');
  const type = typeOpt ? formatType(typeOpt, context) : 'CSV';
  checkFormatOptions(inner, type, context);
  return { form: 'inline', type, options: inner };
}

export function fileFormat(raw: RawStatement): FileFormatStatement {
  const typeOpt = findOption(raw.options, 'TYPE');
  const type = typeOpt ? formatType(typeOpt, 'fileFormat') : 'CSV';
  checkFormatOptions(raw.options, type, 'fileFormat');
  const comment = findOption(raw.options, 'COMMENT');
  if (comment) requireString(comment, true);
  return { ...statementBase(raw), kind: 'FILE_FORMAT', formatType: type };
}
