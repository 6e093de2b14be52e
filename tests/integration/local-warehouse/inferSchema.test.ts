import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedSampleBucket } from '../../../adapters/local/seed/index.js';
import type { LocalWarehouse } from '../../../adapters/local/warehouse/index.js';
import { errorOf, openTemp, S3_INTEGRATION } from './helpers.js';

let wh: LocalWarehouse;
beforeEach(async () => {
  wh = (await openTemp()).wh;
  await seedSampleBucket(wh.storageDir);
  await wh.query(S3_INTEGRATION);
  await wh.query(`CREATE STAGE SAMPLE URL = 's3://acme-sample/' STORAGE_INTEGRATION = S3_INT`);
  await wh.query(`CREATE FILE FORMAT CSV_HDR TYPE = CSV FIELD_DELIMITER = ',' PARSE_HEADER = TRUE`);
  await wh.query(`CREATE FILE FORMAT CSV_PLAIN TYPE = CSV`);
  await wh.query(`CREATE FILE FORMAT JSON_FMT TYPE = JSON`);
  await wh.query(`CREATE FILE FORMAT PQ_FMT TYPE = PARQUET`);
});
afterEach(async () => {
  await wh.close();
});

const infer = (location: string, format: string, extra = ''): string =>
  `SELECT * FROM TABLE(INFER_SCHEMA(LOCATION => '${location}', FILE_FORMAT => '${format}'${extra}))`;

describe('INFER_SCHEMA over the seeded sample bucket', () => {
  it('CSV with PARSE_HEADER = TRUE: header names, NUMBER(p, s) / TEXT / DATE, positional expressions', async () => {
    const rows = await wh.query(infer('@LEILA_APP.PUBLIC.SAMPLE/orders/', 'LEILA_APP.PUBLIC.CSV_HDR'));
    expect(rows).toEqual([
      {
        COLUMN_NAME: 'order_id',
        TYPE: 'NUMBER(4, 0)',
        NULLABLE: true,
        EXPRESSION: '$1::NUMBER(4, 0)',
        FILENAMES: 'orders/orders_2026-11.csv',
        ORDER_ID: 0,
      },
      {
        COLUMN_NAME: 'customer',
        TYPE: 'TEXT',
        NULLABLE: true,
        EXPRESSION: '$2::TEXT',
        FILENAMES: 'orders/orders_2026-11.csv',
        ORDER_ID: 1,
      },
      {
        COLUMN_NAME: 'amount',
        TYPE: 'NUMBER(6, 2)',
        NULLABLE: true,
        EXPRESSION: '$3::NUMBER(6, 2)',
        FILENAMES: 'orders/orders_2026-11.csv',
        ORDER_ID: 2,
      },
      {
        COLUMN_NAME: 'order_date',
        TYPE: 'DATE',
        NULLABLE: true,
        EXPRESSION: '$4::DATE',
        FILENAMES: 'orders/orders_2026-11.csv',
        ORDER_ID: 3,
      },
    ]);
  });

  it('CSV without PARSE_HEADER names columns c1… and reads the header line as data, as Snowflake does', async () => {
    const rows = await wh.query(
      `SELECT COLUMN_NAME, TYPE, EXPRESSION FROM TABLE(INFER_SCHEMA(LOCATION => '@SAMPLE/orders/', FILE_FORMAT => 'CSV_PLAIN')) ORDER BY ORDER_ID`,
    );
    expect(rows).toEqual([
      { COLUMN_NAME: 'c1', TYPE: 'TEXT', EXPRESSION: '$1::TEXT' },
      { COLUMN_NAME: 'c2', TYPE: 'TEXT', EXPRESSION: '$2::TEXT' },
      { COLUMN_NAME: 'c3', TYPE: 'TEXT', EXPRESSION: '$3::TEXT' },
      { COLUMN_NAME: 'c4', TYPE: 'TEXT', EXPRESSION: '$4::TEXT' },
    ]);
  });

  it('honours FIELD_DELIMITER and merges types across files', async () => {
    const dir = join(wh.storageDir, 's3/acme-sample/piped');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.csv'), 'id|score|seen_at|ok\n1|2.5|2026-11-01 10:00:00|true\n');
    writeFileSync(join(dir, 'b.csv'), 'id|score|seen_at|ok\n12345|1e3|2026-11-02|false\n');
    await wh.query(`CREATE FILE FORMAT PIPED TYPE = CSV FIELD_DELIMITER = '|' PARSE_HEADER = TRUE`);
    const rows = await wh.query(
      `SELECT COLUMN_NAME, TYPE, FILENAMES FROM TABLE(INFER_SCHEMA(LOCATION => '@SAMPLE/piped/', FILE_FORMAT => 'PIPED'))`,
    );
    expect(rows).toEqual([
      { COLUMN_NAME: 'id', TYPE: 'NUMBER(5, 0)', FILENAMES: 'piped/a.csv, piped/b.csv' },
      { COLUMN_NAME: 'score', TYPE: 'REAL', FILENAMES: 'piped/a.csv, piped/b.csv' },
      { COLUMN_NAME: 'seen_at', TYPE: 'TIMESTAMP_NTZ', FILENAMES: 'piped/a.csv, piped/b.csv' },
      { COLUMN_NAME: 'ok', TYPE: 'BOOLEAN', FILENAMES: 'piped/a.csv, piped/b.csv' },
    ]);
    const one = await wh.query(
      `SELECT COLUMN_NAME, TYPE FROM TABLE(INFER_SCHEMA(LOCATION => '@SAMPLE/piped/', FILE_FORMAT => 'PIPED', FILES => ('b.csv'))) WHERE COLUMN_NAME = 'score'`,
    );
    expect(one).toEqual([{ COLUMN_NAME: 'score', TYPE: 'REAL' }]);
  });

  it('newline-delimited JSON: top-level fields, nested objects as OBJECT, ISO timestamps', async () => {
    const rows = await wh.query(
      `SELECT COLUMN_NAME, TYPE, NULLABLE, EXPRESSION, FILENAMES, ORDER_ID FROM TABLE(INFER_SCHEMA(LOCATION => '@SAMPLE/events/', FILE_FORMAT => 'JSON_FMT'))`,
    );
    const file = 'events/events_2026-11.json';
    expect(rows).toEqual([
      {
        COLUMN_NAME: 'id',
        TYPE: 'TEXT',
        NULLABLE: true,
        EXPRESSION: '$1:id::TEXT',
        FILENAMES: file,
        ORDER_ID: 0,
      },
      {
        COLUMN_NAME: 'kind',
        TYPE: 'TEXT',
        NULLABLE: true,
        EXPRESSION: '$1:kind::TEXT',
        FILENAMES: file,
        ORDER_ID: 1,
      },
      {
        COLUMN_NAME: 'user',
        TYPE: 'OBJECT',
        NULLABLE: true,
        EXPRESSION: '$1:user::OBJECT',
        FILENAMES: file,
        ORDER_ID: 2,
      },
      {
        COLUMN_NAME: 'ts',
        TYPE: 'TIMESTAMP_NTZ',
        NULLABLE: true,
        EXPRESSION: '$1:ts::TIMESTAMP_NTZ',
        FILENAMES: file,
        ORDER_ID: 3,
      },
    ]);
  });

  it('JSON arrays with STRIP_OUTER_ARRAY, decimals kept, odd names quoted, mixed kinds VARIANT, IGNORE_CASE', async () => {
    const dir = join(wh.storageDir, 's3/acme-sample/arr');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'a.json'),
      '[{"Price": 250.00, "full name": "x", "mixed": 1, "tags": ["a"], "day": "2026-11-01"},' +
        ' {"Price": 9.5, "full name": null, "mixed": "one", "tags": [], "day": "2026-11-02"}]',
    );
    await wh.query(`CREATE FILE FORMAT JSON_ARR TYPE = JSON STRIP_OUTER_ARRAY = TRUE`);
    const rows = await wh.query(
      `SELECT COLUMN_NAME, TYPE, EXPRESSION FROM TABLE(INFER_SCHEMA(LOCATION => '@SAMPLE/arr/', FILE_FORMAT => 'JSON_ARR'))`,
    );
    expect(rows).toEqual([
      { COLUMN_NAME: 'Price', TYPE: 'NUMBER(5, 2)', EXPRESSION: '$1:Price::NUMBER(5, 2)' },
      { COLUMN_NAME: 'full name', TYPE: 'TEXT', EXPRESSION: '$1:"full name"::TEXT' },
      { COLUMN_NAME: 'mixed', TYPE: 'VARIANT', EXPRESSION: '$1:mixed::VARIANT' },
      { COLUMN_NAME: 'tags', TYPE: 'ARRAY', EXPRESSION: '$1:tags::ARRAY' },
      { COLUMN_NAME: 'day', TYPE: 'DATE', EXPRESSION: '$1:day::DATE' },
    ]);
    const upper = await wh.query(
      `SELECT COLUMN_NAME, EXPRESSION FROM TABLE(INFER_SCHEMA(LOCATION => '@SAMPLE/arr/', FILE_FORMAT => 'JSON_ARR', IGNORE_CASE => TRUE)) WHERE ORDER_ID = 0`,
    );
    expect(upper).toEqual([
      { COLUMN_NAME: 'PRICE', EXPRESSION: 'GET_IGNORE_CASE ($1, PRICE)::NUMBER(5, 2)' },
    ]);
  });

  it('date-partitioned Parquet: declared types, every partition in FILENAMES, MAX_FILE_COUNT', async () => {
    const rows = await wh.query(infer('@SAMPLE/sales/', 'PQ_FMT'));
    const both = 'sales/date=2026-11-01/part-0.parquet, sales/date=2026-11-02/part-0.parquet';
    expect(rows).toEqual([
      {
        COLUMN_NAME: 'region',
        TYPE: 'TEXT',
        NULLABLE: true,
        EXPRESSION: '$1:region::TEXT',
        FILENAMES: both,
        ORDER_ID: 0,
      },
      {
        COLUMN_NAME: 'product',
        TYPE: 'TEXT',
        NULLABLE: true,
        EXPRESSION: '$1:product::TEXT',
        FILENAMES: both,
        ORDER_ID: 1,
      },
      {
        COLUMN_NAME: 'units',
        TYPE: 'NUMBER(38, 0)',
        NULLABLE: true,
        EXPRESSION: '$1:units::NUMBER(38, 0)',
        FILENAMES: both,
        ORDER_ID: 2,
      },
    ]);
    const first = await wh.query(infer('@SAMPLE/sales/', 'PQ_FMT', ', MAX_FILE_COUNT => 1'));
    expect(new Set(first.map((r) => r.FILENAMES))).toEqual(new Set(['sales/date=2026-11-01/part-0.parquet']));
  });

  it('takes LOCATION and FILE_FORMAT as binds and feeds aggregate queries', async () => {
    const rows = await wh.query(
      `SELECT COUNT(*) AS N, MAX(ORDER_ID) AS LAST, MIN(COLUMN_NAME) AS FIRST_NAME FROM TABLE(INFER_SCHEMA(LOCATION => ?, FILE_FORMAT => ?)) WHERE TYPE <> ?`,
      ['@SAMPLE/orders/', 'CSV_HDR', 'DATE'],
    );
    expect(rows).toEqual([{ N: 3, LAST: 2, FIRST_NAME: 'amount' }]);
  });

  it('an empty folder gives zero rows', async () => {
    mkdirSync(join(wh.storageDir, 's3/acme-sample/empty'), { recursive: true });
    expect(await wh.query(infer('@SAMPLE/empty/', 'JSON_FMT'))).toEqual([]);
    expect(await wh.query(infer('@SAMPLE/never-written/', 'CSV_HDR'))).toEqual([]);
  });

  it('errors: missing format, missing stage, missing FILES entry, unreadable Avro, ORC, missing argument', async () => {
    const noFormat = await errorOf(wh.query(infer('@SAMPLE/orders/', 'NOPE_FMT')));
    expect(noFormat.code).toBe('002003');
    expect(noFormat.message).toBe(
      "SQL compilation error:\nFile format 'LEILA_APP.PUBLIC.NOPE_FMT' does not exist or not authorized.",
    );
    const noStage = await errorOf(wh.query(infer('@OTHER_DB.PUBLIC.NOPE/', 'CSV_HDR')));
    expect(noStage.code).toBe('002003');
    expect(noStage.message).toContain("Stage 'OTHER_DB.PUBLIC.NOPE' does not exist or not authorized.");
    const noFile = await errorOf(wh.query(infer('@SAMPLE/orders/', 'CSV_HDR', ", FILES => ('gone.csv')")));
    expect(noFile.message).toContain("Remote file 's3://acme-sample/orders/gone.csv' was not found.");
    await wh.query(`CREATE FILE FORMAT AVRO_FMT TYPE = AVRO`);
    const avro = await errorOf(wh.query(infer('@SAMPLE/orders/', 'AVRO_FMT')));
    expect(avro.code).toBe('100038');
    expect(avro.message).toMatch(/cannot read s3:\/\/acme-sample\/orders\/orders_2026-11\.csv as AVRO/);
    await wh.query(`CREATE FILE FORMAT ORC_FMT TYPE = ORC`);
    const orc = await errorOf(wh.query(infer('@SAMPLE/orders/', 'ORC_FMT')));
    expect(orc.code).toBe('LOCAL001');
    expect(orc.message).toContain('INFER_SCHEMA over ORC files');
    const missing = await errorOf(wh.query(`SELECT * FROM TABLE(INFER_SCHEMA(LOCATION => '@SAMPLE/'))`));
    expect(missing.message).toContain("missing required argument 'FILE_FORMAT'");
  });

  it('the integration still governs the stage: a blocked location fails like LIST', async () => {
    await wh
      .query(`CREATE STAGE PRIV URL = 's3://acme-sample/private/' STORAGE_INTEGRATION = S3_INT`)
      .catch(() => undefined);
    await wh.query(
      `CREATE OR REPLACE STORAGE INTEGRATION S3_INT TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' ENABLED = TRUE
       STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/dea' STORAGE_ALLOWED_LOCATIONS = ('s3://other-bucket/')`,
    );
    const e = await errorOf(wh.query(infer('@SAMPLE/orders/', 'CSV_HDR')));
    expect(e.code).toBe('003120');
  });
});
