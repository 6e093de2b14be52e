/**
 * The generator's `format_options`: a lower-case key per file-format option the generator writes, each built from
 * its row in procedures/fileFormatOptions.ts (value kind and description), and the checks of the options
 * against the TYPE and against each other.
 */
import * as z from 'zod/mini';
import {
  BINARY_FORMATS,
  COMPRESSION_BY_TYPE,
  ENCODINGS,
  FORMAT_OPTIONS,
  FORMAT_TYPES,
  type FormatOptionName,
  type FormatType,
  type FormatValueKind,
  OPTIONS_OF_TYPE,
} from '../fileFormatOptions.js';
import { decodeCharSpec } from './charSpec.js';
import { flag, freeText, issue } from './common.js';

/** The options the generator writes: those whose row carries a description for the tool schema. */
type WrittenOption = {
  [N in FormatOptionName]: (typeof FORMAT_OPTIONS)[N] extends { description: string } ? N : never;
}[FormatOptionName];
type ValueOf<K extends FormatValueKind> = K extends 'boolean'
  ? boolean
  : K extends 'lineCount'
    ? number
    : K extends 'stringList'
      ? string[]
      : string;

export type FormatOptions = {
  [N in WrittenOption as Lowercase<N>]?: ValueOf<(typeof FORMAT_OPTIONS)[N]['kind']>;
};
export type FormatOptionKey = keyof FormatOptions;

function isWritten(name: FormatOptionName): name is WrittenOption {
  return 'description' in FORMAT_OPTIONS[name];
}
const keyOf = (name: WrittenOption) => name.toLowerCase() as FormatOptionKey;

/** Options Snowflake documents for each TYPE that the generator writes, in the order they are written. */
export const OPTIONS_BY_TYPE = Object.fromEntries(
  FORMAT_TYPES.map((t) => [t, OPTIONS_OF_TYPE[t].filter(isWritten).map(keyOf)]),
) as unknown as Record<FormatType, readonly FormatOptionKey[]>;

const charSpec = (field: string, description: string, example: string) =>
  z
    .string({ error: `format_options.${field} must be text, e.g. "${example}", or "NONE"` })
    .check(z.describe(description));
const keyword = (field: string, values: readonly string[], description: string) =>
  z
    .enum(values as [string, ...string[]], {
      error: `format_options.${field} must be one of ${values.join(', ')}`,
    })
    .check(z.describe(description));

/** Every COMPRESSION keyword of any TYPE; the TYPE's own list is checked in checkFormatOptions. */
const ANY_COMPRESSION = [...new Set(FORMAT_TYPES.flatMap((t) => COMPRESSION_BY_TYPE[t]))];

function fieldSchema(field: string, row: { kind: FormatValueKind; description: string; example?: string }) {
  const { description } = row;
  switch (row.kind) {
    case 'boolean':
      return z.optional(flag(`format_options.${field}`, description));
    case 'delimiter':
    case 'escapeChar':
    case 'quoteChar':
      return z.optional(charSpec(field, description, row.example ?? 'NONE'));
    case 'textOrNone':
    case 'formatOrAuto':
      return z.optional(freeText(`format_options.${field}`, description, 255));
    case 'compression':
      return z.optional(keyword(field, ANY_COMPRESSION, description));
    case 'binaryFormat':
      return z.optional(keyword(field, BINARY_FORMATS, description));
    case 'encoding':
      return z.optional(keyword(field, ENCODINGS, description));
    case 'lineCount':
      return z.optional(
        z
          .int({ error: `format_options.${field} must be a whole number of lines, e.g. 1` })
          .check(
            z.minimum(0, `format_options.${field} must be 0 or more, e.g. 1`),
            z.maximum(1000000, `format_options.${field} is too large; at most 1000000`),
            z.describe(description),
          ),
      );
    case 'stringList':
      return z.optional(
        z
          .array(freeText(`format_options.${field}[]`, 'A string read as NULL.', 255), {
            error: `format_options.${field} must be a list of strings, e.g. ["\\\\N", "NULL", ""]`,
          })
          .check(z.describe(description)),
      );
  }
}

export const formatOptionsSchema = z.strictObject(
  Object.fromEntries(
    (Object.keys(FORMAT_OPTIONS) as FormatOptionName[])
      .filter(isWritten)
      .map((name) => [keyOf(name), fieldSchema(keyOf(name), FORMAT_OPTIONS[name])]),
  ),
) as unknown as z.ZodMiniType<FormatOptions>;

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
