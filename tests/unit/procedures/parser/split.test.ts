import { describe, expect, it } from 'vitest';
import { splitStatements, toInputPosition } from '../../../../procedures/parser/index.js';

describe('splitStatements', () => {
  it('splits on ; but never inside strings, identifiers, $$ strings or comments', () => {
    const text = `CREATE STAGE a URL='s3://x;y/';
-- a ; comment
CREATE STAGE "b;c" COMMENT = $$ ; $$ /* ; */ ;

;CREATE FILE FORMAT f // trailing ; comment
`;
    const parts = splitStatements(text);
    expect(parts.map((p) => p.sql)).toEqual([
      "CREATE STAGE a URL='s3://x;y/'",
      'CREATE STAGE "b;c" COMMENT = $$ ; $$',
      'CREATE FILE FORMAT f',
    ]);
    expect(parts.map((p) => [p.line, p.column])).toEqual([
      [1, 1],
      [3, 1],
      [5, 2],
    ]);
    expect(text.slice(parts[2]!.offset, parts[2]!.offset + 6)).toBe('CREATE');
  });

  it('keeps the rest as one piece after a lexical error', () => {
    const parts = splitStatements("CREATE STAGE a;\nCREATE STAGE b URL='oops; DROP TABLE t;");
    expect(parts).toHaveLength(2);
    expect(parts[1]).toMatchObject({ sql: "CREATE STAGE b URL='oops; DROP TABLE t;", line: 2, column: 1 });
  });

  it('returns nothing for empty or comment-only text', () => {
    expect(splitStatements('')).toEqual([]);
    expect(splitStatements(' -- x\n /* y */ ;; ')).toEqual([]);
  });

  it('maps positions inside a piece back to the input', () => {
    const slice = { sql: '', line: 4, column: 7, offset: 0 };
    expect(toInputPosition(slice, 1, 3)).toEqual({ line: 4, column: 9 });
    expect(toInputPosition(slice, 2, 3)).toEqual({ line: 5, column: 3 });
  });
});
