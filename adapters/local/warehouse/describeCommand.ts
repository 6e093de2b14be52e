/** DESC <kind> <name> for the four emulated object kinds, with Snowflake's DESC columns and properties. */
import { type CommandResult, fail, readKind, readName } from './commandSyntax.js';
import { type EngineContext, qualifiedText, qualify } from './ddl.js';
import { doesNotExist } from './errors.js';
import { FORMAT_DEFAULTS } from './fileFormatDefaults.js';
import { awsExternalIdFor, LOCAL_STANDIN } from './localStandins.js';
import {
  type CatalogEntry,
  type ExternalTableDef,
  type FileFormatDef,
  getEntry,
  type IntegrationDef,
  type StageDef,
} from './objectCatalog.js';
import { isWord, type Token } from './sqlLexer.js';

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
