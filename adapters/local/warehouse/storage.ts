/**
 * Local object storage: cloud URLs map onto folders under DEA_LOCAL_STORAGE so external tables and LIST work
 * offline. `s3://b/p` → `<dir>/s3/b/p`, `gcs://b/p` → `<dir>/gcs/b/p`, s3gov/s3china → their own folders,
 * `azure://acct.blob.core.windows.net/container/p` → `<dir>/azure/acct/container/p`.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export type Provider = 'S3' | 'S3GOV' | 'S3CHINA' | 'GCS' | 'AZURE';

export interface CloudLocation {
  scheme: 's3' | 's3gov' | 's3china' | 'gcs' | 'azure';
  provider: Provider;
  /** Bucket, or `account/container` for Azure. */
  container: string;
  /** Path within the bucket/container, no leading `/` (Snowflake's METADATA$FILENAME is relative to this root). */
  key: string;
}

const PROVIDER_OF: Record<CloudLocation['scheme'], Provider> = {
  s3: 'S3',
  s3gov: 'S3GOV',
  s3china: 'S3CHINA',
  gcs: 'GCS',
  azure: 'AZURE',
};

export function parseCloudUrl(url: string): CloudLocation | undefined {
  const m = /^([a-z0-9]+):\/\/([^/]+)\/?(.*)$/i.exec(url.trim());
  if (!m) return undefined;
  const scheme = (m[1] ?? '').toLowerCase() as CloudLocation['scheme'];
  if (!(scheme in PROVIDER_OF)) return undefined;
  const host = m[2] ?? '';
  let rest = m[3] ?? '';
  let container = host;
  if (scheme === 'azure') {
    const account = /^([^.]+)\.blob\.core\.windows\.net$/i.exec(host)?.[1];
    if (!account) return undefined;
    const slash = rest.indexOf('/');
    const c = slash < 0 ? rest : rest.slice(0, slash);
    if (c === '') return undefined;
    container = `${account.toLowerCase()}/${c}`;
    rest = slash < 0 ? '' : rest.slice(slash + 1);
  }
  return { scheme, provider: PROVIDER_OF[scheme], container, key: rest };
}

export function localPathOf(storageDir: string, loc: CloudLocation): string {
  return join(
    storageDir,
    loc.scheme,
    ...loc.container.split('/'),
    ...loc.key.split('/').filter((p) => p !== ''),
  );
}

/** Joins a stage URL and a relative path the way Snowflake appends LOCATION paths (exactly one `/` between). */
export function joinUrl(base: string, path: string): string {
  if (path === '' || path === '/') return base;
  const b = base.endsWith('/') ? base : `${base}/`;
  return b + path.replace(/^\/+/, '');
}

/**
 * Snowflake's STORAGE_ALLOWED/BLOCKED_LOCATIONS test: a plain string prefix (scheme case-insensitive), so
 * `s3://b/data` also covers `s3://b/datax/` — write locations with a trailing `/`. `*` matches everything.
 */
export function locationMatches(url: string, pattern: string): boolean {
  if (pattern.trim() === '*') return true;
  const norm = (u: string): string => {
    const m = /^([a-z0-9]+):\/\/(.*)$/i.exec(u.trim());
    return m ? `${(m[1] ?? '').toLowerCase()}://${m[2]}` : u.trim();
  };
  return norm(url).startsWith(norm(pattern));
}

export interface StoredFile {
  /** Full cloud URL, as LIST shows it. */
  url: string;
  /** Path within the bucket/container (METADATA$FILENAME). */
  key: string;
  localPath: string;
  size: number;
  md5: string;
  lastModified: Date;
}

/** Files at or below a cloud URL, sorted by key. A URL naming a single file lists that file. */
export function listFiles(storageDir: string, url: string): StoredFile[] {
  const loc = parseCloudUrl(url);
  if (!loc) return [];
  const root = localPathOf(storageDir, loc);
  const containerRoot = localPathOf(storageDir, { ...loc, key: '' });
  const out: StoredFile[] = [];
  const visit = (p: string): void => {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const entry of readdirSync(p).sort()) visit(join(p, entry));
      return;
    }
    if (!st.isFile()) return;
    const key = relative(containerRoot, p).split(sep).join('/');
    const scheme = loc.scheme === 'azure' ? 'azure' : loc.scheme;
    const [account, container] = loc.container.split('/');
    const prefix =
      scheme === 'azure'
        ? `azure://${account}.blob.core.windows.net/${container}/`
        : `${scheme}://${loc.container}/`;
    out.push({
      url: prefix + key,
      key,
      localPath: p,
      size: st.size,
      md5: createHash('md5').update(readFileSync(p)).digest('hex'),
      lastModified: st.mtime,
    });
  };
  visit(root);
  // A prefix that is not a folder boundary (`s3://b/dat` matching `data/…`) is how S3 listing works too.
  if (out.length === 0 && !loc.key.endsWith('/') && loc.key !== '') {
    const parent = localPathOf(storageDir, { ...loc, key: loc.key.split('/').slice(0, -1).join('/') });
    const base = loc.key.split('/').pop() ?? '';
    try {
      for (const entry of readdirSync(parent).sort())
        if (entry.startsWith(base) && entry !== base) visit(join(parent, entry));
    } catch {
      // no such folder: nothing stored there
    }
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** LIST's last_modified column, e.g. `Tue, 25 Nov 2026 10:00:00 GMT`. */
export function httpDate(d: Date): string {
  return d.toUTCString();
}
