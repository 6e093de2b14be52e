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
}

const FORMAT_WORDS: [RegExp, FormatType, string?][] = [
  [/\b(?:tsv|tab[- ]?(?:separated|delimited))\b/gi, 'CSV', '\t'],
  [/\b(?:csv|comma[- ]separated(?:\s+values)?)\b/gi, 'CSV'],
  [/\b(?:nd-?json|jsonl|json\s*lines|json|newline[- ]delimited\s+json)\b/gi, 'JSON'],
  [/\bparquet\b/gi, 'PARQUET'],
  [/\bavro\b/gi, 'AVRO'],
  [/\borc\b/gi, 'ORC'],
];

const COMPRESSION_WORDS: [RegExp, string][] = [
  [/\b(?:uncompressed|not\s+compressed|no\s+compression)\b/i, 'NONE'],
  [/(?:\.gz\b|\bgz\b|\bgzip(?:ped)?\b)/i, 'GZIP'],
  [/(?:\.bz2\b|\bbzip2?\b|\bbz2\b)/i, 'BZ2'],
  [/(?:\.zst\b|\bzstd\b|\bzstandard\b)/i, 'ZSTD'],
  [/(?:\.br\b|\bbrotli\b)/i, 'BROTLI'],
  [/\b(?:raw\s+)?deflate\b/i, 'DEFLATE'],
  [/\bsnappy\b/i, 'SNAPPY'],
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
  if (
    /\b(?:json\s+arrays?|an?\s+(?:outer\s+|top-level\s+)?array\s+of\s+(?:objects|records)|outer\s+array)\b/i.test(
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

function findCompression(text: string): string | undefined {
  for (const [re, name] of COMPRESSION_WORDS) if (re.test(text)) return name;
  return undefined;
}
