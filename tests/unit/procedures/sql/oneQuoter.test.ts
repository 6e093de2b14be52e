/**
 * One quoter for Snowflake identifiers (procedures/sql/identifiers.ts), one for Snowflake string literals
 * (procedures/sql/literals.ts), and one for the embedded warehouse's DuckDB dialect
 * (adapters/local/warehouse/duckQuote.ts). Any other place that doubles quotes by hand, or defines its own
 * quoting function, is a second quoter that can drift from the first; this test reads the tree and names it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const QUOTERS = new Set([
  'procedures/sql/identifiers.ts',
  'procedures/sql/literals.ts',
  'adapters/local/warehouse/duckQuote.ts',
]);
const SOURCE_ROOTS = ['bin', 'bot', 'adapters', 'procedures', 'dashboard', 'bench', 'eval'];

/** Hand-written quoting: `"` doubled, `'` doubled or backslash-escaped, and functions named like a quoter. */
const PATTERNS: readonly RegExp[] = [
  /\.replace(?:All)?\(\s*(?:\/"\/g|'"'|"\\"")\s*,\s*(?:'""'|"\\"\\"")\s*\)/,
  /\.replace(?:All)?\(\s*(?:\/'\/g|"'"|'\\'')\s*,\s*(?:"''"|"\\\\'"|'\\'\\'')\s*\)/,
  /\bfunction\s+quote(?:Identifier|Ident|Part|Name|String|Literal|Sql)\w*\s*\(/,
  /\bconst\s+quote(?:Identifier|Ident|Part|Name|String|Literal|Sql)\w*\s*=/,
];

function handWrittenQuoting(source: string): number[] {
  return source.split('\n').flatMap((line, i) => (PATTERNS.some((p) => p.test(line)) ? [i + 1] : []));
}

describe('one quoter', () => {
  it('recognises hand-written quoting (the check can fail)', () => {
    const samples = [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source code under test
      'const q = `"${name.replace(/"/g, \'""\')}"`;',
      "return name.replaceAll('\"', '\"\"');",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source code under test
      "const s = `'${v.replace(/'/g, \"''\")}'`;",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source code under test
      "const s = `'${v.replace(/'/g, \"\\\\'\")}'`;",
      'function quotePart(name: string) {',
      'const quoteIdent = (n: string) => n;',
    ];
    for (const s of samples) expect(handWrittenQuoting(s), s).toEqual([1]);
    expect(handWrittenQuoting("const csvQuote = extractQuote(text); text.replace(/\\s+/g, ' ');")).toEqual(
      [],
    );
  });

  it('no source file outside the three quoters quotes by hand', () => {
    const files = execFileSync('git', ['ls-files', '--', ...SOURCE_ROOTS.map((r) => `${r}/*.ts`)], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter((f) => f.endsWith('.ts') && !QUOTERS.has(f));
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((f) =>
      handWrittenQuoting(readFileSync(f, 'utf8')).map((line) => `${f}:${line}`),
    );
    expect(offenders).toEqual([]);
  });

  it('each quoter is where the tree says it is', () => {
    for (const f of QUOTERS) expect(handWrittenQuoting(readFileSync(f, 'utf8')).length, f).toBeGreaterThan(0);
  });
});
