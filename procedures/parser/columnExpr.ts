/**
 * The grammar of an external-table column expression, by allowlist. The procedure runs with its owner's rights,
 * so whatever an expression may name runs with them too: only the table's own data (VALUE paths and the
 * METADATA$ pseudocolumns), literals, casts, operators, CASE and a named list of scalar functions are accepted.
 * Subqueries, SYSTEM$ calls, user functions and other tables' columns are refused with a sentence saying so.
 * Each token is read once (the parser is linear in the statement's length) and nesting is bounded.
 */
import { COLUMN_FUNCTIONS, METADATA_COLUMNS } from './columnFunctions.js';
import type { SqlError, Token } from './lexer.js';
import { LIMITS } from './limits.js';
import type { Cursor } from './tokenCursor.js';

/** What a column may read, for the refusal of anything else. */
const READABLE =
  'VALUE (and paths such as VALUE:c1 or VALUE:"field"[0]), METADATA$FILENAME, METADATA$FILE_ROW_NUMBER';

export interface ColumnExpression {
  first: Token;
  last: Token;
  /** The whole expression is one parenthesised group (its outer parentheses can be dropped). */
  wrapped: boolean;
}

const COMPARISON = ['=', '!=', '<>', '<', '>', '<=', '>='];
const ADDITIVE = ['+', '-', '||'];
const MULTIPLICATIVE = ['*', '/', '%'];

function upper(t: Token | undefined): string {
  return t && t.kind === 'word' ? t.value.toUpperCase() : '';
}
function isPunct(t: Token | undefined, p: string): boolean {
  return !!t && t.kind === 'punct' && t.value === p;
}
function shown(t: Token | undefined): string {
  if (!t) return 'the end of the statement';
  const text = t.text.length > 40 ? `${t.text.slice(0, 40)}…` : t.text;
  return t.kind === 'word' ? t.value.toUpperCase() : `'${text}'`;
}

/** Reads one column expression; stops before the first token that cannot continue it. */
export function parseColumnExpression(c: Cursor, column: string): ColumnExpression {
  const r = new ExprReader(c, column);
  const first = c.peek();
  if (!first) throw c.errAt(first, `Column ${column} needs an expression after AS`);
  r.expression(0);
  const last = r.last as Token;
  return { first, last, wrapped: isPunct(first, '(') && r.closeOf.get(first) === last };
}

class ExprReader {
  last: Token | undefined;
  readonly closeOf = new Map<Token, Token>();
  constructor(
    private readonly c: Cursor,
    private readonly column: string,
  ) {}

  private take(): Token {
    const t = this.c.next() as Token;
    this.last = t;
    return t;
  }
  private err(t: Token | undefined, what: string): SqlError {
    return this.c.errAt(t, `Column ${this.column}: ${what}`);
  }
  private expectPunct(p: string, context: string): Token {
    const t = this.c.peek();
    if (!isPunct(t, p)) throw this.err(t, `expected '${p}' ${context}, found ${shown(t)}`);
    return this.take();
  }
  private expectWord(w: string, context: string): Token {
    const t = this.c.peek();
    if (upper(t) !== w) throw this.err(t, `expected ${w} ${context}, found ${shown(t)}`);
    return this.take();
  }
  private deeper(depth: number, at: Token | undefined): number {
    if (depth + 1 > LIMITS.expressionDepth)
      throw this.err(at, `the expression nests more than ${LIMITS.expressionDepth} levels deep`);
    return depth + 1;
  }

  /** OR has the lowest precedence. */
  expression(depth: number): void {
    this.and(depth);
    while (upper(this.c.peek()) === 'OR') {
      this.take();
      this.and(depth);
    }
  }
  private and(depth: number): void {
    this.not(depth);
    while (upper(this.c.peek()) === 'AND') {
      this.take();
      this.not(depth);
    }
  }
  private not(depth: number): void {
    if (upper(this.c.peek()) === 'NOT') {
      const t = this.take();
      this.not(this.deeper(depth, t));
      return;
    }
    this.predicate(depth);
  }
  /** Comparisons and IS / LIKE / IN / BETWEEN. A NOT here only continues as NOT LIKE | ILIKE | IN | BETWEEN. */
  private predicate(depth: number): void {
    this.additive(depth);
    for (;;) {
      const t = this.c.peek();
      if (t && t.kind === 'punct' && COMPARISON.indexOf(t.value) >= 0) {
        this.take();
        this.additive(depth);
        continue;
      }
      const u = upper(t);
      if (u === 'IS') {
        this.take();
        if (upper(this.c.peek()) === 'NOT') this.take();
        const n = this.c.peek();
        const nu = upper(n);
        if (nu === 'NULL' || nu === 'TRUE' || nu === 'FALSE') this.take();
        else if (nu === 'DISTINCT') {
          this.take();
          this.expectWord('FROM', 'after IS DISTINCT');
          this.additive(depth);
        } else throw this.err(n, `expected NULL after IS, found ${shown(n)}`);
        continue;
      }
      const negated = u === 'NOT' && ['LIKE', 'ILIKE', 'IN', 'BETWEEN'].indexOf(upper(this.c.peek(1))) >= 0;
      const op = negated ? upper(this.c.peek(1)) : u;
      if (op === 'LIKE' || op === 'ILIKE' || op === 'IN' || op === 'BETWEEN') {
        if (negated) this.take();
        const opTok = this.take();
        if (op === 'IN') this.inList(this.deeper(depth, opTok));
        else if (op === 'BETWEEN') {
          this.additive(depth);
          this.expectWord('AND', 'in BETWEEN … AND …');
          this.additive(depth);
        } else this.additive(depth);
        continue;
      }
      return;
    }
  }
  private inList(depth: number): void {
    const open = this.expectPunct('(', 'after IN');
    if (upper(this.c.peek()) === 'SELECT') throw this.err(this.c.peek(), 'a subquery is not allowed');
    for (;;) {
      this.expression(depth);
      const sep = this.c.peek();
      if (isPunct(sep, ',')) {
        this.take();
        continue;
      }
      this.closeOf.set(open, this.expectPunct(')', 'to close IN ( … )'));
      return;
    }
  }
  private additive(depth: number): void {
    this.multiplicative(depth);
    for (
      let t = this.c.peek();
      t && t.kind === 'punct' && ADDITIVE.indexOf(t.value) >= 0;
      t = this.c.peek()
    ) {
      this.take();
      this.multiplicative(depth);
    }
  }
  private multiplicative(depth: number): void {
    this.unary(depth);
    for (
      let t = this.c.peek();
      t && t.kind === 'punct' && MULTIPLICATIVE.indexOf(t.value) >= 0;
      t = this.c.peek()
    ) {
      this.take();
      this.unary(depth);
    }
  }
  private unary(depth: number): void {
    const t = this.c.peek();
    if (isPunct(t, '-') || isPunct(t, '+')) {
      this.take();
      this.unary(this.deeper(depth, t));
      return;
    }
    this.postfix(depth);
  }
  /** A primary followed by `:path`, `.field`, `[index]` and `::TYPE`, in any order. */
  private postfix(depth: number): void {
    this.primary(depth);
    for (;;) {
      const t = this.c.peek();
      if (isPunct(t, '::')) {
        this.take();
        this.typeName('after ::');
      } else if (isPunct(t, ':') || isPunct(t, '.')) {
        this.take();
        const f = this.c.peek();
        if (!f || (f.kind !== 'word' && f.kind !== 'quoted'))
          throw this.err(f, `expected a field name after '${t!.value}', found ${shown(f)}`);
        this.take();
      } else if (isPunct(t, '[')) {
        this.take();
        const i = this.c.peek();
        if (!i || (i.kind !== 'number' && i.kind !== 'string'))
          throw this.err(i, `expected an index (a number or a 'string') inside [ ], found ${shown(i)}`);
        this.take();
        this.expectPunct(']', 'to close the index');
      } else return;
    }
  }
  /** A type after `::` or `AS`: one word (two for DOUBLE PRECISION, CHARACTER VARYING), optional (n[, m]). */
  private typeName(context: string): void {
    const t = this.c.peek();
    if (t?.kind !== 'word') throw this.err(t, `expected a data type ${context}, found ${shown(t)}`);
    this.take();
    const second = upper(this.c.peek());
    if (second === 'PRECISION' || second === 'VARYING') this.take();
    if (!isPunct(this.c.peek(), '(')) return;
    const open = this.take();
    for (;;) {
      const p = this.c.peek();
      if (p?.kind !== 'number') throw this.err(p, `expected a number in the type's ( ), found ${shown(p)}`);
      this.take();
      const sep = this.c.peek();
      if (isPunct(sep, ',')) {
        this.take();
        continue;
      }
      this.closeOf.set(open, this.expectPunct(')', "to close the type's ( )"));
      return;
    }
  }
  private primary(depth: number): void {
    const t = this.c.peek();
    if (!t) throw this.err(t, 'the expression ends too early');
    switch (t.kind) {
      case 'number':
      case 'string':
        this.take();
        return;
      case 'dollar':
        throw this.err(t, 'a $$ string is not allowed in a column expression');
      case 'stage':
        throw this.err(t, `a stage reference (${shown(t)}) is not allowed in a column expression`);
      case 'quoted':
        throw this.err(t, `${shown(t)} is not something a column may read; it may read ${READABLE}`);
      case 'punct':
        if (t.value === '(') {
          const open = this.take();
          const inner = this.deeper(depth, open);
          if (upper(this.c.peek()) === 'SELECT' || upper(this.c.peek()) === 'WITH')
            throw this.err(this.c.peek(), 'a subquery is not allowed in an external-table column');
          this.expression(inner);
          this.closeOf.set(open, this.expectPunct(')', "to close '('"));
          return;
        }
        throw this.err(t, `unexpected ${shown(t)} in the expression`);
      case 'word':
        this.word(t, depth);
        return;
    }
  }
  private word(t: Token, depth: number): void {
    const u = t.value.toUpperCase();
    const next = this.c.peek(1);
    if (u === 'NULL' || u === 'TRUE' || u === 'FALSE') {
      this.take();
      return;
    }
    if (u === 'SELECT' || u === 'WITH')
      throw this.err(t, 'a subquery is not allowed in an external-table column');
    if (u.indexOf('SYSTEM$') === 0)
      throw this.err(
        t,
        `${u} is not allowed: SYSTEM$ functions cannot be called from an external-table column`,
      );
    if (u === 'CASE') {
      this.caseExpr(this.deeper(depth, t));
      return;
    }
    if (isPunct(next, '(')) {
      if (u === 'CAST' || u === 'TRY_CAST') {
        this.take();
        const open = this.take();
        this.expression(this.deeper(depth, open));
        this.expectWord('AS', `in ${u}( … AS <type>)`);
        this.typeName(`after AS in ${u}`);
        this.closeOf.set(open, this.expectPunct(')', `to close ${u}( … )`));
        return;
      }
      if (COLUMN_FUNCTIONS.indexOf(u) < 0)
        throw this.err(
          t,
          `the function ${u} is not allowed; an external-table column may call only built-in scalar functions such as ${COLUMN_FUNCTIONS.slice(0, 6).join(', ')}, SPLIT_PART, SUBSTR, REPLACE, UPPER, PARSE_JSON (see the README)`,
        );
      this.take();
      this.call(this.take(), this.deeper(depth, t));
      return;
    }
    if (isPunct(next, '.') && u !== 'VALUE')
      throw this.err(t, `${u}.… is not something a column may read; it may read ${READABLE}`);
    if (u === 'VALUE' || METADATA_COLUMNS.indexOf(u) >= 0) {
      this.take();
      return;
    }
    throw this.err(t, `${u} is not something a column may read; it may read ${READABLE}`);
  }
  private call(open: Token, depth: number): void {
    if (isPunct(this.c.peek(), ')')) {
      this.closeOf.set(open, this.take());
      return;
    }
    for (;;) {
      this.expression(depth);
      if (isPunct(this.c.peek(), ',')) {
        this.take();
        continue;
      }
      this.closeOf.set(open, this.expectPunct(')', 'to close the function call'));
      return;
    }
  }
  /** CASE [operand] WHEN … THEN … [WHEN …] [ELSE …] END */
  private caseExpr(depth: number): void {
    const caseTok = this.take();
    if (upper(this.c.peek()) !== 'WHEN') this.expression(depth);
    if (upper(this.c.peek()) !== 'WHEN') throw this.err(this.c.peek(), 'expected WHEN after CASE');
    while (upper(this.c.peek()) === 'WHEN') {
      this.take();
      this.expression(depth);
      this.expectWord('THEN', 'after the WHEN condition');
      this.expression(depth);
    }
    if (upper(this.c.peek()) === 'ELSE') {
      this.take();
      this.expression(depth);
    }
    const end = this.c.peek();
    if (upper(end) !== 'END')
      throw this.err(end ?? caseTok, `expected END to close CASE, found ${shown(end)}`);
    this.take();
  }
}
