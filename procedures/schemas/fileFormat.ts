import * as z from 'zod/mini';
import { ENCODINGS } from '../parser/statementOptions.js';
import {
  COMMON_TAIL_ARGS,
  checkCreateMode,
  checkQualification,
  commonTail,
  flag,
  freeText,
  isLine,
  issue,
  lineText,
  objectNameFields,
  type ProcedureArg,
  placementArgs,
} from './common.js';
import { parseCloudUrl } from './locations.js';

export const FORMAT_TYPES = ['CSV', 'JSON', 'AVRO', 'ORC', 'PARQUET', 'XML'] as const;
export type FormatType = (typeof FORMAT_TYPES)[number];

const COMPRESSION_8 = ['AUTO', 'GZIP', 'BZ2', 'BROTLI', 'ZSTD', 'DEFLATE', 'RAW_DEFLATE', 'NONE'];
export const COMPRESSION_BY_TYPE: Record<FormatType, readonly string[]> = {
  CSV: COMPRESSION_8,
  JSON: COMPRESSION_8,
  XML: COMPRESSION_8,
  AVRO: ['AUTO', 'GZIP', 'BROTLI', 'ZSTD', 'DEFLATE', 'RAW_DEFLATE', 'NONE'],
  PARQUET: ['AUTO', 'LZO', 'SNAPPY', 'NONE'],
  ORC: [],
};

/** Character sets for ENCODING: the parser's list, so the generator and the guard accept the same set. */
export { ENCODINGS };

/** Options Snowflake documents for each TYPE, in the order they are emitted. */
export const OPTIONS_BY_TYPE: Record<FormatType, readonly FormatOptionKey[]> = {
  CSV: [
    'compression',
    'record_delimiter',
    'field_delimiter',
    'multi_line',
    'file_extension',
    'parse_header',
    'skip_header',
    'skip_blank_lines',
    'date_format',
    'time_format',
    'timestamp_format',
    'binary_format',
    'escape',
    'escape_unenclosed_field',
    'trim_space',
    'field_optionally_enclosed_by',
    'null_if',
    'error_on_column_count_mismatch',
    'replace_invalid_characters',
    'empty_field_as_null',
    'skip_byte_order_mark',
    'encoding',
  ],
  JSON: [
    'compression',
    'date_format',
    'time_format',
    'timestamp_format',
    'binary_format',
    'trim_space',
    'multi_line',
    'null_if',
    'file_extension',
    'enable_octal',
    'allow_duplicate',
    'strip_outer_array',
    'strip_null_values',
    'replace_invalid_characters',
    'ignore_utf8_errors',
    'skip_byte_order_mark',
  ],
  AVRO: ['compression', 'trim_space', 'replace_invalid_characters', 'null_if'],
  ORC: ['trim_space', 'replace_invalid_characters', 'null_if'],
  PARQUET: [
    'compression',
    'snappy_compression',
    'binary_as_text',
    'use_logical_type',
    'trim_space',
    'use_vectorized_scanner',
    'replace_invalid_characters',
    'null_if',
  ],
  XML: [
    'compression',
    'ignore_utf8_errors',
    'preserve_space',
    'strip_outer_element',
    'disable_snowflake_data',
    'disable_auto_convert',
    'replace_invalid_characters',
    'skip_byte_order_mark',
  ],
};

/**
 * Decodes a delimiter/escape value as the option receives it (after SQL string unescaping): plain characters,
 * escapes `\t \n \r \b \f \\ \' \"`, octal `\ooo`, hex `\xhh`, or the whole value `0xhh`. Returns the characters
 * it denotes, or a message.
 */
export function decodeCharSpec(spec: string): { ok: true; chars: string } | { ok: false; message: string } {
  const whole = /^0[xX]([0-9A-Fa-f]{2})$/.exec(spec);
  if (whole) return { ok: true, chars: String.fromCharCode(Number.parseInt(whole[1] as string, 16)) };
  const simple: Record<string, string> = {
    t: '\t',
    n: '\n',
    r: '\r',
    b: '\b',
    f: '\f',
    '\\': '\\',
    "'": "'",
    '"': '"',
  };
  let out = '';
  for (let i = 0; i < spec.length; i++) {
    const ch = spec[i] as string;
    if (ch === '\u0000') return { ok: false, message: 'must not contain a NUL character' };
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = spec[i + 1];
    if (next === undefined)
      return { ok: false, message: 'ends with a lone backslash (write \\\\ for a backslash)' };
    const mapped = simple[next];
    if (mapped !== undefined) {
      out += mapped;
      i++;
      continue;
    }
    const oct = /^[0-7]{1,3}/.exec(spec.slice(i + 1));
    if (oct) {
      const code = Number.parseInt(oct[0], 8);
      if (code === 0) return { ok: false, message: 'must not denote a NUL character' };
      out += String.fromCharCode(code);
      i += oct[0].length;
      continue;
    }
    const hex = /^x([0-9A-Fa-f]{2})/.exec(spec.slice(i + 1));
    if (hex) {
      out += String.fromCharCode(Number.parseInt(hex[1] as string, 16));
      i += 3;
      continue;
    }
    return {
      ok: false,
      message: `has an unknown escape \\${next} (use \\t, \\n, \\r, octal \\ooo or hex \\xhh)`,
    };
  }
  if (out.length === 0) return { ok: false, message: 'must not be empty (use "NONE" for no character)' };
  return { ok: true, chars: out };
}

const charSpec = (field: string, description: string, example: string) =>
  z
    .string({ error: `format_options.${field} must be text, e.g. "${example}", or "NONE"` })
    .check(z.describe(description));

const bool = (field: string, description: string) => z.optional(flag(`format_options.${field}`, description));
const text = (field: string, description: string) =>
  z.optional(freeText(`format_options.${field}`, description, 255));
const keyword = (field: string, values: readonly string[], description: string) =>
  z.optional(
    z
      .enum(values as [string, ...string[]], {
        error: `format_options.${field} must be one of ${values.join(', ')}`,
      })
      .check(z.describe(description)),
  );

export const formatOptionsSchema = z.strictObject({
  compression: keyword(
    'compression',
    [...new Set([...COMPRESSION_8, 'LZO', 'SNAPPY'])],
    'Compression of the files. CSV/JSON/XML: AUTO GZIP BZ2 BROTLI ZSTD DEFLATE RAW_DEFLATE NONE; AVRO: same without BZ2; PARQUET: AUTO LZO SNAPPY NONE. Default AUTO.',
  ),
  record_delimiter: z.optional(
    charSpec(
      'record_delimiter',
      'CSV: record separator, 1-20 characters, escapes like \\n, octal \\ooo, hex 0xhh or \\xhh, or NONE. Default newline.',
      '\\n',
    ),
  ),
  field_delimiter: z.optional(
    charSpec(
      'field_delimiter',
      'CSV: field separator, 1-20 characters (",", "|", "\\t", "0x7C", "\\001") or NONE. Default ",".',
      '|',
    ),
  ),
  multi_line: bool('multi_line', 'CSV/JSON: records may span lines. Default true.'),
  file_extension: text('file_extension', 'CSV/JSON: extension of unloaded files, or NONE. Default none.'),
  parse_header: bool(
    'parse_header',
    'CSV: read column names from the first line (not with skip_header). Default false.',
  ),
  skip_header: z.optional(
    z
      .int({ error: 'format_options.skip_header must be a whole number of lines, e.g. 1' })
      .check(
        z.minimum(0, 'format_options.skip_header must be 0 or more, e.g. 1'),
        z.maximum(1000000, 'format_options.skip_header is too large; at most 1000000'),
        z.describe('CSV: number of header lines to skip (not with parse_header). Default 0.'),
      ),
  ),
  skip_blank_lines: bool('skip_blank_lines', 'CSV: skip blank lines. Default false.'),
  date_format: text('date_format', 'CSV/JSON: date format, e.g. "YYYY-MM-DD", or AUTO. Default AUTO.'),
  time_format: text('time_format', 'CSV/JSON: time format, e.g. "HH24:MI:SS", or AUTO. Default AUTO.'),
  timestamp_format: text(
    'timestamp_format',
    'CSV/JSON: timestamp format, e.g. "YYYY-MM-DD HH24:MI:SS", or AUTO. Default AUTO.',
  ),
  binary_format: keyword(
    'binary_format',
    ['HEX', 'BASE64', 'UTF8'],
    'CSV/JSON: encoding of binary values: HEX, BASE64 or UTF8. Default HEX.',
  ),
  escape: z.optional(
    charSpec(
      'escape',
      'CSV: single-byte escape character for enclosed fields, or NONE. Default NONE.',
      '\\\\',
    ),
  ),
  escape_unenclosed_field: z.optional(
    charSpec(
      'escape_unenclosed_field',
      'CSV: single-byte escape character for unenclosed fields, or NONE. Default backslash.',
      'NONE',
    ),
  ),
  trim_space: bool('trim_space', 'Remove surrounding white space from fields. Default false.'),
  field_optionally_enclosed_by: z.optional(
    charSpec(
      'field_optionally_enclosed_by',
      'CSV: quote character of fields: "\\"" (double quote), "\'" (single quote) or NONE. Default NONE.',
      '"',
    ),
  ),
  null_if: z.optional(
    z
      .array(freeText('format_options.null_if[]', 'A string read as NULL.', 255), {
        error: 'format_options.null_if must be a list of strings, e.g. ["\\\\N", "NULL", ""]',
      })
      .check(z.describe('Strings read as SQL NULL, e.g. ["\\\\N", "NULL", ""]. Default ["\\\\N"].')),
  ),
  error_on_column_count_mismatch: bool(
    'error_on_column_count_mismatch',
    'CSV: fail when a row has a different column count. Default true.',
  ),
  replace_invalid_characters: bool(
    'replace_invalid_characters',
    'Replace invalid UTF-8 with U+FFFD instead of failing. Default false.',
  ),
  empty_field_as_null: bool('empty_field_as_null', 'CSV: read empty fields as NULL. Default true.'),
  skip_byte_order_mark: bool('skip_byte_order_mark', 'CSV/JSON/XML: skip a byte order mark. Default true.'),
  encoding: keyword(
    'encoding',
    ENCODINGS,
    'CSV: character set of the files, e.g. UTF8, ISO88591, WINDOWS1252, UTF16LE. Default UTF8.',
  ),
  enable_octal: bool('enable_octal', 'JSON: parse octal numbers. Default false.'),
  allow_duplicate: bool('allow_duplicate', 'JSON: allow duplicate keys (last wins). Default false.'),
  strip_outer_array: bool(
    'strip_outer_array',
    'JSON: read the elements of a top-level array as rows. Default false.',
  ),
  strip_null_values: bool(
    'strip_null_values',
    'JSON: drop fields and elements whose value is null. Default false.',
  ),
  ignore_utf8_errors: bool(
    'ignore_utf8_errors',
    'JSON/XML: replace invalid UTF-8 silently (not with replace_invalid_characters). Default false.',
  ),
  snappy_compression: bool(
    'snappy_compression',
    'PARQUET (legacy, unloading): Snappy compression; not with compression. Default true.',
  ),
  binary_as_text: bool(
    'binary_as_text',
    'PARQUET: read columns without a logical type as text. Default true.',
  ),
  use_logical_type: bool('use_logical_type', 'PARQUET: use Parquet logical types. Default false.'),
  use_vectorized_scanner: bool(
    'use_vectorized_scanner',
    'PARQUET: use the vectorized scanner. Default false.',
  ),
  preserve_space: bool(
    'preserve_space',
    'XML: keep leading and trailing spaces in element content. Default false.',
  ),
  strip_outer_element: bool(
    'strip_outer_element',
    'XML: read the children of the root element as rows. Default false.',
  ),
  disable_snowflake_data: bool(
    'disable_snowflake_data',
    'XML: do not recognise Snowflake semi-structured tags. Default false.',
  ),
  disable_auto_convert: bool(
    'disable_auto_convert',
    'XML: keep numeric and boolean text as text. Default false.',
  ),
});

export type FormatOptions = z.infer<typeof formatOptionsSchema>;
export type FormatOptionKey = keyof FormatOptions;

const CHAR_OPTIONS = ['record_delimiter', 'field_delimiter', 'escape', 'escape_unenclosed_field'] as const;

/** Checks the options against the type; reports each problem at format_options.<option>. */
export function checkFormatOptions(
  type: FormatType,
  options: FormatOptions,
  ctx: Parameters<typeof issue>[0],
  root: unknown,
  base: (string | number)[] = ['format_options'],
): void {
  const allowed = new Set<string>(OPTIONS_BY_TYPE[type]);
  const keys = Object.keys(options).filter(
    (k) => options[k as FormatOptionKey] !== undefined,
  ) as FormatOptionKey[];
  for (const key of keys) {
    if (!allowed.has(key)) {
      issue(
        ctx,
        root,
        [...base, key],
        `${key.toUpperCase()} is not an option of TYPE = ${type}; ${type} accepts: ${OPTIONS_BY_TYPE[type].join(', ')}`,
      );
    }
  }
  if (
    options.compression !== undefined &&
    allowed.has('compression') &&
    !COMPRESSION_BY_TYPE[type].includes(options.compression)
  ) {
    issue(
      ctx,
      root,
      [...base, 'compression'],
      `COMPRESSION = ${options.compression} is not valid for TYPE = ${type}; use one of ${COMPRESSION_BY_TYPE[type].join(', ')}`,
    );
  }
  const decoded: Partial<Record<(typeof CHAR_OPTIONS)[number], string>> = {};
  for (const key of CHAR_OPTIONS) {
    const value = options[key];
    if (value === undefined || value === 'NONE') continue;
    const d = decodeCharSpec(value);
    if (!d.ok) {
      issue(ctx, root, [...base, key], `format_options.${key} "${value}" ${d.message}`);
      continue;
    }
    const count = Array.from(d.chars).length;
    if (key === 'escape' || key === 'escape_unenclosed_field') {
      if (count !== 1 || d.chars.charCodeAt(0) > 0x7f) {
        issue(
          ctx,
          root,
          [...base, key],
          `format_options.${key} must be one single-byte character (e.g. "\\\\" for backslash) or NONE; got "${value}"`,
        );
      }
    } else if (count > 20) {
      issue(
        ctx,
        root,
        [...base, key],
        `format_options.${key} denotes ${count} characters; at most 20 are allowed`,
      );
    }
    decoded[key] = d.chars;
  }
  const fd = decoded.field_delimiter;
  const rd = decoded.record_delimiter;
  if (fd !== undefined && rd !== undefined && (fd.includes(rd) || rd.includes(fd))) {
    issue(
      ctx,
      root,
      [...base, 'record_delimiter'],
      'record_delimiter and field_delimiter must differ and neither may contain the other',
    );
  }
  const enc = options.field_optionally_enclosed_by;
  if (enc !== undefined && enc !== 'NONE') {
    const d = decodeCharSpec(enc);
    if (!d.ok || (d.chars !== '"' && d.chars !== "'")) {
      issue(
        ctx,
        root,
        [...base, 'field_optionally_enclosed_by'],
        `format_options.field_optionally_enclosed_by must be "\\"" (double quote), "'" (single quote) or NONE; got "${enc}"`,
      );
    }
  }
  if (options.parse_header === true && options.skip_header !== undefined) {
    issue(
      ctx,
      root,
      [...base, 'skip_header'],
      'skip_header cannot be used with parse_header = true (the header line is consumed by PARSE_HEADER); drop one of them',
    );
  }
  if (options.ignore_utf8_errors === true && options.replace_invalid_characters === true) {
    issue(
      ctx,
      root,
      [...base, 'ignore_utf8_errors'],
      'ignore_utf8_errors and replace_invalid_characters are alternatives; set only one of them to true',
    );
  }
  if (options.snappy_compression === true && options.compression !== undefined) {
    issue(
      ctx,
      root,
      [...base, 'snappy_compression'],
      'snappy_compression (legacy) cannot be combined with compression; use compression = "SNAPPY"',
    );
  }
  for (const key of ['date_format', 'time_format', 'timestamp_format', 'file_extension'] as const) {
    const value = options[key];
    if (value !== undefined && value.trim() === '') {
      issue(
        ctx,
        root,
        [...base, key],
        `format_options.${key} must not be empty; give a format such as "YYYY-MM-DD" or "AUTO"`,
      );
    }
  }
}

export const fileFormatSchema = z
  .strictObject({
    format_type: z
      .enum(FORMAT_TYPES, {
        error: 'format_type must be one of CSV, JSON, AVRO, ORC, PARQUET, XML (upper case)',
      })
      .check(z.describe('File type: CSV, JSON, AVRO, ORC, PARQUET or XML.')),
    ...objectNameFields('file format', 'ACME_DATA_RAW_ORDERS_CSV_FORMAT'),
    location: z.optional(
      lineText(
        'location',
        'Storage URL of the files, used only to derive the default name (<BASE>_<TYPE>_FORMAT).',
        's3://acme-data/raw/orders/',
      ),
    ),
    format_options: z.optional(
      formatOptionsSchema.check(
        z.describe(
          'Type-specific options as lower-case keys, e.g. {"field_delimiter": "|", "skip_header": 1}. An option that does not belong to the type is an error.',
        ),
      ),
    ),
    ...commonTail,
  })
  .check(
    z.superRefine((v, ctx) => {
      checkCreateMode(v, ctx);
      checkQualification(v, ctx);
      if (v.location !== undefined) {
        const parsed = isLine(v.location) ? parseCloudUrl(v.location) : undefined;
        if (parsed && !parsed.ok) issue(ctx, v, ['location'], `location: ${parsed.message}`);
      } else if (v.name === undefined) {
        issue(
          ctx,
          v,
          ['name'],
          'give name (e.g. "ORDERS_CSV_FORMAT") or location (e.g. "s3://acme-data/raw/orders/") to derive it from',
        );
      }
      if (v.format_options) checkFormatOptions(v.format_type, v.format_options, ctx, v);
    }),
  );

export type FileFormatInput = z.infer<typeof fileFormatSchema>;

export const fileFormatArgs: ProcedureArg[] = [
  {
    name: 'FORMAT_TYPE',
    sqlType: 'VARCHAR',
    required: true,
    description: 'CSV, JSON, AVRO, ORC, PARQUET or XML',
  },
  {
    name: 'NAME',
    sqlType: 'VARCHAR',
    required: false,
    description: 'format name (default <BASE>_<TYPE>_FORMAT)',
  },
  ...placementArgs('format'),
  { name: 'LOCATION', sqlType: 'VARCHAR', required: false, description: 'storage URL, for the default name' },
  { name: 'FORMAT_OPTIONS', sqlType: 'OBJECT', required: false, description: 'type-specific options' },
  ...COMMON_TAIL_ARGS,
];
