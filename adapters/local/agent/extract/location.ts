/**
 * Cloud and storage location: URLs in any of the forms users paste, and "bucket X, prefix Y" phrasings.
 * A URL pointing at a file or at a `key=value` partition folder is cut back to the folder a stage should
 * point at; the cut-off parts feed format and partition detection.
 */
import { SCHEME_OF } from '../../../../procedures/schemas/locations.js';
import type { Cloud, PartitionFact } from '../facts.js';
import { withoutOpaque } from './text.js';

export interface LocationFinding {
  cloud: Cloud;
  /** Stage URL, normalised, ending in `/`. */
  location: string;
  /** The file name the URL ended with (`orders.csv.gz`, `*.parquet`), for format detection. */
  file?: string;
  partitions: PartitionFact[];
}

/**
 * Every scheme people paste: Snowflake's own, Hadoop's S3 connectors (s3a, s3n), and Azure's ABFS/WASB
 * drivers. Characters that end a URL in prose are left out; quotes and semicolons are then checked below.
 */
const URL_RE = /\b(s3|s3a|s3n|s3gov|s3china|gcs|gs|azure|abfss?|wasbs?|https?):\/\/([^\s'"`<>|]+)/gi;
/** `<account>.blob|dfs.core.windows.net` — ADLS Gen2 (dfs) is addressed through the blob endpoint too. */
const AZURE_HOST_RE = /^([a-z0-9]{3,24})\.(?:blob|dfs)\.core\.windows\.net$/i;
/** ABFS/WASB put the container before the account: `<container>@<account>.dfs.core.windows.net`. */
const AZURE_CONTAINER_AT_RE =
  /^([a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9])@([a-z0-9]{3,24})\.(?:blob|dfs)\.core\.windows\.net$/i;
/** Virtual-hosted S3 (`bucket.s3.amazonaws.com`, `bucket.s3.us-west-2.amazonaws.com`, `bucket.s3-us-west-2…`). */
const S3_VIRTUAL_HOST_RE = /^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/i;
/** Path-style S3 (`s3.amazonaws.com/bucket/…`, `s3.us-west-2.amazonaws.com/bucket/…`). */
const S3_PATH_HOST_RE = /^s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/i;
/** GCS over HTTPS: `storage.googleapis.com/bucket/…` or the console's `storage.cloud.google.com/bucket/…`. */
const GCS_HTTP_HOST_RE = /^storage\.(?:googleapis|cloud\.google)\.com$/i;
const FILE_RE =
  /(?:^|\.)(?:csv|tsv|psv|txt|dat|json|ndjson|jsonl|parquet|avro|orc|gz|gzip|bz2|zst|zstd|snappy|deflate|br)$/i;
const KEY_VALUE_RE = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;
/** One folder named as a date: `2024-05-01`, `2024_05_01` or `20240501`. */
const DATE_FOLDER_RE = /^(?:19|20)\d\d([-_]?)(?:0[1-9]|1[0-2])\1(?:0[1-9]|[12]\d|3[01])$/;
/**
 * Path characters a stage URL cannot hold, or that only an injection attempt would put in a folder name: the URL
 * is cut before the first of them and merge.ts's droppedCharacters names what was left out (issue 17).
 */
const UNUSABLE = /[;'"`\\?#]/;
/** Words that mark the URL as an example of the layout rather than the place itself. */
const EXAMPLE_CUE =
  /\b(?:like|e\.g\.?|eg|for\s+example|for\s+instance|such\s+as|looks?\s+like|example|partitioned|partitions?)\s*[:,]?\s*$/i;

interface ParsedUrl extends LocationFinding {
  /** Whether a lone date folder (`…/2024-05-01/`) was read as a partition value. */
  exampleCut: boolean;
}

/**
 * The location in the text. The last URL wins (a later URL is a correction), except that a URL given as an
 * example of the folder layout ("partitioned by date folders like s3://b/p/2024-05-01/") refines the one it
 * lies under: the stage stays on the common parent and the partitions come from the example.
 */
export function extractLocation(text: string): LocationFinding | undefined {
  const found: ParsedUrl[] = [];
  for (const m of text.matchAll(URL_RE)) {
    const at = m.index ?? 0;
    const trimmed = m[2]!.replace(/[.,;:)\]}!?]+$/, '');
    const cut = trimmed.search(UNUSABLE);
    const raw = cut < 0 ? trimmed : trimmed.slice(0, cut);
    const cue = EXAMPLE_CUE.test(text.slice(Math.max(0, at - 60), at)) || /\bpartition/i.test(text);
    const parsed = parseUrl(m[1]!.toLowerCase(), raw, cue);
    if (parsed) found.push(parsed);
  }
  let chosen = found[found.length - 1];
  if (!chosen) return undefined;
  // "s3://b/p/2024-05-01/ … in s3://b/p/": the plain parent named after the example keeps the example's layout.
  const example = found.find(
    (f) => f.exampleCut && f.location === chosen!.location && f.cloud === chosen!.cloud,
  );
  if (!chosen.exampleCut && example) chosen = example;
  const { exampleCut: _cut, ...finding } = chosen;
  return finding;
}

function parseUrl(scheme: string, rest: string, exampleCue: boolean): ParsedUrl | undefined {
  const parts = rest.split('/');
  const host = parts.shift() ?? '';
  let cloud: Cloud;
  let base: string;
  if (!host) return undefined;
  if (scheme === 's3' || scheme === 's3a' || scheme === 's3n' || scheme === 's3gov' || scheme === 's3china') {
    cloud = scheme === 's3gov' ? 'S3GOV' : scheme === 's3china' ? 'S3CHINA' : 'S3';
    base = `${scheme === 's3a' || scheme === 's3n' ? 's3' : scheme}://${host.toLowerCase()}`;
  } else if (scheme === 'gcs' || scheme === 'gs') {
    cloud = 'GCS';
    base = `gcs://${host.toLowerCase()}`;
  } else {
    const containerAt = AZURE_CONTAINER_AT_RE.exec(host);
    const az = AZURE_HOST_RE.exec(host);
    const s3Virtual = S3_VIRTUAL_HOST_RE.exec(host);
    if (containerAt) {
      cloud = 'AZURE';
      base = `azure://${containerAt[2]!.toLowerCase()}.blob.core.windows.net/${containerAt[1]!.toLowerCase()}`;
    } else if (az) {
      cloud = 'AZURE';
      base = `azure://${az[1]!.toLowerCase()}.blob.core.windows.net`;
    } else if ((scheme === 'https' || scheme === 'http') && s3Virtual) {
      cloud = 'S3';
      base = `s3://${s3Virtual[1]!.toLowerCase()}`;
    } else if ((scheme === 'https' || scheme === 'http') && S3_PATH_HOST_RE.test(host) && parts[0]) {
      cloud = 'S3';
      base = `s3://${parts.shift()!.toLowerCase()}`;
    } else if ((scheme === 'https' || scheme === 'http') && GCS_HTTP_HOST_RE.test(host) && parts[0]) {
      cloud = 'GCS';
      base = `gcs://${parts.shift()!.toLowerCase()}`;
    } else {
      // Any other link (a docs page, a console URL) is not a storage location.
      return undefined;
    }
  }
  const segments = parts.filter((s) => s.length > 0);
  let file: string | undefined;
  const last = segments[segments.length - 1];
  // A trailing slash marks a folder, even one named like an extension (`…/json/`, `…/tsv/`).
  if (last !== undefined && !rest.endsWith('/') && (last.includes('*') || FILE_RE.test(last))) {
    file = last;
    segments.pop();
  }
  // Folders named key=value or yyyy/mm[/dd] are partition values; a lone date folder only counts as one when
  // the message offers the URL as an example of the layout ("folders like …/2024-05-01/").
  const firstPartition = segments.findIndex(
    (s, i) => KEY_VALUE_RE.test(s) || isDateSegmentRun(segments, i) || (exampleCue && DATE_FOLDER_RE.test(s)),
  );
  const kept = firstPartition < 0 ? segments : segments.slice(0, firstPartition);
  const partitions = firstPartition < 0 ? [] : partitionsFrom(segments.slice(firstPartition));
  const location = `${base}/${kept.map((s) => `${s}/`).join('')}`;
  const out: ParsedUrl = { cloud, location, partitions, exampleCut: firstPartition >= 0 };
  if (file !== undefined) out.file = file;
  return out;
}

/** `…/2024/01/15/` — a year folder followed by a month folder. */
function isDateSegmentRun(segments: string[], i: number): boolean {
  return /^(19|20)\d\d$/.test(segments[i] ?? '') && /^(0[1-9]|1[0-2])$/.test(segments[i + 1] ?? '');
}

function partitionsFrom(segments: string[]): PartitionFact[] {
  const out: PartitionFact[] = [];
  if (isDateSegmentRun(segments, 0) && !KEY_VALUE_RE.test(segments[0]!)) {
    // Plain yyyy/mm[/dd] folders: one DATE partition built from those segments.
    if (/^(0[1-9]|[12]\d|3[01])$/.test(segments[2] ?? '')) {
      out.push({ name: 'file_date', type: 'DATE', segment: 1, layout: 'YYYY/MM/DD' });
    } else {
      out.push(
        { name: 'file_year', type: 'NUMBER', segment: 1 },
        { name: 'file_month', type: 'NUMBER', segment: 2 },
      );
    }
    return out;
  }
  if (DATE_FOLDER_RE.test(segments[0] ?? '')) {
    out.push({ name: 'file_date', type: 'DATE', segment: 1 });
    return out;
  }
  segments.forEach((s, i) => {
    const kv = KEY_VALUE_RE.exec(s);
    if (!kv) return;
    const key = kv[1]!;
    out.push({ name: key.toLowerCase(), type: partitionType(key, kv[2]!), segment: i + 1, key });
  });
  return out;
}

function partitionType(key: string, value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'DATE';
  if (/^(year|month|day|hour|yyyy|mm|dd|hh)$/i.test(key) || /^\d+$/.test(value)) return 'NUMBER';
  return 'VARCHAR';
}

const CLOUD_WORDS: [RegExp, Cloud][] = [
  [/\b(?:s3|aws|amazon)\b/i, 'S3'],
  [/\b(?:govcloud|s3\s*gov|aws\s+gov(?:ernment)?)\b/i, 'S3GOV'],
  [/\b(?:gcs|gcp|google\s+cloud(?:\s+storage)?|google\s+storage)\b/i, 'GCS'],
  [/\b(?:azure|adls|blob\s+storage)\b/i, 'AZURE'],
];

/** "on S3", "it's in GCS", "Azure": the cloud named in words, ignoring words inside URLs and ARNs. */
export function extractCloudWord(text: string): Cloud | undefined {
  const plain = withoutOpaque(text);
  let best: { cloud: Cloud; index: number } | undefined;
  for (const [re, cloud] of CLOUD_WORDS) {
    const m = re.exec(plain);
    if (m && (best === undefined || m.index >= best.index)) best = { cloud, index: m.index };
  }
  return best?.cloud;
}

export interface BucketFinding {
  bucket?: string;
  prefix?: string;
  /** Azure phrasing ("storage account acme, container raw") yields a full location at once. */
  azure?: { account: string; container: string };
}

/** "bucket acme, prefix raw/orders", "storage account acct container c path p". */
export function extractBucketPhrase(text: string): BucketFinding | undefined {
  const plain = withoutOpaque(text);
  const bucket =
    /\bbucket\s+(?:is\s+|called\s+|named\s+)?[`'"]?([a-z0-9][a-z0-9._-]{1,61}[a-z0-9])[`'"]?/i.exec(plain) ??
    /\b(?:the|our|my)\s+[`'"]?([a-z0-9][a-z0-9._-]{1,61}[a-z0-9])[`'"]?\s+bucket\b/i.exec(plain);
  const prefix =
    /\b(?:prefix|path|folder|directory)\s+(?:is\s+|of\s+)?[`'"]?([A-Za-z0-9_.=\-/]+?)[`'"]?(?=[\s,;]|\.(?:\s|$)|$)/i.exec(
      plain,
    );
  const account = /\b(?:storage\s+)?account\s+(?:is\s+|called\s+|named\s+)?[`'"]?([a-z0-9]{3,24})\b/i.exec(
    plain,
  );
  const container =
    /\bcontainer\s+(?:is\s+|called\s+|named\s+)?[`'"]?([a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9])\b/i.exec(plain);
  const out: BucketFinding = {};
  if (account && container)
    out.azure = { account: account[1]!.toLowerCase(), container: container[1]!.toLowerCase() };
  else if (bucket) out.bucket = bucket[1]!.toLowerCase();
  if (prefix) out.prefix = prefix[1]!.replace(/^\/+|\/+$/g, '');
  return out.bucket || out.azure || out.prefix ? out : undefined;
}

/** Builds a stage URL from a bucket or Azure container, a prefix and the cloud. */
export function locationFrom(cloud: Cloud, bucket: string, prefix: string | undefined): string {
  const scheme = SCHEME_OF[cloud];
  const p = prefix ? `${prefix.replace(/^\/+|\/+$/g, '')}/` : '';
  return `${scheme}://${bucket}/${p}`;
}
