import * as z from 'zod/mini';
import { FORMAT_TYPES } from '../fileFormatOptions.js';
import {
  COMMON_TAIL_ARGS,
  checkCreateMode,
  checkQualification,
  commonTail,
  flag,
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

export const stageSchema = z
  .strictObject({
    url: lineText(
      'url',
      'Storage URL of the stage: s3://bucket/path/, s3gov://…, s3china://…, gcs://bucket/path/ or azure://<account>.blob.core.windows.net/<container>/path/. End with / for a folder.',
      's3://acme-data/raw/orders/',
    ),
    ...objectNameFields('stage', 'ACME_DATA_RAW_ORDERS_STAGE'),
    storage_integration: z.optional(
      simpleName(
        'storage_integration',
        'Storage integration the stage uses. Default: <BUCKET>_INT from the url.',
        'ACME_DATA_INT',
      ),
    ),
    file_format: z.optional(
      qualifiableName(
        'file_format',
        'Named file format for the stage (FILE_FORMAT = (FORMAT_NAME = …)); may be qualified.',
        'ACME_DATA_RAW_ORDERS_CSV_FORMAT',
      ),
    ),
    format_type: z.optional(
      z
        .enum(FORMAT_TYPES, { error: 'format_type must be one of CSV, JSON, AVRO, ORC, PARQUET, XML' })
        .check(
          z.describe(
            'When file_format is not given: use the default-named format <BASE>_<TYPE>_FORMAT of this type. Without either, the stage has no FILE_FORMAT.',
          ),
        ),
    ),
    directory: z.optional(
      z
        .strictObject(
          {
            enable: flag('directory.enable', 'Whether the stage has a directory table.'),
            refresh_on_create: z.optional(
              flag('directory.refresh_on_create', 'Refresh the directory table once on creation.'),
            ),
            auto_refresh: z.optional(
              flag('directory.auto_refresh', 'Refresh the directory table from cloud event notifications.'),
            ),
            notification_integration: z.optional(
              simpleName(
                'directory.notification_integration',
                'GCS/AZURE: notification integration for auto_refresh.',
                'ACME_EVENTS_INT',
              ),
            ),
          },
          { error: 'directory must be an object, e.g. {"enable": true, "auto_refresh": false}' },
        )
        .check(
          z.describe(
            'Directory table options: {"enable": true, "refresh_on_create": true, "auto_refresh": false, "notification_integration": "…"}.',
          ),
        ),
    ),
    ...commonTail,
  })
  .check(
    z.superRefine((v, ctx) => {
      checkCreateMode(v, ctx);
      checkQualification(v, ctx);
      const parsed = isLine(v.url) ? parseCloudUrl(v.url) : undefined;
      if (parsed && !parsed.ok) issue(ctx, v, ['url'], `url: ${parsed.message}`);
      if (v.file_format !== undefined && v.format_type !== undefined) {
        issue(
          ctx,
          v,
          ['format_type'],
          'give file_format (a format name) or format_type (to use the default-named format), not both',
        );
      }
      const dir = v.directory;
      if (dir) {
        if (!dir.enable) {
          for (const key of ['refresh_on_create', 'auto_refresh', 'notification_integration'] as const) {
            if (dir[key] !== undefined)
              issue(ctx, v, ['directory', key], `directory.${key} needs directory.enable = true`);
          }
        }
        if (dir.notification_integration !== undefined && parsed?.ok) {
          const p = parsed.location.provider;
          if (p !== 'GCS' && p !== 'AZURE') {
            issue(
              ctx,
              v,
              ['directory', 'notification_integration'],
              `directory.notification_integration is for gcs:// and azure:// stages; ${p} stages are refreshed through S3 event notifications to Snowflake's SQS queue`,
            );
          }
          if (dir.auto_refresh !== true) {
            issue(
              ctx,
              v,
              ['directory', 'auto_refresh'],
              'directory.notification_integration is only used with directory.auto_refresh = true',
            );
          }
        }
      }
    }),
  );

export type StageInput = z.infer<typeof stageSchema>;

export const stageArgs: ProcedureArg[] = [
  { name: 'URL', sqlType: 'VARCHAR', required: true, description: 'storage URL of the stage' },
  { name: 'NAME', sqlType: 'VARCHAR', required: false, description: 'stage name (default <BASE>_STAGE)' },
  ...placementArgs('stage'),
  {
    name: 'STORAGE_INTEGRATION',
    sqlType: 'VARCHAR',
    required: false,
    description: 'integration (default <BUCKET>_INT)',
  },
  { name: 'FILE_FORMAT', sqlType: 'VARCHAR', required: false, description: 'named file format' },
  {
    name: 'FORMAT_TYPE',
    sqlType: 'VARCHAR',
    required: false,
    description: 'type of the default-named format',
  },
  { name: 'DIRECTORY', sqlType: 'OBJECT', required: false, description: 'directory table options' },
  ...COMMON_TAIL_ARGS,
];
