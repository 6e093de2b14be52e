/**
 * One column of CREATE EXTERNAL TABLE: `name type AS expression [inline constraint] [COMMENT 'text']`. The type
 * must be one data type, the expression is read by the allowlist grammar of columnExpr.ts, and only the inline
 * constraint forms Snowflake documents may follow it.
 */
import { normalizeType } from '../sql/types.js';
import type { ExternalTableColumn } from './ast.js';
import { parseColumnExpression } from './columnExpr.js';
import type { Token } from './lexer.js';
import { describeToken, type TokenCursor } from './tokenCursor.js';

export function columnDefinition(c: TokenCursor): ExternalTableColumn {
  const t = c.peek();
  if (c.isPunct(t, ')'))
    throw c.errAt(t, "Expected a column definition after ','; remove the trailing comma");
  const name = c.objectName('a column name', 1);
  const label = name.name.text;
  const type = columnType(c, label);
  const asTok = c.peek();
  if (!c.isWord(asTok, 'AS'))
    throw c.errAt(asTok, `Column ${label} needs AS <expression> (external table columns are virtual)`);
  c.next();
  const expr = columnExpr(c, label, asTok!);
  const { constraint, comment } = columnTail(c, label);
  return {
    name: name.name,
    type,
    expr,
    constraint,
    comment,
    line: name.tok.line,
    column: name.tok.column,
    offset: name.tok.offset,
  };
}

function columnType(c: TokenCursor, colName: string): string {
  const typeTok = c.peek();
  const words: string[] = [];
  for (;;) {
    const t = c.peek();
    if (t?.kind !== 'word' || c.isWord(t, 'AS')) break;
    c.next();
    let w = t.value.toUpperCase();
    if (c.isPunct(c.peek(), '(')) {
      c.next();
      const params: string[] = [];
      for (;;) {
        const p = c.next();
        if (!p || (p.kind !== 'number' && p.kind !== 'word'))
          throw c.errAt(p, `Expected a type parameter for column ${colName}, found ${describeToken(p)}`);
        params.push(p.text.toUpperCase());
        const sep = c.next();
        if (c.isPunct(sep, ',')) continue;
        if (c.isPunct(sep, ')')) break;
        throw c.errAt(
          sep,
          `Expected ',' or ')' in the type of column ${colName}, found ${describeToken(sep)}`,
        );
      }
      w += `(${params.join(',')})`;
    }
    words.push(w);
  }
  if (words.length === 0) throw c.errAt(c.peek(), `Column ${colName} needs a data type`);
  const text = words.join(' ');
  // Every word up to AS was read as the type, so anything that is not one data type (`VARCHAR DROP TABLE x`)
  // is refused here rather than carried along.
  const checked = normalizeType(text);
  if (!checked.ok) throw c.errAt(typeTok, `Column ${colName}: ${checked.message}`);
  return text;
}

/** The column expression after AS, read by the allowlist grammar of columnExpr.ts. */
function columnExpr(c: TokenCursor, colName: string, asTok: Token): string {
  if (!c.peek()) throw c.errAt(c.peek(), "Expected ')' to close the column list");
  if (c.isPunct(c.peek(), ',') || c.isPunct(c.peek(), ')'))
    throw c.errAt(c.peek() ?? asTok, `Column ${colName} needs an expression after AS`);
  const e = parseColumnExpression(c, colName);
  if (e.wrapped) {
    const text = c.slice(e.first.end, e.last.offset).trim();
    if (text === '') throw c.errAt(e.first, `Column ${colName} has an empty expression`);
    return text;
  }
  return c.slice(e.first.offset, e.last.end);
}

/** `COMMENT [=] 'text'` after a column, if present. */
function columnComment(c: TokenCursor, label: string, current: string | undefined): string | undefined {
  const t = c.peek();
  if (!c.isWord(t, 'COMMENT')) return current;
  c.next();
  if (c.isPunct(c.peek(), '=')) c.next();
  const s = c.next();
  if (s?.kind !== 'string') throw c.errAt(s, `Expected a string after COMMENT for column ${label}`);
  if (current !== undefined) throw c.errAt(t, `Column ${label} has more than one COMMENT`);
  return s.value;
}

/**
 * What may follow a column's expression, per the inlineConstraint of CREATE EXTERNAL TABLE:
 * `[NOT NULL | NULL] [CONSTRAINT name] {UNIQUE | PRIMARY KEY | [FOREIGN KEY] REFERENCES t [(cols)]}
 * [properties]`, and a COMMENT. Anything else is refused rather than skipped.
 */
function columnTail(
  c: TokenCursor,
  label: string,
): { constraint: string | undefined; comment: string | undefined } {
  let comment = columnComment(c, label, undefined);
  let from: Token | undefined;
  let end: Token | undefined;
  const mark = (t: Token | undefined): void => {
    if (!from) from = t;
  };
  const t = c.peek();
  if (c.isWord(t, 'NOT') && c.isWord(c.peek(1), 'NULL')) {
    mark(t);
    c.next();
    end = c.next();
  } else if (c.isWord(t, 'NULL')) {
    mark(t);
    end = c.next();
  }
  comment = columnComment(c, label, comment);
  const named = c.peek();
  if (c.isWord(named, 'CONSTRAINT')) {
    mark(named);
    c.next();
    c.objectName(`a constraint name in column ${label}`, 1);
  }
  const k = c.peek();
  let keyed = true;
  if (c.isWord(k, 'UNIQUE')) c.next();
  else if (c.isWord(k, 'PRIMARY')) {
    c.next();
    c.expectWord('KEY', `after PRIMARY in column ${label}`);
  } else if (c.isWord(k, 'FOREIGN') || c.isWord(k, 'REFERENCES')) {
    if (c.isWord(k, 'FOREIGN')) {
      c.next();
      c.expectWord('KEY', `after FOREIGN in column ${label}`);
    }
    c.expectWord('REFERENCES', `in the foreign key of column ${label}`);
    c.objectName(`the referenced table in column ${label}`);
    if (c.isPunct(c.peek(), '(')) c.nameList('the referenced columns');
  } else keyed = false;
  if (keyed) mark(k);
  else if (c.isWord(named, 'CONSTRAINT'))
    throw c.errAt(
      k,
      `Expected UNIQUE, PRIMARY KEY or REFERENCES after CONSTRAINT in column ${label}, found ${describeToken(k)}`,
    );
  if (keyed) {
    constraintProperties(c);
    end = c.previous();
  }
  comment = columnComment(c, label, comment);
  const after = c.peek();
  if (!c.isPunct(after, ',') && !c.isPunct(after, ')'))
    throw c.errAt(
      after,
      `Unexpected ${describeToken(after)} after column ${label}; only NOT NULL, a constraint (UNIQUE, PRIMARY KEY, REFERENCES) or COMMENT may follow the expression`,
    );
  const constraint = from && end ? c.slice(from.offset, end.end) : undefined;
  return { constraint, comment };
}

/** constraint_properties of CREATE | ALTER TABLE … CONSTRAINT. */
function constraintProperties(c: TokenCursor): void {
  for (;;) {
    const t = c.peek();
    const u = t?.kind === 'word' ? t.value.toUpperCase() : '';
    const n = c.peek(1);
    const nu = n?.kind === 'word' ? n.value.toUpperCase() : '';
    if (
      ['ENFORCED', 'DEFERRABLE', 'ENABLE', 'DISABLE', 'VALIDATE', 'NOVALIDATE', 'RELY', 'NORELY'].indexOf(
        u,
      ) >= 0
    ) {
      c.next();
    } else if (u === 'NOT' && (nu === 'ENFORCED' || nu === 'DEFERRABLE')) {
      c.next();
      c.next();
    } else if (u === 'INITIALLY' && (nu === 'DEFERRED' || nu === 'IMMEDIATE')) {
      c.next();
      c.next();
    } else if (u === 'MATCH' && (nu === 'FULL' || nu === 'SIMPLE' || nu === 'PARTIAL')) {
      c.next();
      c.next();
    } else if (u === 'ON' && (nu === 'UPDATE' || nu === 'DELETE')) {
      c.next();
      c.next();
      const a = c.peek();
      const au = a?.kind === 'word' ? a.value.toUpperCase() : '';
      const b = c.peek(1);
      const bu = b?.kind === 'word' ? b.value.toUpperCase() : '';
      if (au === 'CASCADE' || au === 'RESTRICT') c.next();
      else if (au === 'SET' && (bu === 'NULL' || bu === 'DEFAULT')) {
        c.next();
        c.next();
      } else if (au === 'NO' && bu === 'ACTION') {
        c.next();
        c.next();
      } else
        throw c.errAt(
          a,
          `Expected CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO ACTION, found ${describeToken(a)}`,
        );
    } else return;
  }
}
