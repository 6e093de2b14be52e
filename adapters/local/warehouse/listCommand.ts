/** LIST @stage[/path] [PATTERN = '…'] over the folder standing in for the stage's cloud location. */
import { type CommandResult, fail } from './commandSyntax.js';
import { checkStageLocation, type EngineContext, qualifiedText, qualify } from './ddl.js';
import { doesNotExist, unsupportedLocally } from './errors.js';
import { getEntry, type StageDef } from './objectCatalog.js';
import { isOp, type Token } from './sqlLexer.js';
import { httpDate, joinUrl, listFiles } from './storage.js';

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
