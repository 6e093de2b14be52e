/**
 * GENERATE_FILE_FORMAT_DDL's input: the schema the agent fills (format_type, name or location, format_options)
 * and the procedure's arguments. The options themselves are described in schemas/formatOptions.ts.
 */
import * as z from 'zod/mini';
import { FORMAT_TYPES } from '../fileFormatOptions.js';
import {
  COMMON_TAIL_ARGS,
  checkCreateMode,
  checkQualification,
  commonTail,
  isLine,
  issue,
  lineText,
  objectNameFields,
  type ProcedureArg,
  placementArgs,
} from './common.js';
import { checkFormatOptions, formatOptionsSchema } from './formatOptions.js';
import { parseCloudUrl } from './locations.js';

// adapters/local/agent builds generator input from these; they are defined in the option table and schema.
export { ENCODINGS } from '../fileFormatOptions.js';
export { type FormatOptions, OPTIONS_BY_TYPE } from './formatOptions.js';

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
