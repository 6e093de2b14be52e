/**
 * Local storage containment: a cloud URL maps to a file under DEA_LOCAL_STORAGE and never to anything outside it,
 * whether through `..`, encoded separators, backslashes or a symbolic link placed inside the storage folder.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listFiles, localPathOf, parseCloudUrl } from '../../../../../adapters/local/warehouse/storage.js';

const made: string[] = [];
function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

const TRAVERSALS = [
  's3://acme-sample/../../../../etc/',
  's3gov://acme-sample/a/../../../etc/',
  's3china://acme-sample/./../etc/',
  'gcs://acme-sample/..%2F..%2Fetc/',
  'gcs://acme-sample/%2e%2e/%2e%2e/etc/',
  'azure://acct.blob.core.windows.net/container/../../../etc/',
  'azure://acct.blob.core.windows.net/container/..%5C..%5Cetc/',
  's3://acme-sample/%252e%252e/etc/',
  's3://acme-sample/..\\..\\etc/',
];

describe('local storage containment', () => {
  it.each(TRAVERSALS)('refuses %s with a sentence and reads nothing', (url) => {
    const dir = tempDir('dea-contain-');
    expect(parseCloudUrl(url)).toBeUndefined();
    expect(() => listFiles(dir, url)).toThrow(/refused: .*(not allowed|backslash)/);
  });

  it('refuses a location whose parts would leave the storage folder', () => {
    const dir = tempDir('dea-contain-');
    expect(() =>
      localPathOf(dir, { scheme: 's3', provider: 'S3', container: 'b', key: '../../../etc/passwd' }),
    ).toThrow(/"\." or "\.\." folder/);
  });

  it('does not follow a symbolic link inside the storage folder to /etc', () => {
    const dir = tempDir('dea-contain-');
    mkdirSync(join(dir, 's3/b'), { recursive: true });
    writeFileSync(join(dir, 's3/b/ok.csv'), 'a,b\n');
    symlinkSync('/etc', join(dir, 's3/b/etc'));
    const files = listFiles(dir, 's3://b/');
    expect(files.map((f) => f.key)).toEqual(['ok.csv']);
    expect(() => listFiles(dir, 's3://b/etc/')).toThrow(/resolves outside DEA_LOCAL_STORAGE/);
    expect(() =>
      localPathOf(dir, { scheme: 's3', provider: 'S3', container: 'b', key: 'etc/passwd' }),
    ).toThrow(/resolves outside DEA_LOCAL_STORAGE/);
  });

  it('does not follow a symbolic link to a folder or a file outside, and follows one that stays inside', () => {
    const dir = tempDir('dea-contain-');
    const outside = tempDir('dea-outside-');
    writeFileSync(join(outside, 'secret.csv'), 'token,hunter2\n');
    mkdirSync(join(dir, 's3/b/data'), { recursive: true });
    writeFileSync(join(dir, 's3/b/data/real.csv'), '1\n');
    symlinkSync(outside, join(dir, 's3/b/out'));
    symlinkSync(join(outside, 'secret.csv'), join(dir, 's3/b/data/leak.csv'));
    symlinkSync(join(dir, 's3/b/data'), join(dir, 's3/b/alias'));
    expect(() => listFiles(dir, 's3://b/out/')).toThrow(/resolves outside DEA_LOCAL_STORAGE/);
    expect(listFiles(dir, 's3://b/data/').map((f) => f.key)).toEqual(['data/real.csv']);
    expect(listFiles(dir, 's3://b/alias/').map((f) => f.key)).toEqual(['alias/real.csv']);
    // The bucket itself as a link to the outside.
    symlinkSync(outside, join(dir, 's3/evil'));
    expect(() => listFiles(dir, 's3://evil/')).toThrow(/resolves outside DEA_LOCAL_STORAGE/);
  });

  it('still maps ordinary URLs, dots inside names included', () => {
    const dir = tempDir('dea-contain-');
    mkdirSync(join(dir, 's3/b/v1.2/x..y'), { recursive: true });
    writeFileSync(join(dir, 's3/b/v1.2/x..y/f.csv'), '1\n');
    expect(listFiles(dir, 's3://b/v1.2/').map((f) => f.key)).toEqual(['v1.2/x..y/f.csv']);
  });
});
