/**
 * SHOW / DESC / DROP / ALTER EXTERNAL TABLE … REFRESH / LIST for the four object kinds, answering with the
 * column names Snowflake uses (lower-case, as SHOW and DESC output is named).
 */
import { createHash } from 'node:crypto';
import {
  type CatalogEntry,
  type CatalogKind,
  deleteEntry,
  type ExternalTableDef,
  type FileFormatDef,
  type FormatRef,
  getEntry,
  type IntegrationDef,
  listEntries,
  putEntry,
  type QualifiedName,
  type StageDef,
} from './catalog.js';
import {
  checkStageLocation,
  type EngineContext,
  qualifiedText,
  qualify,
  resolveFormat,
  stageForTable,
} from './ddl.js';
import { doesNotExist, syntaxError, unsupportedLocally } from './errors.js';
import { dropExternalTable, materializeExternalTable, patternMatches } from './externalTable.js';
import { identValue, isOp, isWord, type Token } from './sqlLexer.js';
import { httpDate, joinUrl, listFiles, parseCloudUrl } from './storage.js';

export interface CommandResult {
  columns: string[];
  rows: Record<string, unknown>[];
}

/** Clearly-marked local stand-ins for the values a real integration issues for the cloud-side trust setup. */
export const LOCAL_STANDIN = {
  awsIamUserArn: 'arn:aws:iam::000000000000:user/local-emulation-dea',
  gcpServiceAccount: 'local-emulation@dea-local-emulation.iam.gserviceaccount.com',
  azureAppName: 'local-emulation-dea_1700000000000',
  sqsChannel: 'arn:aws:sqs:local-emulation:000000000000:sf-snowpipe-local-emulation',
};

export function awsExternalIdFor(entry: CatalogEntry<IntegrationDef>): string {
  const given = entry.def.options.STORAGE_AWS_EXTERNAL_ID;
  if (typeof given === 'string' && given !== '') return given;
  // Stable per integration and changes on OR REPLACE, as Snowflake's generated external id does.
  const h = createHash('sha256')
    .update(`${entry.name}|${entry.createdOn.toISOString()}`)
    .digest('hex')
    .slice(0, 24);
  return `LOCAL_EMULATION_SFCRole=1_${h}`;
}

function fail(tokens: Token[], i: number): never {
  const t = tokens[i];
  throw syntaxError(1, t?.offset ?? 0, t?.text ?? '<EOF>');
}

/** Reads a possibly qualified name at `i`. */
function readName(tokens: Token[], i: number): { parts: string[]; next: number } {
  const parts: string[] = [];
  let j = i;
  for (;;) {
    const t = tokens[j];
    if (!t || (t.type !== 'word' && t.type !== 'qident')) fail(tokens, j);
    parts.push(identValue(t));
    j++;
    if (isOp(tokens[j], '.')) j++;
    else break;
  }
  return { parts, next: j };
}

/** Maps the words after SHOW/DESC/DROP to a catalog kind. Returns the index after the kind words. */
function readKind(
  tokens: Token[],
  i: number,
  plural: boolean,
): { kind: CatalogKind; next: number } | undefined {
  const w = (k: number): string | undefined => (tokens[k]?.type === 'word' ? tokens[k]?.value : undefined);
  const s = plural ? 'S' : '';
  if (w(i) === `INTEGRATION${s}`) return { kind: 'INTEGRATION', next: i + 1 };
  if (w(i) === 'STORAGE' && w(i + 1) === `INTEGRATION${s}`) return { kind: 'INTEGRATION', next: i + 2 };
  if (w(i) === 'FILE' && w(i + 1) === `FORMAT${s}`) return { kind: 'FILE_FORMAT', next: i + 2 };
  if (w(i) === `STAGE${s}`) return { kind: 'STAGE', next: i + 1 };
  if (w(i) === 'EXTERNAL' && w(i + 1) === `TABLE${s}`) return { kind: 'EXTERNAL_TABLE', next: i + 2 };
  return undefined;
}

function likeToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${body}$`, 'is');
}

function cloudOf(url: string | null): string | null {
  const loc = url ? parseCloudUrl(url) : undefined;
  if (!loc) return null;
  return loc.provider === 'GCS' ? 'GCP' : loc.provider === 'AZURE' ? 'AZURE' : 'AWS';
}

function formatName(ref: FormatRef | null): string | null {
  return ref?.kind === 'named' ? qualifiedText(ref.ref) : null;
}

// ------------------------------------------------------------------ SHOW

const SHOW_COLUMNS: Record<CatalogKind, string[]> = {
  INTEGRATION: ['name', 'type', 'category', 'enabled', 'comment', 'created_on'],
  FILE_FORMAT: [
    'created_on',
    'name',
    'database_name',
    'schema_name',
    'type',
    'owner',
    'comment',
    'format_options',
    'owner_role_type',
  ],
  STAGE: [
    'created_on',
    'name',
    'database_name',
    'schema_name',
    'url',
    'has_credentials',
    'has_encryption_key',
    'owner',
    'comment',
    'region',
    'type',
    'cloud',
    'notification_channel',
    'storage_integration',
    'endpoint',
    'owner_role_type',
    'directory_enabled',
  ],
  EXTERNAL_TABLE: [
    'created_on',
    'name',
    'database_name',
    'schema_name',
    'invalid',
    'invalid_reason',
    'owner',
    'comment',
    'stage',
    'location',
    'file_format_name',
    'file_format_type',
    'cloud',
    'region',
    'notification_channel',
    'last_refreshed_on',
    'table_format',
    'last_refresh_details',
    'owner_role_type',
  ],
};

async function showRow(ctx: EngineContext, e: CatalogEntry): Promise<Record<string, unknown>> {
  switch (e.kind) {
    case 'INTEGRATION': {
      const d = e.def as IntegrationDef;
      return {
        name: e.name,
        type: 'EXTERNAL_STAGE',
        category: 'STORAGE',
        enabled: d.enabled,
        comment: d.comment,
        created_on: e.createdOn,
      };
    }
    case 'FILE_FORMAT': {
      const d = e.def as FileFormatDef;
      return {
        created_on: e.createdOn,
        name: e.name,
        database_name: e.database,
        schema_name: e.schema,
        type: d.type,
        owner: e.owner,
        comment: d.comment ?? '',
        format_options: JSON.stringify({ TYPE: d.type, ...d.options }),
        owner_role_type: 'ROLE',
      };
    }
    case 'STAGE': {
      const d = e.def as StageDef;
      return {
        created_on: e.createdOn,
        name: e.name,
        database_name: e.database,
        schema_name: e.schema,
        url: d.url ?? '',
        has_credentials: d.hasCredentials ? 'Y' : 'N',
        has_encryption_key: d.hasEncryptionKey ? 'Y' : 'N',
        owner: e.owner,
        comment: d.comment ?? '',
        region: null,
        type: d.url ? 'EXTERNAL' : 'INTERNAL',
        cloud: cloudOf(d.url),
        notification_channel: null,
        storage_integration: d.storageIntegration,
        endpoint: null,
        owner_role_type: 'ROLE',
        directory_enabled: d.directoryEnabled ? 'Y' : 'N',
      };
    }
    case 'EXTERNAL_TABLE': {
      const d = e.def as ExternalTableDef;
      const stage = await getEntry<StageDef>(
        ctx.conn,
        'STAGE',
        d.stage.database,
        d.stage.schema,
        d.stage.name,
      );
      let formatType: string | null = null;
      try {
        formatType = (await resolveFormat(ctx, d.fileFormat)).type;
      } catch {
        formatType = null;
      }
      const url = stage?.def.url ? joinUrl(stage.def.url, d.path) : null;
      const cloud = cloudOf(stage?.def.url ?? null);
      return {
        created_on: e.createdOn,
        name: e.name,
        database_name: e.database,
        schema_name: e.schema,
        invalid: stage === undefined,
        invalid_reason: stage === undefined ? `Stage ${qualifiedText(d.stage)} was dropped.` : null,
        owner: e.owner,
        comment: d.comment ?? '',
        stage: qualifiedText(d.stage),
        location: url,
        file_format_name: formatName(d.fileFormat),
        file_format_type: formatType,
        cloud,
        region: null,
        notification_channel: d.autoRefresh && cloud === 'AWS' ? LOCAL_STANDIN.sqsChannel : null,
        last_refreshed_on: d.lastRefreshedOn ? new Date(d.lastRefreshedOn) : null,
        table_format: 'NATIVE',
        last_refresh_details: null,
        owner_role_type: 'ROLE',
      };
    }
  }
}

export async function show(ctx: EngineContext, tokens: Token[]): Promise<CommandResult> {
  let i = 1;
  if (isWord(tokens[i], 'TERSE')) i++;
  const k = readKind(tokens, i, true);
  if (!k) fail(tokens, i);
  i = k.next;
  let like: RegExp | undefined;
  if (isWord(tokens[i], 'LIKE')) {
    const p = tokens[i + 1];
    if (p?.type !== 'string') fail(tokens, i + 1);
    like = likeToRegExp(p.value);
    i += 2;
  }
  let scope: { database?: string; schema?: string } = { database: ctx.database };
  if (isWord(tokens[i], 'IN')) {
    i++;
    if (isWord(tokens[i], 'ACCOUNT')) {
      scope = {};
      i++;
    } else if (isWord(tokens[i], 'DATABASE')) {
      i++;
      if (i < tokens.length && !isWord(tokens[i], 'STARTS', 'LIMIT')) {
        const n = readName(tokens, i);
        scope = { database: n.parts[0] as string };
        i = n.next;
      }
    } else {
      if (isWord(tokens[i], 'SCHEMA')) i++;
      if (i < tokens.length) {
        const n = readName(tokens, i);
        scope =
          n.parts.length >= 2
            ? { database: n.parts[0] as string, schema: n.parts[1] as string }
            : { database: ctx.database, schema: n.parts[0] as string };
        i = n.next;
      } else scope = { database: ctx.database, schema: ctx.schema };
    }
  }
  if (i < tokens.length) fail(tokens, i);
  const entries = await listEntries(ctx.conn, k.kind, k.kind === 'INTEGRATION' ? {} : scope);
  const rows: Record<string, unknown>[] = [];
  for (const e of entries) if (!like || like.test(e.name)) rows.push(await showRow(ctx, e));
  return { columns: SHOW_COLUMNS[k.kind], rows };
}

// ------------------------------------------------------------------ DESC

function prop(property: string, type: string, value: unknown, dflt: unknown): Record<string, unknown> {
  return {
    property,
    property_type: type,
    property_value: value === null || value === undefined ? '' : String(value),
    property_default: dflt === null || dflt === undefined ? '' : String(dflt),
  };
}

function describeIntegration(e: CatalogEntry<IntegrationDef>): CommandResult {
  const d = e.def;
  const opt = (k: string): string => {
    const v = d.options[k];
    return v === undefined ? '' : Array.isArray(v) ? v.join(',') : v;
  };
  const rows = [
    prop('ENABLED', 'Boolean', d.enabled, false),
    prop('STORAGE_PROVIDER', 'String', d.provider, ''),
    prop('STORAGE_ALLOWED_LOCATIONS', 'List', d.allowedLocations.join(','), '[]'),
    prop('STORAGE_BLOCKED_LOCATIONS', 'List', d.blockedLocations.join(','), '[]'),
  ];
  if (d.provider.startsWith('S3')) {
    rows.push(
      prop('STORAGE_AWS_IAM_USER_ARN', 'String', LOCAL_STANDIN.awsIamUserArn, ''),
      prop('STORAGE_AWS_ROLE_ARN', 'String', opt('STORAGE_AWS_ROLE_ARN'), ''),
      prop('STORAGE_AWS_EXTERNAL_ID', 'String', awsExternalIdFor(e), ''),
      prop('STORAGE_AWS_OBJECT_ACL', 'String', opt('STORAGE_AWS_OBJECT_ACL'), ''),
    );
  } else if (d.provider === 'GCS') {
    rows.push(prop('STORAGE_GCP_SERVICE_ACCOUNT', 'String', LOCAL_STANDIN.gcpServiceAccount, ''));
  } else if (d.provider === 'AZURE') {
    const tenant = opt('AZURE_TENANT_ID');
    rows.push(
      prop('AZURE_TENANT_ID', 'String', tenant, ''),
      prop(
        'AZURE_CONSENT_URL',
        'String',
        `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/oauth2/authorize?client_id=local-emulation-not-a-real-app&response_type=code`,
        '',
      ),
      prop('AZURE_MULTI_TENANT_APP_NAME', 'String', LOCAL_STANDIN.azureAppName, ''),
    );
  }
  rows.push(
    prop('USE_PRIVATELINK_ENDPOINT', 'Boolean', opt('USE_PRIVATELINK_ENDPOINT') || 'false', false),
    prop('COMMENT', 'String', d.comment ?? '', ''),
  );
  return { columns: ['property', 'property_type', 'property_value', 'property_default'], rows };
}

const FORMAT_DEFAULTS: Record<string, [string, string, string][]> = {
  CSV: [
    ['RECORD_DELIMITER', 'String', '\\n'],
    ['FIELD_DELIMITER', 'String', ','],
    ['FILE_EXTENSION', 'String', ''],
    ['SKIP_HEADER', 'Integer', '0'],
    ['PARSE_HEADER', 'Boolean', 'false'],
    ['DATE_FORMAT', 'String', 'AUTO'],
    ['TIME_FORMAT', 'String', 'AUTO'],
    ['TIMESTAMP_FORMAT', 'String', 'AUTO'],
    ['ESCAPE', 'String', 'NONE'],
    ['ESCAPE_UNENCLOSED_FIELD', 'String', '\\\\'],
    ['TRIM_SPACE', 'Boolean', 'false'],
    ['FIELD_OPTIONALLY_ENCLOSED_BY', 'String', 'NONE'],
    ['NULL_IF', 'List', '[\\\\N]'],
    ['COMPRESSION', 'String', 'AUTO'],
    ['ERROR_ON_COLUMN_COUNT_MISMATCH', 'Boolean', 'true'],
    ['SKIP_BLANK_LINES', 'Boolean', 'false'],
    ['EMPTY_FIELD_AS_NULL', 'Boolean', 'true'],
    ['ENCODING', 'String', 'UTF8'],
  ],
  JSON: [
    ['FILE_EXTENSION', 'String', ''],
    ['DATE_FORMAT', 'String', 'AUTO'],
    ['TIME_FORMAT', 'String', 'AUTO'],
    ['TIMESTAMP_FORMAT', 'String', 'AUTO'],
    ['TRIM_SPACE', 'Boolean', 'false'],
    ['NULL_IF', 'List', '[]'],
    ['COMPRESSION', 'String', 'AUTO'],
    ['ENABLE_OCTAL', 'Boolean', 'false'],
    ['ALLOW_DUPLICATE', 'Boolean', 'false'],
    ['STRIP_OUTER_ARRAY', 'Boolean', 'false'],
    ['STRIP_NULL_VALUES', 'Boolean', 'false'],
    ['IGNORE_UTF8_ERRORS', 'Boolean', 'false'],
    ['REPLACE_INVALID_CHARACTERS', 'Boolean', 'false'],
  ],
  PARQUET: [
    ['COMPRESSION', 'String', 'AUTO'],
    ['BINARY_AS_TEXT', 'Boolean', 'true'],
    ['TRIM_SPACE', 'Boolean', 'false'],
    ['NULL_IF', 'List', '[]'],
    ['REPLACE_INVALID_CHARACTERS', 'Boolean', 'false'],
  ],
  AVRO: [
    ['COMPRESSION', 'String', 'AUTO'],
    ['TRIM_SPACE', 'Boolean', 'false'],
    ['NULL_IF', 'List', '[]'],
  ],
  ORC: [
    ['TRIM_SPACE', 'Boolean', 'false'],
    ['NULL_IF', 'List', '[]'],
  ],
  XML: [['COMPRESSION', 'String', 'AUTO']],
};

function formatRows(d: FileFormatDef, parent?: string): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  const add = (r: Record<string, unknown>): void => {
    rows.push(parent === undefined ? r : { parent_property: parent, ...r });
  };
  add(prop('TYPE', 'String', d.type, 'CSV'));
  const seen = new Set<string>();
  for (const [k, type, dflt] of FORMAT_DEFAULTS[d.type] ?? []) {
    const v = d.options[k];
    const value = v === undefined ? dflt : Array.isArray(v) ? `[${v.join(', ')}]` : v;
    add(prop(k, type, value, dflt));
    seen.add(k);
  }
  for (const [k, v] of Object.entries(d.options)) {
    if (!seen.has(k)) add(prop(k, 'String', Array.isArray(v) ? `[${v.join(', ')}]` : v, ''));
  }
  return rows;
}

async function describeStage(ctx: EngineContext, e: CatalogEntry<StageDef>): Promise<CommandResult> {
  const d = e.def;
  const rows: Record<string, unknown>[] = [];
  const add = (parent: string, r: Record<string, unknown>): void => {
    rows.push({ parent_property: parent, ...r });
  };
  if (d.fileFormat?.kind === 'named')
    add('STAGE_FILE_FORMAT', prop('FORMAT_NAME', 'String', qualifiedText(d.fileFormat.ref), ''));
  else
    rows.push(
      ...formatRows(
        d.fileFormat?.kind === 'inline' ? d.fileFormat.format : { type: 'CSV', options: {}, comment: null },
        'STAGE_FILE_FORMAT',
      ),
    );
  add('STAGE_LOCATION', prop('URL', 'String', d.url ? JSON.stringify([d.url]) : '', ''));
  add('STAGE_INTEGRATION', prop('STORAGE_INTEGRATION', 'String', d.storageIntegration ?? '', ''));
  add('STAGE_CREDENTIALS', prop('AWS_KEY_ID', 'String', '', ''));
  add('DIRECTORY', prop('ENABLE', 'Boolean', d.directoryEnabled, false));
  void ctx;
  return {
    columns: ['parent_property', 'property', 'property_type', 'property_value', 'property_default'],
    rows,
  };
}

/** Snowflake's spelled-out type as DESC shows it. */
function describeType(t: string): string {
  if (/^(NUMBER|DECIMAL|NUMERIC)$/.test(t)) return 'NUMBER(38,0)';
  if (/^(INT|INTEGER|BIGINT|SMALLINT|TINYINT|BYTEINT)$/.test(t)) return 'NUMBER(38,0)';
  if (/^(VARCHAR|STRING|TEXT)$/.test(t)) return 'VARCHAR(16777216)';
  if (/^(FLOAT|DOUBLE|REAL|FLOAT4|FLOAT8)$/.test(t)) return 'FLOAT';
  if (t === 'TIMESTAMP' || t === 'DATETIME') return 'TIMESTAMP_NTZ(9)';
  return t;
}

function describeExternalTable(e: CatalogEntry<ExternalTableDef>): CommandResult {
  const columns = [
    'name',
    'type',
    'kind',
    'null?',
    'default',
    'primary key',
    'unique key',
    'check',
    'expression',
    'comment',
    'policy name',
    'privacy domain',
  ];
  const row = (
    name: string,
    type: string,
    kind: string,
    expression: string | null,
  ): Record<string, unknown> => ({
    name,
    type,
    kind,
    'null?': 'Y',
    default: null,
    'primary key': 'N',
    'unique key': 'N',
    check: null,
    expression,
    comment: null,
    'policy name': null,
    'privacy domain': null,
  });
  const rows = [row('VALUE', 'VARIANT', 'COLUMN', null)];
  for (const c of e.def.columns) rows.push(row(c.name, describeType(c.type), 'VIRTUAL', c.expr));
  return { columns, rows };
}

export async function describe(ctx: EngineContext, tokens: Token[]): Promise<CommandResult> {
  let i = 1;
  const k =
    readKind(tokens, i, false) ??
    (isWord(tokens[i], 'TABLE') ? { kind: 'EXTERNAL_TABLE' as const, next: i + 1 } : undefined);
  if (!k) fail(tokens, i);
  i = k.next;
  if (k.kind === 'EXTERNAL_TABLE' && isWord(tokens[i], 'TYPE')) fail(tokens, i);
  const n = readName(tokens, i);
  if (n.next < tokens.length) fail(tokens, n.next);
  if (k.kind === 'INTEGRATION') {
    const name = n.parts[n.parts.length - 1] as string;
    const e = await getEntry<IntegrationDef>(ctx.conn, 'INTEGRATION', '', '', name);
    if (!e) throw doesNotExist('Integration', name);
    return describeIntegration(e);
  }
  const q = qualify(ctx, n.parts);
  const e = await getEntry(ctx.conn, k.kind, q.database, q.schema, q.name);
  if (!e)
    throw doesNotExist(
      k.kind === 'FILE_FORMAT' ? 'File format' : k.kind === 'STAGE' ? 'Stage' : 'Table',
      qualifiedText(q),
    );
  if (k.kind === 'FILE_FORMAT') {
    return {
      columns: ['property', 'property_type', 'property_value', 'property_default'],
      rows: formatRows(e.def as FileFormatDef),
    };
  }
  if (k.kind === 'STAGE') return describeStage(ctx, e as CatalogEntry<StageDef>);
  return describeExternalTable(e as CatalogEntry<ExternalTableDef>);
}

// ------------------------------------------------------------------ DROP

export async function drop(ctx: EngineContext, tokens: Token[]): Promise<CommandResult> {
  let i = 1;
  const k = readKind(tokens, i, false);
  if (!k) fail(tokens, i);
  i = k.next;
  let ifExists = false;
  if (isWord(tokens[i], 'IF') && isWord(tokens[i + 1], 'EXISTS')) {
    ifExists = true;
    i += 2;
  }
  const n = readName(tokens, i);
  i = n.next;
  if (isWord(tokens[i], 'CASCADE', 'RESTRICT')) i++;
  if (i < tokens.length) fail(tokens, i);
  const q: QualifiedName =
    k.kind === 'INTEGRATION'
      ? { database: '', schema: '', name: n.parts[n.parts.length - 1] as string }
      : qualify(ctx, n.parts);
  const e = await getEntry(ctx.conn, k.kind, q.database, q.schema, q.name);
  if (!e) {
    if (ifExists) return status(`Drop statement executed successfully (${q.name} already dropped).`);
    const label =
      k.kind === 'INTEGRATION'
        ? 'Integration'
        : k.kind === 'FILE_FORMAT'
          ? 'File format'
          : k.kind === 'STAGE'
            ? 'Stage'
            : 'Table';
    throw doesNotExist(label, k.kind === 'INTEGRATION' ? q.name : qualifiedText(q));
  }
  if (k.kind === 'EXTERNAL_TABLE') await dropExternalTable(ctx.conn, q);
  await deleteEntry(ctx.conn, k.kind, q.database, q.schema, q.name);
  return status(`${q.name} successfully dropped.`);
}

export function status(text: string): CommandResult {
  return { columns: ['status'], rows: [{ status: text }] };
}

// ------------------------------------------------------------------ ALTER EXTERNAL TABLE … REFRESH

export async function refreshTable(ctx: EngineContext, q: QualifiedName): Promise<CommandResult> {
  const e = await getEntry<ExternalTableDef>(ctx.conn, 'EXTERNAL_TABLE', q.database, q.schema, q.name);
  if (!e) throw doesNotExist('Table', qualifiedText(q));
  const stage = await stageForTable(ctx, e.def.stage);
  const format = await resolveFormat(ctx, e.def.fileFormat);
  await materializeExternalTable(ctx.conn, {
    table: q,
    def: e.def,
    stageUrl: stage.url as string,
    format,
    storageDir: ctx.storageDir,
    translator: ctx.translator,
    readFiles: true,
  });
  e.def.lastRefreshedOn = new Date().toISOString();
  await putEntry(ctx.conn, e);
  const url = joinUrl(stage.url as string, e.def.path);
  const locationKey = url.replace(/^[a-z0-9]+:\/\/[^/]+\/?/i, '');
  const files = listFiles(ctx.storageDir, url).filter((f) => patternMatches(e.def.pattern, f, locationKey));
  return {
    columns: ['file', 'status', 'description'],
    rows: files.map((f) => ({
      file: f.key,
      status: 'REGISTERED_NEW',
      description: 'File registered successfully.',
    })),
  };
}

/**
 * `ALTER STORAGE INTEGRATION <name> SET STORAGE_ALLOWED_LOCATIONS = ('…', …)`: the one integration change the bot
 * proposes. The integration keeps its created_on and external id (as in Snowflake, the trust policy stays valid).
 */
async function alterIntegrationLocations(ctx: EngineContext, tokens: Token[]): Promise<CommandResult> {
  let i = 3;
  const n = readName(tokens, i);
  i = n.next;
  if (!isWord(tokens[i], 'SET') || !isWord(tokens[i + 1], 'STORAGE_ALLOWED_LOCATIONS'))
    throw unsupportedLocally('ALTER STORAGE INTEGRATION other than SET STORAGE_ALLOWED_LOCATIONS');
  i += 2;
  if (!isOp(tokens[i], '=')) fail(tokens, i);
  i++;
  if (!isOp(tokens[i], '(')) fail(tokens, i);
  i++;
  const locations: string[] = [];
  for (;;) {
    const t = tokens[i];
    if (t?.type !== 'string') fail(tokens, i);
    locations.push(t.value);
    i++;
    if (isOp(tokens[i], ',')) i++;
    else break;
  }
  if (!isOp(tokens[i], ')')) fail(tokens, i);
  i++;
  if (i < tokens.length) fail(tokens, i);
  const name = n.parts[n.parts.length - 1] as string;
  const e = await getEntry<IntegrationDef>(ctx.conn, 'INTEGRATION', '', '', name);
  if (!e) throw doesNotExist('Integration', name);
  for (const loc of locations) {
    if (loc !== '*' && !parseCloudUrl(loc)) throw syntaxError(1, 0, `invalid location ${loc}`);
  }
  e.def.allowedLocations = locations;
  await putEntry(ctx.conn, e);
  return status('Statement executed successfully.');
}

export async function alter(ctx: EngineContext, tokens: Token[]): Promise<CommandResult> {
  let i = 1;
  if (isWord(tokens[i], 'STORAGE') && isWord(tokens[i + 1], 'INTEGRATION'))
    return alterIntegrationLocations(ctx, tokens);
  if (!(isWord(tokens[i], 'EXTERNAL') && isWord(tokens[i + 1], 'TABLE'))) {
    throw unsupportedLocally(
      `ALTER ${tokens[i]?.text ?? ''} (only ALTER EXTERNAL TABLE … REFRESH and ALTER STORAGE INTEGRATION … SET STORAGE_ALLOWED_LOCATIONS are emulated)`,
    );
  }
  i += 2;
  let ifExists = false;
  if (isWord(tokens[i], 'IF') && isWord(tokens[i + 1], 'EXISTS')) {
    ifExists = true;
    i += 2;
  }
  const n = readName(tokens, i);
  i = n.next;
  if (!isWord(tokens[i], 'REFRESH')) throw unsupportedLocally('ALTER EXTERNAL TABLE other than REFRESH');
  i++;
  if (tokens[i]?.type === 'string') i++;
  if (i < tokens.length) fail(tokens, i);
  const q = qualify(ctx, n.parts);
  if (ifExists && !(await getEntry(ctx.conn, 'EXTERNAL_TABLE', q.database, q.schema, q.name))) {
    return status('Statement executed successfully.');
  }
  return refreshTable(ctx, q);
}

// ------------------------------------------------------------------ LIST

/** `LIST @stage[/path] [PATTERN = '…']`; the stage reference is read from the source text. */
export async function list(ctx: EngineContext, sql: string, tokens: Token[]): Promise<CommandResult> {
  const at = tokens[1];
  if (!at || !isOp(at, '@')) fail(tokens, 1);
  let j = at.offset + 1;
  let ref = '';
  let inQuote = false;
  while (j < sql.length) {
    const c = sql[j] as string;
    if (c === '"') inQuote = !inQuote;
    else if (!inQuote && /[\s;]/.test(c)) break;
    ref += c;
    j++;
  }
  if (ref.startsWith('~') || ref.startsWith('%')) throw unsupportedLocally('internal stages');
  // Split the name from the path at the first `/` outside quotes.
  let split = -1;
  inQuote = false;
  for (let k = 0; k < ref.length; k++) {
    if (ref[k] === '"') inQuote = !inQuote;
    else if (ref[k] === '/' && !inQuote) {
      split = k;
      break;
    }
  }
  const namePart = split < 0 ? ref : ref.slice(0, split);
  const path = split < 0 ? '' : ref.slice(split + 1);
  const parts = namePart
    .split('.')
    .map((p) => (p.startsWith('"') ? p.slice(1, -1).replace(/""/g, '"') : p.toUpperCase()));
  const rest = sql.slice(j);
  const pattern = /PATTERN\s*=\s*'((?:[^'\\]|\\.|'')*)'/i.exec(rest)?.[1]?.replace(/''/g, "'") ?? null;
  const q = qualify(ctx, parts);
  const stage = await getEntry<StageDef>(ctx.conn, 'STAGE', q.database, q.schema, q.name);
  if (!stage) throw doesNotExist('Stage', qualifiedText(q));
  if (!stage.def.url) throw unsupportedLocally('LIST of an internal stage');
  if (stage.def.storageIntegration) {
    await checkStageLocation(ctx, stage.def.url, stage.def.storageIntegration);
  }
  const url = joinUrl(stage.def.url, path);
  const files = listFiles(ctx.storageDir, url).filter((f) => {
    if (pattern === null) return true;
    return new RegExp(`^(?:${pattern})$`).test(f.url) || new RegExp(`^(?:${pattern})$`).test(f.key);
  });
  return {
    columns: ['name', 'size', 'md5', 'last_modified'],
    rows: files.map((f) => ({
      name: f.url,
      size: f.size,
      md5: f.md5,
      last_modified: httpDate(f.lastModified),
    })),
  };
}
