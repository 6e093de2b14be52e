import { describe, expect, it } from 'vitest';
import { SqlError, tokenize } from '../../../../procedures/parser/index.js';

function kinds(text: string): string[] {
  return tokenize(text).map((t) => `${t.kind}:${t.value}`);
}

function lexError(text: string): SqlError {
  try {
    tokenize(text);
  } catch (e) {
    if (e instanceof SqlError) return e;
    throw e;
  }
  throw new Error(`expected a lexical error for ${JSON.stringify(text)}`);
}

describe('tokenize', () => {
  it('reads words, punctuation and numbers with positions', () => {
    const toks = tokenize('CREATE stage\n  s1 SKIP_HEADER=1;');
    expect(toks.map((t) => [t.kind, t.text, t.line, t.column, t.offset])).toEqual([
      ['word', 'CREATE', 1, 1, 0],
      ['word', 'stage', 1, 8, 7],
      ['word', 's1', 2, 3, 15],
      ['word', 'SKIP_HEADER', 2, 6, 18],
      ['punct', '=', 2, 17, 29],
      ['number', '1', 2, 18, 30],
      ['punct', ';', 2, 19, 31],
    ]);
  });

  it("unescapes '' and backslash escapes in single-quoted strings", () => {
    const [a, b, c, d, e] = tokenize(`'it''s' 'it\\'s' '\\t|\\n' '\\\\N' '\\x41\\101'`);
    expect(a!.value).toBe("it's");
    expect(b!.value).toBe("it's");
    expect(c!.value).toBe('\t|\n');
    expect(d!.value).toBe('\\N');
    expect(e!.value).toBe('AA');
    expect(a!.text).toBe("'it''s'");
  });

  it('keeps $$ strings literal', () => {
    const [t] = tokenize("$$ it's \\n; -- not a comment $$");
    expect(t).toMatchObject({ kind: 'dollar', value: " it's \\n; -- not a comment " });
  });

  it('reads double-quoted identifiers with "" inside', () => {
    const [t] = tokenize('"My ""odd"" name"');
    expect(t).toMatchObject({ kind: 'quoted', value: 'My "odd" name' });
  });

  it('skips --, // and /* */ comments', () => {
    expect(kinds('a -- x ; y\nb // z ; w\nc /* ; \n ; */ d')).toEqual([
      'word:a',
      'word:b',
      'word:c',
      'word:d',
    ]);
  });

  it('reads hex and decimal numbers', () => {
    expect(kinds('0x7C 1.5 2e3 .5')).toEqual(['number:0x7C', 'number:1.5', 'number:2e3', 'number:.5']);
  });

  it('reads stage references with qualified names and paths', () => {
    const [t] = tokenize('@db."My Sch".stg/logs/2024/ x');
    expect(t!.kind).toBe('stage');
    expect(t!.stage).toEqual({
      parts: ['DB', 'My Sch', 'STG'],
      quoted: [false, true, false],
      nameText: 'db."My Sch".stg',
      path: '/logs/2024/',
      internal: false,
    });
    expect(tokenize('@~/x')[0]!.stage!.internal).toBe(true);
    expect(tokenize('@%t')[0]!.stage!.internal).toBe(true);
  });

  it('reads multi-character operators', () => {
    expect(kinds("a::b || c => 'd' <> e")).toEqual([
      'word:a',
      'punct:::',
      'word:b',
      'punct:||',
      'word:c',
      'punct:=>',
      'string:d',
      'punct:<>',
      'word:e',
    ]);
  });

  it('reports unterminated strings, identifiers and comments at their start', () => {
    expect(lexError("a\n  'abc")).toMatchObject({
      message: 'Unterminated string literal',
      line: 2,
      column: 3,
    });
    expect(lexError("'ab\\'")).toMatchObject({ message: 'Unterminated string literal', line: 1, column: 1 });
    expect(lexError('x "abc')).toMatchObject({ message: 'Unterminated quoted identifier', column: 3 });
    expect(lexError('x /* abc')).toMatchObject({ message: 'Unterminated /* comment', column: 3 });
    expect(lexError('x $$ abc')).toMatchObject({ message: 'Unterminated $$ string', column: 3 });
  });

  it('rejects look-alike and control characters outside strings', () => {
    expect(lexError('a \uff1b b').message).toMatch(/U\+FF1B/); // fullwidth semicolon
    expect(lexError('a\u00a0b').message).toMatch(/U\+00A0/); // no-break space
    expect(lexError('a\u0000b').message).toMatch(/control character U\+0000/);
    expect(lexError('a \u037e b').message).toMatch(/U\+037E/); // Greek question mark looks like ';'
    expect(lexError('12abc').message).toBe('Malformed number');
    expect(lexError('@ x').message).toMatch(/stage name/);
  });

  it('keeps non-ASCII text inside strings and quoted identifiers', () => {
    const [a, b] = tokenize(`'Intégration ；' "naïve"`);
    expect(a!.value).toBe('Intégration ；');
    expect(b!.value).toBe('naïve');
  });
});
