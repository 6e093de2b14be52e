import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  joinUrl,
  listFiles,
  localPathOf,
  locationMatches,
  parseCloudUrl,
} from '../../../../../adapters/local/warehouse/storage.js';

describe('local object storage mapping', () => {
  it('maps each cloud scheme to its folder', () => {
    const dir = '/data';
    const p = (u: string): string => {
      const loc = parseCloudUrl(u);
      if (!loc) throw new Error(`unparsed ${u}`);
      return localPathOf(dir, loc);
    };
    expect(p('s3://bucket/a/b.csv')).toBe('/data/s3/bucket/a/b.csv');
    expect(p('s3gov://bucket/a/')).toBe('/data/s3gov/bucket/a');
    expect(p('s3china://b/x')).toBe('/data/s3china/b/x');
    expect(p('gcs://b/x/')).toBe('/data/gcs/b/x');
    expect(p('azure://Acct.blob.core.windows.net/container/p/q')).toBe('/data/azure/acct/container/p/q');
    expect(parseCloudUrl('azure://acct.blob.core.windows.net/c/p/')?.key).toBe('p/');
    expect(parseCloudUrl('http://x/y')).toBeUndefined();
    expect(parseCloudUrl('azure://not-a-blob-host/c/')).toBeUndefined();
  });

  it('matches blocked locations by prefix, as Snowflake does, with * for all', () => {
    expect(locationMatches('s3://b/data/x/', 's3://b/data/')).toBe(true);
    expect(locationMatches('s3://b/database/', 's3://b/data/')).toBe(false);
    expect(locationMatches('s3://b/data/', 's3://b/data')).toBe(true);
    expect(locationMatches('s3://b/datax/', 's3://b/data')).toBe(true);
    expect(locationMatches('s3://other/data/', 's3://b/data/')).toBe(false);
    expect(locationMatches('gcs://anything/', '*')).toBe(true);
    expect(locationMatches('S3://b/data/', 's3://b/data/')).toBe(true);
  });

  it('lists files below a URL with bucket-relative keys, size and md5', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-st-'));
    mkdirSync(join(dir, 's3/b/data/sub'), { recursive: true });
    writeFileSync(join(dir, 's3/b/data/one.csv'), 'abc');
    writeFileSync(join(dir, 's3/b/data/sub/two.csv'), 'de');
    const files = listFiles(dir, 's3://b/data/');
    expect(files.map((f) => f.key)).toEqual(['data/one.csv', 'data/sub/two.csv']);
    expect(files[0]?.url).toBe('s3://b/data/one.csv');
    expect(files[0]?.size).toBe(3);
    expect(files[0]?.md5).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(listFiles(dir, 's3://b/nothing/')).toEqual([]);
    expect(joinUrl('s3://b/data', 'sub/')).toBe('s3://b/data/sub/');
  });
});
