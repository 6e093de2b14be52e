/** SHOW [TERSE] <kinds> [LIKE '…'] [IN …] for the four emulated object kinds, with Snowflake's SHOW columns. */
import { type CommandResult, fail, readKind, readName } from './commandSyntax.js';
import { type EngineContext, qualifiedText, resolveFormat } from './ddl.js';
import { LOCAL_STANDIN } from './localStandins.js';
import {
  type CatalogEntry,
  type CatalogKind,
  type ExternalTableDef,
  type FileFormatDef,
  type FormatRef,
  getEntry,
  type IntegrationDef,
  listEntries,
  type StageDef,
} from './objectCatalog.js';
import { isWord, type Token } from './sqlLexer.js';
import { joinUrl, parseCloudUrl } from './storage.js';

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
