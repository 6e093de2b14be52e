/** DROP <kind> [IF EXISTS] <name> for the four emulated object kinds. */
import { type CommandResult, fail, readIfExists, readKind, readName, status } from './commandSyntax.js';
import { type EngineContext, qualifiedText, qualify } from './ddl.js';
import { doesNotExist } from './errors.js';
import { dropExternalTable } from './externalTable.js';
import { deleteEntry, getEntry, type QualifiedName } from './objectCatalog.js';
import { isWord, type Token } from './sqlLexer.js';

export async function drop(ctx: EngineContext, tokens: Token[]): Promise<CommandResult> {
  let i = 1;
  const k = readKind(tokens, i, false);
  if (!k) fail(tokens, i);
  i = k.next;
  const exists = readIfExists(tokens, i);
  const ifExists = exists.ifExists;
  i = exists.next;
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
