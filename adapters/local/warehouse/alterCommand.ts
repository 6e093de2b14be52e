/**
 * ALTER EXTERNAL TABLE … REFRESH and ALTER STORAGE INTEGRATION … SET STORAGE_ALLOWED_LOCATIONS: the two ALTERs
 * the project issues.
 */
import { type CommandResult, fail, readIfExists, readName, status } from './commandSyntax.js';
import { type EngineContext, qualifiedText, qualify, resolveFormat, stageForTable } from './ddl.js';
import { doesNotExist, syntaxError, unsupportedLocally } from './errors.js';
import { materializeExternalTable, patternMatches } from './externalTable.js';
import {
  type ExternalTableDef,
  getEntry,
  type IntegrationDef,
  putEntry,
  type QualifiedName,
} from './objectCatalog.js';
import { isOp, isWord, type Token } from './sqlLexer.js';
import { joinUrl, listFiles, parseCloudUrl } from './storage.js';

async function refreshTable(ctx: EngineContext, q: QualifiedName): Promise<CommandResult> {
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
  const exists = readIfExists(tokens, i);
  const ifExists = exists.ifExists;
  i = exists.next;
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
