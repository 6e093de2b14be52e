/**
 * `KEY = value` option lists and their values: strings, numbers, booleans, keywords, object names, stage
 * references, lists `( 'a', 'b' )` and nested option maps `( K = V … )`. Syntax only; semantics.ts checks them.
 */
import type { Option, OptionValue } from './ast.js';
import { OBJECT_NAME_OPTIONS } from './statementOptions.js';
import { describeToken, type TokenCursor } from './tokenCursor.js';

/** `KEY = value` items until the end of input or a closing ')'. Commas between items are optional. */
export function optionList(c: TokenCursor, closing: boolean, seen?: Map<string, Option>): Option[] {
  const out: Option[] = [];
  const keys = seen ?? new Map<string, Option>();
  for (;;) {
    while (c.isPunct(c.peek(), ',')) c.next();
    const t = c.peek();
    if (!t) {
      if (closing) throw c.errAt(t, "Expected ')' to close the option list");
      return out;
    }
    if (closing && c.isPunct(t, ')')) return out;
    out.push(option(c, keys));
  }
}

/** One `KEY = value`; a key already in `keys` is refused. */
export function option(c: TokenCursor, keys: Map<string, Option>): Option {
  const t = c.peek();
  if (t?.kind !== 'word') throw c.errAt(t, `Expected an option name, found ${describeToken(t)}`);
  c.next();
  const key = t.value.toUpperCase();
  const eq = c.peek();
  if (!c.isPunct(eq, '=')) throw c.errAt(eq, `Expected '=' after ${key}, found ${describeToken(eq)}`);
  c.next();
  const value = optionValue(c, key);
  if (keys.has(key)) throw c.errAt(t, `Option ${key} is given more than once`);
  const opt: Option = { key, value, line: t.line, column: t.column, offset: t.offset };
  keys.set(key, opt);
  return opt;
}

function optionValue(c: TokenCursor, key: string): OptionValue {
  const t = c.peek();
  if (!t) throw c.errAt(t, `Expected a value for ${key}, found the end of the statement`);
  switch (t.kind) {
    case 'string':
      c.next();
      return { type: 'string', value: t.value, raw: t.text };
    case 'dollar':
      // $$…$$ is how procedure bodies are written; only a comment may reasonably use it here.
      if (key !== 'COMMENT') throw c.errAt(t, `A $$ string is not allowed as the value of ${key}`);
      c.next();
      return { type: 'string', value: t.value, raw: t.text };
    case 'number':
      c.next();
      return { type: 'number', value: numberValue(t.text), raw: t.text };
    case 'stage':
      if (key !== 'LOCATION')
        throw c.errAt(t, `A stage reference (${t.text}) is not a valid value for ${key}`);
      c.next();
      return {
        type: 'stage',
        stage: { parts: t.stage!.parts, quoted: t.stage!.quoted, text: t.stage!.nameText },
        path: t.stage!.path,
        raw: t.text,
      };
    case 'quoted':
      return { type: 'identifier', name: c.objectName(`the value of ${key}`).name };
    case 'word': {
      const upper = t.value.toUpperCase();
      if (upper === 'TRUE' || upper === 'FALSE') {
        c.next();
        return { type: 'boolean', value: upper === 'TRUE' };
      }
      if (c.isPunct(c.peek(1), '.') || OBJECT_NAME_OPTIONS.indexOf(key) >= 0) {
        return { type: 'identifier', name: c.objectName(`the value of ${key}`).name };
      }
      c.next();
      return { type: 'keyword', value: upper };
    }
    case 'punct': {
      if ((t.value === '-' || t.value === '+') && c.peek(1)?.kind === 'number') {
        c.next();
        const n = c.next()!;
        const raw = t.value + n.text;
        return { type: 'number', value: t.value === '-' ? -numberValue(n.text) : numberValue(n.text), raw };
      }
      if (t.value === '(') {
        c.next();
        return parenValue(c, key);
      }
      throw c.errAt(t, `Expected a value for ${key}, found ${describeToken(t)}`);
    }
    default:
      throw c.errAt(t, `Expected a value for ${key}, found ${describeToken(t)}`);
  }
}

/** After '(': a nested option map `( K = V … )`, or a list `( 'a', 'b' )`, or `()`. */
function parenValue(c: TokenCursor, key: string): OptionValue {
  const first = c.peek();
  if (c.isPunct(first, ')')) {
    c.next();
    return { type: 'list', items: [] };
  }
  if (first && first.kind === 'word' && c.isPunct(c.peek(1), '=')) {
    const options = optionList(c, true);
    c.expectPunct(')', `to close ${key} = ( … )`);
    return { type: 'options', options };
  }
  const items: OptionValue[] = [];
  for (;;) {
    const t = c.peek();
    if (c.isPunct(t, '(')) throw c.errAt(t, `Nested lists are not valid in ${key}`);
    items.push(optionValue(c, key));
    const sep = c.peek();
    if (c.isPunct(sep, ',')) {
      c.next();
      continue;
    }
    if (c.isPunct(sep, ')')) {
      c.next();
      return { type: 'list', items };
    }
    throw c.errAt(sep, `Expected ',' or ')' in the list of ${key}, found ${describeToken(sep)}`);
  }
}

function numberValue(text: string): number {
  if (text.length > 2 && (text[1] === 'x' || text[1] === 'X')) return parseInt(text.slice(2), 16);
  return Number(text);
}
