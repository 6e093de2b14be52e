import { describe, expect, it } from 'vitest';
import { generateStage } from '../../../../procedures/generators/stage.js';
import { expectIssue } from './helpers.js';

const base = { url: 's3://acme-data/raw/orders/' };

describe('GENERATE_EXTERNAL_STAGE_DDL', () => {
  it('writes a stage with integration, directory table, format and comment', () => {
    const out = generateStage({
      ...base,
      database_name: 'raw',
      schema_name: 'landing',
      storage_integration: 'acme_int',
      file_format: 'raw.landing.orders_csv',
      directory: { enable: true, refresh_on_create: true, auto_refresh: false },
      comment: 'orders',
      if_not_exists: true,
    });
    expect(out).toEqual({
      kind: 'STAGE',
      name: 'RAW.LANDING.ACME_DATA_RAW_ORDERS_STAGE',
      warnings: [],
      ddl: [
        'CREATE STAGE IF NOT EXISTS RAW.LANDING.ACME_DATA_RAW_ORDERS_STAGE',
        "  URL = 's3://acme-data/raw/orders/'",
        '  STORAGE_INTEGRATION = ACME_INT',
        '  DIRECTORY = (ENABLE = TRUE REFRESH_ON_CREATE = TRUE AUTO_REFRESH = FALSE)',
        "  FILE_FORMAT = (FORMAT_NAME = 'RAW.LANDING.ORDERS_CSV')",
        "  COMMENT = 'orders'",
      ].join('\n'),
    });
  });

  it('defaults the integration from the bucket and the format from format_type, in the stage schema', () => {
    const out = generateStage({ ...base, name: 'analytics.raw.orders_stage', format_type: 'JSON' });
    expect(out.ddl).toBe(
      [
        'CREATE STAGE ANALYTICS.RAW.ORDERS_STAGE',
        "  URL = 's3://acme-data/raw/orders/'",
        '  STORAGE_INTEGRATION = ACME_DATA_INT',
        "  FILE_FORMAT = (FORMAT_NAME = 'ANALYTICS.RAW.ACME_DATA_RAW_ORDERS_JSON_FORMAT')",
      ].join('\n'),
    );
  });

  it('omits FILE_FORMAT when neither file_format nor format_type is given', () => {
    expect(generateStage(base).ddl).not.toContain('FILE_FORMAT');
  });

  it('quotes names that need it, inside and outside string literals', () => {
    const out = generateStage({
      ...base,
      name: '"Orders Stage"',
      file_format: '"my fmt"',
      storage_integration: 'int-1',
    });
    expect(out.name).toBe('"Orders Stage"');
    expect(out.ddl).toContain('STORAGE_INTEGRATION = "int-1"');
    expect(out.ddl).toContain(`FILE_FORMAT = (FORMAT_NAME = '"my fmt"')`);
  });

  it('writes GCS/Azure directory auto-refresh with a notification integration', () => {
    const out = generateStage({
      url: 'azure://acct1.blob.core.windows.net/landing/sales/',
      directory: { enable: true, auto_refresh: true, notification_integration: 'acme_events' },
      or_replace: true,
    });
    expect(out.ddl).toContain(
      "DIRECTORY = (ENABLE = TRUE AUTO_REFRESH = TRUE NOTIFICATION_INTEGRATION = 'ACME_EVENTS')",
    );
    expect(out.ddl).toContain('STORAGE_INTEGRATION = ACCT1_LANDING_INT');
    expect(out.ddl.startsWith('CREATE OR REPLACE STAGE ACCT1_LANDING_SALES_STAGE')).toBe(true);
  });

  it('warns what S3 directory auto-refresh needs', () => {
    const out = generateStage({ ...base, directory: { enable: true, auto_refresh: true } });
    expect(out.warnings[0]).toMatch(/SQS/);
  });

  it('escapes the URL and comment as literals', () => {
    const out = generateStage({ url: "s3://acme-data/it's/", comment: 'a\\b' });
    expect(out.ddl).toContain("URL = 's3://acme-data/it''s/'");
    expect(out.ddl).toContain("COMMENT = 'a\\\\b'");
  });

  describe('errors', () => {
    it('url', () => {
      expectIssue(generateStage, {}, 'url', /must be text, e\.g\. "s3:\/\//);
      expectIssue(generateStage, { url: 'https://acme/x' }, 'url', /scheme https/);
      expectIssue(generateStage, { url: 's3://a/b\\c/' }, 'url', /backslashes/);
      expectIssue(generateStage, { url: '' }, 'url', /must not be empty/);
    });
    it('format', () => {
      expectIssue(
        generateStage,
        { ...base, file_format: 'f', format_type: 'CSV' },
        'format_type',
        /not both/,
      );
      expectIssue(generateStage, { ...base, format_type: 'csv' }, 'format_type', /one of CSV/);
      expectIssue(generateStage, { ...base, file_format: 'a..b' }, 'file_format', /empty part/);
    });
    it('directory', () => {
      expectIssue(generateStage, { ...base, directory: true }, 'directory', /must be an object/);
      expectIssue(generateStage, { ...base, directory: {} }, 'directory.enable', /true or false/);
      expectIssue(
        generateStage,
        { ...base, directory: { enable: false, auto_refresh: true } },
        'directory.auto_refresh',
        /needs directory\.enable = true/,
      );
      expectIssue(
        generateStage,
        { ...base, directory: { enable: true, auto_refresh: true, notification_integration: 'n' } },
        'directory.notification_integration',
        /for gcs:\/\/ and azure:\/\//,
      );
      expectIssue(
        generateStage,
        { url: 'gcs://abc/', directory: { enable: true, notification_integration: 'n' } },
        'directory.auto_refresh',
        /only used with directory\.auto_refresh = true/,
      );
      expectIssue(
        generateStage,
        { ...base, directory: { enable: true, refresh: true } },
        'directory.refresh',
        /unknown field "refresh" in directory; allowed fields: enable, refresh_on_create/,
      );
    });
    it('names', () => {
      expectIssue(
        generateStage,
        { ...base, storage_integration: 'db.int' },
        'storage_integration',
        /single name without dots/,
      );
      expect(generateStage({ ...base, storage_integration: '"db.int"' }).ddl).toContain(
        'STORAGE_INTEGRATION = "db.int"',
      );
      expectIssue(
        generateStage,
        { ...base, name: 's.x', database_name: 'd', schema_name: 's' },
        'name',
        /already qualified/,
      );
      expectIssue(generateStage, { ...base, schema_name: '' }, 'schema_name', /must not be empty/);
    });
  });
});
