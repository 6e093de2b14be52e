import { defaultExternalTableName, defaultFileFormatName, defaultStageName } from '../defaultNames.js';
import { type GeneratedDdl, type GeneratorResult, toResult } from '../result.js';
import type { ColumnInput, ExternalTableInput, PartitionInput } from '../schemas/externalTable.js';
import { externalTableSchema } from '../schemas/externalTable.js';
import { type CloudLocation, parseCloudUrl, pathDepth } from '../schemas/locations.js';
import { identifier, stagePathSegments, stageReference, variantPath } from '../sql/identifiers.js';
import { quoteString } from '../sql/literals.js';
import { type NormalizedType, normalizeType } from '../sql/types.js';
import { objectName, referenceName } from './objectName.js';
import { bool, createLine, renderStatement } from './render.js';
import { emitting, validate } from './validate.js';

function typeOf(text: string): NormalizedType {
  const t = normalizeType(text);
  if (!t.ok) throw new Error(`unvalidated type ${text}`); // validation already refused it
  return t.type;
}

/** CSV: `VALUE:c3`; others: `VALUE:"customer"."id"`. */
function valueExpression(col: ColumnInput, index: number, formatType: string): string {
  const src = col.source;
  if (formatType === 'CSV') {
    const position =
      src === undefined ? index + 1 : typeof src === 'number' ? src : Number(String(src).slice(1));
    return `VALUE:c${position}`;
  }
  let fields: string[];
  if (src === undefined) fields = [/^"(.*)"$/.exec(col.name)?.[1]?.replace(/""/g, '"') ?? col.name];
  else if (typeof src === 'string') fields = src.split('.');
  else fields = src as string[];
  return `VALUE:${variantPath(fields)}`;
}

const FILENAME_SEGMENT = (n: number) => `SPLIT_PART(METADATA$FILENAME, '/', ${n})`;

/**
 * Folder level `segment` below the table location is part number depth+segment of METADATA$FILENAME, which is
 * the path within the bucket/container (not relative to the stage).
 */
function partitionExpression(p: PartitionInput, depth: number): { type: string; expr: string } {
  const part = (segment: number) => {
    const raw = FILENAME_SEGMENT(depth + segment);
    return p.hive ? `SPLIT_PART(${raw}, '=', 2)` : raw;
  };
  if (p.date_segments !== undefined) {
    const d = p.date_segments;
    return {
      type: 'DATE',
      expr: `TO_DATE(${part(d.year)} || '-' || ${part(d.month)} || '-' || ${part(d.day)}, 'YYYY-MM-DD')`,
    };
  }
  const type = p.type === undefined ? 'VARCHAR' : typeOf(p.type).sql;
  return { type, expr: `${part(p.segment as number)}::${type}` };
}

export function generateExternalTable(input: unknown): GeneratedDdl {
  const what = 'GENERATE_EXTERNAL_TABLE_DDL';
  const v = validate(externalTableSchema, input, what);
  return emitting(what, () => emit(v));
}

function emit(v: ExternalTableInput): GeneratedDdl {
  const location = (parseCloudUrl(v.location) as { ok: true; location: CloudLocation }).location;
  const tablePath = v.path === undefined ? [] : (stagePathSegments(v.path) ?? []);
  const name = objectName(v, defaultExternalTableName(location, tablePath));
  const stage = referenceName(v.stage, defaultStageName(location), name);
  const format = referenceName(v.file_format, defaultFileFormatName(location, v.format_type), name);
  const depth = pathDepth(location) + tablePath.length;

  const columnLines = (v.columns ?? []).map((col, i) => {
    const type = typeOf(col.type).sql;
    return `${identifier(col.name).sql} ${type} AS (${valueExpression(col, i, v.format_type)}::${type})`;
  });
  const partitions = v.partitions ?? [];
  for (const p of partitions) {
    const { type, expr } = partitionExpression(p, depth);
    columnLines.push(`${identifier(p.name).sql} ${type} AS (${expr})`);
  }
  const head = createLine({
    orReplace: v.or_replace,
    ifNotExists: v.if_not_exists,
    objectType: 'EXTERNAL TABLE',
    name: name.sql,
  });
  const first =
    columnLines.length === 0 ? head : `${head} (\n${columnLines.map((l) => `  ${l}`).join(',\n')}\n)`;

  const provider = location.provider;
  const s3 = provider.startsWith('S3');
  const autoRefresh = v.auto_refresh ?? (s3 || v.notification_integration !== undefined);
  const lines: string[] = [];
  if (v.notification_integration !== undefined) {
    lines.push(`INTEGRATION = ${quoteString(identifier(v.notification_integration).sql)}`);
  }
  if (partitions.length > 0)
    lines.push(`PARTITION BY (${partitions.map((p) => identifier(p.name).sql).join(', ')})`);
  lines.push(`LOCATION = ${stageReference(stage, v.path)}`);
  lines.push(`REFRESH_ON_CREATE = ${bool(v.refresh_on_create ?? true)}`);
  lines.push(`AUTO_REFRESH = ${bool(autoRefresh)}`);
  if (v.pattern !== undefined) lines.push(`PATTERN = ${quoteString(v.pattern)}`);
  lines.push(`FILE_FORMAT = (FORMAT_NAME = ${quoteString(format.sql)})`);
  if (v.aws_sns_topic !== undefined) lines.push(`AWS_SNS_TOPIC = ${quoteString(v.aws_sns_topic)}`);
  if (v.comment !== undefined) lines.push(`COMMENT = ${quoteString(v.comment)}`);

  const warnings: string[] = [];
  if (autoRefresh && s3 && v.aws_sns_topic === undefined) {
    warnings.push(
      `AUTO_REFRESH on S3 needs an S3 event notification (ObjectCreated, ObjectRemoved) to the SQS queue in SHOW EXTERNAL TABLES → notification_channel; then run ALTER EXTERNAL TABLE ${name.sql} REFRESH once.`,
    );
  }
  if (autoRefresh && !s3 && v.notification_integration === undefined) {
    warnings.push(
      `AUTO_REFRESH on ${provider} needs a notification integration (notification_integration); without it the table is not refreshed.`,
    );
  }
  if (!autoRefresh)
    warnings.push(`AUTO_REFRESH is off: run ALTER EXTERNAL TABLE ${name.sql} REFRESH to pick up new files.`);
  if (v.or_replace)
    warnings.push('OR REPLACE drops and recreates the external table; grants on it are lost.');
  const ddl = renderStatement(first, lines);
  return { ddl, kind: 'EXTERNAL_TABLE', name: name.sql, warnings };
}

export function runExternalTable(input: unknown): GeneratorResult {
  return toResult(() => generateExternalTable(input));
}
