import { describe, expect, it } from 'vitest';
import { generateExternalTable } from '../../../../procedures/generators/externalTable.js';
import { expectIssue } from './helpers.js';

const csvTable = {
  location: 's3://acme-data/raw/orders/',
  format_type: 'CSV',
  database_name: 'raw',
  schema_name: 'landing',
  columns: [
    { name: 'order_id', type: 'integer' },
    { name: 'amount', type: 'decimal(10,2)' },
    { name: 'note', type: 'string', source: 'c5' },
  ],
};

describe('GENERATE_EXTERNAL_TABLE_DDL', () => {
  it('writes CSV columns as VALUE:cN casts, with defaults named from the location', () => {
    const out = generateExternalTable(csvTable);
    expect(out.name).toBe('RAW.LANDING.ACME_DATA_RAW_ORDERS_EXT');
    expect(out.ddl).toBe(
      [
        'CREATE EXTERNAL TABLE RAW.LANDING.ACME_DATA_RAW_ORDERS_EXT (',
        '  ORDER_ID NUMBER(38,0) AS (VALUE:c1::NUMBER(38,0)),',
        '  AMOUNT NUMBER(10,2) AS (VALUE:c2::NUMBER(10,2)),',
        '  NOTE VARCHAR AS (VALUE:c5::VARCHAR)',
        ')',
        '  LOCATION = @RAW.LANDING.ACME_DATA_RAW_ORDERS_STAGE',
        '  REFRESH_ON_CREATE = TRUE',
        '  AUTO_REFRESH = TRUE',
        "  FILE_FORMAT = (FORMAT_NAME = 'RAW.LANDING.ACME_DATA_RAW_ORDERS_CSV_FORMAT')",
      ].join('\n'),
    );
    expect(out.warnings[0]).toMatch(/SQS queue in SHOW EXTERNAL TABLES/);
  });

  it('writes JSON/Parquet/Avro/ORC columns as quoted, case-sensitive field paths', () => {
    for (const format_type of ['JSON', 'PARQUET', 'AVRO', 'ORC']) {
      const out = generateExternalTable({
        location: 'gcs://acme/events/',
        format_type,
        name: 'events',
        columns: [
          { name: 'eventId', type: 'varchar(36)' },
          { name: 'city', type: 'string', source: 'customer.Address.city' },
          { name: 'zip', type: 'string', source: ['customer', 'post.code'] },
          { name: '"Payload"', type: 'variant' },
        ],
      });
      expect(out.ddl).toContain('EVENTID VARCHAR(36) AS (VALUE:"eventId"::VARCHAR(36))');
      expect(out.ddl).toContain('CITY VARCHAR AS (VALUE:"customer"."Address"."city"::VARCHAR)');
      expect(out.ddl).toContain('ZIP VARCHAR AS (VALUE:"customer"."post.code"::VARCHAR)');
      expect(out.ddl).toContain('"Payload" VARIANT AS (VALUE:"Payload"::VARIANT)');
      expect(out.ddl).toContain(`FILE_FORMAT = (FORMAT_NAME = 'ACME_EVENTS_${format_type}_FORMAT')`);
      expect(out.ddl).toContain('AUTO_REFRESH = FALSE');
      expect(out.warnings.join(' ')).toMatch(/ALTER EXTERNAL TABLE EVENTS REFRESH/);
    }
  });

  it('numbers partition folders from the bucket root, since METADATA$FILENAME is the path within the bucket', () => {
    const out = generateExternalTable({
      location: 's3://mybucket/files/',
      path: 'logs/',
      format_type: 'PARQUET',
      name: 'logs',
      stage: 's1',
      file_format: 'pq',
      columns: [{ name: 'msg', type: 'varchar' }],
      partitions: [
        { name: 'log_date', date_segments: { year: 1, month: 2, day: 3 } },
        { name: 'region', segment: 4, hive: true },
        { name: 'hour', segment: 5, type: 'int' },
      ],
      pattern: '.*[.]parquet',
    });
    // files/logs/2018/08/05/region=eu/13/x.parquet → 2018 is part 3
    expect(out.ddl).toBe(
      [
        'CREATE EXTERNAL TABLE LOGS (',
        '  MSG VARCHAR AS (VALUE:"msg"::VARCHAR),',
        "  LOG_DATE DATE AS (TO_DATE(SPLIT_PART(METADATA$FILENAME, '/', 3) || '-' || SPLIT_PART(METADATA$FILENAME, '/', 4) || '-' || SPLIT_PART(METADATA$FILENAME, '/', 5), 'YYYY-MM-DD')),",
        "  REGION VARCHAR AS (SPLIT_PART(SPLIT_PART(METADATA$FILENAME, '/', 6), '=', 2)::VARCHAR),",
        "  HOUR NUMBER(38,0) AS (SPLIT_PART(METADATA$FILENAME, '/', 7)::NUMBER(38,0))",
        ')',
        '  PARTITION BY (LOG_DATE, REGION, HOUR)',
        '  LOCATION = @S1/logs/',
        '  REFRESH_ON_CREATE = TRUE',
        '  AUTO_REFRESH = TRUE',
        "  PATTERN = '.*[.]parquet'",
        "  FILE_FORMAT = (FORMAT_NAME = 'PQ')",
      ].join('\n'),
    );
  });

  it('counts Azure folders from inside the container', () => {
    const out = generateExternalTable({
      location: 'azure://acct1.blob.core.windows.net/landing/sales/',
      format_type: 'CSV',
      partitions: [{ name: 'country', segment: 1 }],
      notification_integration: 'events_int',
      comment: 'sales',
    });
    expect(out.ddl).toContain("COUNTRY VARCHAR AS (SPLIT_PART(METADATA$FILENAME, '/', 2)::VARCHAR)");
    expect(out.ddl).toContain("INTEGRATION = 'EVENTS_INT'\n  PARTITION BY (COUNTRY)");
    expect(out.ddl).toContain('AUTO_REFRESH = TRUE');
    expect(out.ddl).toContain("COMMENT = 'sales'");
  });

  it('writes notifications, refresh settings and an SNS topic', () => {
    const out = generateExternalTable({
      location: 's3://acme-data/raw/',
      format_type: 'JSON',
      name: 'e',
      refresh_on_create: false,
      aws_sns_topic: 'arn:aws:sns:us-west-2:123456789012:s3-events',
      or_replace: true,
    });
    expect(out.ddl).toBe(
      [
        'CREATE OR REPLACE EXTERNAL TABLE E',
        '  LOCATION = @ACME_DATA_RAW_STAGE',
        '  REFRESH_ON_CREATE = FALSE',
        '  AUTO_REFRESH = TRUE',
        "  FILE_FORMAT = (FORMAT_NAME = 'ACME_DATA_RAW_JSON_FORMAT')",
        "  AWS_SNS_TOPIC = 'arn:aws:sns:us-west-2:123456789012:s3-events'",
      ].join('\n'),
    );
    expect(out.warnings.join(' ')).toMatch(/grants/);
  });

  it('escapes the pattern and comment', () => {
    const out = generateExternalTable({ ...csvTable, pattern: ".*\\.csv|it's", comment: 'x\ny' });
    expect(out.ddl).toContain("PATTERN = '.*\\\\.csv|it''s'");
    expect(out.ddl).toContain("COMMENT = 'x\\ny'");
  });

  describe('errors', () => {
    it('XML is refused', () => {
      expectIssue(
        generateExternalTable,
        { ...csvTable, format_type: 'XML' },
        'format_type',
        /cannot read XML/,
      );
    });
    it('columns', () => {
      expectIssue(
        generateExternalTable,
        { ...csvTable, columns: [{ name: 'a', type: 'NUMBER(40)' }] },
        'columns.0.type',
        /precision must be between 1 and 38/,
      );
      expectIssue(
        generateExternalTable,
        { ...csvTable, columns: [{ name: 'a' }] },
        'columns.0.type',
        /must be a Snowflake type/,
      );
      expectIssue(
        generateExternalTable,
        { ...csvTable, columns: [{ name: 'value', type: 'int' }] },
        'columns.0.name',
        /reserved by external tables/,
      );
      expectIssue(
        generateExternalTable,
        { ...csvTable, columns: [{ name: 'metadata$filename', type: 'int' }] },
        'columns.0.name',
        /reserved/,
      );
      expectIssue(
        generateExternalTable,
        {
          ...csvTable,
          columns: [
            { name: 'a', type: 'int' },
            { name: 'A', type: 'int' },
          ],
        },
        'columns.1.name',
        /used twice/,
      );
      expectIssue(
        generateExternalTable,
        { ...csvTable, columns: [{ name: 'a', type: 'int', source: 'name' }] },
        'columns.0.source',
        /1-based CSV position/,
      );
      expectIssue(
        generateExternalTable,
        { ...csvTable, columns: [{ name: 'a', type: 'int', source: 0 }] },
        'columns.0.source',
        /1-based CSV position/,
      );
      expectIssue(
        generateExternalTable,
        { ...csvTable, format_type: 'JSON', columns: [{ name: 'a', type: 'int', source: 2 }] },
        'columns.0.source',
        /positions are for CSV/,
      );
      expectIssue(
        generateExternalTable,
        { ...csvTable, format_type: 'JSON', columns: [{ name: 'a', type: 'int', source: 'a..b' }] },
        'columns.0.source',
        /non-empty/,
      );
      expectIssue(
        generateExternalTable,
        { ...csvTable, format_type: 'JSON', columns: [{ name: 'a', type: 'int', source: ['a"b'] }] },
        'columns.0.source',
        /no double quote/,
      );
      expectIssue(
        generateExternalTable,
        { ...csvTable, format_type: 'JSON', columns: [{ name: 'a"b', type: 'int' }] },
        'columns.0.source',
        /give source explicitly/,
      );
      expectIssue(
        generateExternalTable,
        { ...csvTable, columns: [{ name: 'a', type: 'int', source: true }] },
        'columns.0.source',
        /CSV position/,
      );
      expectIssue(
        generateExternalTable,
        { ...csvTable, columns: [{ name: 'a', type: 'int', expr: 'x' }] },
        'columns.0.expr',
        /unknown field "expr" in columns\.0; allowed fields: name, type, source/,
      );
      expectIssue(generateExternalTable, { ...csvTable, columns: ['a'] }, 'columns.0', /must be an object/);
    });
    it('partitions', () => {
      const p = (partitions: unknown[]) => ({ ...csvTable, partitions });
      expectIssue(
        generateExternalTable,
        p([{ name: 'x' }]),
        'partitions.0',
        /exactly one of segment .* or date_segments/,
      );
      expectIssue(
        generateExternalTable,
        p([{ name: 'x', segment: 1, date_segments: { year: 1, month: 2, day: 3 } }]),
        'partitions.0',
        /exactly one/,
      );
      expectIssue(generateExternalTable, p([{ name: 'x', segment: 0 }]), 'partitions.0.segment', /1 or more/);
      expectIssue(
        generateExternalTable,
        p([{ name: 'x', segment: 1, type: 'variant' }]),
        'partitions.0.type',
        /cannot hold a folder name/,
      );
      expectIssue(
        generateExternalTable,
        p([{ name: 'x', date_segments: { year: 1, month: 2, day: 3 }, type: 'varchar' }]),
        'partitions.0.type',
        /is a DATE/,
      );
      expectIssue(
        generateExternalTable,
        p([{ name: 'x', date_segments: { year: 1, month: 2 } }]),
        'partitions.0.date_segments.day',
        /whole number/,
      );
      expectIssue(
        generateExternalTable,
        p([{ name: 'order_id', segment: 1 }]),
        'partitions.0.name',
        /used twice/,
      );
      expectIssue(
        generateExternalTable,
        { ...p([{ name: 'x', segment: 1 }]), location: 's3://acme-data/raw' },
        'location',
        /must end with "\/"/,
      );
    });
    it('location, path, stage and format names', () => {
      expectIssue(generateExternalTable, { ...csvTable, location: 'file:///tmp' }, 'location', /scheme file/);
      expectIssue(generateExternalTable, { ...csvTable, path: '../etc/' }, 'path', /must be folders/);
      expectIssue(generateExternalTable, { ...csvTable, path: "x'; drop" }, 'path', /must be folders/);
      expectIssue(
        generateExternalTable,
        { ...csvTable, stage: '"unclosed' },
        'stage',
        /unclosed double quote/,
      );
      expectIssue(generateExternalTable, { ...csvTable, file_format: 'a.b.c.d' }, 'file_format', /at most 3/);
    });
    it('notifications', () => {
      expectIssue(
        generateExternalTable,
        { ...csvTable, aws_sns_topic: 'topic' },
        'aws_sns_topic',
        /not an SNS topic ARN/,
      );
      expectIssue(
        generateExternalTable,
        { ...csvTable, location: 'gcs://abc/', aws_sns_topic: 'arn:aws:sns:us-west-2:123456789012:t' },
        'aws_sns_topic',
        /for S3 locations/,
      );
      expectIssue(
        generateExternalTable,
        { ...csvTable, notification_integration: 'n' },
        'notification_integration',
        /for gcs:\/\/ and azure:\/\//,
      );
      expectIssue(
        generateExternalTable,
        { ...csvTable, location: 'gcs://abc/', notification_integration: 'n', auto_refresh: false },
        'notification_integration',
        /only used with auto_refresh = true/,
      );
      expectIssue(
        generateExternalTable,
        { ...csvTable, auto_refresh: 'no' },
        'auto_refresh',
        /true or false/,
      );
    });
  });
});
