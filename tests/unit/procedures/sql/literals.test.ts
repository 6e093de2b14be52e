import { describe, expect, it } from 'vitest';
import {
  LiteralError,
  quoteString,
  quoteStringList,
  unquoteString,
} from '../../../../procedures/sql/literals.js';

describe('string literals', () => {
  it('doubles single quotes', () => {
    expect(quoteString("it's")).toBe("'it''s'");
    expect(quoteString("'")).toBe("''''");
  });

  it('doubles backslashes, because Snowflake reads escapes inside quotes', () => {
    expect(quoteString('C:\\tmp\\new')).toBe("'C:\\\\tmp\\\\new'");
    expect(quoteString('\\N')).toBe("'\\\\N'");
    expect(quoteString("\\'")).toBe("'\\\\'''");
  });

  it('escapes control characters so a literal stays on its line', () => {
    expect(quoteString('a\nb\r\tc')).toBe("'a\\nb\\r\\tc'");
    expect(quoteString('\u0000')).toBe("'\\u0000'");
    expect(quoteString('\u0001x')).toBe("'\\u0001x'");
    expect(quoteString('\u007F')).toBe("'\\u007F'");
  });

  it('keeps unicode as is and refuses broken surrogates', () => {
    expect(quoteString('Grüße 😀 表')).toBe("'Grüße 😀 表'");
    expect(() => quoteString('\uDC00')).toThrow(LiteralError);
    expect(() => quoteString('a\uD83D')).toThrow(/surrogate/);
  });

  it('cannot be broken out of', () => {
    const evil = "x'); DROP TABLE t; --";
    const sql = quoteString(evil);
    expect(sql).toBe("'x''); DROP TABLE t; --'");
    expect(unquoteString(sql)).toBe(evil);
  });

  it('round-trips through unquoteString', () => {
    for (const text of [
      '',
      'plain',
      "it's",
      'a\\b',
      '\\',
      "\\'",
      'line\nbreak',
      '\u0000\u0001\u001F',
      'tab\there',
      '😀',
    ]) {
      expect(unquoteString(quoteString(text))).toBe(text);
    }
  });

  it('quotes list items one by one', () => {
    expect(quoteStringList(['s3://a/', "b'c"])).toBe("('s3://a/', 'b''c')");
    expect(quoteStringList([])).toBe('()');
  });

  it('unquoteString refuses malformed literals', () => {
    expect(() => unquoteString('abc')).toThrow(LiteralError);
    expect(() => unquoteString("'a'b'")).toThrow(/unescaped quote/);
    expect(() => unquoteString("'a\\'")).toThrow(LiteralError);
    expect(() => unquoteString("'\\u12'")).toThrow(/four hex digits/);
  });
});
