/**
 * A small Snowflake SQL lexer for the embedded warehouse's own needs (classifying statements, parsing SHOW /
 * DESC / DROP / CALL, translating DML and queries). It understands what could hide a `;` or change meaning:
 * single-quoted strings with backslash escapes, `$$…$$`, double-quoted identifiers, `--`, `//` and block comments.
 */
export type TokenType = 'word' | 'qident' | 'string' | 'number' | 'op' | 'param';

export interface Token {
  type: TokenType;
  /** The token as written. */
  text: string;
  /** Strings: the unescaped value; quoted identifiers: the name without quotes; words: upper-cased. */
  value: string;
  offset: number;
}

export class LexError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0', Z: '\x1a' };
const TWO_CHAR_OPS = new Set(['::', '<=', '>=', '<>', '!=', '||', '->', '=>']);

export function tokenizeSql(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i] as string;
    const next = sql[i + 1];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if ((ch === '-' && next === '-') || (ch === '/' && next === '/')) {
      while (i < n && sql[i] !== '\n') i++;
      continue;
    }
    if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new LexError('unterminated comment', i);
      i = end + 2;
      continue;
    }
    const start = i;
    if (ch === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= n) throw new LexError('unterminated string literal', start);
        const c = sql[i] as string;
        if (c === '\\' && i + 1 < n) {
          const e = sql[i + 1] as string;
          value += ESCAPES[e] ?? e;
          i += 2;
        } else if (c === "'") {
          if (sql[i + 1] === "'") {
            value += "'";
            i += 2;
          } else {
            i++;
            break;
          }
        } else {
          value += c;
          i++;
        }
      }
      out.push({ type: 'string', text: sql.slice(start, i), value, offset: start });
      continue;
    }
    if (ch === '$' && next === '$') {
      const end = sql.indexOf('$$', i + 2);
      if (end < 0) throw new LexError('unterminated $$ string', i);
      i = end + 2;
      out.push({
        type: 'string',
        text: sql.slice(start, i),
        value: sql.slice(start + 2, end),
        offset: start,
      });
      continue;
    }
    if (ch === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= n) throw new LexError('unterminated quoted identifier', start);
        const c = sql[i] as string;
        if (c === '"') {
          if (sql[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += c;
        i++;
      }
      out.push({ type: 'qident', text: sql.slice(start, i), value, offset: start });
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      while (i < n && /[A-Za-z0-9_$]/.test(sql[i] as string)) i++;
      const text = sql.slice(start, i);
      out.push({ type: 'word', text, value: text.toUpperCase(), offset: start });
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && next !== undefined && /[0-9]/.test(next))) {
      while (i < n && /[0-9.]/.test(sql[i] as string)) i++;
      if (i < n && /[eE]/.test(sql[i] as string) && /[-+0-9]/.test(sql[i + 1] ?? '')) {
        i += 2;
        while (i < n && /[0-9]/.test(sql[i] as string)) i++;
      }
      const text = sql.slice(start, i);
      out.push({ type: 'number', text, value: text, offset: start });
      continue;
    }
    if (ch === '?') {
      out.push({ type: 'param', text: '?', value: '?', offset: start });
      i++;
      continue;
    }
    const two = sql.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) {
      out.push({ type: 'op', text: two, value: two, offset: start });
      i += 2;
      continue;
    }
    out.push({ type: 'op', text: ch, value: ch, offset: start });
    i++;
  }
  return out;
}

/** Splits a token list on top-level `;` and drops empty statements. */
export function splitStatements(tokens: Token[]): Token[][] {
  const out: Token[][] = [];
  let cur: Token[] = [];
  for (const t of tokens) {
    if (t.type === 'op' && t.value === ';') {
      if (cur.length > 0) out.push(cur);
      cur = [];
    } else cur.push(t);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** 1-based line and column of an offset, as Snowflake reports syntax errors. */
export function lineAndColumn(sql: string, offset: number): { line: number; column: number } {
  let line = 1;
  let col = 0;
  for (let i = 0; i < offset && i < sql.length; i++) {
    if (sql[i] === '\n') {
      line++;
      col = 0;
    } else col++;
  }
  return { line, column: col };
}

export function isWord(t: Token | undefined, ...words: string[]): boolean {
  return t !== undefined && t.type === 'word' && (words.length === 0 || words.includes(t.value));
}

export function isOp(t: Token | undefined, op: string): boolean {
  return t !== undefined && t.type === 'op' && t.value === op;
}

/** Snowflake resolution of an identifier token: unquoted upper-cased, quoted verbatim. */
export function identValue(t: Token): string {
  return t.type === 'qident' ? t.value : t.value.toUpperCase();
}
