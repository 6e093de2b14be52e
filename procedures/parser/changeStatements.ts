/**
 * The two statement shapes besides CREATE that the bot may ever run, each allowed only in one narrow form:
 * - `ALTER STORAGE INTEGRATION <name> SET STORAGE_ALLOWED_LOCATIONS = ('<url>', …)` — widening an integration so a
 *   second folder of a bucket can share it (no other clause, no other property, no IF EXISTS);
 * - `DROP STORAGE INTEGRATION | FILE FORMAT | STAGE | EXTERNAL TABLE [IF EXISTS] <name>` — only inside a retire plan.
 * Kept apart from parser.ts so the CREATE grammar stays untouched; the same strict lexer reads all of them.
 */
import type { StatementKind } from '../names.js';
import { unsafeUrlReason } from '../schemas/locations.js';
import type { ObjectName, ParseError } from './ast.js';
import { positionAt, SqlError, type Token, tokenize } from './lexer.js';

export interface AlterIntegrationStatement {
  kind: 'STORAGE_INTEGRATION';
  action: 'ALTER_ALLOWED_LOCATIONS';
  name: ObjectName;
  allowedLocations: string[];
  sql: string;
}

export interface DropStatement {
  kind: StatementKind;
  action: 'DROP';
  name: ObjectName;
  ifExists: boolean;
  sql: string;
}

export type ChangeParseResult<T> = { ok: true; statement: T } | { ok: false; error: ParseError };

const MAX_LOCATIONS = 1_000;

class Reader {
  private pos = 0;
  constructor(
    private readonly src: string,
    private readonly toks: Token[],
  ) {}
  peek(): Token | undefined {
    return this.toks[this.pos];
  }
  next(): Token | undefined {
    const t = this.toks[this.pos];
    if (t) this.pos++;
    return t;
  }
  atEnd(): boolean {
    return this.pos >= this.toks.length;
  }
  isWord(word: string, tok = this.peek()): boolean {
    return !!tok && tok.kind === 'word' && tok.value.toUpperCase() === word;
  }
  isPunct(p: string, tok = this.peek()): boolean {
    return !!tok && tok.kind === 'punct' && tok.value === p;
  }
  fail(message: string, tok = this.peek()): SqlError {
    if (tok) return new SqlError(message, tok.line, tok.column, tok.offset);
    const p = positionAt(this.src, this.src.length);
    return new SqlError(message, p.line, p.column, this.src.length);
  }
  word(word: string, context: string): void {
    if (!this.isWord(word)) throw this.fail(`Expected ${word} ${context}, found ${this.describe()}`);
    this.next();
  }
  punct(p: string, context: string): void {
    if (!this.isPunct(p)) throw this.fail(`Expected '${p}' ${context}, found ${this.describe()}`);
    this.next();
  }
  describe(): string {
    const t = this.peek();
    if (!t) return 'the end of the statement';
    return t.kind === 'word' ? t.value.toUpperCase() : `'${t.text}'`;
  }
  name(context: string): ObjectName {
    const parts: string[] = [];
    const quoted: boolean[] = [];
    const start = this.peek();
    for (;;) {
      const t = this.peek();
      if (t?.kind === 'word') {
        parts.push(t.value.toUpperCase());
        quoted.push(false);
      } else if (t?.kind === 'quoted' && t.value.length > 0) {
        parts.push(t.value);
        quoted.push(true);
      } else throw this.fail(`Expected the name of the ${context}, found ${this.describe()}`);
      if (t.value.length > 255) throw this.fail('Identifier longer than 255 characters', t);
      this.next();
      if (!this.isPunct('.')) break;
      this.next();
      if (parts.length >= 3) throw this.fail(`A ${context} name has at most three parts`);
    }
    const last = this.toks[this.pos - 1] as Token;
    return { parts, quoted, text: this.src.slice((start as Token).offset, last.end) };
  }
  /** Allows one trailing `;` and nothing after it. */
  end(): void {
    if (this.isPunct(';')) this.next();
    if (!this.atEnd()) throw this.fail(`Unexpected ${this.describe()} after the statement`);
  }
}

function run<T>(sql: string, body: (r: Reader) => T): ChangeParseResult<T> {
  try {
    const toks = tokenize(sql);
    return { ok: true, statement: body(new Reader(sql, toks)) };
  } catch (err) {
    if (err instanceof SqlError)
      return {
        ok: false,
        error: { message: err.message, line: err.line, column: err.column, offset: err.offset },
      };
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { message, line: 1, column: 1, offset: 0 } };
  }
}

/** Reads exactly `ALTER STORAGE INTEGRATION <name> SET STORAGE_ALLOWED_LOCATIONS = ('…', …)`. */
export function parseAlterIntegration(sql: string): ChangeParseResult<AlterIntegrationStatement> {
  return run(sql, (r) => {
    r.word('ALTER', 'at the start');
    r.word('STORAGE', 'after ALTER (only ALTER STORAGE INTEGRATION … SET STORAGE_ALLOWED_LOCATIONS may run)');
    r.word('INTEGRATION', 'after ALTER STORAGE');
    if (r.isWord('IF')) throw r.fail('IF EXISTS is not allowed: the integration must exist');
    const name = r.name('storage integration');
    if (name.parts.length !== 1) throw r.fail('A storage integration name cannot be qualified');
    r.word('SET', 'after the integration name (only SET STORAGE_ALLOWED_LOCATIONS may run)');
    r.word('STORAGE_ALLOWED_LOCATIONS', 'after SET (no other property may be changed)');
    r.punct('=', 'after STORAGE_ALLOWED_LOCATIONS');
    r.punct('(', 'to open the list of locations');
    const allowedLocations: string[] = [];
    for (;;) {
      const t = r.peek();
      if (t?.kind !== 'string') throw r.fail(`Expected a location string, found ${r.describe()}`);
      if (allowedLocations.length >= MAX_LOCATIONS) throw r.fail(`More than ${MAX_LOCATIONS} locations`);
      const unsafe = t.value.trim() === '*' ? undefined : unsafeUrlReason(t.value);
      if (unsafe) throw r.fail(`STORAGE_ALLOWED_LOCATIONS location ${t.value}: ${unsafe}`);
      allowedLocations.push(t.value);
      r.next();
      if (r.isPunct(',')) {
        r.next();
        continue;
      }
      break;
    }
    r.punct(')', 'to close the list of locations');
    r.end();
    return {
      kind: 'STORAGE_INTEGRATION' as const,
      action: 'ALTER_ALLOWED_LOCATIONS' as const,
      name,
      allowedLocations,
      sql: sql.trim().replace(/;\s*$/, ''),
    };
  });
}

const DROP_KINDS: [string[], StatementKind][] = [
  [['STORAGE', 'INTEGRATION'], 'STORAGE_INTEGRATION'],
  [['FILE', 'FORMAT'], 'FILE_FORMAT'],
  [['EXTERNAL', 'TABLE'], 'EXTERNAL_TABLE'],
  [['STAGE'], 'STAGE'],
];

/** Reads exactly `DROP <one of the four kinds> [IF EXISTS] <name>` (no CASCADE, nothing after). */
export function parseDropStatement(sql: string): ChangeParseResult<DropStatement> {
  return run(sql, (r) => {
    r.word('DROP', 'at the start');
    let kind: StatementKind | undefined;
    for (const [words, k] of DROP_KINDS) {
      if (r.isWord(words[0] as string)) {
        for (const w of words) r.word(w, 'in DROP');
        kind = k;
        break;
      }
    }
    if (!kind)
      throw r.fail(
        `Only DROP STORAGE INTEGRATION, FILE FORMAT, STAGE or EXTERNAL TABLE may run, found DROP ${r.describe()}`,
      );
    let ifExists = false;
    if (r.isWord('IF')) {
      r.next();
      r.word('EXISTS', 'after IF');
      ifExists = true;
    }
    const name = r.name(kind === 'STORAGE_INTEGRATION' ? 'storage integration' : 'object');
    if (kind === 'STORAGE_INTEGRATION' && name.parts.length !== 1)
      throw r.fail('A storage integration name cannot be qualified');
    r.end();
    return { kind, action: 'DROP' as const, name, ifExists, sql: sql.trim().replace(/;\s*$/, '') };
  });
}

/** The first word of a statement, upper-cased ('' when there is none), to choose the grammar. */
export function leadingWord(sql: string): string {
  return /^\s*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
}
