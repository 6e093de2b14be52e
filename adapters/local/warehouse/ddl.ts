/**
 * CREATE of the four object kinds, with the checks Snowflake makes: referenced integration / file format / stage
 * exist, the stage URL matches the integration's provider and lies inside its allowed and outside its blocked
 * locations, and a name clash without OR REPLACE / IF NOT EXISTS is 002002.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  type CreateStatement,
  type ExternalTableStatement,
  type FileFormatRef,
  type FileFormatStatement,
  getOption,
  nameToString,
  type ObjectName,
  type Option,
  type OptionValue,
  type StageStatement,
  type StorageIntegrationStatement,
  valueText,
} from '../../../procedures/parser/ast.js';
import { locationCovers } from '../../../procedures/schemas/locations.js';
import { DuckSession } from './duck.js';
import { duckIdentifier, duckSchemaName } from './duckQuote.js';
import {
  alreadyExists,
  compilationError,
  doesNotExist,
  integrationDisabled,
  locationNotAllowed,
  providerMismatch,
} from './errors.js';
import { dropExternalTable, materializeExternalTable } from './externalTable.js';
import {
  type CatalogEntry,
  type CatalogKind,
  type ExternalTableDef,
  type FileFormatDef,
  type FormatRef,
  getEntry,
  type IntegrationDef,
  type PlainOption,
  putEntry,
  type QualifiedName,
  type StageDef,
} from './objectCatalog.js';
import { locationMatches, parseCloudUrl } from './storage.js';
import type { SnowflakeTranslator } from './translate.js';

export interface EngineContext {
  conn: DuckDBConnection;
  database: string;
  schema: string;
  storageDir: string;
  owner: string;
  translator: SnowflakeTranslator;
}

export function qualify(
  ctx: { database: string; schema: string },
  name: ObjectName | string[],
): QualifiedName {
  const parts = Array.isArray(name) ? name : name.parts;
  if (parts.length >= 3)
    return { database: parts[0] as string, schema: parts[1] as string, name: parts[2] as string };
  if (parts.length === 2)
    return { database: ctx.database, schema: parts[0] as string, name: parts[1] as string };
  return { database: ctx.database, schema: ctx.schema, name: parts[0] as string };
}

export function qualifiedText(q: QualifiedName): string {
  return `${q.database}.${q.schema}.${q.name}`;
}

function plainOption(v: OptionValue): PlainOption {
  if (v.type === 'list') return v.items.map((i) => valueText(i) ?? '');
  if (v.type === 'identifier') return nameToString(v.name);
  if (v.type === 'options')
    return JSON.stringify(Object.fromEntries(v.options.map((o) => [o.key, plainOption(o.value)])));
  return valueText(v) ?? '';
}

function plainOptions(options: readonly Option[], skip: readonly string[] = []): Record<string, PlainOption> {
  const out: Record<string, PlainOption> = {};
  for (const o of options) if (!skip.includes(o.key)) out[o.key] = plainOption(o.value);
  return out;
}

function optText(options: readonly Option[], key: string): string | null {
  const o = getOption({ options }, key);
  return o ? (valueText(o.value) ?? null) : null;
}

interface DdlResult {
  status: string;
}

const KIND_LABEL: Record<CatalogKind, string> = {
  INTEGRATION: 'Integration',
  FILE_FORMAT: 'File format',
  STAGE: 'Stage area',
  EXTERNAL_TABLE: 'Table',
};

/** Existing object handling shared by the four kinds. Returns a result when the statement is a no-op. */
async function checkClash(
  ctx: EngineContext,
  stmt: CreateStatement,
  kind: CatalogKind,
  q: QualifiedName,
): Promise<DdlResult | undefined> {
  const existing = await getEntry(ctx.conn, kind, q.database, q.schema, q.name);
  let clash = existing !== undefined;
  if (!clash && kind === 'EXTERNAL_TABLE') clash = await regularTableExists(ctx.conn, q);
  if (!clash) return undefined;
  if (stmt.ifNotExists) return { status: `${q.name} already exists, statement succeeded.` };
  if (stmt.orReplace || stmt.orAlter) return undefined;
  throw alreadyExists(q.name);
}

async function regularTableExists(conn: DuckDBConnection, q: QualifiedName): Promise<boolean> {
  const r = await DuckSession.run(
    conn,
    `SELECT count(*) AS N FROM duckdb_tables() WHERE schema_name = ? AND table_name = ? AND NOT internal`,
    [duckSchemaName(q.database, q.schema), q.name],
  );
  return Number(r.rows[0]?.N ?? 0) > 0;
}

function entry<D extends IntegrationDef | FileFormatDef | StageDef | ExternalTableDef>(
  ctx: EngineContext,
  kind: CatalogKind,
  q: QualifiedName,
  def: D,
): CatalogEntry<D> {
  return {
    kind,
    database: q.database,
    schema: q.schema,
    name: q.name,
    createdOn: new Date(),
    owner: ctx.owner,
    def,
  };
}

async function ensureSchema(ctx: EngineContext, q: QualifiedName): Promise<void> {
  await DuckSession.run(
    ctx.conn,
    `CREATE SCHEMA IF NOT EXISTS ${duckIdentifier(duckSchemaName(q.database, q.schema))}`,
  );
}

async function createIntegration(ctx: EngineContext, stmt: StorageIntegrationStatement): Promise<DdlResult> {
  if (stmt.name.parts.length !== 1)
    throw compilationError(`Invalid integration name '${stmt.name.text}'.`, '002040');
  const q: QualifiedName = { database: '', schema: '', name: stmt.name.parts[0] as string };
  const noop = await checkClash(ctx, stmt, 'INTEGRATION', q);
  if (noop) return noop;
  for (const loc of [...stmt.allowedLocations, ...stmt.blockedLocations]) {
    if (loc.trim() === '*') continue;
    const parsed = parseCloudUrl(loc);
    if (!parsed || parsed.provider !== stmt.provider) throw providerMismatch(loc, q.name, stmt.provider);
  }
  const def: IntegrationDef = {
    provider: stmt.provider,
    enabled: stmt.enabled,
    allowedLocations: stmt.allowedLocations,
    blockedLocations: stmt.blockedLocations,
    comment: optText(stmt.options, 'COMMENT'),
    options: plainOptions(stmt.options, [
      'TYPE',
      'STORAGE_PROVIDER',
      'ENABLED',
      'STORAGE_ALLOWED_LOCATIONS',
      'STORAGE_BLOCKED_LOCATIONS',
      'COMMENT',
    ]),
  };
  await putEntry(ctx.conn, entry(ctx, 'INTEGRATION', q, def));
  return { status: `Integration ${q.name} successfully created.` };
}

function formatDefFromOptions(type: string, options: readonly Option[]): FileFormatDef {
  return { type, options: plainOptions(options, ['TYPE', 'COMMENT']), comment: optText(options, 'COMMENT') };
}

async function createFileFormat(ctx: EngineContext, stmt: FileFormatStatement): Promise<DdlResult> {
  const q = qualify(ctx, stmt.name);
  const noop = await checkClash(ctx, stmt, 'FILE_FORMAT', q);
  if (noop) return noop;
  await ensureSchema(ctx, q);
  await putEntry(ctx.conn, entry(ctx, 'FILE_FORMAT', q, formatDefFromOptions(stmt.formatType, stmt.options)));
  return { status: `File format ${q.name} successfully created.` };
}

/** Resolves a FILE_FORMAT reference, checking that a named format exists. */
async function formatRef(ctx: EngineContext, ref: FileFormatRef): Promise<FormatRef> {
  if (ref.form === 'inline') return { kind: 'inline', format: formatDefFromOptions(ref.type, ref.options) };
  const q = qualify(ctx, ref.name);
  const found = await getEntry(ctx.conn, 'FILE_FORMAT', q.database, q.schema, q.name);
  if (!found) throw doesNotExist('File format', qualifiedText(q));
  return { kind: 'named', ref: q };
}

export async function resolveFormat(ctx: EngineContext, ref: FormatRef): Promise<FileFormatDef> {
  if (ref.kind === 'inline') return ref.format;
  const found = await getEntry<FileFormatDef>(
    ctx.conn,
    'FILE_FORMAT',
    ref.ref.database,
    ref.ref.schema,
    ref.ref.name,
  );
  if (!found) throw doesNotExist('File format', qualifiedText(ref.ref));
  return found.def;
}

/** The integration checks Snowflake applies to a stage URL. */
export async function checkStageLocation(
  ctx: EngineContext,
  url: string,
  integrationName: string,
): Promise<void> {
  const integration = await getEntry<IntegrationDef>(ctx.conn, 'INTEGRATION', '', '', integrationName);
  if (!integration) throw doesNotExist('Integration', integrationName);
  const def = integration.def;
  const loc = parseCloudUrl(url);
  if (!loc || loc.provider !== def.provider) throw providerMismatch(url, integrationName, def.provider);
  if (!def.enabled) throw integrationDisabled(integrationName);
  // Allowed locations match at folder boundaries (stricter than Snowflake's plain prefix); blocked ones as a prefix.
  const allowed = def.allowedLocations.some((p) => locationCovers(url, p));
  const blocked = def.blockedLocations.some((p) => locationMatches(url, p));
  if (!allowed || blocked) throw locationNotAllowed(url, integrationName);
}

async function createStage(ctx: EngineContext, stmt: StageStatement): Promise<DdlResult> {
  const q = qualify(ctx, stmt.name);
  const noop = await checkClash(ctx, stmt, 'STAGE', q);
  if (noop) return noop;
  const url = stmt.url ?? null;
  if (url !== null && !parseCloudUrl(url)) {
    throw compilationError(`invalid value '${url}' for property 'URL'`, '002140');
  }
  let integration: string | null = null;
  if (stmt.storageIntegration) {
    if (stmt.storageIntegration.parts.length !== 1) {
      throw doesNotExist('Integration', stmt.storageIntegration.text);
    }
    integration = stmt.storageIntegration.parts[0] as string;
    if (url === null) throw compilationError('STORAGE_INTEGRATION requires an external stage URL.', '002140');
    await checkStageLocation(ctx, url, integration);
  }
  const fileFormat = stmt.fileFormat ? await formatRef(ctx, stmt.fileFormat) : null;
  const directory = getOption(stmt, 'DIRECTORY');
  const directoryEnabled =
    directory?.value.type === 'options' &&
    directory.value.options.some((o) => o.key === 'ENABLE' && valueText(o.value) === 'TRUE');
  const def: StageDef = {
    url,
    storageIntegration: integration,
    fileFormat,
    hasCredentials: getOption(stmt, 'CREDENTIALS') !== undefined,
    hasEncryptionKey: getOption(stmt, 'ENCRYPTION') !== undefined,
    directoryEnabled,
    comment: optText(stmt.options, 'COMMENT'),
    options: plainOptions(stmt.options, [
      'URL',
      'STORAGE_INTEGRATION',
      'FILE_FORMAT',
      'CREDENTIALS',
      'COMMENT',
    ]),
  };
  await ensureSchema(ctx, q);
  await putEntry(ctx.conn, entry(ctx, 'STAGE', q, def));
  return { status: `Stage area ${q.name} successfully created.` };
}

/** The stage an external table reads, re-checked against its integration (it may have changed since). */
export async function stageForTable(ctx: EngineContext, stageName: QualifiedName): Promise<StageDef> {
  const stage = await getEntry<StageDef>(
    ctx.conn,
    'STAGE',
    stageName.database,
    stageName.schema,
    stageName.name,
  );
  if (!stage) throw doesNotExist('Stage', qualifiedText(stageName));
  if (stage.def.url === null) {
    throw compilationError(
      'External tables need an external stage; internal stages are not supported.',
      '002140',
    );
  }
  if (stage.def.storageIntegration)
    await checkStageLocation(ctx, stage.def.url, stage.def.storageIntegration);
  return stage.def;
}

async function createExternalTable(ctx: EngineContext, stmt: ExternalTableStatement): Promise<DdlResult> {
  const q = qualify(ctx, stmt.name);
  const noop = await checkClash(ctx, stmt, 'EXTERNAL_TABLE', q);
  if (noop) return noop;
  if (await regularTableExists(ctx.conn, q)) throw alreadyExists(q.name);
  const stageName = qualify(ctx, stmt.location.stage);
  const stage = await stageForTable(ctx, stageName);
  const fileFormat = await formatRef(ctx, stmt.fileFormat);
  const format = await resolveFormat(ctx, fileFormat);
  if (format.type === 'XML')
    throw compilationError('XML file format is not supported for external tables.', '002140');
  const bool = (key: string, dflt: boolean): boolean => {
    const v = optText(stmt.options, key);
    return v === null ? dflt : v.toUpperCase() === 'TRUE';
  };
  const def: ExternalTableDef = {
    columns: stmt.columns.map((c) => ({ name: c.name.parts[0] as string, type: c.type, expr: c.expr })),
    partitionBy: stmt.partitionBy.map((p) => p.parts[p.parts.length - 1] as string),
    stage: stageName,
    path: stmt.location.path,
    pattern: optText(stmt.options, 'PATTERN'),
    fileFormat,
    autoRefresh: bool('AUTO_REFRESH', true),
    refreshOnCreate: bool('REFRESH_ON_CREATE', true),
    comment: optText(stmt.options, 'COMMENT'),
    lastRefreshedOn: null,
  };
  await ensureSchema(ctx, q);
  await dropExternalTable(ctx.conn, q);
  await materializeExternalTable(ctx.conn, {
    table: q,
    def,
    stageUrl: stage.url as string,
    format,
    storageDir: ctx.storageDir,
    translator: ctx.translator,
    readFiles: def.refreshOnCreate,
  });
  if (def.refreshOnCreate) def.lastRefreshedOn = new Date().toISOString();
  await putEntry(ctx.conn, entry(ctx, 'EXTERNAL_TABLE', q, def));
  return { status: `Table ${q.name} successfully created.` };
}

export async function runCreate(ctx: EngineContext, stmt: CreateStatement): Promise<DdlResult> {
  switch (stmt.kind) {
    case 'STORAGE_INTEGRATION':
      return createIntegration(ctx, stmt);
    case 'FILE_FORMAT':
      return createFileFormat(ctx, stmt);
    case 'STAGE':
      return createStage(ctx, stmt);
    case 'EXTERNAL_TABLE':
      return createExternalTable(ctx, stmt);
  }
}

export { KIND_LABEL };
