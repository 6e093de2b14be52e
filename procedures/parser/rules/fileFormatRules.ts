/**
 * File format options wherever they appear: CREATE FILE FORMAT, a stage's FILE_FORMAT = ( … ) and an external
 * table's FILE_FORMAT = ( … ), checked against the format TYPE and the context.
 */
import {
  BINARY_FORMATS,
  COMPRESSION_BY_TYPE,
  ENCODINGS,
  EXTERNAL_TABLE_OPTIONS_OF_TYPE,
  EXTERNAL_TABLE_PARQUET_COMPRESSION,
  FORMAT_TYPES,
  type FormatType,
  formatOptionKind,
  OPTIONS_OF_TYPE,
} from '../../fileFormatOptions.js';
import { type FileFormatRef, type FileFormatStatement, findOption, type Option } from '../ast.js';
import { type RawStatement, statementBase } from '../rawStatement.js';
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

function formatType(o: Option, context: FormatContext): FormatType {
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
  switch (formatOptionKind(key)) {
    case 'boolean':
      requireBoolean(o);
      return;
    case 'compression': {
      const c = wordOrString(o.value);
      const allowed =
        context === 'externalTable' && type === 'PARQUET'
          ? EXTERNAL_TABLE_PARQUET_COMPRESSION
          : COMPRESSION_BY_TYPE[type];
      if (c === undefined || allowed.indexOf(c) < 0)
        fail(o, `${key} ${describeValue(o.value)} is not valid for ${type} (use ${allowed.join(', ')})`);
      return;
    }
    case 'delimiter': {
      const d = charValue(o, true);
      if (d !== undefined && d.length === 0) fail(o, `${key} must not be empty (use NONE)`);
      if (d !== undefined && d.length > 20) fail(o, `${key} is limited to 20 characters`);
      return;
    }
    case 'escapeChar':
      charValue(o, true);
      return;
    case 'quoteChar': {
      const q = charValue(o, true);
      if (q !== undefined && q !== '"' && q !== "'")
        fail(o, `${key} must be NONE, a single quote or a double quote, not ${describeValue(o.value)}`);
      return;
    }
    case 'lineCount':
      if (o.value.type !== 'number' || !Number.isInteger(o.value.value) || o.value.value < 0)
        fail(o, `${key} must be a whole number of lines, not ${describeValue(o.value)}`);
      return;
    case 'formatOrAuto':
      if (!(o.value.type === 'string' || (o.value.type === 'keyword' && o.value.value === 'AUTO')))
        fail(o, `${key} must be a quoted format string or AUTO, not ${describeValue(o.value)}`);
      return;
    case 'binaryFormat': {
      const b = wordOrString(o.value);
      if (b === undefined || BINARY_FORMATS.indexOf(b) < 0)
        fail(
          o,
          `${key} must be ${BINARY_FORMATS.slice(0, -1).join(', ')} or ${BINARY_FORMATS[BINARY_FORMATS.length - 1]}, not ${describeValue(o.value)}`,
        );
      return;
    }
    case 'stringList':
      requireStringList(o);
      return;
    case 'textOrNone':
      if (!(o.value.type === 'string' || (o.value.type === 'keyword' && o.value.value === 'NONE')))
        fail(o, `${key} must be a quoted string or NONE, not ${describeValue(o.value)}`);
      return;
    case 'encoding': {
      const e = wordOrString(o.value);
      const norm = e === undefined ? '' : e.replace(/[-_]/g, '');
      if (ENCODINGS.indexOf(norm) < 0)
        fail(o, `${key} ${describeValue(o.value)} is not a supported character set`);
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
  const allowed: readonly string[] =
    context === 'externalTable'
      ? EXTERNAL_TABLE_OPTIONS_OF_TYPE[type as Exclude<FormatType, 'XML'>]
      : OPTIONS_OF_TYPE[type];
  for (const o of options) {
    if (o.key === 'TYPE' || (o.key === 'COMMENT' && context === 'fileFormat')) continue;
    if (allowed.indexOf(o.key) < 0) {
      if (context === 'externalTable') {
        if (o.key === 'PARSE_HEADER') fail(o, 'PARSE_HEADER is not supported for external tables');
        if ((OPTIONS_OF_TYPE[type] as readonly string[]).indexOf(o.key) >= 0)
          fail(o, `Option ${o.key} is not supported in an external table's ${type} file format`);
      }
      const known = formatOptionKind(o.key) !== undefined;
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
