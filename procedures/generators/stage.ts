import { defaultFileFormatName, defaultIntegrationName, defaultStageName } from '../defaultNames.js';
import { type GeneratedDdl, type GeneratorResult, toResult } from '../result.js';
import { type CloudLocation, parseCloudUrl } from '../schemas/locations.js';
import { type StageInput, stageSchema } from '../schemas/stage.js';
import { identifier } from '../sql/identifiers.js';
import { quoteString } from '../sql/literals.js';
import { objectName, referenceName } from './objectName.js';
import { bool, createLine, renderStatement } from './render.js';
import { emitting, validate } from './validate.js';

export function generateStage(input: unknown): GeneratedDdl {
  const what = 'GENERATE_EXTERNAL_STAGE_DDL';
  const v = validate(stageSchema, input, what);
  return emitting(what, () => emit(v));
}

function emit(v: StageInput): GeneratedDdl {
  const location = (parseCloudUrl(v.url) as { ok: true; location: CloudLocation }).location;
  const name = objectName(v, defaultStageName(location));
  const integration = identifier(
    v.storage_integration ?? defaultIntegrationName(location, location.provider),
  ).sql;
  const lines = [`URL = ${quoteString(v.url)}`, `STORAGE_INTEGRATION = ${integration}`];
  const dir = v.directory;
  if (dir) {
    const parts = [`ENABLE = ${bool(dir.enable)}`];
    if (dir.refresh_on_create !== undefined) parts.push(`REFRESH_ON_CREATE = ${bool(dir.refresh_on_create)}`);
    if (dir.auto_refresh !== undefined) parts.push(`AUTO_REFRESH = ${bool(dir.auto_refresh)}`);
    if (dir.notification_integration !== undefined) {
      parts.push(`NOTIFICATION_INTEGRATION = ${quoteString(identifier(dir.notification_integration).sql)}`);
    }
    lines.push(`DIRECTORY = (${parts.join(' ')})`);
  }
  if (v.file_format !== undefined || v.format_type !== undefined) {
    const fallback = defaultFileFormatName(location, v.format_type ?? 'CSV');
    const format = referenceName(v.file_format, fallback, name);
    lines.push(`FILE_FORMAT = (FORMAT_NAME = ${quoteString(format.sql)})`);
  }
  if (v.comment !== undefined) lines.push(`COMMENT = ${quoteString(v.comment)}`);
  const ddl = renderStatement(
    createLine({
      orReplace: v.or_replace,
      ifNotExists: v.if_not_exists,
      objectType: 'STAGE',
      name: name.sql,
    }),
    lines,
  );
  const warnings: string[] = [];
  if (dir?.auto_refresh && location.provider.startsWith('S3')) {
    warnings.push(
      'Directory AUTO_REFRESH on S3 needs an S3 event notification to the SQS queue shown by DESC STAGE (DIRECTORY_NOTIFICATION_CHANNEL).',
    );
  }
  return { ddl, kind: 'STAGE', name: name.sql, warnings };
}

export function runStage(input: unknown): GeneratorResult {
  return toResult(() => generateStage(input));
}
