/**
 * CREATE statements: the four emulated object kinds through the project's parser (ddl.ts), CREATE PROCEDURE from
 * sql/procedures.sql's form, and CREATE DATABASE / SCHEMA / TABLE / VIEW as DuckDB schemas and tables.
 */
import { WarehouseError } from '../../../bot/core/contracts.js';
import { parseStatement } from '../../../procedures/parser/parser.js';
import { type CommandResult, commandResult, status } from './commandSyntax.js';
import { type EngineContext, runCreate } from './ddl.js';
import { duckIdentifier, duckSchemaName } from './duckQuote.js';
import { unsupportedLocally } from './errors.js';
import { type ParsedProcedure, proceduresFromText } from './procedureHost/source.js';
import { identValue, isOp, isWord, type Token } from './sqlLexer.js';
import { matchParen, splitArgs } from './tokenGroups.js';
import type { SnowflakeTranslator } from './translate.js';
import type { StatementResult } from './values.js';

export interface CreateContext {
  database: string;
  translator: SnowflakeTranslator;
  /** The procedures CALL can reach; CREATE PROCEDURE adds to them. */
  procedures: Map<string, ParsedProcedure>;
  /** Runs DuckDB SQL as it is. */
  run(duckSql: string): Promise<StatementResult>;
  /** Runs a catalog command under the session's lock. */
  locked(fn: (ctx: EngineContext) => Promise<CommandResult>): Promise<StatementResult>;
}

export async function runCreateStatement(
  c: CreateContext,
  sql: string,
  tokens: Token[],
): Promise<StatementResult> {
  let i = 1;
  if (isWord(tokens[i], 'OR') && isWord(tokens[i + 1], 'REPLACE', 'ALTER')) i += 2;
  while (isWord(tokens[i], 'TEMPORARY', 'TEMP', 'TRANSIENT', 'LOCAL', 'GLOBAL', 'VOLATILE')) i++;
  const w = tokens[i]?.value;
  const kindWords =
    (w === 'STORAGE' && isWord(tokens[i + 1], 'INTEGRATION')) ||
    (w === 'FILE' && isWord(tokens[i + 1], 'FORMAT')) ||
    w === 'STAGE' ||
    (w === 'EXTERNAL' && isWord(tokens[i + 1], 'TABLE'));
  if (kindWords) {
    const parsed = parseStatement(sql);
    if (!parsed.ok) {
      const e = parsed.error;
      throw new WarehouseError(
        '001003',
        `SQL compilation error:\nsyntax error line ${e.line} at position ${Math.max(0, e.column - 1)}: ${e.message}`,
        { sqlState: '42000' },
      );
    }
    return c.locked(async (ctx) => status((await runCreate(ctx, parsed.statement)).status));
  }
  if (w === 'PROCEDURE') {
    const added = proceduresFromText(sql);
    if (added.size !== 1)
      throw unsupportedLocally('CREATE PROCEDURE other than the form written to sql/procedures.sql');
    for (const [name, p] of added) c.procedures.set(name, p);
    return commandResult(status(`Function ${[...added.keys()][0]} successfully created.`));
  }
  if (w === 'DATABASE' || w === 'SCHEMA') return createNamespace(c, tokens, i);
  if (w === 'TABLE' || w === 'VIEW') {
    return c.run(translateCreateTable(c.translator, tokens, i + 1));
  }
  throw unsupportedLocally(`CREATE ${w ?? ''}`);
}

async function createNamespace(c: CreateContext, tokens: Token[], i: number): Promise<StatementResult> {
  const isDb = tokens[i]?.value === 'DATABASE';
  let j = i + 1;
  if (isWord(tokens[j], 'IF') && isWord(tokens[j + 1], 'NOT') && isWord(tokens[j + 2], 'EXISTS')) j += 3;
  const parts: string[] = [];
  while (tokens[j] && (tokens[j]?.type === 'word' || tokens[j]?.type === 'qident')) {
    parts.push(identValue(tokens[j] as Token));
    j++;
    if (isOp(tokens[j], '.')) j++;
    else break;
  }
  const [db, schema] = isDb
    ? [parts[0] ?? '', 'PUBLIC']
    : parts.length >= 2
      ? [parts[0] as string, parts[1] as string]
      : [c.database, parts[0] ?? ''];
  await c.run(`CREATE SCHEMA IF NOT EXISTS ${duckIdentifier(duckSchemaName(db, schema))}`);
  return commandResult(status(`${isDb ? 'Database' : 'Schema'} ${isDb ? db : schema} successfully created.`));
}

/** CREATE TABLE with Snowflake column types mapped; the rest of the statement goes through the translator. */
function translateCreateTable(translator: SnowflakeTranslator, tokens: Token[], afterKind: number): string {
  let j = afterKind;
  if (isWord(tokens[j], 'IF') && isWord(tokens[j + 1], 'NOT') && isWord(tokens[j + 2], 'EXISTS')) j += 3;
  while (tokens[j] && !isOp(tokens[j], '(') && !isWord(tokens[j], 'AS')) j++;
  if (!isOp(tokens[j], '(')) return translator.translate(tokens);
  const close = matchParen(tokens, j);
  const head = translator.translate(tokens.slice(0, j));
  const tail = translator.translate(tokens.slice(close + 1));
  const defs = splitArgs(tokens.slice(j + 1, close)).map((def) => {
    const name = def[0];
    if (!name || isWord(name, 'CONSTRAINT', 'PRIMARY', 'UNIQUE', 'FOREIGN')) return translator.translate(def);
    const { type, next } = translator.readType(def, 1);
    const rest: Token[] = [];
    for (let k = next; k < def.length; k++) {
      if (isWord(def[k], 'COMMENT') && def[k + 1]?.type === 'string') {
        k++;
        continue;
      }
      rest.push(def[k] as Token);
    }
    return `${translator.translate([name])} ${type} ${translator.translate(rest)}`;
  });
  return `${head} (${defs.join(', ')}) ${tail}`;
}
