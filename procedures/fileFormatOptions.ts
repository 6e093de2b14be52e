/**
 * The file-format options of Snowflake's CREATE FILE FORMAT (and of a stage's or an external table's
 * FILE_FORMAT = ( … )), kept in one place: one row per option with its value kind and the sentence the
 * generator's tool schema shows, then which TYPEs accept it, which an external table accepts, and the
 * COMPRESSION keywords per TYPE. The parser's rules (parser/rules/fileFormatRules.ts), the generator's schema
 * (schemas/formatOptions.ts) and the embedded warehouse's DESC FILE FORMAT derive what they need from here.
 * Read from Snowflake's CREATE FILE FORMAT and CREATE EXTERNAL TABLE reference pages.
 */

export const FORMAT_TYPES = ['CSV', 'JSON', 'AVRO', 'ORC', 'PARQUET', 'XML'] as const;
export type FormatType = (typeof FORMAT_TYPES)[number];

/** How an option's value is written and checked. */
export type FormatValueKind =
  /** TRUE or FALSE. */
  | 'boolean'
  /** A keyword of COMPRESSION_BY_TYPE. */
  | 'compression'
  /** A string of 1 to 20 characters (escapes, octal, hex allowed), or NONE. */
  | 'delimiter'
  /** One single-byte character, or NONE. */
  | 'escapeChar'
  /** A single or a double quote, or NONE. */
  | 'quoteChar'
  /** A whole number of lines, 0 or more. */
  | 'lineCount'
  /** A format string such as 'YYYY-MM-DD', or AUTO. */
  | 'formatOrAuto'
  /** One of BINARY_FORMATS. */
  | 'binaryFormat'
  /** A list of strings: ('a', 'b'). */
  | 'stringList'
  /** A string, or NONE. */
  | 'textOrNone'
  /** A character set of ENCODINGS. */
  | 'encoding';

interface FormatOptionRow {
  kind: FormatValueKind;
  /** What the generator's tool schema says about the option; an option without it is read but not generated. */
  description?: string;
  /** A sample value for the schema's message when a character option is not text. */
  example?: string;
}

/** One row per option, in the order the generator's tool schema lists them. */
export const FORMAT_OPTIONS = {
  COMPRESSION: {
    kind: 'compression',
    description:
      'Compression of the files. CSV/JSON/XML: AUTO GZIP BZ2 BROTLI ZSTD DEFLATE RAW_DEFLATE NONE; AVRO: same without BZ2; PARQUET: AUTO LZO SNAPPY NONE. Default AUTO.',
  },
  RECORD_DELIMITER: {
    kind: 'delimiter',
    example: '\\n',
    description:
      'CSV: record separator, 1-20 characters, escapes like \\n, octal \\ooo, hex 0xhh or \\xhh, or NONE. Default newline.',
  },
  FIELD_DELIMITER: {
    kind: 'delimiter',
    example: '|',
    description:
      'CSV: field separator, 1-20 characters (",", "|", "\\t", "0x7C", "\\001") or NONE. Default ",".',
  },
  MULTI_LINE: { kind: 'boolean', description: 'CSV/JSON: records may span lines. Default true.' },
  FILE_EXTENSION: {
    kind: 'textOrNone',
    description: 'CSV/JSON: extension of unloaded files, or NONE. Default none.',
  },
  PARSE_HEADER: {
    kind: 'boolean',
    description: 'CSV: read column names from the first line (not with skip_header). Default false.',
  },
  SKIP_HEADER: {
    kind: 'lineCount',
    description: 'CSV: number of header lines to skip (not with parse_header). Default 0.',
  },
  SKIP_BLANK_LINES: { kind: 'boolean', description: 'CSV: skip blank lines. Default false.' },
  DATE_FORMAT: {
    kind: 'formatOrAuto',
    description: 'CSV/JSON: date format, e.g. "YYYY-MM-DD", or AUTO. Default AUTO.',
  },
  TIME_FORMAT: {
    kind: 'formatOrAuto',
    description: 'CSV/JSON: time format, e.g. "HH24:MI:SS", or AUTO. Default AUTO.',
  },
  TIMESTAMP_FORMAT: {
    kind: 'formatOrAuto',
    description: 'CSV/JSON: timestamp format, e.g. "YYYY-MM-DD HH24:MI:SS", or AUTO. Default AUTO.',
  },
  BINARY_FORMAT: {
    kind: 'binaryFormat',
    description: 'CSV/JSON: encoding of binary values: HEX, BASE64 or UTF8. Default HEX.',
  },
  ESCAPE: {
    kind: 'escapeChar',
    example: '\\\\',
    description: 'CSV: single-byte escape character for enclosed fields, or NONE. Default NONE.',
  },
  ESCAPE_UNENCLOSED_FIELD: {
    kind: 'escapeChar',
    example: 'NONE',
    description: 'CSV: single-byte escape character for unenclosed fields, or NONE. Default backslash.',
  },
  TRIM_SPACE: { kind: 'boolean', description: 'Remove surrounding white space from fields. Default false.' },
  FIELD_OPTIONALLY_ENCLOSED_BY: {
    kind: 'quoteChar',
    example: '"',
    description:
      'CSV: quote character of fields: "\\"" (double quote), "\'" (single quote) or NONE. Default NONE.',
  },
  NULL_IF: {
    kind: 'stringList',
    description: 'Strings read as SQL NULL, e.g. ["\\\\N", "NULL", ""]. Default ["\\\\N"].',
  },
  ERROR_ON_COLUMN_COUNT_MISMATCH: {
    kind: 'boolean',
    description: 'CSV: fail when a row has a different column count. Default true.',
  },
  REPLACE_INVALID_CHARACTERS: {
    kind: 'boolean',
    description: 'Replace invalid UTF-8 with U+FFFD instead of failing. Default false.',
  },
  EMPTY_FIELD_AS_NULL: { kind: 'boolean', description: 'CSV: read empty fields as NULL. Default true.' },
  SKIP_BYTE_ORDER_MARK: {
    kind: 'boolean',
    description: 'CSV/JSON/XML: skip a byte order mark. Default true.',
  },
  ENCODING: {
    kind: 'encoding',
    description: 'CSV: character set of the files, e.g. UTF8, ISO88591, WINDOWS1252, UTF16LE. Default UTF8.',
  },
  ENABLE_OCTAL: { kind: 'boolean', description: 'JSON: parse octal numbers. Default false.' },
  ALLOW_DUPLICATE: { kind: 'boolean', description: 'JSON: allow duplicate keys (last wins). Default false.' },
  STRIP_OUTER_ARRAY: {
    kind: 'boolean',
    description: 'JSON: read the elements of a top-level array as rows. Default false.',
  },
  STRIP_NULL_VALUES: {
    kind: 'boolean',
    description: 'JSON: drop fields and elements whose value is null. Default false.',
  },
  IGNORE_UTF8_ERRORS: {
    kind: 'boolean',
    description:
      'JSON/XML: replace invalid UTF-8 silently (not with replace_invalid_characters). Default false.',
  },
  SNAPPY_COMPRESSION: {
    kind: 'boolean',
    description: 'PARQUET (legacy, unloading): Snappy compression; not with compression. Default true.',
  },
  BINARY_AS_TEXT: {
    kind: 'boolean',
    description: 'PARQUET: read columns without a logical type as text. Default true.',
  },
  USE_LOGICAL_TYPE: { kind: 'boolean', description: 'PARQUET: use Parquet logical types. Default false.' },
  USE_VECTORIZED_SCANNER: {
    kind: 'boolean',
    description: 'PARQUET: use the vectorized scanner. Default false.',
  },
  PRESERVE_SPACE: {
    kind: 'boolean',
    description: 'XML: keep leading and trailing spaces in element content. Default false.',
  },
  STRIP_OUTER_ELEMENT: {
    kind: 'boolean',
    description: 'XML: read the children of the root element as rows. Default false.',
  },
  DISABLE_SNOWFLAKE_DATA: {
    kind: 'boolean',
    description: 'XML: do not recognise Snowflake semi-structured tags. Default false.',
  },
  DISABLE_AUTO_CONVERT: {
    kind: 'boolean',
    description: 'XML: keep numeric and boolean text as text. Default false.',
  },
  // Legacy option still accepted by Snowflake and found in real deployments; the generator does not write it.
  VALIDATE_UTF8: { kind: 'boolean' },
} as const satisfies Record<string, FormatOptionRow>;

export type FormatOptionName = keyof typeof FORMAT_OPTIONS;

/**
 * The options each TYPE accepts, in the order Snowflake documents them, which is the order the generator writes
 * them. The orders differ between types, so they are lists rather than one column of the table above.
 */
export const OPTIONS_OF_TYPE: Record<FormatType, readonly FormatOptionName[]> = {
  CSV: [
    'COMPRESSION',
    'RECORD_DELIMITER',
    'FIELD_DELIMITER',
    'MULTI_LINE',
    'FILE_EXTENSION',
    'PARSE_HEADER',
    'SKIP_HEADER',
    'SKIP_BLANK_LINES',
    'DATE_FORMAT',
    'TIME_FORMAT',
    'TIMESTAMP_FORMAT',
    'BINARY_FORMAT',
    'ESCAPE',
    'ESCAPE_UNENCLOSED_FIELD',
    'TRIM_SPACE',
    'FIELD_OPTIONALLY_ENCLOSED_BY',
    'NULL_IF',
    'ERROR_ON_COLUMN_COUNT_MISMATCH',
    'REPLACE_INVALID_CHARACTERS',
    'EMPTY_FIELD_AS_NULL',
    'SKIP_BYTE_ORDER_MARK',
    'ENCODING',
    'VALIDATE_UTF8',
  ],
  JSON: [
    'COMPRESSION',
    'DATE_FORMAT',
    'TIME_FORMAT',
    'TIMESTAMP_FORMAT',
    'BINARY_FORMAT',
    'TRIM_SPACE',
    'MULTI_LINE',
    'NULL_IF',
    'FILE_EXTENSION',
    'ENABLE_OCTAL',
    'ALLOW_DUPLICATE',
    'STRIP_OUTER_ARRAY',
    'STRIP_NULL_VALUES',
    'REPLACE_INVALID_CHARACTERS',
    'IGNORE_UTF8_ERRORS',
    'SKIP_BYTE_ORDER_MARK',
  ],
  AVRO: ['COMPRESSION', 'TRIM_SPACE', 'REPLACE_INVALID_CHARACTERS', 'NULL_IF'],
  ORC: ['TRIM_SPACE', 'REPLACE_INVALID_CHARACTERS', 'NULL_IF'],
  PARQUET: [
    'COMPRESSION',
    'SNAPPY_COMPRESSION',
    'BINARY_AS_TEXT',
    'USE_LOGICAL_TYPE',
    'TRIM_SPACE',
    'USE_VECTORIZED_SCANNER',
    'REPLACE_INVALID_CHARACTERS',
    'NULL_IF',
  ],
  XML: [
    'COMPRESSION',
    'IGNORE_UTF8_ERRORS',
    'PRESERVE_SPACE',
    'STRIP_OUTER_ELEMENT',
    'DISABLE_SNOWFLAKE_DATA',
    'DISABLE_AUTO_CONVERT',
    'REPLACE_INVALID_CHARACTERS',
    'SKIP_BYTE_ORDER_MARK',
  ],
};

/** The narrower set an external table's FILE_FORMAT = ( TYPE = … ) accepts; external tables cannot read XML. */
export const EXTERNAL_TABLE_OPTIONS_OF_TYPE: Record<
  Exclude<FormatType, 'XML'>,
  readonly FormatOptionName[]
> = {
  CSV: [
    'COMPRESSION',
    'RECORD_DELIMITER',
    'FIELD_DELIMITER',
    'MULTI_LINE',
    'SKIP_HEADER',
    'SKIP_BLANK_LINES',
    'ESCAPE_UNENCLOSED_FIELD',
    'TRIM_SPACE',
    'FIELD_OPTIONALLY_ENCLOSED_BY',
    'NULL_IF',
    'EMPTY_FIELD_AS_NULL',
    'ENCODING',
  ],
  JSON: [
    'COMPRESSION',
    'MULTI_LINE',
    'ALLOW_DUPLICATE',
    'STRIP_OUTER_ARRAY',
    'STRIP_NULL_VALUES',
    'REPLACE_INVALID_CHARACTERS',
  ],
  AVRO: ['COMPRESSION', 'REPLACE_INVALID_CHARACTERS'],
  ORC: ['TRIM_SPACE', 'REPLACE_INVALID_CHARACTERS', 'NULL_IF'],
  PARQUET: ['COMPRESSION', 'BINARY_AS_TEXT', 'REPLACE_INVALID_CHARACTERS'],
};

const COMPRESSION_GENERAL = ['AUTO', 'GZIP', 'BZ2', 'BROTLI', 'ZSTD', 'DEFLATE', 'RAW_DEFLATE', 'NONE'];

/** COMPRESSION keywords each TYPE accepts. */
export const COMPRESSION_BY_TYPE: Record<FormatType, readonly string[]> = {
  CSV: COMPRESSION_GENERAL,
  JSON: COMPRESSION_GENERAL,
  AVRO: ['AUTO', 'GZIP', 'BROTLI', 'ZSTD', 'DEFLATE', 'RAW_DEFLATE', 'NONE'],
  ORC: [],
  PARQUET: ['AUTO', 'LZO', 'SNAPPY', 'NONE'],
  XML: COMPRESSION_GENERAL,
};
/** An external table's PARQUET format is narrower (no LZO). */
export const EXTERNAL_TABLE_PARQUET_COMPRESSION = ['AUTO', 'SNAPPY', 'NONE'];

export const BINARY_FORMATS = ['HEX', 'BASE64', 'UTF8'];

/** Character sets listed for ENCODING, compared after removing '-' and '_' and upper-casing. */
export const ENCODINGS = [
  'BIG5',
  'EUCJP',
  'EUCKR',
  'GB18030',
  'IBM420',
  'IBM424',
  'IBM949',
  'ISO2022CN',
  'ISO2022JP',
  'ISO2022KR',
  'ISO88591',
  'ISO88592',
  'ISO88595',
  'ISO88596',
  'ISO88597',
  'ISO88598',
  'ISO88599',
  'ISO885915',
  'KOI8R',
  'SHIFTJIS',
  'UTF8',
  'UTF16',
  'UTF16BE',
  'UTF16LE',
  'UTF32',
  'UTF32BE',
  'UTF32LE',
  'WINDOWS874',
  'WINDOWS949',
  'WINDOWS1250',
  'WINDOWS1251',
  'WINDOWS1252',
  'WINDOWS1253',
  'WINDOWS1254',
  'WINDOWS1255',
  'WINDOWS1256',
];

const OPTION_NAMES = new Set<string>(Object.keys(FORMAT_OPTIONS));

/** The option's value kind, or undefined for a name that is no file-format option. */
export function formatOptionKind(name: string): FormatValueKind | undefined {
  // Only the table's own keys: a name such as CONSTRUCTOR must not reach Object's prototype.
  if (!OPTION_NAMES.has(name)) return undefined;
  return (FORMAT_OPTIONS as Record<string, FormatOptionRow>)[name]?.kind;
}

/** How DESC FILE FORMAT types an option's value: Boolean, Integer, List or String. */
export function describedPropertyType(name: string): 'Boolean' | 'Integer' | 'List' | 'String' {
  const kind = formatOptionKind(name);
  if (kind === 'boolean') return 'Boolean';
  if (kind === 'lineCount') return 'Integer';
  if (kind === 'stringList') return 'List';
  return 'String';
}
