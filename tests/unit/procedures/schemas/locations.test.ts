/** Storage URLs that could step outside their folder are refused for every cloud, by the generators and the parser. */
import { describe, expect, it } from 'vitest';
import { runStage } from '../../../../procedures/generators/index.js';
import { parseStatement } from '../../../../procedures/parser/index.js';
import { locationCovers, parseCloudUrl } from '../../../../procedures/schemas/locations.js';

const BASES = [
  's3://acme-sample',
  's3gov://acme-sample',
  's3china://acme-sample',
  'gcs://acme-sample',
  'azure://acct.blob.core.windows.net/container',
];
const TAILS: [string, RegExp][] = [
  ['/../../../../etc/', /"\.\." is not allowed as a folder name/],
  ['/./data/', /"\." is not allowed as a folder name/],
  ['/data/..', /"\.\." is not allowed/],
  ['/..%2F..%2Fetc/', /percent-encoded separators/],
  ['/%2e%2e/etc/', /percent-encoded separators/],
  ['/a%5Cb/', /percent-encoded separators/],
  ['/%252e%252e/', /percent-encoded separators/],
  ['/a\\..\\etc/', /backslash/],
];

describe('storage URLs that could leave their folder', () => {
  for (const base of BASES) {
    it.each(TAILS)(`${base}%s is refused with a sentence`, (tail, why) => {
      const r = parseCloudUrl(base + tail);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(why);
    });
  }

  it('the stage generator refuses one and says why', () => {
    const r = runStage({ url: 's3://acme-sample/../../../../etc/' });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error.issues.map((i) => i.message).join(' ')).toMatch(
        /"\.\." is not allowed as a folder name/,
      );
  });

  it('the parser refuses them in a stage URL, in allowed and blocked locations, in a table LOCATION and in the guarded ALTER', async () => {
    const refused = [
      "CREATE STAGE s URL = 's3://acme-sample/../../etc/' STORAGE_INTEGRATION = i",
      "CREATE STAGE s URL = 'gcs://acme-sample/%2e%2e/' STORAGE_INTEGRATION = i",
      "CREATE STORAGE INTEGRATION i TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' ENABLED = TRUE STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/r' STORAGE_ALLOWED_LOCATIONS = ('s3://acme-sample/../')",
      "CREATE STORAGE INTEGRATION i TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'AZURE' ENABLED = TRUE AZURE_TENANT_ID = 't' STORAGE_ALLOWED_LOCATIONS = ('azure://acct.blob.core.windows.net/c/') STORAGE_BLOCKED_LOCATIONS = ('azure://acct.blob.core.windows.net/c/..%2F')",
      'CREATE EXTERNAL TABLE t LOCATION = @s/../../etc/ FILE_FORMAT = (TYPE = CSV)',
    ];
    const { parseAlterIntegration } = await import('../../../../procedures/parser/changeStatements.js');
    const alter = parseAlterIntegration(
      "ALTER STORAGE INTEGRATION I SET STORAGE_ALLOWED_LOCATIONS = ('s3://acme-sample/a/', 's3://acme-sample/a/../../')",
    );
    expect(alter.ok).toBe(false);
    if (!alter.ok) expect(alter.error.message).toMatch(/is not allowed as a folder name/);
    for (const sql of refused) {
      const r = parseStatement(sql);
      expect(r.ok, sql).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/not allowed/);
    }
  });

  it('allowed locations cover a URL only at folder boundaries', () => {
    expect(locationCovers('s3://b/data/x/', 's3://b/data/')).toBe(true);
    expect(locationCovers('s3://b/data/x/', 's3://b/data')).toBe(true);
    expect(locationCovers('s3://b/data', 's3://b/data')).toBe(true);
    expect(locationCovers('s3://b/datax/', 's3://b/data')).toBe(false);
    expect(locationCovers('s3://b/database/', 's3://b/data/')).toBe(false);
    expect(locationCovers('s3://b/data/../../etc/', 's3://b/data/')).toBe(false);
    expect(locationCovers('s3://b/data/%2e%2e/', '*')).toBe(false);
    expect(locationCovers('S3://b/data/', 's3://b/')).toBe(true);
    expect(locationCovers('gcs://b/x/', '*')).toBe(true);
  });
});
