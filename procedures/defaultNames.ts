/**
 * Default object names, derived from the source location so that the four generators agree without being told.
 *
 * base(url)  = bucket (Azure: account and container) followed by the path segments, upper-cased, every run of
 *              characters other than A-Z/0-9 replaced by one `_`, leading/trailing `_` removed; a base that would
 *              start with a digit gets the provider in front (`S3_`, `GCS_`, `AZURE_`, …). A base longer than
 *              200 characters is cut to 191 and suffixed with `_` and 8 hex digits of its FNV-1a hash, so every
 *              default stays well under 255 characters and stays distinct.
 *   s3://acme-data/raw/orders/                               → ACME_DATA_RAW_ORDERS
 *   azure://acct.blob.core.windows.net/landing/sales/        → ACCT_LANDING_SALES
 *
 * integration  = base of the bucket alone (Azure: account + container) + `_INT`  (integrations are account-wide
 *                and usually cover a whole bucket)                  → ACME_DATA_INT
 * file format  = base(url) + `_<TYPE>_FORMAT`                        → ACME_DATA_RAW_ORDERS_CSV_FORMAT
 * stage        = base(url) + `_STAGE`                                → ACME_DATA_RAW_ORDERS_STAGE
 * external table = base(url + table path) + `_EXT`                   → ACME_DATA_RAW_ORDERS_EXT
 * With the single location `*`, the integration defaults to `<PROVIDER>_ALL_INT` (e.g. S3_ALL_INT).
 * Defaults are unquoted identifiers, so they are valid in any position.
 */
import type { CloudLocation } from './schemas/locations.js';

const MAX_BASE = 200;

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).toUpperCase().padStart(8, '0');
}

function toBase(words: readonly string[], provider: string): string {
  let base = words
    .join('_')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (base === '') base = provider;
  else if (/^[0-9]/.test(base)) base = `${provider}_${base}`;
  if (base.length > MAX_BASE) base = `${base.slice(0, MAX_BASE - 9)}_${fnv1a(base)}`;
  return base;
}

function rootWords(location: CloudLocation): string[] {
  return location.container === undefined ? [location.bucket] : [location.bucket, location.container];
}

/** `s3://acme-data/raw/orders/` (+ extra segments) → `ACME_DATA_RAW_ORDERS`. */
export function baseName(location: CloudLocation, extraSegments: readonly string[] = []): string {
  return toBase([...rootWords(location), ...location.segments, ...extraSegments], location.provider);
}

export function defaultIntegrationName(location: CloudLocation | '*', provider: string): string {
  if (location === '*') return `${provider}_ALL_INT`;
  return `${toBase(rootWords(location), location.provider)}_INT`;
}

export function defaultFileFormatName(location: CloudLocation, formatType: string): string {
  return `${baseName(location)}_${formatType}_FORMAT`;
}

export function defaultStageName(location: CloudLocation): string {
  return `${baseName(location)}_STAGE`;
}

export function defaultExternalTableName(location: CloudLocation, tablePath: readonly string[] = []): string {
  return `${baseName(location, tablePath)}_EXT`;
}
