/** `CREATE [OR REPLACE | OR ALTER] [TEMPORARY] <kind> [IF NOT EXISTS]`: the only statements that may run. */
import type { StatementKind } from './ast.js';
import type { RawStatement } from './rawStatement.js';
import { describeToken, type TokenCursor } from './tokenCursor.js';

const ALLOWED_MESSAGE = 'Only CREATE STORAGE INTEGRATION, FILE FORMAT, STAGE or EXTERNAL TABLE may run';

const KIND_LABEL: Record<StatementKind, string> = {
  STORAGE_INTEGRATION: 'storage integration',
  FILE_FORMAT: 'file format',
  STAGE: 'stage',
  EXTERNAL_TABLE: 'external table',
};

export function kindLabel(kind: StatementKind): string {
  return KIND_LABEL[kind];
}

/** First words of multi-word object types, so a refusal can say "found CREATE NETWORK RULE". */
const MULTI_WORD_PREFIXES = [
  'EXTERNAL',
  'STORAGE',
  'NETWORK',
  'NOTIFICATION',
  'SECURITY',
  'API',
  'MATERIALIZED',
  'DYNAMIC',
  'ICEBERG',
  'HYBRID',
  'EVENT',
  'FILE',
  'ROW',
  'MASKING',
  'SESSION',
  'PASSWORD',
  'RESOURCE',
  'COMPUTE',
  'IMAGE',
  'GIT',
  'SECURE',
  'TRANSIENT',
];

/** Reads `CREATE [OR …] [TEMPORARY] <kind> [IF NOT EXISTS]`; refuses every other statement. */
export function statementHeader(p: TokenCursor, raw: Partial<RawStatement>): StatementKind {
  const first = p.peek();
  if (!first) throw p.errAt(first, 'No statement found');
  if (!p.isWord(first, 'CREATE')) {
    const what = first.kind === 'word' ? first.value.toUpperCase() : describeToken(first);
    throw p.errAt(first, `${ALLOWED_MESSAGE}; found ${what}`);
  }
  p.next();
  if (p.isWord(p.peek(), 'OR')) {
    const or = p.next()!;
    const n = p.peek();
    if (p.isWord(n, 'REPLACE')) raw.orReplace = true;
    else if (p.isWord(n, 'ALTER')) raw.orAlter = true;
    else throw p.errAt(n ?? or, `Expected REPLACE or ALTER after CREATE OR, found ${describeToken(n)}`);
    p.next();
  }
  const temp = p.peek();
  if (p.isWord(temp, 'TEMPORARY') || p.isWord(temp, 'TEMP') || p.isWord(temp, 'VOLATILE')) {
    raw.temporary = true;
    raw.temporaryTok = temp;
    p.next();
  }
  const k = p.peek();
  let kind: StatementKind | undefined;
  if (p.isWord(k, 'STORAGE') && p.isWord(p.peek(1), 'INTEGRATION')) kind = 'STORAGE_INTEGRATION';
  else if (p.isWord(k, 'FILE') && p.isWord(p.peek(1), 'FORMAT')) kind = 'FILE_FORMAT';
  else if (p.isWord(k, 'EXTERNAL') && p.isWord(p.peek(1), 'TABLE')) kind = 'EXTERNAL_TABLE';
  else if (p.isWord(k, 'STAGE')) kind = 'STAGE';
  if (!kind) {
    let what = describeToken(k);
    if (k && k.kind === 'word') {
      const n = p.peek(1);
      const second =
        MULTI_WORD_PREFIXES.indexOf(k.value.toUpperCase()) >= 0 && n && n.kind === 'word'
          ? ` ${n.value.toUpperCase()}`
          : '';
      what = `CREATE ${k.value.toUpperCase()}${second}`;
    }
    throw p.errAt(k ?? first, `${ALLOWED_MESSAGE}; found ${what}`);
  }
  p.next();
  if (kind !== 'STAGE') p.next();
  raw.kindTok = k;
  if (p.isWord(p.peek(), 'IF')) {
    const ifTok = p.next()!;
    p.expectWord('NOT', 'after IF');
    p.expectWord('EXISTS', 'after IF NOT');
    raw.ifNotExists = true;
    raw.ifTok = ifTok;
  }
  return kind;
}
