/**
 * Recursive-descent parser for CREATE [OR REPLACE | OR ALTER] [TEMPORARY] STORAGE INTEGRATION | FILE FORMAT |
 * STAGE | EXTERNAL TABLE. It reads the syntax into a raw form; semantics.ts turns that into the typed AST and
 * applies Snowflake's rules. Every failure is a positioned SqlError; parseStatement never throws.
 */

import { normalizeType } from '../sql/types.js';
import type {
  CreateStatement,
  ExternalTableColumn,
  ObjectName,
  Option,
  OptionValue,
  ParseResult,
  StatementKind,
} from './ast.js';
import { parseColumnExpression } from './columnExpr.js';
import { positionAt, SqlError, type Token, tokenize } from './lexer.js';
import { LIMITS, utf8Length } from './limits.js';
import { buildStatement, type RawStatement } from './semantics.js';
import { OBJECT_NAME_OPTIONS } from './statementOptions.js';
import { readInferSchemaTemplate } from './template.js';

export const ALLOWED_MESSAGE =
  'Only CREATE STORAGE INTEGRATION, FILE FORMAT, STAGE or EXTERNAL TABLE may run';

const KIND_LABEL: Record<StatementKind, string> = {
  STORAGE_INTEGRATION: 'storage integration',
  FILE_FORMAT: 'file format',
  STAGE: 'stage',
  EXTERNAL_TABLE: 'external table',
};

export function kindLabel(kind: StatementKind): string {
  return KIND_LABEL[kind];
}

const MAX_IDENTIFIER = 255;

/** First words of multi-word object types, so a refusal can say "found CREATE NETWORK RULE". */
const MULTI_WORD_PREFIXES = [
  'EXTERNAL',
  'STORAGE',
  'NETWORK',
  'NOTIFICATION',
  'SECURITY',
  'API',
  'MATERIALIZED',
  'DYNAMIC',
  'ICEBERG',
  'HYBRID',
  'EVENT',
  'FILE',
  'ROW',
  'MASKING',
  'SESSION',
  'PASSWORD',
  'RESOURCE',
  'COMPUTE',
  'IMAGE',
  'GIT',
  'SECURE',
  'TRANSIENT',
];

function describe(tok: Token | undefined): string {
  if (!tok) return 'the end of the statement';
  switch (tok.kind) {
    case 'string':
      return 'a string';
    case 'dollar':
      return 'a $$ string';
    case 'number':
      return `the number ${tok.text}`;
    case 'stage':
      return `the stage reference ${tok.text}`;
    case 'quoted':
      return `the identifier ${tok.text.length > 40 ? `${tok.text.slice(0, 40)}…` : tok.text}`;
    case 'word':
      return tok.text.toUpperCase();
    default:
      return `'${tok.text}'`;
  }
}

class Parser {
  private pos = 0;
  private readonly endPos: { line: number; column: number; offset: number };
  constructor(
    private readonly src: string,
    private readonly toks: Token[],
  ) {
    const p = positionAt(src, src.length);
    this.endPos = { line: p.line, column: p.column, offset: src.length };
  }

  peek(k = 0): Token | undefined {
    return this.toks[this.pos + k];
  }
  next(): Token | undefined {
    const t = this.toks[this.pos];
    if (t) this.pos++;
    return t;
  }
  atEnd(): boolean {
    return this.pos >= this.toks.length;
  }
  errAt(tok: Token | undefined, message: string): SqlError {
    if (!tok) return new SqlError(message, this.endPos.line, this.endPos.column, this.endPos.offset);
    return new SqlError(message, tok.line, tok.column, tok.offset);
  }
  isWord(tok: Token | undefined, word: string): boolean {
    return !!tok && tok.kind === 'word' && tok.value.toUpperCase() === word;
  }
  isPunct(tok: Token | undefined, p: string): boolean {
    return !!tok && tok.kind === 'punct' && tok.value === p;
  }
  expectWord(word: string, context: string): Token {
    const t = this.peek();
    if (!this.isWord(t, word)) throw this.errAt(t, `Expected ${word} ${context}, found ${describe(t)}`);
    return this.next()!;
  }
  expectPunct(p: string, context: string): Token {
    const t = this.peek();
    if (!this.isPunct(t, p)) throw this.errAt(t, `Expected '${p}' ${context}, found ${describe(t)}`);
    return this.next()!;
  }

  /** One identifier part: an unquoted word or a "quoted" identifier. */
  identifierPart(context: string): { value: string; quoted: boolean; tok: Token } {
    const t = this.peek();
    if (t && t.kind === 'word') {
      this.next();
      if (t.value.length > MAX_IDENTIFIER)
        throw this.errAt(t, `Identifier longer than ${MAX_IDENTIFIER} characters`);
      return { value: t.value.toUpperCase(), quoted: false, tok: t };
    }
    if (t && t.kind === 'quoted') {
      this.next();
      if (t.value.length === 0) throw this.errAt(t, 'Empty quoted identifier ""');
      if (t.value.length > MAX_IDENTIFIER)
        throw this.errAt(t, `Identifier longer than ${MAX_IDENTIFIER} characters`);
      return { value: t.value, quoted: true, tok: t };
    }
    throw this.errAt(t, `Expected ${context}, found ${describe(t)}`);
  }

  /** A name of up to three dot-separated parts (database.schema.object). */
  objectName(context: string, maxParts = 3): { name: ObjectName; tok: Token } {
    const first = this.identifierPart(context);
    const parts = [first.value];
    const quoted = [first.quoted];
    let last = first.tok;
    while (this.isPunct(this.peek(), '.')) {
      this.next();
      const p = this.identifierPart(`a name part after '.' in ${context}`);
      parts.push(p.value);
      quoted.push(p.quoted);
      last = p.tok;
    }
    if (parts.length > maxParts)
      throw this.errAt(first.tok, `Too many name parts in ${context} (at most ${maxParts})`);
    return { name: { parts, quoted, text: this.src.slice(first.tok.offset, last.end) }, tok: first.tok };
  }

  /** `KEY = value` items until the end of input or a closing ')'. Commas between items are optional. */
  optionList(closing: boolean, seen?: Map<string, Option>): Option[] {
    const out: Option[] = [];
    const keys = seen ?? new Map<string, Option>();
    for (;;) {
      while (this.isPunct(this.peek(), ',')) this.next();
      const t = this.peek();
      if (!t) {
        if (closing) throw this.errAt(t, "Expected ')' to close the option list");
        return out;
      }
      if (closing && this.isPunct(t, ')')) return out;
      out.push(this.option(keys));
    }
  }

  option(keys: Map<string, Option>): Option {
    const t = this.peek();
    if (t?.kind !== 'word') throw this.errAt(t, `Expected an option name, found ${describe(t)}`);
    this.next();
    const key = t.value.toUpperCase();
    const eq = this.peek();
    if (!this.isPunct(eq, '=')) throw this.errAt(eq, `Expected '=' after ${key}, found ${describe(eq)}`);
    this.next();
    const value = this.value(key);
    if (keys.has(key)) throw this.errAt(t, `Option ${key} is given more than once`);
    const opt: Option = { key, value, line: t.line, column: t.column, offset: t.offset };
    keys.set(key, opt);
    return opt;
  }

  value(key: string): OptionValue {
    const t = this.peek();
    if (!t) throw this.errAt(t, `Expected a value for ${key}, found the end of the statement`);
    switch (t.kind) {
      case 'string':
        this.next();
        return { type: 'string', value: t.value, raw: t.text };
      case 'dollar':
        // $$…$$ is how procedure bodies are written; only a comment may reasonably use it here.
        if (key !== 'COMMENT') throw this.errAt(t, `A $$ string is not allowed as the value of ${key}`);
        this.next();
        return { type: 'string', value: t.value, raw: t.text };
      case 'number':
        this.next();
        return { type: 'number', value: numberValue(t.text), raw: t.text };
      case 'stage':
        if (key !== 'LOCATION')
          throw this.errAt(t, `A stage reference (${t.text}) is not a valid value for ${key}`);
        this.next();
        return {
          type: 'stage',
          stage: { parts: t.stage!.parts, quoted: t.stage!.quoted, text: t.stage!.nameText },
          path: t.stage!.path,
          raw: t.text,
        };
      case 'quoted':
        return { type: 'identifier', name: this.objectName(`the value of ${key}`).name };
      case 'word': {
        const upper = t.value.toUpperCase();
        if (upper === 'TRUE' || upper === 'FALSE') {
          this.next();
          return { type: 'boolean', value: upper === 'TRUE' };
        }
        if (this.isPunct(this.peek(1), '.') || OBJECT_NAME_OPTIONS.indexOf(key) >= 0) {
          return { type: 'identifier', name: this.objectName(`the value of ${key}`).name };
        }
        this.next();
        return { type: 'keyword', value: upper };
      }
      case 'punct': {
        if ((t.value === '-' || t.value === '+') && this.peek(1)?.kind === 'number') {
          this.next();
          const n = this.next()!;
          const raw = t.value + n.text;
          return { type: 'number', value: t.value === '-' ? -numberValue(n.text) : numberValue(n.text), raw };
        }
        if (t.value === '(') {
          this.next();
          return this.parenValue(key);
        }
        throw this.errAt(t, `Expected a value for ${key}, found ${describe(t)}`);
      }
      default:
        throw this.errAt(t, `Expected a value for ${key}, found ${describe(t)}`);
    }
  }

  /** After '(': a nested option map `( K = V … )`, or a list `( 'a', 'b' )`, or `()`. */
  parenValue(key: string): OptionValue {
    const first = this.peek();
    if (this.isPunct(first, ')')) {
      this.next();
      return { type: 'list', items: [] };
    }
    if (first && first.kind === 'word' && this.isPunct(this.peek(1), '=')) {
      const options = this.optionList(true);
      this.expectPunct(')', `to close ${key} = ( … )`);
      return { type: 'options', options };
    }
    const items: OptionValue[] = [];
    for (;;) {
      const t = this.peek();
      if (this.isPunct(t, '(')) throw this.errAt(t, `Nested lists are not valid in ${key}`);
      items.push(this.value(key));
      const sep = this.peek();
      if (this.isPunct(sep, ',')) {
        this.next();
        continue;
      }
      if (this.isPunct(sep, ')')) {
        this.next();
        return { type: 'list', items };
      }
      throw this.errAt(sep, `Expected ',' or ')' in the list of ${key}, found ${describe(sep)}`);
    }
  }

  /** Source text between two token offsets. */
  slice(from: number, to: number): string {
    return this.src.slice(from, to);
  }

  columnType(colName: string): string {
    const typeTok = this.peek();
    const words: string[] = [];
    for (;;) {
      const t = this.peek();
      if (t?.kind !== 'word' || this.isWord(t, 'AS')) break;
      this.next();
      let w = t.value.toUpperCase();
      if (this.isPunct(this.peek(), '(')) {
        this.next();
        const params: string[] = [];
        for (;;) {
          const p = this.next();
          if (!p || (p.kind !== 'number' && p.kind !== 'word'))
            throw this.errAt(p, `Expected a type parameter for column ${colName}, found ${describe(p)}`);
          params.push(p.text.toUpperCase());
          const sep = this.next();
          if (this.isPunct(sep, ',')) continue;
          if (this.isPunct(sep, ')')) break;
          throw this.errAt(
            sep,
            `Expected ',' or ')' in the type of column ${colName}, found ${describe(sep)}`,
          );
        }
        w += `(${params.join(',')})`;
      }
      words.push(w);
    }
    if (words.length === 0) throw this.errAt(this.peek(), `Column ${colName} needs a data type`);
    const text = words.join(' ');
    // Every word up to AS was read as the type, so anything that is not one data type (`VARCHAR DROP TABLE x`)
    // is refused here rather than carried along.
    const checked = normalizeType(text);
    if (!checked.ok) throw this.errAt(typeTok, `Column ${colName}: ${checked.message}`);
    return text;
  }

  /** The last token consumed. */
  previous(): Token | undefined {
    return this.toks[this.pos - 1];
  }

  /** The column expression after AS, read by the allowlist grammar of columnExpr.ts. */
  columnExpr(colName: string, asTok: Token): string {
    if (!this.peek()) throw this.errAt(this.peek(), "Expected ')' to close the column list");
    if (this.isPunct(this.peek(), ',') || this.isPunct(this.peek(), ')'))
      throw this.errAt(this.peek() ?? asTok, `Column ${colName} needs an expression after AS`);
    const e = parseColumnExpression(this, colName);
    if (e.wrapped) {
      const text = this.slice(e.first.end, e.last.offset).trim();
      if (text === '') throw this.errAt(e.first, `Column ${colName} has an empty expression`);
      return text;
    }
    return this.slice(e.first.offset, e.last.end);
  }

  /** `COMMENT [=] 'text'` after a column, if present. */
  columnComment(label: string, current: string | undefined): string | undefined {
    const c = this.peek();
    if (!this.isWord(c, 'COMMENT')) return current;
    this.next();
    if (this.isPunct(this.peek(), '=')) this.next();
    const s = this.next();
    if (s?.kind !== 'string') throw this.errAt(s, `Expected a string after COMMENT for column ${label}`);
    if (current !== undefined) throw this.errAt(c, `Column ${label} has more than one COMMENT`);
    return s.value;
  }

  /**
   * What may follow a column's expression, per the inlineConstraint of CREATE EXTERNAL TABLE:
   * `[NOT NULL | NULL] [CONSTRAINT name] {UNIQUE | PRIMARY KEY | [FOREIGN KEY] REFERENCES t [(cols)]}
   * [properties]`, and a COMMENT. Anything else is refused rather than skipped.
   */
  columnTail(label: string): { constraint: string | undefined; comment: string | undefined } {
    let comment = this.columnComment(label, undefined);
    let from: Token | undefined;
    let end: Token | undefined;
    const mark = (t: Token | undefined): void => {
      if (!from) from = t;
    };
    const t = this.peek();
    if (this.isWord(t, 'NOT') && this.isWord(this.peek(1), 'NULL')) {
      mark(t);
      this.next();
      end = this.next();
    } else if (this.isWord(t, 'NULL')) {
      mark(t);
      end = this.next();
    }
    comment = this.columnComment(label, comment);
    const named = this.peek();
    if (this.isWord(named, 'CONSTRAINT')) {
      mark(named);
      this.next();
      this.objectName(`a constraint name in column ${label}`, 1);
    }
    const k = this.peek();
    let keyed = true;
    if (this.isWord(k, 'UNIQUE')) this.next();
    else if (this.isWord(k, 'PRIMARY')) {
      this.next();
      this.expectWord('KEY', `after PRIMARY in column ${label}`);
    } else if (this.isWord(k, 'FOREIGN') || this.isWord(k, 'REFERENCES')) {
      if (this.isWord(k, 'FOREIGN')) {
        this.next();
        this.expectWord('KEY', `after FOREIGN in column ${label}`);
      }
      this.expectWord('REFERENCES', `in the foreign key of column ${label}`);
      this.objectName(`the referenced table in column ${label}`);
      if (this.isPunct(this.peek(), '(')) this.nameList('the referenced columns');
    } else keyed = false;
    if (keyed) mark(k);
    else if (this.isWord(named, 'CONSTRAINT'))
      throw this.errAt(
        k,
        `Expected UNIQUE, PRIMARY KEY or REFERENCES after CONSTRAINT in column ${label}, found ${describe(k)}`,
      );
    if (keyed) {
      this.constraintProperties();
      end = this.previous();
    }
    comment = this.columnComment(label, comment);
    const after = this.peek();
    if (!this.isPunct(after, ',') && !this.isPunct(after, ')'))
      throw this.errAt(
        after,
        `Unexpected ${describe(after)} after column ${label}; only NOT NULL, a constraint (UNIQUE, PRIMARY KEY, REFERENCES) or COMMENT may follow the expression`,
      );
    const constraint = from && end ? this.slice(from.offset, end.end) : undefined;
    return { constraint, comment };
  }

  /** constraint_properties of CREATE | ALTER TABLE … CONSTRAINT. */
  constraintProperties(): void {
    for (;;) {
      const t = this.peek();
      const u = t?.kind === 'word' ? t.value.toUpperCase() : '';
      const n = this.peek(1);
      const nu = n?.kind === 'word' ? n.value.toUpperCase() : '';
      if (
        ['ENFORCED', 'DEFERRABLE', 'ENABLE', 'DISABLE', 'VALIDATE', 'NOVALIDATE', 'RELY', 'NORELY'].indexOf(
          u,
        ) >= 0
      ) {
        this.next();
      } else if (u === 'NOT' && (nu === 'ENFORCED' || nu === 'DEFERRABLE')) {
        this.next();
        this.next();
      } else if (u === 'INITIALLY' && (nu === 'DEFERRED' || nu === 'IMMEDIATE')) {
        this.next();
        this.next();
      } else if (u === 'MATCH' && (nu === 'FULL' || nu === 'SIMPLE' || nu === 'PARTIAL')) {
        this.next();
        this.next();
      } else if (u === 'ON' && (nu === 'UPDATE' || nu === 'DELETE')) {
        this.next();
        this.next();
        const a = this.peek();
        const au = a?.kind === 'word' ? a.value.toUpperCase() : '';
        const b = this.peek(1);
        const bu = b?.kind === 'word' ? b.value.toUpperCase() : '';
        if (au === 'CASCADE' || au === 'RESTRICT') this.next();
        else if (au === 'SET' && (bu === 'NULL' || bu === 'DEFAULT')) {
          this.next();
          this.next();
        } else if (au === 'NO' && bu === 'ACTION') {
          this.next();
          this.next();
        } else
          throw this.errAt(
            a,
            `Expected CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO ACTION, found ${describe(a)}`,
          );
      } else return;
    }
  }

  column(): ExternalTableColumn {
    const t = this.peek();
    if (this.isPunct(t, ')'))
      throw this.errAt(t, "Expected a column definition after ','; remove the trailing comma");
    const name = this.objectName('a column name', 1);
    const label = name.name.text;
    const type = this.columnType(label);
    const asTok = this.peek();
    if (!this.isWord(asTok, 'AS'))
      throw this.errAt(asTok, `Column ${label} needs AS <expression> (external table columns are virtual)`);
    this.next();
    const expr = this.columnExpr(label, asTok!);
    const { constraint, comment } = this.columnTail(label);
    return {
      name: name.name,
      type,
      expr,
      constraint,
      comment,
      line: name.tok.line,
      column: name.tok.column,
      offset: name.tok.offset,
    };
  }

  nameList(context: string): ObjectName[] {
    this.expectPunct('(', `to open ${context}`);
    const out: ObjectName[] = [];
    for (;;) {
      out.push(this.objectName(`a name in ${context}`).name);
      const sep = this.next();
      if (this.isPunct(sep, ',')) continue;
      if (this.isPunct(sep, ')')) return out;
      throw this.errAt(sep, `Expected ',' or ')' in ${context}, found ${describe(sep)}`);
    }
  }

  /** Everything after the name of an EXTERNAL TABLE. */
  externalTableBody(raw: RawStatement): void {
    const keys = new Map<string, Option>();
    if (this.isPunct(this.peek(), '(')) {
      this.next();
      if (this.isPunct(this.peek(), ')')) throw this.errAt(this.peek(), 'The column list is empty');
      for (;;) {
        if (raw.columns.length >= LIMITS.columns)
          throw this.errAt(
            this.peek(),
            `An external table may have at most ${LIMITS.columns} columns; split the table or read the rest from VALUE`,
          );
        raw.columns.push(this.column());
        const sep = this.next();
        if (this.isPunct(sep, ',')) continue;
        if (this.isPunct(sep, ')')) break;
        throw this.errAt(sep, `Expected ',' or ')' after a column definition, found ${describe(sep)}`);
      }
    } else if (this.isWord(this.peek(), 'USING')) {
      const using = this.next()!;
      this.expectWord('TEMPLATE', 'after USING');
      const open = this.expectPunct('(', 'to open the USING TEMPLATE query');
      if (this.isPunct(this.peek(), ')')) throw this.errAt(using, 'USING TEMPLATE needs a query');
      const close = readInferSchemaTemplate(this);
      raw.usingTemplate = this.slice(open.end, close.offset).trim();
    }
    for (;;) {
      while (this.isPunct(this.peek(), ',')) this.next();
      const t = this.peek();
      if (!t) return;
      if (t.kind !== 'word') throw this.errAt(t, `Expected an option or clause, found ${describe(t)}`);
      const u = t.value.toUpperCase();
      if (u === 'PARTITION' && this.isWord(this.peek(1), 'BY')) {
        if (raw.partitionBy) throw this.errAt(t, 'PARTITION BY is given more than once');
        this.next();
        this.next();
        raw.partitionBy = this.nameList('PARTITION BY ( … )');
        raw.partitionByTok = t;
        continue;
      }
      if (u === 'WITH') {
        const n = this.peek(1);
        if (this.isWord(n, 'LOCATION')) {
          this.next();
          raw.options.push(this.option(keys));
          continue;
        }
        if (this.isWord(n, 'ROW') || this.isWord(n, 'TAG')) {
          this.next();
          continue;
        }
        throw this.errAt(n, `Expected LOCATION, ROW ACCESS POLICY or TAG after WITH, found ${describe(n)}`);
      }
      if (u === 'COPY') {
        this.next();
        this.expectWord('GRANTS', 'after COPY');
        if (raw.copyGrants) throw this.errAt(t, 'COPY GRANTS is given more than once');
        raw.copyGrants = true;
        continue;
      }
      if (u === 'ROW') {
        this.next();
        this.expectWord('ACCESS', 'after ROW');
        this.expectWord('POLICY', 'after ROW ACCESS');
        if (raw.rowAccessPolicy) throw this.errAt(t, 'ROW ACCESS POLICY is given more than once');
        const policy = this.objectName('a row access policy name').name;
        this.expectWord('ON', 'after the row access policy name');
        raw.rowAccessPolicy = { policy, on: this.nameList('ROW ACCESS POLICY … ON ( … )') };
        continue;
      }
      if (u === 'TAG' && this.isPunct(this.peek(1), '(')) {
        this.next();
        this.next();
        if (raw.tags.length > 0) throw this.errAt(t, 'TAG is given more than once');
        for (;;) {
          const name = this.objectName('a tag name').name;
          this.expectPunct('=', `after the tag name ${name.text}`);
          const v = this.next();
          if (v?.kind !== 'string') throw this.errAt(v, `Expected a string value for tag ${name.text}`);
          raw.tags.push({ name, value: v.value });
          const sep = this.next();
          if (this.isPunct(sep, ',')) continue;
          if (this.isPunct(sep, ')')) break;
          throw this.errAt(sep, `Expected ',' or ')' in TAG ( … ), found ${describe(sep)}`);
        }
        continue;
      }
      raw.options.push(this.option(keys));
    }
  }
}

function numberValue(text: string): number {
  if (text.length > 2 && (text[1] === 'x' || text[1] === 'X')) return parseInt(text.slice(2), 16);
  return Number(text);
}

/** Reads `CREATE [OR …] [TEMPORARY] <kind> [IF NOT EXISTS]`; refuses every other statement. */
function header(p: Parser, raw: Partial<RawStatement>): StatementKind {
  const first = p.peek();
  if (!first) throw p.errAt(first, 'No statement found');
  if (!p.isWord(first, 'CREATE')) {
    const what = first.kind === 'word' ? first.value.toUpperCase() : describe(first);
    throw p.errAt(first, `${ALLOWED_MESSAGE}; found ${what}`);
  }
  p.next();
  if (p.isWord(p.peek(), 'OR')) {
    const or = p.next()!;
    const n = p.peek();
    if (p.isWord(n, 'REPLACE')) raw.orReplace = true;
    else if (p.isWord(n, 'ALTER')) raw.orAlter = true;
    else throw p.errAt(n ?? or, `Expected REPLACE or ALTER after CREATE OR, found ${describe(n)}`);
    p.next();
  }
  const temp = p.peek();
  if (p.isWord(temp, 'TEMPORARY') || p.isWord(temp, 'TEMP') || p.isWord(temp, 'VOLATILE')) {
    raw.temporary = true;
    raw.temporaryTok = temp;
    p.next();
  }
  const k = p.peek();
  let kind: StatementKind | undefined;
  if (p.isWord(k, 'STORAGE') && p.isWord(p.peek(1), 'INTEGRATION')) kind = 'STORAGE_INTEGRATION';
  else if (p.isWord(k, 'FILE') && p.isWord(p.peek(1), 'FORMAT')) kind = 'FILE_FORMAT';
  else if (p.isWord(k, 'EXTERNAL') && p.isWord(p.peek(1), 'TABLE')) kind = 'EXTERNAL_TABLE';
  else if (p.isWord(k, 'STAGE')) kind = 'STAGE';
  if (!kind) {
    let what = describe(k);
    if (k && k.kind === 'word') {
      const n = p.peek(1);
      const second =
        MULTI_WORD_PREFIXES.indexOf(k.value.toUpperCase()) >= 0 && n && n.kind === 'word'
          ? ` ${n.value.toUpperCase()}`
          : '';
      what = `CREATE ${k.value.toUpperCase()}${second}`;
    }
    throw p.errAt(k ?? first, `${ALLOWED_MESSAGE}; found ${what}`);
  }
  p.next();
  if (kind !== 'STAGE') p.next();
  raw.kindTok = k;
  if (p.isWord(p.peek(), 'IF')) {
    const ifTok = p.next()!;
    p.expectWord('NOT', 'after IF');
    p.expectWord('EXISTS', 'after IF NOT');
    raw.ifNotExists = true;
    raw.ifTok = ifTok;
  }
  return kind;
}

interface Meta {
  kind?: StatementKind;
  name?: ObjectName;
}

function parseTokens(sql: string, toks: Token[], meta: Meta): RawStatement {
  const p = new Parser(sql, toks);
  const partial: Partial<RawStatement> = {};
  const kind = header(p, partial);
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
  if (kind === 'EXTERNAL_TABLE') p.externalTableBody(raw);
  else raw.options = p.optionList(false);
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
