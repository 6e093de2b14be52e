/**
 * Hand-written lexer for the Snowflake subset we parse and guard. It is strict on purpose: any character it does
 * not understand outside a string, quoted identifier or comment is an error, so look-alike Unicode punctuation
 * or control characters can never hide a statement boundary from the guard.
 */

export type TokenKind =
  | 'word' // unquoted identifier or keyword: letters, digits, _ and $ (value: text as written)
  | 'quoted' // "double-quoted identifier" (value: content with "" collapsed)
  | 'string' // 'single-quoted' (value: unescaped)
  | 'dollar' // $$dollar-quoted$$ (value: content)
  | 'number' // 42, 1.5, 1e3, 0x7C (value: text)
  | 'stage' // @db.sch.stage/path, @~, @%table (value: text after @)
  | 'punct'; // ( ) , ; = . : :: || => + - * / % < > <= >= != <> [ ] { } !

export interface StageRefParts {
  /** Resolved name parts (unquoted upper-cased). Empty for internal stages (`@~`, `@%t`). */
  parts: string[];
  quoted: boolean[];
  /** The name as written, without `@` and path. */
  nameText: string;
  /** Everything from the first `/` after the name, or ''. */
  path: string;
  /** `@~` (user stage) or `@%table` (table stage): internal stages. */
  internal: boolean;
}

export interface Token {
  kind: TokenKind;
  /** Source text of the token, exactly as written. */
  text: string;
  value: string;
  line: number;
  column: number;
  offset: number;
  /** Offset just past the token. */
  end: number;
  stage?: StageRefParts;
}

/** A positioned syntax problem; the parser, guard and splitter all speak it. */
export class SqlError extends Error {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  constructor(message: string, line: number, column: number, offset: number) {
    super(message);
    this.name = 'SqlError';
    this.line = line;
    this.column = column;
    this.offset = offset;
  }
}

const TWO_CHAR_PUNCT = ['::', '||', '=>', '<=', '>=', '!=', '<>'];
const ONE_CHAR_PUNCT = '(),;=.:+-*/%<>[]{}!';

function isWordStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57) || c === 36;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
/** Plain ASCII whitespace only; NBSP and friends are rejected as unexpected characters. */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
}
/** Characters that end a stage path (`@s/path/`). */
function endsStagePath(c: number): boolean {
  // whitespace ; , ( ) ' "
  return isSpace(c) || c === 59 || c === 44 || c === 40 || c === 41 || c === 39 || c === 34;
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase();
  const padded = hex.length < 4 ? '0000'.slice(hex.length) + hex : hex;
  return code < 32 || code === 127 ? `control character U+${padded}` : `character '${ch}' (U+${padded})`;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  '0': '\0',
  "'": "'",
  '"': '"',
  '\\': '\\',
};

/**
 * Streaming scanner: `next()` returns the next token (comments and whitespace skipped) or undefined at the end.
 * Kept as a class so splitStatements can recover after an error without re-lexing from the start.
 */
export class Scanner {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  constructor(private readonly src: string) {}

  get offset(): number {
    return this.pos;
  }

  private err(message: string, offset: number): SqlError {
    const p = this.positionOf(offset);
    return new SqlError(message, p.line, p.column, offset);
  }

  /** 1-based line/column of an offset at or after the current line start (or anywhere, by recount). */
  positionOf(offset: number): { line: number; column: number } {
    if (offset >= this.lineStart) return { line: this.line, column: offset - this.lineStart + 1 };
    return positionAt(this.src, offset);
  }

  private advanceTo(end: number): void {
    const src = this.src;
    for (let i = this.pos; i < end; i++) {
      if (src.charCodeAt(i) === 10) {
        this.line++;
        this.lineStart = i + 1;
      }
    }
    this.pos = end;
  }

  /** Skips whitespace and comments; throws on an unterminated block comment. */
  private skipTrivia(): void {
    const src = this.src;
    const n = src.length;
    while (this.pos < n) {
      const c = src.charCodeAt(this.pos);
      if (isSpace(c)) {
        this.advanceTo(this.pos + 1);
      } else if (
        (c === 45 && src.charCodeAt(this.pos + 1) === 45) ||
        (c === 47 && src.charCodeAt(this.pos + 1) === 47)
      ) {
        let e = this.pos + 2;
        while (e < n && src.charCodeAt(e) !== 10) e++;
        this.advanceTo(e);
      } else if (c === 47 && src.charCodeAt(this.pos + 1) === 42) {
        const close = src.indexOf('*/', this.pos + 2);
        if (close < 0) throw this.err('Unterminated /* comment', this.pos);
        this.advanceTo(close + 2);
      } else {
        return;
      }
    }
  }

  next(): Token | undefined {
    this.skipTrivia();
    const src = this.src;
    const start = this.pos;
    if (start >= src.length) return undefined;
    const line = this.line;
    const column = start - this.lineStart + 1;
    const c = src.charCodeAt(start);
    // Words, numbers and punctuation never span lines, so only strings, identifiers and stage refs need the
    // newline-counting advance.
    const make = (kind: TokenKind, end: number, value: string, stage?: StageRefParts): Token => {
      const tok: Token = { kind, text: src.slice(start, end), value, line, column, offset: start, end };
      if (stage) tok.stage = stage;
      if (kind === 'word' || kind === 'number' || kind === 'punct') this.pos = end;
      else this.advanceTo(end);
      return tok;
    };
    if (isWordStart(c)) {
      let e = start + 1;
      while (e < src.length && isWordPart(src.charCodeAt(e))) e++;
      return make('word', e, src.slice(start, e));
    }
    if (c === 34) {
      const { end, value } = this.readQuoted(start);
      return make('quoted', end, value);
    }
    if (c === 39) {
      const { end, value } = this.readString(start);
      return make('string', end, value);
    }
    if (c === 36 && src.charCodeAt(start + 1) === 36) {
      const close = src.indexOf('$$', start + 2);
      if (close < 0) throw this.err('Unterminated $$ string', start);
      return make('dollar', close + 2, src.slice(start + 2, close));
    }
    if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(start + 1)))) {
      const e = this.readNumber(start);
      return make('number', e, src.slice(start, e));
    }
    if (c === 64) {
      const { end, stage } = this.readStage(start);
      return make('stage', end, src.slice(start + 1, end), stage);
    }
    const two = src.slice(start, start + 2);
    if (TWO_CHAR_PUNCT.indexOf(two) >= 0) return make('punct', start + 2, two);
    const ch = src.charAt(start);
    if (ONE_CHAR_PUNCT.indexOf(ch) >= 0) return make('punct', start + 1, ch);
    const cp = src.codePointAt(start) ?? c;
    throw this.err(`Unexpected ${describeChar(String.fromCodePoint(cp))}`, start);
  }

  private readQuoted(start: number): { end: number; value: string } {
    const src = this.src;
    let value = '';
    let i = start + 1;
    for (;;) {
      const q = src.indexOf('"', i);
      if (q < 0) throw this.err('Unterminated quoted identifier', start);
      value += src.slice(i, q);
      if (src.charCodeAt(q + 1) === 34) {
        value += '"';
        i = q + 2;
      } else {
        return { end: q + 1, value };
      }
    }
  }

  private readString(start: number): { end: number; value: string } {
    const src = this.src;
    const n = src.length;
    let value = '';
    let i = start + 1;
    while (i < n) {
      const c = src.charCodeAt(i);
      if (c === 39) {
        if (src.charCodeAt(i + 1) === 39) {
          value += "'";
          i += 2;
          continue;
        }
        return { end: i + 1, value };
      }
      if (c === 92) {
        if (i + 1 >= n) break;
        const esc = src.charAt(i + 1);
        if (esc === 'x' && isHexDigit(src.charCodeAt(i + 2)) && isHexDigit(src.charCodeAt(i + 3))) {
          value += String.fromCharCode(parseInt(src.slice(i + 2, i + 4), 16));
          i += 4;
          continue;
        }
        if (esc === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
          value += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        if (esc >= '0' && esc <= '7' && /^[0-7]{3}$/.test(src.slice(i + 1, i + 4))) {
          value += String.fromCharCode(parseInt(src.slice(i + 1, i + 4), 8));
          i += 4;
          continue;
        }
        const simple = SIMPLE_ESCAPES[esc];
        // Snowflake reads any other escaped character as itself.
        value += simple !== undefined ? simple : esc;
        i += 2;
        continue;
      }
      value += src.charAt(i);
      i++;
    }
    throw this.err('Unterminated string literal', start);
  }

  private readNumber(start: number): number {
    const src = this.src;
    let e = start;
    if (src.charCodeAt(e) === 48 && (src.charAt(e + 1) === 'x' || src.charAt(e + 1) === 'X')) {
      e += 2;
      const digitsStart = e;
      while (isHexDigit(src.charCodeAt(e))) e++;
      if (e === digitsStart) throw this.err('Malformed hexadecimal number', start);
    } else {
      while (isDigit(src.charCodeAt(e))) e++;
      if (src.charCodeAt(e) === 46) {
        e++;
        while (isDigit(src.charCodeAt(e))) e++;
      }
      const x = src.charAt(e);
      if (x === 'e' || x === 'E') {
        let f = e + 1;
        if (src.charAt(f) === '+' || src.charAt(f) === '-') f++;
        if (isDigit(src.charCodeAt(f))) {
          while (isDigit(src.charCodeAt(f))) f++;
          e = f;
        }
      }
    }
    if (e < src.length && isWordPart(src.charCodeAt(e))) throw this.err('Malformed number', start);
    return e;
  }

  private readStage(start: number): { end: number; stage: StageRefParts } {
    const src = this.src;
    let i = start + 1;
    const parts: string[] = [];
    const quoted: boolean[] = [];
    let internal = false;
    if (src.charAt(i) === '~') {
      internal = true;
      i++;
    } else {
      if (src.charAt(i) === '%') {
        internal = true;
        i++;
      }
      for (;;) {
        const c = src.charCodeAt(i);
        if (c === 34) {
          const q = this.readQuoted(i);
          parts.push(q.value);
          quoted.push(true);
          i = q.end;
        } else if (isWordStart(c)) {
          let e = i + 1;
          while (e < src.length && isWordPart(src.charCodeAt(e))) e++;
          parts.push(src.slice(i, e).toUpperCase());
          quoted.push(false);
          i = e;
        } else {
          throw this.err('Expected a stage name after @', start);
        }
        if (src.charCodeAt(i) === 46) i++;
        else break;
      }
    }
    const nameEnd = i;
    if (src.charCodeAt(i) === 47) {
      while (i < src.length && !endsStagePath(src.charCodeAt(i))) i++;
    }
    return {
      end: i,
      stage: {
        parts,
        quoted,
        nameText: src.slice(start + 1, nameEnd),
        path: src.slice(nameEnd, i),
        internal,
      },
    };
  }
}

/** 1-based line and column of an offset. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** All tokens of `text` (comments and whitespace dropped). Throws SqlError on a lexical error. */
export function tokenize(text: string): Token[] {
  const scanner = new Scanner(text);
  const out: Token[] = [];
  for (let t = scanner.next(); t; t = scanner.next()) out.push(t);
  return out;
}
