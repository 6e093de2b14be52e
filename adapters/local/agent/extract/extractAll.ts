/**
 * Runs every extractor over one message and returns what it found, without touching thread state.
 * `pending` is the slot the agent asked about last, which lets bare answers ("yes", "id, name") count.
 */
import type { CsvFacts, ExtraFormatOptions, Slot, TableOptions } from '../facts.js';
import { type ColumnsFinding, extractColumns } from './columns.js';
import { type CredentialFinding, extractCredentials } from './credentials.js';
import { extractCsvOptions, yesNo } from './csvOptions.js';
import { extractFormat, type FormatFinding } from './format.js';
import { extractInfer } from './infer.js';
import { extractIntent, type Intent } from './intent.js';
import {
  type BucketFinding,
  extractBucketPhrase,
  extractCloudWord,
  extractLocation,
  type LocationFinding,
} from './location.js';
import { extractNames, type NamesFinding } from './names.js';
import { extractFormatExtras, extractTableOptions, globToPattern } from './options.js';
import { unwrapSlackLinks } from './text.js';

export interface Findings {
  intent?: Intent;
  location?: LocationFinding;
  cloudWord?: LocationFinding['cloud'];
  bucket?: BucketFinding;
  format?: FormatFinding;
  csv: Partial<CsvFacts>;
  formatOptions?: ExtraFormatOptions;
  tableOptions?: TableOptions;
  columns?: ColumnsFinding;
  /** "infer the columns", "detect the schema", "I don't know the columns". */
  inferColumns?: true;
  partitionByDate?: boolean;
  credentials?: CredentialFinding;
  names?: NamesFinding;
}

export function extractAll(rawText: string, pendingSlot?: Slot): Findings {
  let pending = pendingSlot;
  const original = unwrapSlackLinks(rawText);
  const intent = extractIntent(original);
  // "cancel" or "help" in reply to "which columns?" is a request, not a column named cancel.
  if (intent && intent !== 'start') pending = undefined;
  const infer = extractInfer(original, pending === 'columns' || pending === 'headerOrColumns');
  // The request is blanked so "infer the columns and types" names no column "types".
  const text = infer?.text ?? original;
  const out: Findings = { csv: extractCsvOptions(text) };
  if (intent) out.intent = intent;
  if (infer) out.inferColumns = true;
  if (pending === 'headerOrColumns' && out.csv.header === undefined) {
    // A yes/no answers the header half of the question; anything else may be the bare column list.
    const answer = yesNo(original);
    if (answer !== undefined) out.csv.header = answer;
    else pending = 'columns';
  }
  const location = extractLocation(text);
  if (location) out.location = location;
  else {
    const cloud = extractCloudWord(text);
    if (cloud) out.cloudWord = cloud;
    const bucket = extractBucketPhrase(text);
    if (bucket) out.bucket = bucket;
  }
  const format = extractFormat(text, location?.file);
  if (format) out.format = format;
  // Any "<x>-delimited", "separated by <x>", "delimiter is <x>" describes delimited text, which is CSV to Snowflake.
  if (out.csv.delimiter !== undefined && !out.format?.format && !out.format?.unsupported) {
    out.format = { ...out.format, format: 'CSV' };
  }
  const extras = extractFormatExtras(text);
  if (extras) out.formatOptions = extras;
  const tableOptions = extractTableOptions(text);
  if (tableOptions) out.tableOptions = tableOptions;
  // A glob in the URL (`s3://b/p/*.csv`) is a file filter too.
  if (location?.file?.includes('*') && !tableOptions?.pattern) {
    out.tableOptions = { ...out.tableOptions, pattern: globToPattern(location.file) };
  }
  const columns = extractColumns(text, { expectingColumns: pending === 'columns' });
  if (columns) out.columns = columns;
  if (/\bpartition(?:ed|s)?\s+(?:by|on)\s+(?:the\s+)?(?:date|day|dt|days|dates)\b/i.test(text))
    out.partitionByDate = true;
  const credentials = extractCredentials(text);
  if (credentials) out.credentials = credentials;
  const names = extractNames(text);
  if (names) out.names = names;
  if (pending === 'header' && out.csv.header === undefined) {
    const answer = yesNo(text);
    if (answer !== undefined) out.csv.header = answer;
  }
  return out;
}

/** Whether the message carried any fact at all (as opposed to chit-chat or an unreadable answer). */
export function hasFacts(f: Findings): boolean {
  return (
    f.location !== undefined ||
    f.formatOptions !== undefined ||
    f.tableOptions !== undefined ||
    f.cloudWord !== undefined ||
    f.bucket !== undefined ||
    f.format !== undefined ||
    Object.keys(f.csv).length > 0 ||
    f.columns !== undefined ||
    f.inferColumns === true ||
    f.partitionByDate === true ||
    f.credentials !== undefined ||
    f.names !== undefined
  );
}
