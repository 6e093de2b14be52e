/**
 * File format and compression, from words ("parquet", "tab-separated", "gzipped") or file extensions
 * (`orders.csv.gz`). A format named after "not"/"instead of" is a correction, not a choice.
 */
import type { FormatType } from '../facts.js';
import { withoutOpaque } from './text.js';

export interface FormatFinding {
  format?: FormatType;
  compression?: string;
  /** Tab-separated implies CSV with a tab delimiter. */
  delimiter?: string;
  jsonArray?: boolean;
  /** A format Snowflake external tables cannot read (XML), named so the answer can say so. */
  unsupported?: string;
}

const FORMAT_WORDS: [RegExp, FormatType, string?][] = [
  [/\b(?:tsvs?|tab[- ]?(?:separated|delimited))\b/gi, 'CSV', '\t'],
  // PSV is the pipe's TSV; "<x>-delimited" in general is read by the delimiter extractor and implies CSV.
  [/\bpsvs?\b/gi, 'CSV', '|'],
  [/\b(?:csvs?|comma[- ]separated(?:\s+values)?)\b/gi, 'CSV'],
  [/\b(?:nd-?json|jsonl|json\s*lines|jsons?|newline[- ]delimited\s+json)\b/gi, 'JSON'],
  [/\bparquets?\b/gi, 'PARQUET'],
  [/\bavros?\b/gi, 'AVRO'],
  [/\borcs?\b/gi, 'ORC'],
];

const COMPRESSION_WORDS: [RegExp, string][] = [
  [/(?:\buncompressed\b|(?:\bnot|n't)\s+(?:\w+\s+)?compressed\b|\bno\s+compression\b)/gi, 'NONE'],
  [/(?:\.gz\b|\bgz\b|\bgzip(?:ped)?\b)/gi, 'GZIP'],
  [/(?:\.bz2\b|\bbzip2?\b|\bbz2\b)/gi, 'BZ2'],
  [/(?:\.zst\b|\bzstd\b|\bzstandard\b)/gi, 'ZSTD'],
  [/(?:\.br\b|\bbrotli\b)/gi, 'BROTLI'],
  [/\b(?:raw\s+)?deflate\b/gi, 'DEFLATE'],
  [/\bsnappy\b/gi, 'SNAPPY'],
];

const NEGATED = /(?:\bnot|n't|\bno longer|\binstead of|\brather than)\s+(?:an?\s+|the\s+)?(?:really\s+)?$/i;

/**
 * Reads the format from the message and from a file name cut off a URL. Words win over the file name
 * because they are what the user said in this turn.
 */
export function extractFormat(text: string, file?: string): FormatFinding | undefined {
  const plain = withoutOpaque(text);
  const out: FormatFinding = {};
  const fromWords = lastFormat(plain);
  const fromFile = file ? lastFormat(file.replace(/[._]/g, ' ')) : undefined;
  const chosen = fromWords ?? fromFile;
  if (chosen) {
    out.format = chosen.format;
    if (chosen.delimiter) out.delimiter = chosen.delimiter;
  }
  const compression = findCompression(plain) ?? (file ? findCompression(file) : undefined);
  if (compression) out.compression = compression;
  if (/\bxml\b/i.test(plain) && !fromWords) out.unsupported = 'XML';
  // Any way of saying the file is one array (or list) of records rather than one document per line.
  if (
    /\b(?:json\s+arrays?|(?:an?|one|single|big|large|huge|outer|top[- ]level)\s+(?:big\s+|large\s+|single\s+|outer\s+|top[- ]level\s+)*(?:json\s+)?array\b(?!\s+(?:of\s+)?(?:the\s+)?(?:columns?|fields?|keys?|attributes?)\b)|(?:array|list)\s+of\s+(?:json\s+)?(?:objects|records|rows|documents|items|events|entries)|outer\s+(?:array|brackets)|strip(?:_|\s+the\s+|\s+)outer[_\s]array)\b|\[\s*\{/i.test(
      plain,
    )
  ) {
    out.jsonArray = true;
  } else if (
    /\b(?:nd-?json|jsonl|json\s*lines|newline[- ]delimited|one\s+(?:object|record|document)\s+per\s+line)\b/i.test(
      plain,
    )
  ) {
    out.jsonArray = false;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function lastFormat(text: string): { format: FormatType; delimiter?: string } | undefined {
  let best: { format: FormatType; delimiter?: string; index: number } | undefined;
  const taken: [number, number][] = [];
  for (const [re, format, delimiter] of FORMAT_WORDS) {
    for (const m of text.matchAll(re)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      // "tab-separated values" must not also count as "comma separated values" style overlaps.
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      taken.push([start, end]);
      if (NEGATED.test(text.slice(0, start))) continue;
      if (best === undefined || start > best.index) {
        best = delimiter === undefined ? { format, index: start } : { format, delimiter, index: start };
      }
    }
  }
  if (!best) return undefined;
  return best.delimiter === undefined
    ? { format: best.format }
    : { format: best.format, delimiter: best.delimiter };
}

/** The last compression named and not negated ("not gzip, it's bz2" → BZ2). */
function findCompression(text: string): string | undefined {
  let best: { name: string; index: number } | undefined;
  for (const [re, name] of COMPRESSION_WORDS) {
    for (const m of text.matchAll(re)) {
      const at = m.index ?? 0;
      if (name !== 'NONE' && NEGATED.test(text.slice(0, at))) continue;
      if (!best || at > best.index) best = { name, index: at };
    }
  }
  return best?.name;
}
