/**
 * Cloud storage URLs as Snowflake accepts them in STORAGE_ALLOWED_LOCATIONS and stage URLs:
 * `s3://bucket/path/`, `s3gov://…`, `s3china://…`, `gcs://bucket/path/`,
 * `azure://<account>.blob.core.windows.net/<container>/path/`.
 */

export type Provider = 'S3' | 'S3GOV' | 'S3CHINA' | 'GCS' | 'AZURE';
export const PROVIDERS: readonly Provider[] = ['S3', 'S3GOV', 'S3CHINA', 'GCS', 'AZURE'];

export const SCHEME_OF: Record<Provider, string> = {
  S3: 's3',
  S3GOV: 's3gov',
  S3CHINA: 's3china',
  GCS: 'gcs',
  AZURE: 'azure',
};

export interface CloudLocation {
  provider: Provider;
  /** S3/GCS bucket; for Azure the storage account. */
  bucket: string;
  /** Azure container; undefined elsewhere. */
  container?: string;
  /** Path segments after the bucket (Azure: after the container), without empty segments. */
  segments: string[];
  /** Whether the URL ends with `/` (a folder) rather than a name prefix. */
  folder: boolean;
}

export type LocationResult = { ok: true; location: CloudLocation } | { ok: false; message: string };

const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const GCS_BUCKET = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;
const AZURE_ACCOUNT = /^[a-z0-9]{3,24}$/;
const AZURE_CONTAINER = /^(?:\$root|[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9])$/;
const BAD_PATH_CHAR = /[\u0000-\u001F\u007F?#\\]/;

const EXAMPLE: Record<Provider, string> = {
  S3: 's3://my-bucket/path/',
  S3GOV: 's3gov://my-bucket/path/',
  S3CHINA: 's3china://my-bucket/path/',
  GCS: 'gcs://my-bucket/path/',
  AZURE: 'azure://myaccount.blob.core.windows.net/mycontainer/path/',
};

export function exampleUrl(provider: Provider): string {
  return EXAMPLE[provider];
}

function fail(message: string): LocationResult {
  return { ok: false, message };
}

/** Percent-encodings that would turn into a separator or a dot segment once decoded (`%252E` decodes to `%2E`). */
const ENCODED_SEPARATOR = /%(?:2f|5c|2e|25)/i;

/**
 * Why a path (the part after the bucket, or a stage path) could step outside the folder it names, or undefined
 * when it cannot: `.` or `..` segments, backslashes, or percent-encoded separators. Object stores keep such keys
 * literally, but the embedded warehouse maps URLs to files, and a reviewer reads `a/../b` as `b`.
 */
export function unsafePathReason(path: string): string | undefined {
  if (path.indexOf('\\') >= 0) return 'a backslash is not allowed in a storage path; use / between folders';
  if (ENCODED_SEPARATOR.test(path))
    return 'percent-encoded separators or dots (%2F, %5C, %2E, %25) are not allowed in a storage path; write the folder names plainly';
  for (const segment of path.split('/')) {
    if (segment === '.' || segment === '..')
      return `"${segment}" is not allowed as a folder name in a storage path; name the folder itself, e.g. s3://my-bucket/data/`;
  }
  return undefined;
}

/** The same check for a whole URL (scheme and host are left to the URL parser). */
export function unsafeUrlReason(url: string): string | undefined {
  const m = /^[A-Za-z0-9]+:\/\/[^/]*(\/.*)?$/.exec(url);
  const rest = m ? (m[1] ?? '') : url;
  return unsafePathReason(rest);
}

function normalizedScheme(url: string): string {
  const m = /^([A-Za-z0-9]+):\/\/(.*)$/.exec(url.trim());
  return m ? `${(m[1] as string).toLowerCase()}://${m[2]}` : url.trim();
}

/**
 * Whether an allowed location covers a URL, at folder boundaries: `s3://b/data/` and `s3://b/data` cover
 * `s3://b/data/x/` but not `s3://b/datax/`. A URL that could step outside its folder is never covered.
 */
export function locationCovers(url: string, allowed: string): boolean {
  if (allowed.trim() === '*') return unsafeUrlReason(url) === undefined;
  if (unsafeUrlReason(url) !== undefined || unsafeUrlReason(allowed) !== undefined) return false;
  const u = normalizedScheme(url);
  const a = normalizedScheme(allowed);
  if (a.endsWith('/')) return u.startsWith(a);
  return u === a || u.startsWith(`${a}/`);
}

/** Parses a cloud URL; the message of a failure says what is wrong and shows a correct example. */
export function parseCloudUrl(url: string): LocationResult {
  const m = /^([A-Za-z0-9]+):\/\/([^/]*)(\/.*)?$/.exec(url);
  if (!m) {
    return fail(`"${url}" is not a storage URL; use e.g. ${EXAMPLE.S3}, ${EXAMPLE.GCS} or ${EXAMPLE.AZURE}`);
  }
  const scheme = (m[1] as string).toLowerCase();
  const provider = PROVIDERS.find((p) => SCHEME_OF[p] === scheme);
  if (!provider) {
    return fail(
      `"${url}" has scheme ${scheme}://; Snowflake reads s3://, s3gov://, s3china://, gcs:// or azure://`,
    );
  }
  if (m[1] !== scheme) return fail(`"${url}": write the scheme in lower case (${scheme}://)`);
  const host = m[2] as string;
  const rest = m[3] ?? '';
  if (BAD_PATH_CHAR.test(rest)) {
    return fail(`"${url}": the path must not contain control characters, backslashes, '?' or '#'`);
  }
  const unsafe = unsafePathReason(rest);
  if (unsafe) return fail(`"${url}": ${unsafe}`);
  const pathParts = rest.split('/').slice(1);
  const folder = rest === '' || rest.endsWith('/');
  if (pathParts.slice(0, folder ? -1 : undefined).some((s) => s === '')) {
    return fail(
      `"${url}": the path has an empty segment (//); use single slashes, e.g. ${EXAMPLE[provider]}`,
    );
  }
  const segments = pathParts.filter((s) => s !== '');
  if (provider === 'AZURE') {
    const hm = /^([^.]+)\.blob\.core\.windows\.net$/.exec(host);
    if (!hm || !AZURE_ACCOUNT.test(hm[1] as string)) {
      return fail(
        `"${url}": an Azure URL is azure://<account>.blob.core.windows.net/<container>/… with a 3-24 character lower-case account name, e.g. ${EXAMPLE.AZURE}`,
      );
    }
    const container = segments[0];
    if (container === undefined || !AZURE_CONTAINER.test(container)) {
      return fail(
        `"${url}": after the host comes the container name (3-63 lower-case letters, digits, single hyphens), e.g. ${EXAMPLE.AZURE}`,
      );
    }
    return {
      ok: true,
      location: { provider, bucket: hm[1] as string, container, segments: segments.slice(1), folder },
    };
  }
  const bucketRule = provider === 'GCS' ? GCS_BUCKET : S3_BUCKET;
  if (!bucketRule.test(host)) {
    return fail(
      `"${url}": "${host}" is not a valid bucket name (3-63 lower-case letters, digits, dots, hyphens; starts and ends with a letter or digit), e.g. ${EXAMPLE[provider]}`,
    );
  }
  return { ok: true, location: { provider, bucket: host, segments, folder } };
}

/** Number of folder segments METADATA$FILENAME carries before the files of a folder location. */
export function pathDepth(location: CloudLocation): number {
  return location.segments.length;
}
