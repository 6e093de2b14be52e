import { describe, expect, it } from 'vitest';
import {
  generateStorageIntegration,
  runStorageIntegration,
} from '../../../../procedures/generators/storageIntegration.js';
import { expectIssue, issuesOf } from './helpers.js';

const ARN = 'arn:aws:iam::123456789012:role/snowflake-access';
const TENANT = '1a2b3c4d-1111-2222-3333-123456789abc';
const s3 = { cloud_provider: 'S3', allowed_locations: ['s3://acme-data/raw/'], aws_role_arn: ARN };

describe('GENERATE_STORAGE_INTEGRATION_DDL', () => {
  it('writes an S3 integration with every option on its own line', () => {
    const out = generateStorageIntegration({
      ...s3,
      name: 'acme_int',
      aws_external_id: 'acme_ext_id',
      aws_object_acl: 'bucket-owner-full-control',
      use_privatelink_endpoint: false,
      allowed_locations: ['s3://acme-data/raw/', 's3://acme-data/curated/'],
      blocked_locations: ['s3://acme-data/raw/secret/'],
      comment: "Acme's raw data",
      if_not_exists: true,
    });
    expect(out).toEqual({
      kind: 'STORAGE_INTEGRATION',
      name: 'ACME_INT',
      warnings: [],
      ddl: [
        'CREATE STORAGE INTEGRATION IF NOT EXISTS ACME_INT',
        '  TYPE = EXTERNAL_STAGE',
        "  STORAGE_PROVIDER = 'S3'",
        `  STORAGE_AWS_ROLE_ARN = '${ARN}'`,
        "  STORAGE_AWS_EXTERNAL_ID = 'acme_ext_id'",
        "  STORAGE_AWS_OBJECT_ACL = 'bucket-owner-full-control'",
        '  USE_PRIVATELINK_ENDPOINT = FALSE',
        '  ENABLED = TRUE',
        "  STORAGE_ALLOWED_LOCATIONS = ('s3://acme-data/raw/', 's3://acme-data/curated/')",
        "  STORAGE_BLOCKED_LOCATIONS = ('s3://acme-data/raw/secret/')",
        "  COMMENT = 'Acme''s raw data'",
      ].join('\n'),
    });
  });

  it('defaults the name from the bucket and always emits ENABLED', () => {
    const out = generateStorageIntegration({ ...s3, enabled: false });
    expect(out.name).toBe('ACME_DATA_INT');
    expect(out.ddl).toContain('ENABLED = FALSE');
    expect(generateStorageIntegration(s3).ddl).toContain('ENABLED = TRUE');
  });

  it('writes GCS and Azure integrations', () => {
    const gcs = generateStorageIntegration({ cloud_provider: 'GCS', allowed_locations: ['gcs://acme/x/'] });
    expect(gcs.ddl).toBe(
      "CREATE STORAGE INTEGRATION ACME_INT\n  TYPE = EXTERNAL_STAGE\n  STORAGE_PROVIDER = 'GCS'\n  ENABLED = TRUE\n  STORAGE_ALLOWED_LOCATIONS = ('gcs://acme/x/')",
    );
    const az = generateStorageIntegration({
      cloud_provider: 'AZURE',
      allowed_locations: ['azure://acct1.blob.core.windows.net/landing/'],
      azure_tenant_id: TENANT,
    });
    expect(az.name).toBe('ACCT1_LANDING_INT');
    expect(az.ddl).toContain(`AZURE_TENANT_ID = '${TENANT}'`);
  });

  it('accepts the GovCloud and China partitions with matching ARNs', () => {
    const gov = generateStorageIntegration({
      cloud_provider: 'S3GOV',
      allowed_locations: ['s3gov://gov-bucket/'],
      aws_role_arn: 'arn:aws-us-gov:iam::123456789012:role/path/to/r',
    });
    expect(gov.ddl).toContain("STORAGE_PROVIDER = 'S3GOV'");
    const cn = generateStorageIntegration({
      cloud_provider: 'S3CHINA',
      allowed_locations: ['s3china://cn-bucket/'],
      aws_role_arn: 'arn:aws-cn:iam::123456789012:role/r',
    });
    expect(cn.ddl).toContain("'arn:aws-cn:iam::123456789012:role/r'");
  });

  it('allows every location with ["*"] plus blocked locations, and warns about it', () => {
    const out = generateStorageIntegration({
      ...s3,
      allowed_locations: ['*'],
      blocked_locations: ['s3://private/'],
    });
    expect(out.name).toBe('S3_ALL_INT');
    expect(out.ddl).toContain("STORAGE_ALLOWED_LOCATIONS = ('*')");
    expect(out.warnings.join(' ')).toMatch(/every location/);
  });

  it('warns that OR REPLACE breaks the trust relationship', () => {
    const out = generateStorageIntegration({ ...s3, or_replace: true });
    expect(out.ddl.startsWith('CREATE OR REPLACE STORAGE INTEGRATION ACME_DATA_INT')).toBe(true);
    expect(out.warnings[0]).toMatch(/trust/);
  });

  it('accepts upper-case argument names and NULL for omitted arguments, as a procedure receives them', () => {
    const out = generateStorageIntegration({
      CLOUD_PROVIDER: 'S3',
      ALLOWED_LOCATIONS: ['s3://acme-data/'],
      AWS_ROLE_ARN: ARN,
      NAME: null,
      COMMENT: null,
      OR_REPLACE: null,
    });
    expect(out.name).toBe('ACME_DATA_INT');
  });

  describe('errors name the field and say what to do', () => {
    it('create mode', () => {
      expectIssue(
        generateStorageIntegration,
        { ...s3, or_replace: true, if_not_exists: true },
        'if_not_exists',
        /cannot both be true/,
      );
    });
    it('provider', () => {
      expectIssue(
        generateStorageIntegration,
        { ...s3, cloud_provider: 'aws' },
        'cloud_provider',
        /one of S3, S3GOV, S3CHINA, GCS, AZURE/,
      );
      expectIssue(
        generateStorageIntegration,
        { allowed_locations: ['s3://a1/'] },
        'cloud_provider',
        /one of S3/,
      );
    });
    it('role ARN', () => {
      expectIssue(
        generateStorageIntegration,
        { ...s3, aws_role_arn: undefined },
        'aws_role_arn',
        /required for S3, e\.g\. "arn:aws:iam::/,
      );
      expectIssue(
        generateStorageIntegration,
        { ...s3, aws_role_arn: 'arn:aws:iam::12345:role/x' },
        'aws_role_arn',
        /not an IAM role ARN/,
      );
      expectIssue(
        generateStorageIntegration,
        { ...s3, aws_role_arn: 'arn:aws:iam::123456789012:user/x' },
        'aws_role_arn',
        /not an IAM role ARN/,
      );
      expectIssue(
        generateStorageIntegration,
        { ...s3, aws_role_arn: 'arn:aws-cn:iam::123456789012:role/x' },
        'aws_role_arn',
        /partition aws-cn but cloud_provider S3 needs arn:aws:iam/,
      );
      expectIssue(
        generateStorageIntegration,
        { cloud_provider: 'S3GOV', allowed_locations: ['s3gov://b12/'] },
        'aws_role_arn',
        /arn:aws-us-gov:iam/,
      );
    });
    it('cloud-specific fields on the wrong cloud', () => {
      const gcs = { cloud_provider: 'GCS', allowed_locations: ['gcs://abc/'] };
      expectIssue(
        generateStorageIntegration,
        { ...gcs, aws_role_arn: ARN },
        'aws_role_arn',
        /only for S3, S3GOV or S3CHINA, not GCS/,
      );
      expectIssue(
        generateStorageIntegration,
        { ...gcs, aws_external_id: 'abc' },
        'aws_external_id',
        /only for S3/,
      );
      expectIssue(
        generateStorageIntegration,
        { ...gcs, aws_object_acl: 'bucket-owner-full-control' },
        'aws_object_acl',
        /only for S3/,
      );
      expectIssue(
        generateStorageIntegration,
        { ...gcs, use_privatelink_endpoint: true },
        'use_privatelink_endpoint',
        /not GCS/,
      );
      expectIssue(
        generateStorageIntegration,
        { ...s3, azure_tenant_id: TENANT },
        'azure_tenant_id',
        /only for cloud_provider AZURE/,
      );
    });
    it('Azure tenant', () => {
      const az = { cloud_provider: 'AZURE', allowed_locations: ['azure://acct1.blob.core.windows.net/c1x/'] };
      expectIssue(generateStorageIntegration, az, 'azure_tenant_id', /required for AZURE/);
      expectIssue(
        generateStorageIntegration,
        { ...az, azure_tenant_id: 'tenant' },
        'azure_tenant_id',
        /not a GUID/,
      );
    });
    it('external id and object ACL', () => {
      expectIssue(
        generateStorageIntegration,
        { ...s3, aws_external_id: 'a b' },
        'aws_external_id',
        /2-1224 characters/,
      );
      expectIssue(
        generateStorageIntegration,
        { ...s3, aws_object_acl: 'private' },
        'aws_object_acl',
        /can only be "bucket-owner-full-control"/,
      );
    });
    it('locations', () => {
      expectIssue(
        generateStorageIntegration,
        { ...s3, allowed_locations: [] },
        'allowed_locations',
        /at least one URL/,
      );
      expectIssue(
        generateStorageIntegration,
        { ...s3, allowed_locations: 's3://a/' },
        'allowed_locations',
        /must be a list of storage URLs/,
      );
      expectIssue(
        generateStorageIntegration,
        { ...s3, allowed_locations: [5] },
        'allowed_locations.0',
        /must be text/,
      );
      expectIssue(
        generateStorageIntegration,
        { ...s3, allowed_locations: ['gcs://abc/'] },
        'allowed_locations.0',
        /must start with s3:\/\/ for cloud_provider S3/,
      );
      expectIssue(
        generateStorageIntegration,
        { ...s3, allowed_locations: ['s3://UPPER/'] },
        'allowed_locations.0',
        /not a valid bucket name/,
      );
      expectIssue(
        generateStorageIntegration,
        { ...s3, allowed_locations: ['*', 's3://abc/'] },
        'allowed_locations.0',
        /single entry/,
      );
      expectIssue(
        generateStorageIntegration,
        { ...s3, blocked_locations: ['*'] },
        'blocked_locations.0',
        /single entry of allowed_locations/,
      );
    });
    it('names, comments, flags and unknown fields', () => {
      expectIssue(generateStorageIntegration, { ...s3, name: 'a\nb' }, 'name', /control characters/);
      expectIssue(generateStorageIntegration, { ...s3, name: 'x'.repeat(256) }, 'name', /at most 255/);
      expectIssue(generateStorageIntegration, { ...s3, comment: 7 }, 'comment', /must be text/);
      expectIssue(generateStorageIntegration, { ...s3, enabled: 'yes' }, 'enabled', /true or false/);
      expectIssue(
        generateStorageIntegration,
        { ...s3, storage_provider: 'S3' },
        'storage_provider',
        /unknown field "storage_provider"; allowed fields: cloud_provider/,
      );
    });
    it('input that is not an object', () => {
      for (const bad of [null, 'S3', [1], 42])
        expectIssue(generateStorageIntegration, bad, '', /JSON object/);
    });
  });

  it('run() answers with ok:false instead of throwing', () => {
    const r = runStorageIntegration({ cloud_provider: 'S3' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.issues.map((i) => i.path)).toContain('allowed_locations');
      expect(r.error.message).toMatch(/^GENERATE_STORAGE_INTEGRATION_DDL: invalid input/);
    }
    const ok = runStorageIntegration(s3);
    expect(ok.ok && ok.kind).toBe('STORAGE_INTEGRATION');
    expect(issuesOf(generateStorageIntegration, {}).length).toBeGreaterThanOrEqual(2);
  });
});
