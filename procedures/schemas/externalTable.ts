import * as z from 'zod/mini';
import { FORMAT_TYPES } from '../fileFormatOptions.js';
import { identifier } from '../sql/identifiers.js';
import { normalizeType } from '../sql/types.js';
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
import { parseCloudUrl } from './locations.js';

const BAD_FIELD = /["\u0000-\u001F\u007F]/;
export const TABLE_PATH = /^\/?(?:[A-Za-z0-9_=-][A-Za-z0-9_.=-]*\/)*(?:[A-Za-z0-9_=-][A-Za-z0-9_.=-]*)?\/?$/;
const SNS_ARN = /^arn:aws(?:-us-gov|-cn)?:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const NOT_PARTITION_TYPES = new Set(['VARIANT', 'OBJECT', 'ARRAY', 'GEOGRAPHY', 'GEOMETRY', 'BINARY']);

const segmentIndex = (field: string) =>
  z
    .int({
      error: `${field} must be a whole number, the 1-based folder level below the table location, e.g. 1`,
    })
    .check(
      z.minimum(1, `${field} must be 1 or more (1 = first folder below the table location)`),
      z.maximum(100, `${field} must be at most 100`),
    );

const columnSchema = z.strictObject(
  {
    name: simpleName('columns[].name', 'Column name.', 'ORDER_ID'),
    type: z
      .string({ error: 'columns[].type must be a Snowflake type, e.g. "NUMBER(10,2)"' })
      .check(
        z.describe(
          'Snowflake type: NUMBER(p,s), INTEGER, VARCHAR(n), STRING, DATE, TIME, TIMESTAMP_NTZ/LTZ/TZ, BOOLEAN, FLOAT, VARIANT, OBJECT, ARRAY, BINARY, GEOGRAPHY.',
        ),
      ),
    source: z.optional(
      z
        .union([z.int(), z.string(), z.array(z.string())], {
          error:
            'columns[].source must be a CSV position (e.g. 3 or "c3"), a field path (e.g. "customer.id") or a list of field names (e.g. ["customer", "id"])',
        })
        .check(
          z.describe(
            'Where the value comes from. CSV: 1-based position (default: the column order). JSON/PARQUET/AVRO/ORC: field name or dotted path, case-sensitive (default: the column name as given).',
          ),
        ),
    ),
  },
  { error: 'each column must be an object like {"name": "ORDER_ID", "type": "NUMBER"}' },
);

const partitionSchema = z.strictObject(
  {
    name: simpleName('partitions[].name', 'Partition column name.', 'ORDER_DATE'),
    type: z.optional(
      z
        .string({ error: 'partitions[].type must be a Snowflake type, e.g. "DATE"' })
        .check(z.describe('Type of the partition column. Default VARCHAR (DATE for date_segments).')),
    ),
    segment: z.optional(
      segmentIndex('partitions[].segment').check(
        z.describe('Take the value of this folder level (1 = first folder below the table location).'),
      ),
    ),
    date_segments: z.optional(
      z
        .strictObject(
          {
            year: segmentIndex('date_segments.year'),
            month: segmentIndex('date_segments.month'),
            day: segmentIndex('date_segments.day'),
          },
          { error: 'date_segments must be {"year": N, "month": N, "day": N} with folder levels' },
        )
        .check(
          z.describe(
            'Build a DATE from three folder levels, e.g. {"year": 1, "month": 2, "day": 3} for …/2024/06/30/file.',
          ),
        ),
    ),
    hive: z.optional(
      flag('partitions[].hive', 'Folders are written key=value (year=2024): take the part after "=".'),
    ),
  },
  { error: 'each partition must be an object like {"name": "REGION", "segment": 1}' },
);

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
      const names = new Map<string, string>();
      const claim = (raw: string, at: (string | number)[]) => {
        let resolved: string;
        try {
          resolved = identifier(raw).resolved;
        } catch {
          return;
        }
        if (resolved === 'VALUE' || resolved.toUpperCase().startsWith('METADATA$')) {
          issue(
            ctx,
            v,
            at,
            `column name ${raw} is reserved by external tables (VALUE, METADATA$…); choose another, e.g. "${raw}_COL"`,
          );
        }
        const prior = names.get(resolved);
        if (prior !== undefined) issue(ctx, v, at, `column name ${raw} is used twice (also ${prior})`);
        else names.set(resolved, at.join('.'));
      };
      const csv = v.format_type === 'CSV';
      (v.columns ?? []).forEach((col, i) => {
        claim(col.name, ['columns', i, 'name']);
        const t = normalizeType(col.type);
        if (!t.ok) issue(ctx, v, ['columns', i, 'type'], `columns[${i}].type: ${t.message}`);
        const src = col.source;
        if (src === undefined) {
          if (!csv) {
            const field = /^"(.*)"$/.exec(col.name)?.[1]?.replace(/""/g, '"') ?? col.name;
            if (BAD_FIELD.test(field)) {
              issue(
                ctx,
                v,
                ['columns', i, 'source'],
                `columns[${i}]: the field name defaults to the column name, which contains a double quote or control character; give source explicitly`,
              );
            }
          }
          return;
        }
        if (csv) {
          const pos =
            typeof src === 'number'
              ? src
              : typeof src === 'string'
                ? /^[cC]([1-9][0-9]*)$/.exec(src)?.[1]
                : undefined;
          const n = typeof pos === 'string' ? Number(pos) : pos;
          if (n === undefined || !Number.isInteger(n) || n < 1 || n > 100000) {
            issue(
              ctx,
              v,
              ['columns', i, 'source'],
              `columns[${i}].source must be the 1-based CSV position for format_type CSV, e.g. 3 or "c3"`,
            );
          }
          return;
        }
        const segs = typeof src === 'number' ? undefined : typeof src === 'string' ? src.split('.') : src;
        if (segs === undefined) {
          issue(
            ctx,
            v,
            ['columns', i, 'source'],
            `columns[${i}].source must be a field name or path for format_type ${v.format_type}, e.g. "customer.id"; positions are for CSV`,
          );
        } else if (segs.length === 0 || segs.some((s) => s === '' || BAD_FIELD.test(s))) {
          issue(
            ctx,
            v,
            ['columns', i, 'source'],
            `columns[${i}].source: field names must be non-empty and contain no double quote or control character, e.g. "customer.id" or ["customer", "id"]`,
          );
        }
      });
      const partitions = v.partitions ?? [];
      if (partitions.length > 0 && parsed?.ok && !parsed.location.folder) {
        issue(
          ctx,
          v,
          ['location'],
          `location must end with "/" when partitions are used, so folder levels can be counted, e.g. "${v.location}/"`,
        );
      }
      partitions.forEach((p, i) => {
        claim(p.name, ['partitions', i, 'name']);
        const bySegment = p.segment !== undefined;
        const byDate = p.date_segments !== undefined;
        if (bySegment === byDate) {
          issue(
            ctx,
            v,
            ['partitions', i],
            `partitions[${i}] needs exactly one of segment (e.g. 1) or date_segments (e.g. {"year": 1, "month": 2, "day": 3})`,
          );
        }
        if (p.type !== undefined) {
          const t = normalizeType(p.type);
          if (!t.ok) issue(ctx, v, ['partitions', i, 'type'], `partitions[${i}].type: ${t.message}`);
          else if (NOT_PARTITION_TYPES.has(t.type.family)) {
            issue(
              ctx,
              v,
              ['partitions', i, 'type'],
              `partitions[${i}].type ${t.type.sql} cannot hold a folder name; use VARCHAR, NUMBER, DATE, TIMESTAMP_NTZ or BOOLEAN`,
            );
          } else if (byDate && t.type.family !== 'DATE') {
            issue(
              ctx,
              v,
              ['partitions', i, 'type'],
              `partitions[${i}] with date_segments is a DATE; drop type or set it to "DATE"`,
            );
          }
        }
      });
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
export type ColumnInput = z.infer<typeof columnSchema>;
export type PartitionInput = z.infer<typeof partitionSchema>;

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
