/**
 * The parser's position in the token list: look ahead, consume, expect a word or punctuation, read names, and
 * build positioned errors. Every grammar module (header, options, columns, clauses) reads through it.
 */
import type { ObjectName } from './ast.js';
import { positionAt, SqlError, type Token } from './lexer.js';

const MAX_IDENTIFIER = 255;

/** What the column-expression and template grammars need from the cursor. */
export interface Cursor {
  peek(k?: number): Token | undefined;
  next(): Token | undefined;
  errAt(tok: Token | undefined, message: string): SqlError;
}

/** A token as a refusal names it: `a string`, `the number 3`, `FOO`, `','`. */
export function describeToken(tok: Token | undefined): string {
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

export class TokenCursor implements Cursor {
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
  /** The last token consumed. */
  previous(): Token | undefined {
    return this.toks[this.pos - 1];
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
    if (!this.isWord(t, word)) throw this.errAt(t, `Expected ${word} ${context}, found ${describeToken(t)}`);
    return this.next()!;
  }
  expectPunct(p: string, context: string): Token {
    const t = this.peek();
    if (!this.isPunct(t, p)) throw this.errAt(t, `Expected '${p}' ${context}, found ${describeToken(t)}`);
    return this.next()!;
  }

  /** Source text between two token offsets. */
  slice(from: number, to: number): string {
    return this.src.slice(from, to);
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
    throw this.errAt(t, `Expected ${context}, found ${describeToken(t)}`);
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

  /** `( name, name … )`. */
  nameList(context: string): ObjectName[] {
    this.expectPunct('(', `to open ${context}`);
    const out: ObjectName[] = [];
    for (;;) {
      out.push(this.objectName(`a name in ${context}`).name);
      const sep = this.next();
      if (this.isPunct(sep, ',')) continue;
      if (this.isPunct(sep, ')')) return out;
      throw this.errAt(sep, `Expected ',' or ')' in ${context}, found ${describeToken(sep)}`);
    }
  }
}
