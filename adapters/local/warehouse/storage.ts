/**
 * Local object storage: cloud URLs map onto folders under DEA_LOCAL_STORAGE so external tables and LIST work
 * offline. `s3://b/p` → `<dir>/s3/b/p`, `gcs://b/p` → `<dir>/gcs/b/p`, s3gov/s3china → their own folders,
 * `azure://acct.blob.core.windows.net/container/p` → `<dir>/azure/acct/container/p`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { unsafeUrlReason } from '../../../procedures/schemas/locations.js';
import { compilationError } from './errors.js';

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

/** Parses a cloud URL; undefined when it is not one, or when it could step outside its folder (`..`, `%2F`). */
export function parseCloudUrl(url: string): CloudLocation | undefined {
  if (unsafeUrlReason(url.trim()) !== undefined) return undefined;
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

/** Whether `path` is `root` or inside it (both already resolved). */
function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return (
    rel === '' ||
    (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel))
  );
}

/**
 * The real path of `path` (symbolic links followed), or of its nearest existing ancestor joined with the rest
 * when it does not exist yet.
 */
function realPathOf(path: string): string {
  let existing = resolve(path);
  const rest: string[] = [];
  while (!existsSync(existing)) {
    const parent = dirname(existing);
    if (parent === existing) break;
    rest.unshift(existing.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
    existing = parent;
  }
  let real = existing;
  try {
    real = realpathSync(existing);
  } catch {
    // a dangling link: keep the resolved text, which the containment test still checks
  }
  return rest.length === 0 ? real : join(real, ...rest);
}

/** Refuses a path that resolves, symbolic links included, outside the storage folder. */
function containedPath(storageDir: string, path: string): string {
  const root = realPathOf(storageDir);
  const real = realPathOf(path);
  if (!inside(root, real))
    throw compilationError(
      `The storage path ${relative(resolve(storageDir), resolve(path)) || '.'} resolves outside DEA_LOCAL_STORAGE; the embedded warehouse reads only files inside that folder.`,
    );
  return real;
}

export function localPathOf(storageDir: string, loc: CloudLocation): string {
  const parts = [...loc.container.split('/'), ...loc.key.split('/').filter((p) => p !== '')];
  if (parts.some((p) => p === '.' || p === '..' || p.indexOf('\\') >= 0))
    throw compilationError(`The storage path ${parts.join('/')} has a "." or ".." folder; it is refused.`);
  const path = join(storageDir, loc.scheme, ...parts);
  containedPath(storageDir, path);
  return path;
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
  const unsafe = unsafeUrlReason(url.trim());
  if (unsafe) throw compilationError(`The location ${url} is refused: ${unsafe}.`);
  const loc = parseCloudUrl(url);
  if (!loc) return [];
  const storageRoot = realPathOf(storageDir);
  const root = localPathOf(storageDir, loc);
  const containerRoot = localPathOf(storageDir, { ...loc, key: '' });
  const out: StoredFile[] = [];
  const visit = (p: string): void => {
    let st: ReturnType<typeof statSync>;
    let real: string;
    try {
      // A symbolic link (or a folder reached through one) that leads outside the storage folder is skipped: a
      // stage must never read host files such as /etc/passwd.
      real = realpathSync(p);
      if (!inside(storageRoot, real)) return;
      st = statSync(real);
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
      localPath: real,
      size: st.size,
      md5: createHash('md5').update(readFileSync(real)).digest('hex'),
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
