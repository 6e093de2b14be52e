/**
 * Recursive-descent parser for CREATE [OR REPLACE | OR ALTER] [TEMPORARY] STORAGE INTEGRATION | FILE FORMAT |
 * STAGE | EXTERNAL TABLE. It reads the syntax into a raw form (statementHeader.ts, optionValues.ts,
 * externalTableClauses.ts, columnDefinition.ts); semantics.ts turns that into the typed AST and applies
 * Snowflake's rules. Every failure is a positioned SqlError; parseStatement never throws.
 */
import type { CreateStatement, ObjectName, ParseResult, StatementKind } from './ast.js';
import { externalTableBody } from './externalTableClauses.js';
import { SqlError, type Token, tokenize } from './lexer.js';
import { LIMITS, utf8Length } from './limits.js';
import { optionList } from './optionValues.js';
import type { RawStatement } from './rawStatement.js';
import { buildStatement } from './semantics.js';
import { kindLabel, statementHeader } from './statementHeader.js';
import { TokenCursor } from './tokenCursor.js';

interface Meta {
  kind?: StatementKind;
  name?: ObjectName;
}

function parseTokens(sql: string, toks: Token[], meta: Meta): RawStatement {
  const p = new TokenCursor(sql, toks);
  const partial: Partial<RawStatement> = {};
  const kind = statementHeader(p, partial);
  meta.kind = kind;
  const semi = toks.find((t) => t.kind === 'punct' && t.value === ';');
  if (semi) throw p.errAt(semi, `Only one statement may run; found a second statement after ';'`);
  const nameTok = p.peek();
  if (nameTok && nameTok.kind === 'word' && p.isPunct(p.peek(1), '=')) {
    throw p.errAt(
      nameTok,
      `The ${kindLabel(kind)} name is missing (found the option ${nameTok.value.toUpperCase()})`,
    );
  }
  const name = p.objectName(`the ${kindLabel(kind)} name`);
  meta.name = name.name;
  const raw: RawStatement = {
    kind,
    name: name.name,
    nameTok: name.tok,
    orReplace: partial.orReplace ?? false,
    orAlter: partial.orAlter ?? false,
    temporary: partial.temporary ?? false,
    ifNotExists: partial.ifNotExists ?? false,
    temporaryTok: partial.temporaryTok,
    ifTok: partial.ifTok,
    kindTok: partial.kindTok,
    firstTok: toks[0]!,
    options: [],
    columns: [],
    partitionBy: undefined,
    partitionByTok: undefined,
    copyGrants: false,
    usingTemplate: undefined,
    rowAccessPolicy: undefined,
    tags: [],
    sql,
  };
  if (kind === 'EXTERNAL_TABLE') externalTableBody(p, raw);
  else raw.options = optionList(p, false);
  return raw;
}

/**
 * Parses exactly one CREATE statement of the four allowed kinds (an optional trailing `;` is fine) and applies
 * the semantic checks. Never throws: every problem comes back as a positioned error.
 */
export function parseStatement(sql: string): ParseResult {
  const meta: Meta = {};
  try {
    if (typeof sql !== 'string') throw new SqlError('The statement must be text', 1, 1, 0);
    const bytes = utf8Length(sql);
    if (bytes > LIMITS.statementBytes)
      throw new SqlError(
        `The statement is ${bytes} bytes long; at most ${LIMITS.statementBytes} are accepted`,
        1,
        1,
        0,
      );
    let toks = tokenize(sql);
    let text = sql;
    const last = toks[toks.length - 1];
    if (last && last.kind === 'punct' && last.value === ';') {
      toks = toks.slice(0, -1);
      const prev = toks[toks.length - 1];
      text = prev ? sql.slice(0, prev.end) : '';
    }
    const statement: CreateStatement = buildStatement(parseTokens(text, toks, meta));
    return { ok: true, statement };
  } catch (e) {
    if (e instanceof SqlError) {
      const error = { message: e.message, line: e.line, column: e.column, offset: e.offset };
      const res: ParseResult = { ok: false, error };
      if (meta.kind) res.kind = meta.kind;
      if (meta.name) res.name = meta.name;
      return res;
    }
    const message = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      error: { message: `Internal parser error: ${message}`, line: 1, column: 1, offset: 0 },
    };
  }
}
