/**
 * The only place where names become SQL identifiers.
 *
 * Rule: a name that Snowflake would read the same way unquoted (`^[A-Za-z_][A-Za-z0-9_$]*$`, not a reserved word)
 * is emitted unquoted in upper case, which is how Snowflake stores it (`orders` → `ORDERS`). Anything else is
 * double-quoted with embedded `"` doubled, which keeps its exact case and characters (`My Table` → `"My Table"`).
 * `IF` is quoted as `"IF"` (same stored name) because `CREATE FILE FORMAT IF …` would read as IF NOT EXISTS.
 * A name given already wrapped in double quotes (`"Orders"`) is taken as an explicitly quoted identifier: its
 * content is used verbatim and stays case-sensitive.
 */
import { hiddenCharProblem } from './hiddenChars.js';
import { isWellFormedText } from './literals.js';
import { AMBIGUOUS_WORDS, RESERVED_WORDS } from './reserved.js';

const MAX_IDENTIFIER_LENGTH = 255;

const UNQUOTED = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const PRE_QUOTED = /^"((?:[^"]|"")*)"$/;
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

export class IdentifierError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdentifierError';
  }
}

export interface Identifier {
  /** The identifier as written in SQL: `ORDERS` or `"My Table"`. */
  sql: string;
  /** The name Snowflake stores (what SHOW returns): `ORDERS` or `My Table`. */
  resolved: string;
}

/** Whether the stored name can be written without quotes and still resolve to itself. */
function canStayUnquoted(resolved: string): boolean {
  return (
    UNQUOTED.test(resolved) &&
    resolved === resolved.toUpperCase() &&
    !RESERVED_WORDS.has(resolved) &&
    !AMBIGUOUS_WORDS.has(resolved)
  );
}

/** Problem with a name's content, or undefined when it is usable. */
function contentProblem(content: string): string | undefined {
  if (content.length === 0) return 'must not be empty';
  if (content.trim().length === 0) return 'must not be only spaces';
  if (content.trim() !== content) return 'must not start or end with a space';
  if (CONTROL.test(content)) return 'must not contain control characters (tabs, line breaks, …)';
  const hidden = hiddenCharProblem(content);
  if (hidden) return hidden;
  if (!isWellFormedText(content)) return 'contains an invalid (unpaired surrogate) character';
  const length = Array.from(content).length;
  if (length > MAX_IDENTIFIER_LENGTH) {
    return `is ${length} characters long; Snowflake allows at most ${MAX_IDENTIFIER_LENGTH}`;
  }
  return undefined;
}

/** Describes what is wrong with `raw` as a single (unqualified) name, or undefined when it is valid. */
export function identifierProblem(raw: string): string | undefined {
  const pre = PRE_QUOTED.exec(raw);
  return contentProblem(pre ? (pre[1] as string).replace(/""/g, '"') : raw);
}

/** `orders` → `{sql: 'ORDERS', resolved: 'ORDERS'}`; `my "x"` → `{sql: '"my ""x"""', resolved: 'my "x"'}`. */
export function identifier(raw: string): Identifier {
  const pre = PRE_QUOTED.exec(raw);
  let resolved: string;
  if (pre) {
    resolved = (pre[1] as string).replace(/""/g, '"');
  } else if (UNQUOTED.test(raw) && !RESERVED_WORDS.has(raw.toUpperCase())) {
    resolved = raw.toUpperCase();
  } else {
    resolved = raw;
  }
  const problem = contentProblem(resolved);
  if (problem) throw new IdentifierError(`name ${JSON.stringify(raw)} ${problem}`);
  const sql = canStayUnquoted(resolved) ? resolved : alwaysQuotedIdentifier(resolved);
  return { sql, resolved };
}

export function quoteIdentifier(raw: string): string {
  return identifier(raw).sql;
}

/**
 * One stored name, always double-quoted with embedded `"` doubled (`My "x"` → `"My ""x"""`, `ORDERS` →
 * `"ORDERS"`), so it denotes exactly that stored name. It does not check the name; quoteIdentifierPart does.
 */
export function alwaysQuotedIdentifier(stored: string): string {
  return `"${stored.replace(/"/g, '""')}"`;
}

/**
 * The identifier that denotes exactly this stored name (what SHOW returns), as short as it can be: `MY_STAGE`, or
 * `"My Stage"` when it needs quotes. Throws IdentifierError for a name Snowflake cannot hold.
 */
export function quoteIdentifierPart(stored: string): string {
  return identifier(alwaysQuotedIdentifier(stored)).sql;
}

/**
 * Splits `db.schema.name` on dots that are outside double quotes; each part keeps its quotes (`"a.b".c` →
 * `['"a.b"', 'c']`). Throws IdentifierError for an empty part or a stray quote.
 */
export function splitQualifiedName(text: string): string[] {
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    let part: string;
    if (text[i] === '"') {
      let j = i + 1;
      for (;;) {
        const close = text.indexOf('"', j);
        if (close < 0) throw new IdentifierError(`name ${JSON.stringify(text)} has an unclosed double quote`);
        if (text[close + 1] === '"') {
          j = close + 2;
          continue;
        }
        part = text.slice(i, close + 1);
        i = close + 1;
        break;
      }
    } else {
      const dot = text.indexOf('.', i);
      part = dot < 0 ? text.slice(i) : text.slice(i, dot);
      if (part.includes('"')) {
        throw new IdentifierError(
          `name ${JSON.stringify(text)}: a part containing a double quote must be wrapped in double quotes, e.g. "my""name"`,
        );
      }
      i += part.length;
    }
    if (part === '')
      throw new IdentifierError(`name ${JSON.stringify(text)} has an empty part (check the dots)`);
    parts.push(part);
    if (i >= text.length) return parts;
    if (text[i] !== '.')
      throw new IdentifierError(`name ${JSON.stringify(text)}: expected a dot after ${part}`);
    i++;
    if (i >= text.length) throw new IdentifierError(`name ${JSON.stringify(text)} ends with a dot`);
  }
}

export interface QualifiedName {
  /** `DB.SCH."My Name"` */
  sql: string;
  /** Stored names of each part, outermost first: `['DB', 'SCH', 'My Name']`. */
  parts: string[];
}

/** Quotes each part independently and joins them with dots. */
export function qualifiedName(rawParts: readonly string[]): QualifiedName {
  const ids = rawParts.map(identifier);
  return { sql: ids.map((id) => id.sql).join('.'), parts: ids.map((id) => id.resolved) };
}

/** Parses and quotes a possibly qualified reference (`fmt`, `sch.fmt`, `db.sch.fmt`), at most `maxParts` parts. */
export function qualifiedReference(text: string, maxParts = 3): QualifiedName {
  const parts = splitQualifiedName(text);
  if (parts.length > maxParts) {
    throw new IdentifierError(
      `name ${JSON.stringify(text)} has ${parts.length} dot-separated parts; at most ${maxParts} allowed (database.schema.name)`,
    );
  }
  return qualifiedName(parts);
}

/** Problem with a possibly qualified reference, or undefined. */
export function qualifiedReferenceProblem(text: string, maxParts = 3): string | undefined {
  try {
    qualifiedReference(text, maxParts);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

const BAD_FIELD_NAME = /["\u0000-\u001F\u007F]/;

/**
 * Path into a VARIANT, each element double-quoted because JSON/Parquet/Avro/ORC field names are case-sensitive:
 * `['customer', 'id']` → `"customer"."id"`. A field name may not contain `"` or control characters.
 */
export function variantPath(fields: readonly string[]): string {
  if (fields.length === 0) throw new IdentifierError('a field path needs at least one field name');
  return fields
    .map((f) => {
      if (f === '' || BAD_FIELD_NAME.test(f) || !isWellFormedText(f)) {
        throw new IdentifierError(
          `field name ${JSON.stringify(f)} must be non-empty without double quotes or control characters`,
        );
      }
      return `"${f}"`;
    })
    .join('.');
}

const STAGE_PATH_SEGMENT = /^[A-Za-z0-9_=-][A-Za-z0-9_.=-]*$/;

/** Folders of a stage path (`2024/06/`) → `['2024', '06']`; undefined when the text is not a safe path. */
export function stagePathSegments(path: string): string[] | undefined {
  const segments = path.split('/').filter((s, i, all) => !(s === '' && (i === 0 || i === all.length - 1)));
  if (segments.some((s) => !STAGE_PATH_SEGMENT.test(s) || s === '.' || s === '..')) return undefined;
  return segments;
}

/** `@DB.SCH.STAGE` or `@DB.SCH.STAGE/2024/06/` — the path is unquoted SQL, so only safe folder names pass. */
export function stageReference(stage: QualifiedName, path: string | undefined): string {
  if (path === undefined) return `@${stage.sql}`;
  const segments = stagePathSegments(path);
  if (segments === undefined) {
    throw new IdentifierError(
      `stage path ${JSON.stringify(path)} may only hold folders of letters, digits, _ - . =`,
    );
  }
  return segments.length === 0 ? `@${stage.sql}/` : `@${stage.sql}/${segments.join('/')}/`;
}
