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

const URL_RE = /\b(s3|s3gov|s3china|gcs|gs|azure|https?):\/\/([^\s'"`<>|]+)/gi;
const AZURE_HOST_RE = /^([a-z0-9]{3,24})\.(blob|dfs)\.core\.windows\.net$/i;
const FILE_RE =
  /(?:^|\.)(?:csv|tsv|txt|json|ndjson|jsonl|parquet|avro|orc|gz|gzip|bz2|zst|zstd|snappy|deflate|br)$/i;
const KEY_VALUE_RE = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

/** The last cloud location URL in the text (a later URL in the same message is a correction). */
export function extractLocation(text: string): LocationFinding | undefined {
  let found: LocationFinding | undefined;
  for (const m of text.matchAll(URL_RE)) {
    const parsed = parseUrl(m[1]!.toLowerCase(), m[2]!.replace(/[.,;:)\]}!?]+$/, ''));
    if (parsed) found = parsed;
  }
  return found;
}

function parseUrl(scheme: string, rest: string): LocationFinding | undefined {
  const parts = rest.split('/');
  const host = parts.shift() ?? '';
  let cloud: Cloud;
  let base: string;
  if (scheme === 's3' || scheme === 's3gov' || scheme === 's3china') {
    cloud = scheme === 's3' ? 'S3' : scheme === 's3gov' ? 'S3GOV' : 'S3CHINA';
    base = `${scheme}://${host}`;
  } else if (scheme === 'gcs' || scheme === 'gs') {
    cloud = 'GCS';
    base = `gcs://${host}`;
  } else {
    // azure:// and https:// only count when they name a storage account; any other https link is not a location.
    const az = AZURE_HOST_RE.exec(host);
    if (!az) return undefined;
    cloud = 'AZURE';
    // Snowflake addresses ADLS Gen2 through the blob endpoint as well.
    base = `azure://${az[1]!.toLowerCase()}.blob.core.windows.net`;
  }
  if (!host) return undefined;
  const segments = parts.filter((s) => s.length > 0);
  let file: string | undefined;
  const last = segments[segments.length - 1];
  // A trailing slash marks a folder, even one named like an extension (`…/json/`, `…/tsv/`).
  if (last !== undefined && !rest.endsWith('/') && (last.includes('*') || FILE_RE.test(last))) {
    file = last;
    segments.pop();
  }
  const firstPartition = segments.findIndex((s, i) => KEY_VALUE_RE.test(s) || isDateSegmentRun(segments, i));
  const kept = firstPartition < 0 ? segments : segments.slice(0, firstPartition);
  const partitions = firstPartition < 0 ? [] : partitionsFrom(segments.slice(firstPartition));
  const location = `${base}/${kept.map((s) => `${s}/`).join('')}`;
  return file === undefined ? { cloud, location, partitions } : { cloud, location, file, partitions };
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
    /\bbucket\s+(?:is\s+|called\s+|named\s+)?[`'"]?([a-z0-9][a-z0-9._-]{1,61}[a-z0-9])[`'"]?/i.exec(plain);
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
