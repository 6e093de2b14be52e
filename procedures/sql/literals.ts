/**
 * The only place where text becomes a SQL string literal.
 *
 * Snowflake interprets backslash escapes inside '…' (`\\`, `\'`, `\n`, `\t`, octal, hex, `\uXXXX`), so a backslash
 * in user text must be doubled or it would be eaten or, worse, turn the following character into something else.
 * Quotes are doubled; control characters become explicit escapes so the statement stays on its lines and no
 * invisible byte reaches the server.
 */

export class LiteralError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LiteralError';
  }
}

// A UTF-16 surrogate that is not part of a pair cannot be encoded as UTF-8, so it cannot travel in SQL text.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether the text can be carried in a SQL literal (well-formed UTF-16, i.e. encodable as UTF-8). */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

const NAMED_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "''",
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function escapeChar(ch: string): string {
  const named = NAMED_ESCAPES[ch];
  if (named !== undefined) return named;
  // \uXXXX takes exactly four hex digits, so it cannot swallow a following digit the way octal/\0 would.
  return `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `it's C:\tmp` → `'it''s C:\\tmp'`. Throws LiteralError for text that is not well-formed UTF-16. */
export function quoteString(text: string): string {
  if (!isWellFormedText(text)) {
    throw new LiteralError('text contains an unpaired UTF-16 surrogate and cannot be written as SQL');
  }
  return `'${text.replace(/[\\'\u0000-\u001F\u007F]/g, escapeChar)}'`;
}

/** `('a', 'b')` — each item quoted on its own (a list quoted as one string is silently ignored by Snowflake). */
export function quoteStringList(items: readonly string[]): string {
  return `(${items.map(quoteString).join(', ')})`;
}

/**
 * Reverse of quoteString for the escapes it emits, plus the other escapes Snowflake documents; used by tests and
 * by callers that need the value a literal denotes.
 */
export function unquoteString(literal: string): string {
  if (literal.length < 2 || literal[0] !== "'" || literal[literal.length - 1] !== "'") {
    throw new LiteralError(`not a single-quoted literal: ${literal}`);
  }
  const body = literal.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch === "'") {
      if (body[i + 1] !== "'") throw new LiteralError('unescaped quote inside literal');
      out += "'";
      i++;
    } else if (ch === '\\') {
      const next = body[i + 1];
      i++;
      switch (next) {
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case '0':
          out += '\0';
          break;
        case 'u': {
          const hex = body.slice(i + 1, i + 5);
          if (!/^[0-9A-Fa-f]{4}$/.test(hex)) throw new LiteralError('\\u needs four hex digits');
          out += String.fromCharCode(Number.parseInt(hex, 16));
          i += 4;
          break;
        }
        case undefined:
          throw new LiteralError('literal ends with a backslash');
        default:
          out += next;
      }
    } else {
      out += ch;
    }
  }
  return out;
}
