import { describe, expect, it } from 'vitest';
import {
  baseName,
  defaultExternalTableName,
  defaultFileFormatName,
  defaultIntegrationName,
  defaultStageName,
} from '../../../procedures/defaultNames.js';
import { type CloudLocation, parseCloudUrl } from '../../../procedures/schemas/locations.js';
import { identifier } from '../../../procedures/sql/identifiers.js';

const loc = (url: string): CloudLocation => {
  const r = parseCloudUrl(url);
  if (!r.ok) throw new Error(r.message);
  return r.location;
};

describe('default names', () => {
  it('derives every default from the location', () => {
    const l = loc('s3://acme-data/raw/orders/');
    expect(baseName(l)).toBe('ACME_DATA_RAW_ORDERS');
    expect(defaultIntegrationName(l, 'S3')).toBe('ACME_DATA_INT');
    expect(defaultFileFormatName(l, 'CSV')).toBe('ACME_DATA_RAW_ORDERS_CSV_FORMAT');
    expect(defaultStageName(l)).toBe('ACME_DATA_RAW_ORDERS_STAGE');
    expect(defaultExternalTableName(l)).toBe('ACME_DATA_RAW_ORDERS_EXT');
    expect(defaultExternalTableName(l, ['2024'])).toBe('ACME_DATA_RAW_ORDERS_2024_EXT');
  });

  it('uses account and container for Azure, and the provider for digits and *', () => {
    const a = loc('azure://acct1.blob.core.windows.net/landing/sales/');
    expect(baseName(a)).toBe('ACCT1_LANDING_SALES');
    expect(defaultIntegrationName(a, 'AZURE')).toBe('ACCT1_LANDING_INT');
    expect(baseName(loc('gcs://123-data/x/'))).toBe('GCS_123_DATA_X');
    expect(defaultIntegrationName('*', 'S3GOV')).toBe('S3GOV_ALL_INT');
  });

  it('stays valid, distinct and at most 255 characters for long paths', () => {
    const long1 = loc(`s3://bucket/${'a'.repeat(150)}/${'b'.repeat(150)}/x/`);
    const long2 = loc(`s3://bucket/${'a'.repeat(150)}/${'b'.repeat(150)}/y/`);
    const n1 = defaultFileFormatName(long1, 'PARQUET');
    const n2 = defaultFileFormatName(long2, 'PARQUET');
    expect(n1.length).toBeLessThanOrEqual(255);
    expect(n1).not.toBe(n2);
    expect(identifier(n1).sql).toBe(n1);
    expect(n1).toMatch(/^BUCKET_A+_B+_[0-9A-F]{8}_PARQUET_FORMAT$/);
  });
});

describe('parseCloudUrl', () => {
  it('reads the five URL forms', () => {
    expect(loc('s3://b-1/p/q/')).toEqual({
      provider: 'S3',
      bucket: 'b-1',
      segments: ['p', 'q'],
      folder: true,
    });
    expect(loc('s3gov://bkt').provider).toBe('S3GOV');
    expect(loc('s3china://bkt/x').folder).toBe(false);
    expect(loc('gcs://my_bucket/a/').provider).toBe('GCS');
    expect(loc('azure://acct.blob.core.windows.net/cont/a/')).toEqual({
      provider: 'AZURE',
      bucket: 'acct',
      container: 'cont',
      segments: ['a'],
      folder: true,
    });
  });

  it('explains what is wrong', () => {
    const msg = (u: string) => {
      const r = parseCloudUrl(u);
      return r.ok ? 'ok' : r.message;
    };
    expect(msg('http://x/')).toMatch(/scheme http:\/\//);
    expect(msg('bucket/path')).toMatch(/not a storage URL/);
    expect(msg('S3://bucket/')).toMatch(/lower case/);
    expect(msg('s3://Bucket/')).toMatch(/not a valid bucket name/);
    expect(msg('s3://b//x/')).toMatch(/empty segment/);
    expect(msg('s3://bkt/a?b')).toMatch(/'\?'/);
    expect(msg('azure://acct.dfs.core.windows.net/c/')).toMatch(/blob\.core\.windows\.net/);
    expect(msg('azure://acct.blob.core.windows.net/')).toMatch(/container name/);
  });
});
