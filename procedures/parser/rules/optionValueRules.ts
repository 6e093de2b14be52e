/** Checks shared by the rules of every statement kind: the type of an option's value, names inside values, allowed keys. */
import type { ObjectName, Option, OptionValue } from '../ast.js';
import { SqlError } from '../lexer.js';

type At = { line: number; column: number; offset: number };

export function fail(at: At, message: string): never {
  throw new SqlError(message, at.line, at.column, at.offset);
}

export function describeValue(v: OptionValue): string {
  switch (v.type) {
    case 'string':
      return `'${v.value}'`;
    case 'number':
      return v.raw;
    case 'boolean':
      return v.value ? 'TRUE' : 'FALSE';
    case 'keyword':
      return v.value;
    case 'identifier':
      return v.name.text;
    case 'stage':
      return v.raw;
    case 'list':
      return 'a list';
    default:
      return 'an option list';
  }
}

/** A value written either as a bare keyword or a quoted string, upper-cased (e.g. TYPE = 'csv'). */
export function wordOrString(v: OptionValue): string | undefined {
  if (v.type === 'keyword') return v.value;
  if (v.type === 'string') return v.value.toUpperCase();
  if (v.type === 'identifier' && v.name.parts.length === 1) return v.name.parts[0]!.toUpperCase();
  return undefined;
}

export function requireBoolean(o: Option): boolean {
  if (o.value.type !== 'boolean') fail(o, `${o.key} must be TRUE or FALSE, not ${describeValue(o.value)}`);
  return o.value.value;
}

export function requireString(o: Option, allowEmpty = false): string {
  if (o.value.type !== 'string') fail(o, `${o.key} must be a quoted string, not ${describeValue(o.value)}`);
  if (!allowEmpty && o.value.value.trim() === '') fail(o, `${o.key} must not be empty`);
  return o.value.value;
}

export function requireStringList(o: Option): string[] {
  if (o.value.type !== 'list') fail(o, `${o.key} must be a list of quoted strings, e.g. ('a', 'b')`);
  return o.value.items.map((item) => {
    if (item.type !== 'string')
      fail(o, `${o.key} must contain quoted strings only, not ${describeValue(item)}`);
    return item.value;
  });
}

export function isTrue(o: Option | undefined): boolean {
  return !!o && o.value.type === 'boolean' && o.value.value;
}

/** Resolves a FORMAT_NAME / STORAGE_INTEGRATION value (bare, quoted, qualified, or a string naming one). */
export function nameValue(o: Option): ObjectName {
  const v = o.value;
  if (v.type === 'identifier') return v.name;
  if (v.type === 'keyword') return { parts: [v.value], quoted: [false], text: v.value };
  if (v.type === 'string') {
    if (v.value.trim() === '') fail(o, `${o.key} must not be empty`);
    return nameFromString(v.value);
  }
  fail(o, `${o.key} must be an object name, not ${describeValue(v)}`);
}

/** 'db.sch.fmt' → parts, honouring "quoted" parts; used where Snowflake takes a name inside a string. */
function nameFromString(s: string): ObjectName {
  const parts: string[] = [];
  const quoted: boolean[] = [];
  let i = 0;
  while (i <= s.length) {
    if (s[i] === '"') {
      let v = '';
      let j = i + 1;
      while (j < s.length) {
        if (s[j] === '"' && s[j + 1] === '"') {
          v += '"';
          j += 2;
        } else if (s[j] === '"') break;
        else v += s[j++];
      }
      parts.push(v);
      quoted.push(true);
      i = j + 1;
    } else {
      let j = s.indexOf('.', i);
      if (j < 0) j = s.length;
      parts.push(s.slice(i, j).trim().toUpperCase());
      quoted.push(false);
      i = j;
    }
    if (s[i] === '.') i++;
    else break;
  }
  return { parts, quoted, text: s };
}

export function checkKeys(
  options: Option[],
  allowed: readonly string[],
  what: string,
  hint?: (key: string) => string,
): void {
  for (const o of options) {
    if (allowed.indexOf(o.key) < 0)
      fail(o, `Option ${o.key} is not valid for ${what}${hint ? hint(o.key) : ''}`);
  }
}

export function nested(o: Option): Option[] {
  if (o.value.type === 'options') return o.value.options;
  if (o.value.type === 'list' && o.value.items.length === 0) return [];
  fail(o, `${o.key} must be a parenthesised option list ( KEY = value … )`);
}
