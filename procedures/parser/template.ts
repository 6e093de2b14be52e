/**
 * `USING TEMPLATE ( … )` of CREATE EXTERNAL TABLE runs a query with the procedure owner's rights, so only the
 * documented INFER_SCHEMA form is accepted, token by token:
 *
 *   SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) [WITHIN GROUP (ORDER BY ORDER_ID)]
 *   FROM TABLE(INFER_SCHEMA(LOCATION => '@stage/path/', FILE_FORMAT => 'format' [, NAME => value …]))
 *
 * (OBJECT_CONSTRUCT may also list its keys: 'COLUMN_NAME', COLUMN_NAME, 'TYPE', TYPE, ….) Any other query, such
 * as one reading SNOWFLAKE.ACCOUNT_USAGE, is refused.
 */
import type { Token } from './lexer.js';
import type { Cursor } from './tokenCursor.js';

/** Columns of INFER_SCHEMA's result. */
const INFER_SCHEMA_COLUMNS = ['COLUMN_NAME', 'TYPE', 'NULLABLE', 'EXPRESSION', 'FILENAMES', 'ORDER_ID'];
/** Named arguments of INFER_SCHEMA. */
const INFER_SCHEMA_ARGS = [
  'LOCATION',
  'FILE_FORMAT',
  'FILES',
  'IGNORE_CASE',
  'MAX_FILE_COUNT',
  'MAX_RECORDS_PER_FILE',
  'KIND',
];

const TEMPLATE_FORM =
  "USING TEMPLATE accepts only (SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) FROM TABLE(INFER_SCHEMA(LOCATION => '@stage', FILE_FORMAT => 'format')))";

function upper(t: Token | undefined): string {
  return t && t.kind === 'word' ? t.value.toUpperCase() : '';
}
function isPunct(t: Token | undefined, p: string): boolean {
  return !!t && t.kind === 'punct' && t.value === p;
}

/** Reads the query after `USING TEMPLATE (` up to and including its closing `)`; returns that `)`. */
export function readInferSchemaTemplate(c: Cursor): Token {
  const refuse = (t: Token | undefined): never => {
    throw c.errAt(
      t,
      `${TEMPLATE_FORM}; found ${t ? (t.kind === 'word' ? t.value.toUpperCase() : `'${t.text.slice(0, 40)}'`) : 'the end of the statement'}`,
    );
  };
  const word = (w: string): void => {
    if (upper(c.peek()) !== w) refuse(c.peek());
    c.next();
  };
  const punct = (p: string): Token => {
    const t = c.peek();
    if (!isPunct(t, p)) refuse(t);
    return c.next() as Token;
  };
  word('SELECT');
  word('ARRAY_AGG');
  punct('(');
  word('OBJECT_CONSTRUCT');
  punct('(');
  if (isPunct(c.peek(), '*')) c.next();
  else {
    for (;;) {
      const key = c.peek();
      if (key?.kind !== 'string' || INFER_SCHEMA_COLUMNS.indexOf(key.value.toUpperCase()) < 0) refuse(key);
      c.next();
      punct(',');
      if (INFER_SCHEMA_COLUMNS.indexOf(upper(c.peek())) < 0) refuse(c.peek());
      c.next();
      if (!isPunct(c.peek(), ',')) break;
      c.next();
    }
  }
  punct(')');
  punct(')');
  if (upper(c.peek()) === 'WITHIN') {
    c.next();
    word('GROUP');
    punct('(');
    word('ORDER');
    word('BY');
    word('ORDER_ID');
    punct(')');
  }
  word('FROM');
  word('TABLE');
  punct('(');
  word('INFER_SCHEMA');
  punct('(');
  const seen = new Set<string>();
  for (;;) {
    const name = upper(c.peek());
    if (INFER_SCHEMA_ARGS.indexOf(name) < 0 || seen.has(name)) refuse(c.peek());
    seen.add(name);
    c.next();
    punct('=>');
    const v = c.peek();
    const literal =
      v?.kind === 'string' || v?.kind === 'number' || upper(v) === 'TRUE' || upper(v) === 'FALSE';
    if (!literal) refuse(v);
    if (name === 'LOCATION' && !(v!.kind === 'string' && v!.value.indexOf('@') === 0)) refuse(v);
    c.next();
    if (!isPunct(c.peek(), ',')) break;
    c.next();
  }
  if (!seen.has('LOCATION')) refuse(c.peek());
  punct(')');
  punct(')');
  return punct(')');
}
