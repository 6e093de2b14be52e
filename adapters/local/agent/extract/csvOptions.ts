/**
 * CSV options: delimiter, header row, quote character, null markers, date and timestamp formats.
 * Each reader is separate so a message can carry any mix of them ("pipe-delimited, no header, \N is null").
 */
import type { CsvFacts } from '../facts.js';
import { withoutOpaque } from './text.js';

const DELIMITER_WORDS: Record<string, string> = {
  comma: ',',
  commas: ',',
  tab: '\t',
  tabs: '\t',
  pipe: '|',
  pipes: '|',
  'vertical bar': '|',
  bar: '|',
  semicolon: ';',
  semicolons: ';',
  'semi-colon': ';',
  colon: ':',
  colons: ':',
  caret: '^',
  tilde: '~',
  space: ' ',
  spaces: ' ',
};

const WORD_ALT = Object.keys(DELIMITER_WORDS)
  .sort((a, b) => b.length - a.length)
  .map((w) => w.replace(/[-\s]/g, (c) => (c === '-' ? '-' : '\\s+')))
  .join('|');
/** A delimiter written as a word, a quoted character, a bare symbol or the two characters `\t`. */
const TOKEN = `(?:(${WORD_ALT})\\b|['"\`]([^'"\`\\s]|\\\\t)['"\`]|(\\\\t|[|;,^~:#!]))`;

const DELIMITER_PATTERNS = [
  new RegExp(
    `\\b(?:use|with|using)\\s+(?:an?\\s+|the\\s+)?${TOKEN}\\s+(?:as\\s+(?:the\\s+)?)?(?:field\\s+)?(?:delimiter|separator)`,
    'i',
  ),
  new RegExp(
    `\\b(?:(?:field\\s+|column\\s+)?(?:delimiter|separator)|delimited\\s+(?:by|with)|separated\\s+(?:by|with))\\s*(?:is\\s+|=\\s*|:\\s*|of\\s+|should\\s+be\\s+|to\\s+)?(?:an?\\s+|the\\s+)?${TOKEN}`,
    'i',
  ),
  new RegExp(`${TOKEN}[-\\s]?(?:separated|delimited)\\b`, 'i'),
];

function tokenValue(m: RegExpExecArray): string | undefined {
  const word = m[1];
  if (word) return DELIMITER_WORDS[word.toLowerCase().replace(/\s+/g, ' ')];
  const sym = m[2] ?? m[3];
  if (sym === '\\t') return '\t';
  return sym;
}

function extractDelimiter(text: string): string | undefined {
  const plain = withoutOpaque(text);
  for (const re of DELIMITER_PATTERNS) {
    const m = re.exec(plain);
    if (m) {
      const v = tokenValue(m);
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

const NO_HEADER =
  /\b(?:no|without(?:\s+an?)?|missing|lacks?(?:\s+an?)?|(?:has|have|with)\s+no|(?:doesn't|does\s+not|don't|do\s+not)\s+(?:have|contain|include)\s+(?:an?\s+)?)\s*(?:column\s+)?(?:header|headers|heading)s?\b|\bheader(?:less|\s*:\s*no|\s*=\s*false)\b|\bno\s+header\s+row\b/i;
const HAS_HEADER =
  /\b(?:header(?:s)?(?:\s+row|\s+line)?|first\s+(?:line|row)\s+(?:is|has|holds|contains)\s+(?:the\s+)?(?:column\s+)?(?:names|headers?)|skip\s+the\s+first\s+(?:line|row))\b/i;

/** true for "with a header row", false for "no header", undefined when the message says nothing about it. */
function extractHeader(text: string): boolean | undefined {
  const plain = withoutOpaque(text);
  if (NO_HEADER.test(plain)) return false;
  if (HAS_HEADER.test(plain)) return true;
  return undefined;
}

/** A bare yes/no, read only when the agent's last question was about the header row. */
export function yesNo(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (/^(?:y|yes|yep|yeah|yup|sure|correct|right|it does|they do|true|ok(?:ay)?)\b/.test(t)) return true;
  if (/^(?:n|no|nope|nah|none|it doesn't|they don't|false|not really)\b/.test(t)) return false;
  return undefined;
}

function extractQuote(text: string): string | undefined {
  const plain = withoutOpaque(text);
  const m =
    /\b(?:quote(?:d)?(?:\s+char(?:acter)?)?|enclosed|wrapped|optionally\s+enclosed)\s*(?:is\s+|=\s*|:\s*|with\s+|by\s+|in\s+)?(?:a\s+|the\s+)?(double[- ]quotes?|single[- ]quotes?|apostrophes?|"|'|`"`|`'`|'"'|"'")/i.exec(
      plain,
    );
  if (!m) return quoteInWords(plain);
  const v = m[1]!.toLowerCase();
  if (v.startsWith('double')) return '"';
  if (v.startsWith('single') || v.startsWith('apostrophe')) return "'";
  // `"`, '"' and "'" all name the middle character.
  return v.length === 3 ? v[1]! : v;
}

/**
 * Quotes said in words: "double-quoted", "text is in double quotes", "some fields are quoted". Fields that are
 * quoted at all are double-quoted unless single quotes are named; "no quotes" / "not quoted" sets nothing.
 */
function quoteInWords(plain: string): string | undefined {
  const named = /\b(double|single)[- ]?quot(?:es?|ed|ing|ation\s+marks?)\b/i.exec(plain);
  if (named && !/\b(?:no|not|without|never)\s+(?:\S+\s+)?$/i.test(plain.slice(0, named.index))) {
    return named[1]!.toLowerCase() === 'double' ? '"' : "'";
  }
  if (/\bapostrophes\b/i.test(plain) && /\b(?:quot|enclos|wrap)/i.test(plain)) return "'";
  const quoted =
    /\b(?:fields?|values?|strings?|text|columns?|entries|cells?)\s+(?:are\s+|is\s+|may\s+be\s+|can\s+be\s+|might\s+be\s+)?(?:sometimes\s+|optionally\s+|always\s+|all\s+)?(?:quoted|in\s+quotes|wrapped\s+in\s+quotes|enclosed\s+in\s+quotes)\b|\bquoted\s+(?:fields?|values?|strings?|text)\b/i.exec(
      plain,
    );
  if (quoted && !/\b(?:no|not|never|un)\s*$/i.test(plain.slice(0, quoted.index + quoted[0].indexOf('quot'))))
    return '"';
  return undefined;
}

const NULL_ITEM =
  '(?:[`\'"][^`\'"\\n]*[`\'"]|\\\\N|(?:an?\\s+)?(?:empty|blank)(?:\\s+(?:strings?|fields?|values?|cells?))?|[A-Za-z/-]+)';
const NULL_SEP = '(?:\\s*,\\s*(?:or\\s+|and\\s+)?|\\s+or\\s+|\\s+and\\s+)';
// Starts only where a word starts: unanchored, `[A-Za-z/-]+` would rescan one long token from each of its letters.
const NULL_LIST = `(?<![A-Za-z/-])(${NULL_ITEM}(?:${NULL_SEP}${NULL_ITEM}){0,5})`;
const NULL_BEFORE = new RegExp(
  `${NULL_LIST}\\s+(?:means?|are|is|=|should\\s+be|count\\s+as|become)\\s+(?:sql\\s+)?nulls?\\b`,
  'i',
);
const NULL_AFTER = new RegExp(
  // "nulls are NA", "nulls are written as NA", "null values show up as N/A", "NULL_IF = \\N"
  `\\bnull(?:s|\\s+values?|\\s+markers?|\\s+strings?|_if)?\\s*(?:(?:are|is)(?:\\s+(?:written|encoded|stored|represented|shown|given|marked|spelled))?(?:\\s+(?:as|like))?|=|:|look\\s+like|as|(?:written|encoded|appear|show\\s+up)\\s+as)\\s+${NULL_LIST}`,
  'i',
);
/** "treat NULL and null as nulls", "read N/A as null", "load 'NA' as NULL". */
const NULL_TREAT = new RegExp(
  `\\b(?:treat|read|load|interpret|handle|map|convert|turn)(?:ing)?\\s+${NULL_LIST}\\s+(?:as|to|into)\\s+(?:sql\\s+)?nulls?\\b`,
  'i',
);
/** Words people use as null markers; other bare words next to "is null" are ordinary prose. */
const KNOWN_MARKERS = new Set(['null', 'none', 'nil', 'nan', 'na', 'n/a', 'missing', 'unknown', '-', '--']);

/** Null markers: "NULL or empty means null", "\N", "nulls are NA, N/A". Empty string marks empty fields. */
function extractNullIf(text: string): string[] | undefined {
  const plain = withoutOpaque(text);
  const found: string[] = [];
  let work = plain;
  for (const re of [NULL_TREAT, NULL_BEFORE, NULL_AFTER]) {
    const m = re.exec(work);
    if (!m) continue;
    found.push(...parseNullList(m[1]!));
    // "NULL or null are nulls": the next reader must not take "null are …" as a second list.
    work = work.slice(0, m.index) + ' '.repeat(m[0].length) + work.slice(m.index + m[0].length);
  }
  if (found.length === 0 && /\\N/.test(plain)) found.push('\\N');
  const unique = [...new Set(found)];
  return unique.length > 0 ? unique : undefined;
}

function parseNullList(list: string): string[] {
  const out: string[] = [];
  for (const raw of list.split(new RegExp(NULL_SEP, 'i'))) {
    const item = raw.trim();
    if (!item) continue;
    const q = /^[`'"](.*)[`'"]$/.exec(item);
    if (q) out.push(q[1]!);
    else if (/^(?:an?\s+)?(?:empty|blank)/i.test(item)) out.push('');
    else if (item === '\\N') out.push(item);
    else if (KNOWN_MARKERS.has(item.toLowerCase()) || /^[A-Z][A-Z/_-]+$/.test(item)) out.push(item);
  }
  return out;
}

const FORMAT_TOKEN = '(?:YYYY|YY|MMMM|MON|MM|DD|DY|HH24|HH12|HH|MI|SS|FF[0-9]?|AM|PM|TZH|TZM|"T"|T)';
const FORMAT_RUN = `(${FORMAT_TOKEN}(?:[-/.: ]?${FORMAT_TOKEN})*)`;

interface DateFormats {
  dateFormat?: string;
  timestampFormat?: string;
}

/** "dates are DD/MM/YYYY", "timestamp format YYYY-MM-DD HH24:MI:SS". Formats are read case-insensitively. */
function extractDateFormats(text: string): DateFormats | undefined {
  const plain = withoutOpaque(text);
  const out: DateFormats = {};
  const ts = new RegExp(
    `\\b(?:timestamps?|date[- ]?times?)\\s*(?:format)?\\s*(?:(?:is|are|will\\s+be)\\s+)?(?:like|look\\s+like|in|as|use|:|=)?\\s*[\`'"]?${FORMAT_RUN}`,
    'i',
  ).exec(plain);
  if (ts && isFormat(ts[1]!)) out.timestampFormat = toSnowflakeFormat(ts[1]!);
  const rest = ts ? plain.replace(ts[0], ' '.repeat(ts[0].length)) : plain;
  const d = new RegExp(
    `\\bdates?\\s*(?:format)?\\s*(?:(?:is|are|will\\s+be)\\s+)?(?:like|look\\s+like|in|as|use|:|=)?\\s*[\`'"]?${FORMAT_RUN}`,
    'i',
  ).exec(rest);
  if (d && isFormat(d[1]!)) out.dateFormat = toSnowflakeFormat(d[1]!);
  return out.dateFormat || out.timestampFormat ? out : undefined;
}

/** A lone "T" or "DY" is a word, not a format: a format names at least a year, month, day or hour. */
function isFormat(run: string): boolean {
  return run.length >= 4 && /YY|MM|DD|HH|MON/i.test(run);
}

/** People write minutes as `mm` after hours ("hh:mm:ss"); Snowflake spells them MI. */
function toSnowflakeFormat(run: string): string {
  return run.toUpperCase().replace(/(HH(?:24|12)?:)MM/g, '$1MI');
}

/** All CSV options in the message; only the keys the message mentions are set. */
export function extractCsvOptions(text: string): Partial<CsvFacts> {
  const out: Partial<CsvFacts> = {};
  const delimiter = extractDelimiter(text);
  if (delimiter !== undefined) out.delimiter = delimiter;
  const header = extractHeader(text);
  if (header !== undefined) out.header = header;
  const quote = extractQuote(text);
  if (quote !== undefined) out.quote = quote;
  const nullIf = extractNullIf(text);
  if (nullIf !== undefined) out.nullIf = nullIf;
  const formats = extractDateFormats(text);
  if (formats?.dateFormat) out.dateFormat = formats.dateFormat;
  if (formats?.timestampFormat) out.timestampFormat = formats.timestampFormat;
  return out;
}
