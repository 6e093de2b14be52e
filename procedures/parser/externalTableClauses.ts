/**
 * Everything after the name of CREATE EXTERNAL TABLE: the column list or USING TEMPLATE, then options and the
 * clauses PARTITION BY, WITH LOCATION, COPY GRANTS, ROW ACCESS POLICY and TAG, in any order.
 */
import type { Option } from './ast.js';
import { columnDefinition } from './columnDefinition.js';
import { LIMITS } from './limits.js';
import { option } from './optionValues.js';
import type { RawStatement } from './rawStatement.js';
import { readInferSchemaTemplate } from './template.js';
import { describeToken, type TokenCursor } from './tokenCursor.js';

export function externalTableBody(c: TokenCursor, raw: RawStatement): void {
  const keys = new Map<string, Option>();
  if (c.isPunct(c.peek(), '(')) {
    c.next();
    if (c.isPunct(c.peek(), ')')) throw c.errAt(c.peek(), 'The column list is empty');
    for (;;) {
      if (raw.columns.length >= LIMITS.columns)
        throw c.errAt(
          c.peek(),
          `An external table may have at most ${LIMITS.columns} columns; split the table or read the rest from VALUE`,
        );
      raw.columns.push(columnDefinition(c));
      const sep = c.next();
      if (c.isPunct(sep, ',')) continue;
      if (c.isPunct(sep, ')')) break;
      throw c.errAt(sep, `Expected ',' or ')' after a column definition, found ${describeToken(sep)}`);
    }
  } else if (c.isWord(c.peek(), 'USING')) {
    const using = c.next()!;
    c.expectWord('TEMPLATE', 'after USING');
    const open = c.expectPunct('(', 'to open the USING TEMPLATE query');
    if (c.isPunct(c.peek(), ')')) throw c.errAt(using, 'USING TEMPLATE needs a query');
    const close = readInferSchemaTemplate(c);
    raw.usingTemplate = c.slice(open.end, close.offset).trim();
  }
  for (;;) {
    while (c.isPunct(c.peek(), ',')) c.next();
    const t = c.peek();
    if (!t) return;
    if (t.kind !== 'word') throw c.errAt(t, `Expected an option or clause, found ${describeToken(t)}`);
    const u = t.value.toUpperCase();
    if (u === 'PARTITION' && c.isWord(c.peek(1), 'BY')) {
      if (raw.partitionBy) throw c.errAt(t, 'PARTITION BY is given more than once');
      c.next();
      c.next();
      raw.partitionBy = c.nameList('PARTITION BY ( … )');
      raw.partitionByTok = t;
      continue;
    }
    if (u === 'WITH') {
      const n = c.peek(1);
      if (c.isWord(n, 'LOCATION')) {
        c.next();
        raw.options.push(option(c, keys));
        continue;
      }
      if (c.isWord(n, 'ROW') || c.isWord(n, 'TAG')) {
        c.next();
        continue;
      }
      throw c.errAt(n, `Expected LOCATION, ROW ACCESS POLICY or TAG after WITH, found ${describeToken(n)}`);
    }
    if (u === 'COPY') {
      c.next();
      c.expectWord('GRANTS', 'after COPY');
      if (raw.copyGrants) throw c.errAt(t, 'COPY GRANTS is given more than once');
      raw.copyGrants = true;
      continue;
    }
    if (u === 'ROW') {
      c.next();
      c.expectWord('ACCESS', 'after ROW');
      c.expectWord('POLICY', 'after ROW ACCESS');
      if (raw.rowAccessPolicy) throw c.errAt(t, 'ROW ACCESS POLICY is given more than once');
      const policy = c.objectName('a row access policy name').name;
      c.expectWord('ON', 'after the row access policy name');
      raw.rowAccessPolicy = { policy, on: c.nameList('ROW ACCESS POLICY … ON ( … )') };
      continue;
    }
    if (u === 'TAG' && c.isPunct(c.peek(1), '(')) {
      c.next();
      c.next();
      if (raw.tags.length > 0) throw c.errAt(t, 'TAG is given more than once');
      for (;;) {
        const name = c.objectName('a tag name').name;
        c.expectPunct('=', `after the tag name ${name.text}`);
        const v = c.next();
        if (v?.kind !== 'string') throw c.errAt(v, `Expected a string value for tag ${name.text}`);
        raw.tags.push({ name, value: v.value });
        const sep = c.next();
        if (c.isPunct(sep, ',')) continue;
        if (c.isPunct(sep, ')')) break;
        throw c.errAt(sep, `Expected ',' or ')' in TAG ( … ), found ${describeToken(sep)}`);
      }
      continue;
    }
    raw.options.push(option(c, keys));
  }
}
