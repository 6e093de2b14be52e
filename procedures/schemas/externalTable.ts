/**
 * GENERATE_EXTERNAL_TABLE_DDL's input: location, format type, names, path and refresh settings, and the procedure's
 * arguments. Columns and partitions are described in schemas/externalTableColumns.ts.
 */
import * as z from 'zod/mini';
import { FORMAT_TYPES } from '../fileFormatOptions.js';
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
  qualifiableName,
  simpleName,
} from './common.js';
import { checkColumnsAndPartitions, columnSchema, partitionSchema } from './externalTableColumns.js';
import { parseCloudUrl } from './locations.js';

const TABLE_PATH = /^\/?(?:[A-Za-z0-9_=-][A-Za-z0-9_.=-]*\/)*(?:[A-Za-z0-9_=-][A-Za-z0-9_.=-]*)?\/?$/;
const SNS_ARN = /^arn:aws(?:-us-gov|-cn)?:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

export const externalTableSchema = z
  .strictObject({
    location: lineText(
      'location',
      "Storage URL of the stage (the stage's URL), e.g. s3://acme-data/raw/orders/. Used for default names and to number folder levels of METADATA$FILENAME.",
      's3://acme-data/raw/orders/',
    ),
    format_type: z
      .enum(FORMAT_TYPES, { error: 'format_type must be one of CSV, JSON, AVRO, ORC, PARQUET' })
      .check(
        z.describe(
          'Type of the named file format: CSV (columns read as VALUE:c1…) or JSON/PARQUET/AVRO/ORC (VALUE:"field"). XML is not supported by external tables.',
        ),
      ),
    ...objectNameFields('external table', 'ORDERS_EXT'),
    columns: z.optional(
      z
        .array(columnSchema, {
          error: 'columns must be a list like [{"name": "ORDER_ID", "type": "NUMBER"}]',
        })
        .check(
          z.describe('Typed virtual columns, e.g. [{"name": "ORDER_ID", "type": "NUMBER", "source": 1}].'),
        ),
    ),
    partitions: z.optional(
      z
        .array(partitionSchema, {
          error: 'partitions must be a list like [{"name": "REGION", "segment": 1}]',
        })
        .check(
          z.describe(
            'Partition columns computed from folder levels of the file path; emitted as columns and in PARTITION BY.',
          ),
        ),
    ),
    stage: z.optional(
      qualifiableName(
        'stage',
        'Stage name; may be qualified. Default: <BASE>_STAGE, in the table’s database/schema.',
        'ACME_DATA_RAW_ORDERS_STAGE',
      ),
    ),
    path: z.optional(
      z
        .string({ error: 'path must be text, e.g. "2024/"' })
        .check(
          z.describe('Folder below the stage URL (LOCATION = @stage/path/); letters, digits, _ - . = and /.'),
        ),
    ),
    file_format: z.optional(
      qualifiableName(
        'file_format',
        'Named file format (FILE_FORMAT = (FORMAT_NAME = …)). Default: <BASE>_<TYPE>_FORMAT in the table’s database/schema.',
        'ACME_DATA_RAW_ORDERS_CSV_FORMAT',
      ),
    ),
    pattern: z.optional(
      freeText('pattern', 'Regular expression on the file path, e.g. ".*[.]csv[.]gz".', 1024).check(
        z.refine(
          (p) => p.trim() !== '',
          'pattern must not be empty or blank; leave it out to read every file, or give a regular expression like ".*[.]csv"',
        ),
      ),
    ),
    auto_refresh: z.optional(
      flag(
        'auto_refresh',
        'Refresh metadata from cloud event notifications. Default: true for S3 or with notification_integration, else false.',
      ),
    ),
    refresh_on_create: z.optional(
      flag('refresh_on_create', 'Register the existing files on creation. Default true.'),
    ),
    aws_sns_topic: z.optional(
      lineText(
        'aws_sns_topic',
        'S3 only: SNS topic ARN when S3 events go through SNS.',
        'arn:aws:sns:us-west-2:123456789012:s3-events',
      ),
    ),
    notification_integration: z.optional(
      simpleName(
        'notification_integration',
        'GCS/AZURE only: notification integration for auto_refresh (INTEGRATION = …).',
        'ACME_EVENTS_INT',
      ),
    ),
    ...commonTail,
  })
  .check(
    z.superRefine((v, ctx) => {
      checkCreateMode(v, ctx);
      checkQualification(v, ctx);
      const parsed = isLine(v.location) ? parseCloudUrl(v.location) : undefined;
      if (parsed && !parsed.ok) issue(ctx, v, ['location'], `location: ${parsed.message}`);
      if (v.format_type === 'XML') {
        issue(
          ctx,
          v,
          ['format_type'],
          'external tables cannot read XML; convert the files or load them with COPY INTO. Use CSV, JSON, AVRO, ORC or PARQUET',
        );
      }
      if (v.path !== undefined && (!TABLE_PATH.test(v.path) || /(^|\/)\.\.?(\/|$)/.test(v.path))) {
        issue(
          ctx,
          v,
          ['path'],
          `path "${v.path}" must be folders of letters, digits, _ - . = separated by /, e.g. "2024/06/"`,
        );
      }
      checkColumnsAndPartitions(v, ctx, parsed);
      const provider = parsed?.ok ? parsed.location.provider : undefined;
      if (v.aws_sns_topic !== undefined) {
        if (!SNS_ARN.test(v.aws_sns_topic)) {
          issue(
            ctx,
            v,
            ['aws_sns_topic'],
            `aws_sns_topic "${v.aws_sns_topic}" is not an SNS topic ARN, e.g. "arn:aws:sns:us-west-2:123456789012:s3-events"`,
          );
        }
        if (provider !== undefined && !provider.startsWith('S3')) {
          issue(
            ctx,
            v,
            ['aws_sns_topic'],
            `aws_sns_topic is for S3 locations; ${provider} uses notification_integration`,
          );
        }
      }
      if (
        v.notification_integration !== undefined &&
        provider !== undefined &&
        provider !== 'GCS' &&
        provider !== 'AZURE'
      ) {
        issue(
          ctx,
          v,
          ['notification_integration'],
          `notification_integration is for gcs:// and azure:// locations; ${provider} refreshes through S3 event notifications (optionally aws_sns_topic)`,
        );
      }
      if (v.auto_refresh === false) {
        for (const key of ['aws_sns_topic', 'notification_integration'] as const) {
          if (v[key] !== undefined) issue(ctx, v, [key], `${key} is only used with auto_refresh = true`);
        }
      }
    }),
  );

export type ExternalTableInput = z.infer<typeof externalTableSchema>;
export type { ColumnInput, PartitionInput } from './externalTableColumns.js';

export const externalTableArgs: ProcedureArg[] = [
  { name: 'LOCATION', sqlType: 'VARCHAR', required: true, description: 'storage URL of the stage' },
  { name: 'FORMAT_TYPE', sqlType: 'VARCHAR', required: true, description: 'CSV, JSON, AVRO, ORC or PARQUET' },
  { name: 'NAME', sqlType: 'VARCHAR', required: false, description: 'table name (default <BASE>_EXT)' },
  ...placementArgs('table'),
  { name: 'COLUMNS', sqlType: 'ARRAY', required: false, description: 'typed virtual columns' },
  {
    name: 'PARTITIONS',
    sqlType: 'ARRAY',
    required: false,
    description: 'partition columns from folder levels',
  },
  { name: 'STAGE', sqlType: 'VARCHAR', required: false, description: 'stage name (default <BASE>_STAGE)' },
  { name: 'PATH', sqlType: 'VARCHAR', required: false, description: 'folder below the stage' },
  { name: 'FILE_FORMAT', sqlType: 'VARCHAR', required: false, description: 'named file format' },
  { name: 'PATTERN', sqlType: 'VARCHAR', required: false, description: 'regex on file paths' },
  { name: 'AUTO_REFRESH', sqlType: 'BOOLEAN', required: false, description: 'refresh from notifications' },
  {
    name: 'REFRESH_ON_CREATE',
    sqlType: 'BOOLEAN',
    required: false,
    description: 'register files on creation',
  },
  { name: 'AWS_SNS_TOPIC', sqlType: 'VARCHAR', required: false, description: 'SNS topic ARN (S3)' },
  {
    name: 'NOTIFICATION_INTEGRATION',
    sqlType: 'VARCHAR',
    required: false,
    description: 'notification integration (GCS/AZURE)',
  },
  ...COMMON_TAIL_ARGS,
];
