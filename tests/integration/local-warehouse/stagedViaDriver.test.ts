/**
 * INFER_SCHEMA and staged-file queries through the real snowflake-sdk driver: SnowflakeWarehouse → HTTP → the
 * loopback fake Snowflake → a LocalWarehouse over the seeded sample bucket. Checks that the result columns keep
 * their names and JS types (NULLABLE boolean, ORDER_ID number, VARIANT parsed) on the wire.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSampleBucket } from '../../../adapters/local/seed/index.js';
import type { LocalWarehouse } from '../../../adapters/local/warehouse/index.js';
import { SnowflakeWarehouse } from '../../../adapters/snowflake/index.js';
import { WarehouseError } from '../../../bot/core/contracts.js';
import { answerFromWarehouse, startFakeSnowflake } from '../../fakes/fake-snowflake.js';
import { openTemp, S3_INTEGRATION } from './helpers.js';

let backing: LocalWarehouse;
let fake: Awaited<ReturnType<typeof startFakeSnowflake>>;
let wh: SnowflakeWarehouse;

beforeAll(async () => {
  backing = (await openTemp()).wh;
  await seedSampleBucket(backing.storageDir);
  fake = await startFakeSnowflake({ pats: ['pat-staged'], answer: answerFromWarehouse(backing) });
  wh = new SnowflakeWarehouse({
    account: 'testacct',
    accessUrl: fake.accessUrl,
    user: 'SVC_DEA',
    database: 'LEILA_APP',
    schema: 'PUBLIC',
    auth: { kind: 'pat', token: 'pat-staged' },
    queryTimeoutSeconds: 30,
  });
  await wh.execute(S3_INTEGRATION);
  await wh.execute(`CREATE STAGE SAMPLE URL = 's3://acme-sample/' STORAGE_INTEGRATION = S3_INT`);
  await wh.execute(`CREATE FILE FORMAT CSV_HDR TYPE = CSV PARSE_HEADER = TRUE`);
  await wh.execute(`CREATE FILE FORMAT JSON_FMT TYPE = JSON`);
});
afterAll(async () => {
  await wh?.close();
  await fake?.close();
  await backing?.close();
});

describe('staged files through snowflake-sdk', () => {
  it('INFER_SCHEMA answers typed rows', async () => {
    const rows = await wh.query(
      `SELECT * FROM TABLE(INFER_SCHEMA(LOCATION => '@LEILA_APP.PUBLIC.SAMPLE/orders/', FILE_FORMAT => 'LEILA_APP.PUBLIC.CSV_HDR', MAX_FILE_COUNT => 3))`,
    );
    expect(rows[2]).toEqual({
      COLUMN_NAME: 'amount',
      TYPE: 'NUMBER(6, 2)',
      NULLABLE: true,
      EXPRESSION: '$3::NUMBER(6, 2)',
      FILENAMES: 'orders/orders_2026-11.csv',
      ORDER_ID: 2,
    });
    expect(rows.map((r) => r.COLUMN_NAME)).toEqual(['order_id', 'customer', 'amount', 'order_date']);
  });

  it('a staged JSON query returns VARIANT and text values; the PARSE_HEADER refusal crosses the wire', async () => {
    const rows = await wh.query(
      `SELECT $1:id::TEXT AS C1, $1:user AS C2 FROM @SAMPLE/events/ (FILE_FORMAT => 'JSON_FMT') LIMIT 2`,
    );
    expect(rows).toEqual([
      { C1: 'e-1', C2: { id: 7 } },
      { C1: 'e-2', C2: { id: 7 } },
    ]);
    const err = await wh.query(`SELECT $1 FROM @SAMPLE/orders/ (FILE_FORMAT => 'CSV_HDR') LIMIT 1`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WarehouseError);
    expect((err as WarehouseError).message).toContain('PARSE_HEADER');
  });
});
