/** Grouping of lexed tokens the translator and the statement handlers share: parentheses and top-level commas. */
import { isOp, type Token } from './sqlLexer.js';

export class TranslateError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

/** Index of the `)` matching the `(` at `open`. */
export function matchParen(toks: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < toks.length; i++) {
    const t = toks[i] as Token;
    if (t.type !== 'op') continue;
    if (t.value === '(' || t.value === '[') depth++;
    else if (t.value === ')' || t.value === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new TranslateError('unbalanced parentheses', toks[open]?.offset ?? 0);
}

/** Splits on top-level commas. */
export function splitArgs(toks: readonly Token[]): Token[][] {
  const out: Token[][] = [];
  let cur: Token[] = [];
  let depth = 0;
  for (const t of toks) {
    if (t.type === 'op' && (t.value === '(' || t.value === '[')) depth++;
    if (t.type === 'op' && (t.value === ')' || t.value === ']')) depth--;
    if (depth === 0 && t.type === 'op' && t.value === ',') {
      out.push(cur);
      cur = [];
    } else cur.push(t);
  }
  if (cur.length > 0 || out.length > 0) out.push(cur);
  return out;
}

/** Parenthesis depth at `index` (0 outside any). */
export function depthAt(toks: readonly Token[], index: number): number {
  let depth = 0;
  for (let i = 0; i < index; i++) {
    const t = toks[i] as Token;
    if (isOp(t, '(')) depth++;
    if (isOp(t, ')')) depth--;
  }
  return depth;
}
