/**
 * Columns: a defining list ("columns id, name, date", "id int, amount decimal(10,2)"), a pasted header
 * line (`order_id,customer_id,amount`), and edits ("add a column status", "remove column x",
 * "rename a to b", "make amount decimal(12,2)"). Types are normalised by the generators' own
 * normaliser so the agent and the procedures agree on what a type means.
 */
import { splitOutsideParens } from '../../../../procedures/sql/columnList.js';
import { normalizeType } from '../../../../procedures/sql/types.js';
import { blank } from './text.js';

export interface ColumnSpec {
  name: string;
  /** The name as written when it was not an identifier (`"Order ID"`). */
  source?: string;
  /** Normalised Snowflake type, or the user's spelling when the normaliser refused it (the generator then explains). */
  type?: string;
}

export type ColumnEdit =
  | { op: 'set'; columns: ColumnSpec[] }
  | { op: 'add'; columns: ColumnSpec[] }
  | { op: 'remove'; names: string[] }
  | { op: 'rename'; from: string; to: string }
  | { op: 'retype'; name: string; type: string };

export interface ColumnsFinding {
  edits: ColumnEdit[];
  /** Set when the columns came from a pasted header line: that line's delimiter, and the files have a header. */
  headerLine?: { delimiter: string };
}

const TYPE_START = new Set([
  'int',
  'integer',
  'bigint',
  'smallint',
  'tinyint',
  'byteint',
  'number',
  'decimal',
  'numeric',
  'dec',
  'float',
  'float4',
  'float8',
  'double',
  'real',
  'varchar',
  'string',
  'text',
  'char',
  'character',
  'nchar',
  'nvarchar',
  'nvarchar2',
  'binary',
  'varbinary',
  'timestamp',
  'datetime',
  'timestamp_ntz',
  'timestamp_ltz',
  'timestamp_tz',
  'timestampntz',
  'timestampltz',
  'timestamptz',
  'time',
  'boolean',
  'bool',
  'date',
  'variant',
  'object',
  'array',
  'geography',
  'geometry',
]);

const IDENT_RE = /^[`"']?([A-Za-z_][A-Za-z0-9_$]*)[`"']?$/;
/** Words that follow "column(s)" without being a column list: "the column names are in the first row". */
const NOT_A_LIST = new Set([
  'names',
  'name',
  'headers',
  'header',
  'types',
  'type',
  'delimiter',
  'separator',
  'order',
  'list',
]);
// The lookbehind keeps this linear on long runs of spaces (a leading \s+ would retry from every space).
const TRAILING_CONSTRAINTS = /(?<=\s)(?:not\s+null|null|primary\s+key|unique)$/i;

/** Words that start prose, never a column list ("fields are in double quotes", "keys in the JSON"). */
const FUNCTION_WORDS = new Set(
  'in the a an are is of to with from for on and or as be should will have has that which this it its each per all some any no not by at if so but we our they their there here'.split(
    ' ',
  ),
);

/** `"Order ID"` → `order_id`: a quoted name that is no identifier becomes one; the original stays the source. */
export function identifierFor(quoted: string): string {
  const snake = quoted
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_$]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  return /^[A-Za-z_]/.test(snake) ? snake : `_${snake}`;
}

/** Parses `id`, `id int`, `id: int`, `id (int)`, `amount decimal(10,2)`, `"Order ID" date`; undefined when the text is not a column. */
export function parseColumnItem(item: string): ColumnSpec | undefined {
  const t = item
    .trim()
    .replace(/^(?:[-*•]|\d+[.)])\s+/, '')
    .replace(/\.$/, '');
  const quoted = /^(?:"([^"\n]{1,128})"|`([^`\n]{1,128})`|'([^'\n]{1,128})')(?:\s*:\s*|\s+)?(.*)$/s.exec(t);
  let name: string;
  let source: string | undefined;
  let rest: string;
  if (quoted) {
    const original = (quoted[1] ?? quoted[2] ?? quoted[3])!;
    if (/^[A-Za-z_][A-Za-z0-9_$]*$/.test(original)) name = original;
    else {
      name = identifierFor(original);
      if (!/[A-Za-z0-9]/.test(original)) return undefined;
      source = original;
    }
    rest = quoted[4]!.trim();
  } else {
    const m = /^([A-Za-z_][A-Za-z0-9_$]*)(?:\s*:\s*|\s+)?(.*)$/s.exec(t);
    if (!m) return undefined;
    name = m[1]!;
    rest = m[2]!.trim();
  }
  const withSource = (spec: ColumnSpec): ColumnSpec => (source === undefined ? spec : { ...spec, source });
  if (rest === '') return withSource({ name });
  const paren = /^\((.*)\)$/.exec(rest);
  if (paren && !/^\d/.test(paren[1]!.trim())) rest = paren[1]!.trim();
  rest = rest.replace(TRAILING_CONSTRAINTS, '').trim();
  const firstWord = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)?.[0]?.toLowerCase();
  if (firstWord === undefined || !TYPE_START.has(firstWord)) return undefined;
  const normalized = normalizeType(rest);
  if (normalized.ok) return withSource({ name, type: normalized.type.sql });
  // One unknown type word ("decimal(40,2)") goes to the generator, which explains; prose ("double quotes") is no column.
  return /\s/.test(rest.replace(/\([^)]*\)/g, '')) ? undefined : withSource({ name, type: rest });
}

/** Splits on commas, "and" and newlines, but not inside parentheses (`decimal(10,2)`). */
export function splitList(list: string): string[] {
  return splitOutsideParens(list)
    .flatMap((i) => i.split(/(?<=\s)(?:and|&)(?=\s)/i))
    .map((i) => i.trim().replace(/^(?:and|&)\s+/i, ''))
    .filter((i) => i.length > 0);
}

/** Leading items that are columns; the list ends at the first item that is not one. */
export function parseColumnList(list: string): ColumnSpec[] {
  const out: ColumnSpec[] = [];
  // "fields are in double quotes" is prose; "columns a, b" is a list even though "a" is a word.
  const first = /^\s*([A-Za-z_]+)\s+[A-Za-z]/.exec(list)?.[1]?.toLowerCase();
  if (first !== undefined && FUNCTION_WORDS.has(first)) return out;
  for (const item of splitList(list)) {
    const col = parseColumnItem(item);
    if (!col) break;
    out.push(col);
  }
  return out;
}

/** The clause after a keyword: up to a sentence end (". " or end), a newline-free semicolon clause. */
function listClause(text: string, start: number): string {
  const rest = text.slice(start);
  let depth = 0;
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i]!;
    if (ch === '(') depth++;
    // "(columns a, b, c)": the parenthesis closing around the whole list ends it.
    else if (ch === ')' && depth === 0) return rest.slice(0, i);
    else if (ch === ')') depth--;
    // A full stop ends the list, except the one numbering a list item ("\n2. name string").
    else if (
      depth === 0 &&
      (ch === ';' ||
        (ch === '.' && /\s|$/.test(rest[i + 1] ?? '') && !/(?:^|\n)\s*\d+$/.test(rest.slice(0, i))))
    )
      return rest.slice(0, i);
  }
  return rest;
}

/** Every word people use for a column: fields (JSON, forms), keys (JSON), attributes (Avro, XML), properties. */
const LIST_KEYWORD = '(?:columns?|fields?|keys?|attributes?|properties|props)';
const NAMES_LIST = '([A-Za-z_][A-Za-z0-9_$]*(?:\\s*(?:,|\\band\\b|&)\\s*[A-Za-z_][A-Za-z0-9_$]*)*)';

export interface ColumnsContext {
  /** The agent just asked for the columns: the whole message may be a bare list. */
  expectingColumns: boolean;
}

export function extractColumns(text: string, ctx: ColumnsContext): ColumnsFinding | undefined {
  let work = text;
  const edits: ColumnEdit[] = [];

  const rename =
    /\brename\s+(?:the\s+)?(?:column\s+)?([A-Za-z_][A-Za-z0-9_$]*)\s+(?:to|as|into)\s+([A-Za-z_][A-Za-z0-9_$]*)/gi;
  for (const m of work.matchAll(rename)) {
    edits.push({ op: 'rename', from: m[1]!, to: m[2]! });
    work = blank(work, m.index ?? 0, m[0].length);
  }

  const remove = new RegExp(
    `\\b(?:remove|drop|delete|exclude)\\s+(?:the\\s+)?${LIST_KEYWORD}\\s+(?:called\\s+|named\\s+)?${NAMES_LIST}`,
    'gi',
  );
  for (const m of work.matchAll(remove)) {
    const names = m[1]!.split(/\s*(?:,|\band\b|&)\s*/i).filter((n) => n.length > 0);
    edits.push({ op: 'remove', names });
    work = blank(work, m.index ?? 0, m[0].length);
  }

  const add = new RegExp(
    `\\badd\\s+(?:a\\s+|an\\s+|the\\s+|another\\s+)?(?:new\\s+)?${LIST_KEYWORD}\\s+(?:called\\s+|named\\s+)?`,
    'gi',
  );
  for (const m of work.matchAll(add)) {
    const start = (m.index ?? 0) + m[0].length;
    const clause = listClause(work, start);
    const columns = parseColumnList(clause);
    if (columns.length === 0) continue;
    edits.push({ op: 'add', columns });
    work = blank(work, m.index ?? 0, m[0].length + consumedLength(clause, columns.length));
  }

  const retype =
    /\b(?:make|change|set|switch)\s+(?:the\s+)?(?:column\s+)?([A-Za-z_][A-Za-z0-9_$]*)(?:'s\s+type|\s+type)?\s+(?:to\s+(?:be\s+)?|into\s+|as\s+)?(?:an?\s+|type\s+)?([A-Za-z_][A-Za-z0-9_]*(?:\s*\(\s*\d+\s*(?:,\s*\d+\s*)?\))?)/gi;
  for (const m of work.matchAll(retype)) {
    const col = parseColumnItem(`${m[1]} ${m[2]}`);
    if (!col?.type || NOT_A_LIST.has(m[1]!.toLowerCase())) continue;
    edits.push({ op: 'retype', name: col.name, type: col.type });
    work = blank(work, m.index ?? 0, m[0].length);
  }

  const define = new RegExp(
    `\\b(?:${LIST_KEYWORD}(?:\\s+names?)?(?:\\s+(?:are|is|will\\s+be|should\\s+be|called|named)\\b|\\s*[:=])?|schema\\s*(?:is\\b|[:=]))\\s*`,
    'gi',
  );
  for (const m of work.matchAll(define)) {
    const start = (m.index ?? 0) + m[0].length;
    const clause = listClause(work, start);
    const first = /^[A-Za-z_]+/.exec(clause.trim())?.[0]?.toLowerCase();
    if (first !== undefined && NOT_A_LIST.has(first)) continue;
    const columns = parseColumnList(clause);
    if (columns.length === 0) continue;
    edits.push({ op: 'set', columns });
    return { edits };
  }

  const group = typedGroup(work);
  if (group) {
    edits.push({ op: 'set', columns: group });
    return { edits };
  }

  const pasted = findHeaderLine(work);
  if (pasted) {
    edits.push({ op: 'set', columns: pasted.names.map((name) => ({ name })) });
    return ctx.expectingColumns ? { edits } : { edits, headerLine: { delimiter: pasted.delimiter } };
  }

  if (edits.length === 0) {
    // Unasked, a message that is nothing but a typed list ("id int, amount decimal(12,2)") is one too.
    const columns = parseColumnList(work);
    const whole = columns.length === splitList(work).length;
    if (
      columns.length > 0 &&
      (ctx.expectingColumns || (whole && columns.length >= 2 && columns.every((c) => c.type)))
    )
      edits.push({ op: 'set', columns });
  }
  return edits.length > 0 ? { edits } : undefined;
}

/** A parenthesised list of two or more typed columns with no keyword: `(id NUMBER, name VARCHAR)`. */
function typedGroup(text: string): ColumnSpec[] | undefined {
  for (const group of parenGroups(text)) {
    const items = splitList(group);
    if (items.length < 2) continue;
    const columns = items.map(parseColumnItem);
    if (columns.every((c) => c?.type !== undefined)) return columns as ColumnSpec[];
  }
  return undefined;
}

/** The contents of each outermost pair of parentheses, in one pass (a regex would backtrack on "((((…"). */
function parenGroups(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') {
      if (depth === 0) start = i + 1;
      depth++;
    } else if (text[i] === ')' && depth > 0) {
      depth--;
      if (depth === 0) out.push(text.slice(start, i));
    }
  }
  return out;
}

/** Length of the clause prefix holding the first `count` items, so only those are blanked. */
function consumedLength(clause: string, count: number): number {
  let seen = 0;
  let depth = 0;
  for (let i = 0; i < clause.length; i++) {
    const ch = clause[i]!;
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && ch === ',') {
      seen++;
      if (seen === count) return i;
    }
  }
  return clause.length;
}

const HEADER_DELIMITERS = [',', '\t', '|', ';'];
/** Vocabulary that looks like identifiers but is the user talking about the format ("csv,gzip"). */
const FORMAT_VOCAB = new Set([
  'csv',
  'tsv',
  'json',
  'parquet',
  'avro',
  'orc',
  'gzip',
  'gz',
  'yes',
  'no',
  'header',
  'none',
]);

/** A pasted header line: one line, no spaces, identifiers separated by one delimiter character. */
function findHeaderLine(text: string): { names: string[]; delimiter: string } | undefined {
  // A whole line, or a space-free run inside a sentence ("the first line is order_id;customer_id;amount").
  const candidates = text.split('\n').flatMap((raw) => {
    const line = raw.trim();
    // Split, then filter: a regex scanning for "[^\s]*[|;]" would backtrack on one long word.
    return / /.test(line)
      ? line.split(/\s+/).filter((w) => /[|;\t]/.test(w) || (w.match(/,/g)?.length ?? 0) >= 2)
      : [line];
  });
  for (const raw of candidates) {
    const line = raw
      .trim()
      .replace(/^`+|`+$/g, '')
      .replace(/[.:]$/, '');
    if (line.length === 0 || / /.test(line)) continue;
    let best: { names: string[]; delimiter: string } | undefined;
    for (const d of HEADER_DELIMITERS) {
      const parts = line.split(d);
      if (parts.length < 2) continue;
      const names = parts.map((p) => IDENT_RE.exec(p.trim())?.[1]);
      if (names.some((n) => n === undefined)) continue;
      const ids = names as string[];
      if (ids.every((n) => FORMAT_VOCAB.has(n.toLowerCase()))) continue;
      if (!best || ids.length > best.names.length) best = { names: ids, delimiter: d };
    }
    if (best) return best;
  }
  return undefined;
}
