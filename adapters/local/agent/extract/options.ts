/**
 * The optional settings the generators support, said in plain words: file format options beyond delimiter,
 * header, quotes, nulls and dates (trim spaces, blank lines, encoding, escape, empty fields, ragged rows, JSON
 * nulls and duplicates, invalid characters, time format, several lines to skip) and the external table's
 * PATTERN, AUTO_REFRESH and REFRESH_ON_CREATE. Each reader states a rule ("turning X off" = a negation within a
 * few words of X), not a list of sentences.
 */
import { ENCODINGS } from '../../../../procedures/schemas/fileFormat.js';
import type { ExtraFormatOptions, TableOptions } from '../facts.js';
import { withoutOpaque } from './text.js';

/** "no", "don't", "disable", "turn off", "without", "never" — a setting switched off. */
const OFF = String.raw`(?:\bno|\bnot|n't|\bnever|\bwithout|\bdisable[ds]?|\bturn(?:ed)?\s+off|\bswitch(?:ed)?\s+off|\bskip|\bstop)`;

/** Whether `subject` is said, and if so whether it is switched off (negation up to three words before it). */
function toggled(text: string, subject: string): boolean | undefined {
  const re = new RegExp(
    String.raw`(${OFF}\s+(?:\S+\s+){0,3}?)?(?:${subject})(\s*(?:=|:|is|to|set\s+to)?\s*(?:on|true|enabled|off|false|disabled)\b)?`,
    'i',
  );
  const m = re.exec(text);
  if (!m) return undefined;
  if (m[2]) return !/off|false|disabled/i.test(m[2]);
  return !m[1];
}

const WORD_NUMBERS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, ten: 10 };

function count(word: string): number | undefined {
  const n = /^\d+$/.test(word) ? Number.parseInt(word, 10) : WORD_NUMBERS[word.toLowerCase()];
  return n !== undefined && n >= 1 && n <= 100 ? n : undefined;
}

/** A character set named in the text, matched against Snowflake's list after dropping '-', '_' and spaces. */
function encoding(text: string): string | undefined {
  if (!/\b(?:encod(?:ed|ing)|charset|character\s+set|code\s*page)\b/i.test(text)) return undefined;
  const aliases: Record<string, string> = {
    LATIN1: 'ISO88591',
    LATIN2: 'ISO88592',
    CP1252: 'WINDOWS1252',
    ANSI: 'WINDOWS1252',
    SJIS: 'SHIFTJIS',
  };
  for (const m of text.matchAll(
    /\b([A-Za-z]+[-_ ]?\d[\d-_]*[A-Za-z]*|latin[-_ ]?\d|shift[-_ ]?jis|sjis|ansi|big5)\b/gi,
  )) {
    const key = m[1]!.toUpperCase().replace(/[-_ ]/g, '');
    const name = aliases[key] ?? key;
    if ((ENCODINGS as readonly string[]).includes(name)) return name;
  }
  return undefined;
}

/** A glob (`*.parquet`, `sales_*.csv`) or a bare extension (`.csv.gz`) as a PATTERN regular expression. */
export function globToPattern(glob: string): string {
  const g = glob.startsWith('.') ? `*${glob}` : glob;
  const body = g.replace(/[.*?+^${}()|[\]\\]/g, (c) =>
    c === '*' ? '.*' : c === '?' ? '.' : c === '.' ? '[.]' : `\\${c}`,
  );
  return body.startsWith('.*') ? body : `.*${body}`;
}

/** "only files ending in .csv.gz", "only pick up *.parquet", "PATTERN = '.*sales.*[.]parquet'". */
export function extractPattern(text: string): string | undefined {
  const literal = /\bpattern\s*(?:=|:|is|of)?\s*(['"`])([^'"`\n]{1,1024})\1/i.exec(text);
  if (literal) return literal[2]!;
  const plain = withoutOpaque(text);
  const ext =
    /\b(?:only|just)\b[^.;\n]{0,40}?\b(?:ending|end|ends|named|matching|match|with\s+(?:the\s+)?extension|suffix(?:ed)?|like)\s*(?:in|with|by)?\s*[`'"]?((?:\*|[A-Za-z0-9_-]+\*?)?(?:\.[A-Za-z0-9]+)+|\*[A-Za-z0-9_.*-]*|[A-Za-z0-9_-]+\*[A-Za-z0-9_.*-]*)[`'"]?/i.exec(
      plain,
    ) ??
    /\b(?:only|just)\b[^.;\n]{0,40}?[`'"]?(\*\.[A-Za-z0-9.]+|\.[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*)[`'"]?\s+files?\b/i.exec(
      plain,
    );
  return ext ? globToPattern(ext[1]!) : undefined;
}

export function extractTableOptions(text: string): TableOptions | undefined {
  const plain = withoutOpaque(text);
  const out: TableOptions = {};
  const pattern = extractPattern(text);
  if (pattern) out.pattern = pattern;
  // "refresh manually", "don't refresh automatically", "no auto refresh", "auto_refresh = false".
  if (
    /\brefresh(?:ed|ing)?\s+(?:it\s+|them\s+|the\s+table\s+)?(?:manually|by\s+hand|ourselves|myself)\b|\bmanual(?:ly)?\s+refresh/i.test(
      plain,
    )
  )
    out.auto_refresh = false;
  else {
    const auto = toggled(
      plain,
      String.raw`auto[-_\s]?refresh(?:es|ing)?|refresh(?:es|ing)?\s+automatically|automatic(?:ally)?\s+refresh(?:es|ing)?`,
    );
    if (auto !== undefined) out.auto_refresh = auto;
  }
  const onCreate = toggled(
    plain,
    String.raw`refresh(?:_|\s+)on(?:_|\s+)create|refresh(?:ed|ing)?\s+(?:when|at|on)\s+creat(?:e|ion|ing)|register(?:ing)?\s+(?:the\s+)?existing\s+files`,
  );
  if (onCreate !== undefined) out.refresh_on_create = onCreate;
  return Object.keys(out).length > 0 ? out : undefined;
}

export function extractFormatExtras(text: string): ExtraFormatOptions | undefined {
  const plain = withoutOpaque(text);
  const out: ExtraFormatOptions = {};
  if (
    /\b(?:trim(?:med|ming|s)?|strip(?:ped|ping)?|remove)\s+(?:the\s+)?(?:leading\s+(?:and|&|\/)\s+trailing\s+|surrounding\s+|extra\s+)?(?:white\s*-?space|spaces|blanks)\b|\btrim[_\s]space\b/i.test(
      plain,
    )
  )
    out.trim_space = true;
  if (
    /\b(?:skip|ignore|drop)\s+(?:the\s+|any\s+)?(?:blank|empty)\s+(?:lines|rows)\b|\b(?:blank|empty)\s+(?:lines|rows)\b[^.;\n]{0,40}\b(?:skip|ignore|drop)\b|\bskip[_\s]blank[_\s]lines\b/i.test(
      plain,
    )
  )
    out.skip_blank_lines = true;
  const enc = encoding(plain);
  if (enc) out.encoding = enc;
  if (
    /\b(?:backslash|\\)\s+(?:is\s+)?(?:the\s+|used\s+as\s+(?:the\s+|an\s+)?)?escape\b|\bescape(?:d)?(?:\s+char(?:acter)?)?\s*(?:is|=|:|with|by)?\s*(?:a\s+|the\s+)?(?:backslash|['"`]?\\\\?['"`]?)(?=\s|$|[.,;])/i.test(
      plain,
    )
  )
    out.escape = '\\\\';
  // "empty fields stay empty strings", "empty is not null" → off; "empty fields as null" → on.
  if (
    /\bempty\s+(?:fields?|strings?|values?|cells?|columns?)\s+(?:should\s+|must\s+|to\s+)?(?:stay|remain|be\s+kept|kept)\s+(?:as\s+)?(?:empty|blank)|\bempty\s+(?:fields?|strings?|values?)\s+(?:are|is)\s+not\s+null|\bnot\s+(?:treat|read|load)\s+empty\s+(?:fields?|strings?|values?)\s+as\s+null|\bempty[_\s]field[_\s]as[_\s]null\s*=?\s*false/i.test(
      plain,
    )
  )
    out.empty_field_as_null = false;
  else if (
    /\bempty\s+(?:fields?|strings?|values?|cells?)\s+(?:as|are|mean|become|should\s+be)\s+nulls?\b/i.test(
      plain,
    )
  )
    out.empty_field_as_null = true;
  if (
    /\bcolumn[\s_]count[\s_]mismatch\b|\b(?:fewer|more|different\s+numbers?\s+of|missing|extra)\s+(?:columns|fields)\b|\bragged\s+(?:rows|lines|files)\b/i.test(
      plain,
    )
  ) {
    if (
      new RegExp(
        `${OFF}|\\bignore|\\ballow|\\btolerate|\\bfewer|\\bmissing|\\bextra|\\bragged|\\bdifferent`,
        'i',
      ).test(plain)
    )
      out.error_on_column_count_mismatch = false;
  }
  if (
    /\b(?:strip|drop|remove|omit|ignore)\s+(?:the\s+|all\s+)?null\s+(?:values?|fields?|keys?|attributes?)\b|\bstrip[_\s]null[_\s]values\b/i.test(
      plain,
    )
  )
    out.strip_null_values = true;
  if (
    /\breplace\s+(?:the\s+|any\s+)?(?:invalid|bad|broken)\s+(?:utf-?8\s+|unicode\s+)?char(?:acter)?s?\b|\breplace[_\s]invalid[_\s]characters\b/i.test(
      plain,
    )
  )
    out.replace_invalid_characters = true;
  if (
    /\ballow(?:ing)?\s+duplicate\s+(?:keys|elements|fields|attributes)\b|\bduplicate\s+keys\s+(?:are\s+)?(?:ok|fine|allowed)\b|\ballow[_\s]duplicate\s*=?\s*true\b/i.test(
      plain,
    )
  )
    out.allow_duplicate = true;
  // "skip 2 lines", "the first two lines are a title and the header", "skip the first three rows".
  const skip =
    /\bskip\s+(?:the\s+)?(?:first|top)?\s*(\d+|one|two|three|four|five|six|ten)\s+(?:header\s+)?(?:lines|rows)\b/i.exec(
      plain,
    ) ??
    /\b(?:first|top)\s+(\d+|two|three|four|five|six|ten)\s+(?:lines|rows)\s+(?:are|is|hold|contain)\b/i.exec(
      plain,
    ) ??
    /\bskip[_\s]header\s*=?\s*(\d+)\b/i.exec(plain);
  const n = skip ? count(skip[1]!) : undefined;
  if (n !== undefined) out.skip_header = n;
  const time =
    /\btimes?\b\s*(?:format)?\s*(?:(?:is|are)\s+)?(?:in\s+|like\s+|as\s+|:\s*|=\s*|look\s+like\s+)?[`'"]?((?:HH24|HH12|HH)(?::?(?:MI|MM|SS|FF\d?))+)/i.exec(
      plain,
    );
  if (time) out.time_format = time[1]!.toUpperCase().replace(/(HH(?:24|12)?:)MM/g, '$1MI');
  return Object.keys(out).length > 0 ? out : undefined;
}
