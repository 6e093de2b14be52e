import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guardStatement, parseStatement, splitStatements } from '../../../../procedures/parser/index.js';

// Fragments that steer random input into the interesting parts of the grammar.
const fragments = fc.constantFrom(
  'CREATE ',
  'OR REPLACE ',
  'STAGE ',
  'FILE FORMAT ',
  'STORAGE INTEGRATION ',
  'EXTERNAL TABLE ',
  'IF NOT EXISTS ',
  's ',
  '"q""x" ',
  "URL='s3://b/' ",
  'TYPE = CSV ',
  'FILE_FORMAT = (',
  ')',
  '(',
  ',',
  ';',
  "'",
  '"',
  '$$',
  '--',
  '/*',
  '*/',
  '\n',
  '@s/p/',
  'LOCATION = ',
  'a int AS (VALUE:c1::int)',
  '0x7C',
  '= ',
  'NULL ',
  'CASE WHEN ',
  'END ',
);

describe('parser fuzz', () => {
  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        const r = parseStatement(s);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) {
          expect(r.error.line).toBeGreaterThanOrEqual(1);
          expect(r.error.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on grammar-shaped fragments, and the guard only ever returns one allowed statement', () => {
    fc.assert(
      fc.property(fc.array(fragments, { maxLength: 30 }), (parts) => {
        const sql = parts.join('');
        const r = parseStatement(sql);
        expect(typeof r.ok).toBe('boolean');
        expect(() => splitStatements(sql)).not.toThrow();
        if (r.ok) {
          expect(['STORAGE_INTEGRATION', 'FILE_FORMAT', 'STAGE', 'EXTERNAL_TABLE']).toContain(
            r.statement.kind,
          );
          expect(guardStatement(sql).kind).toBe(r.statement.kind);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
