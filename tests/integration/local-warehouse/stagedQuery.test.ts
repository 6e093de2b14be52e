import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedSampleBucket } from '../../../adapters/local/seed/index.js';
import { LOCAL_STANDIN, type LocalWarehouse } from '../../../adapters/local/warehouse/index.js';
import { errorOf, openTemp, S3_INTEGRATION } from './helpers.js';

let wh: LocalWarehouse;
beforeEach(async () => {
  wh = (await openTemp()).wh;
  await seedSampleBucket(wh.storageDir);
  await wh.query(S3_INTEGRATION);
  await wh.query(`CREATE STAGE SAMPLE URL = 's3://acme-sample/' STORAGE_INTEGRATION = S3_INT`);
  await wh.query(`CREATE FILE FORMAT CSV_SKIP TYPE = CSV SKIP_HEADER = 1`);
  await wh.query(`CREATE FILE FORMAT CSV_HDR TYPE = CSV PARSE_HEADER = TRUE`);
  await wh.query(`CREATE FILE FORMAT JSON_FMT TYPE = JSON`);
  await wh.query(`CREATE FILE FORMAT PQ_FMT TYPE = PARQUET`);
});
afterEach(async () => {
  await wh.close();
});

describe('queries of staged files', () => {
  it('CSV: $1…$n as text after SKIP_HEADER, casts, LIMIT, metadata columns named as written', async () => {
    const rows = await wh.query(
      `SELECT $1, $2, $3::NUMBER(10, 2) AS AMOUNT, METADATA$FILENAME, METADATA$FILE_ROW_NUMBER FROM @LEILA_APP.PUBLIC.SAMPLE/orders/ (FILE_FORMAT => 'LEILA_APP.PUBLIC.CSV_SKIP') LIMIT 2`,
    );
    expect(rows).toEqual([
      {
        $1: '1001',
        $2: 'Acme Corp',
        AMOUNT: 250,
        METADATA$FILENAME: 'orders/orders_2026-11.csv',
        METADATA$FILE_ROW_NUMBER: 1,
      },
      {
        $1: '1002',
        $2: 'Globex',
        AMOUNT: 99.5,
        METADATA$FILENAME: 'orders/orders_2026-11.csv',
        METADATA$FILE_ROW_NUMBER: 2,
      },
    ]);
  });

  it('CSV: a position past the last field is NULL; aliases, WHERE and aggregates work', async () => {
    const rows = await wh.query(
      `SELECT t.$2 AS customer, $9 AS nothing FROM @SAMPLE/orders/ (FILE_FORMAT => 'CSV_SKIP', PATTERN => '.*[.]csv') t WHERE $4 = '2026-11-03' ORDER BY 1`,
    );
    expect(rows).toEqual([
      { CUSTOMER: 'Acme Corp', NOTHING: null },
      { CUSTOMER: 'Umbrella', NOTHING: null },
    ]);
    const total = await wh.query(
      `SELECT SUM($3::NUMBER(10, 2)) AS TOTAL FROM @SAMPLE/orders/ (FILE_FORMAT => 'CSV_SKIP')`,
    );
    expect(total).toEqual([{ TOTAL: 1875.5 }]);
  });

  it('the stage format applies when FILE_FORMAT is not given (CSV defaults when the stage has none)', async () => {
    const rows = await wh.query(`SELECT $1 AS A FROM @SAMPLE/orders/ LIMIT 1`);
    expect(rows).toEqual([{ A: 'order_id' }]);
    await wh.query(
      `CREATE STAGE EVENTS_STAGE URL = 's3://acme-sample/events/' STORAGE_INTEGRATION = S3_INT FILE_FORMAT = (FORMAT_NAME = 'JSON_FMT')`,
    );
    expect(await wh.query(`SELECT $1:id::TEXT AS ID FROM @EVENTS_STAGE LIMIT 1`)).toEqual([{ ID: 'e-1' }]);
  });

  it('JSON: $1 is the record as VARIANT, paths and casts as in external tables', async () => {
    const rows = await wh.query(
      `SELECT $1:id::TEXT AS ID, $1:"user"."id"::NUMBER AS USER_ID, $1:ts::TIMESTAMP_NTZ AS TS FROM @SAMPLE/events/ (FILE_FORMAT => 'JSON_FMT') WHERE $1:kind::TEXT = 'purchase'`,
    );
    expect(rows).toEqual([{ ID: 'e-4', USER_ID: 9, TS: new Date('2026-11-02T10:31:12Z') }]);
    const whole = await wh.query(`SELECT $1 FROM @SAMPLE/events/ (FILE_FORMAT => 'JSON_FMT') LIMIT 1`);
    expect(whole).toEqual([{ $1: { id: 'e-1', kind: 'view', user: { id: 7 }, ts: '2026-11-01T09:00:00' } }]);
    const path = await wh.query(`SELECT $1:user FROM @SAMPLE/events/ (FILE_FORMAT => 'JSON_FMT') LIMIT 1`);
    expect(path).toEqual([{ '$1:USER': { id: 7 } }]);
  });

  it('Parquet: $1 per row, PATTERN over the partition folders', async () => {
    const rows = await wh.query(
      `SELECT $1:region::TEXT AS REGION, $1:units::NUMBER AS UNITS, SPLIT_PART(METADATA$FILENAME, '/', 2) AS PART FROM @SAMPLE/sales/ (FILE_FORMAT => 'PQ_FMT', PATTERN => '.*date=2026-11-02/.*') ORDER BY UNITS DESC`,
    );
    expect(rows).toEqual([
      { REGION: 'APAC', UNITS: 12, PART: 'date=2026-11-02' },
      { REGION: 'AMER', UNITS: 5, PART: 'date=2026-11-02' },
      { REGION: 'EMEA', UNITS: 3, PART: 'date=2026-11-02' },
    ]);
  });

  it('the inference then sample flow: expressions from INFER_SCHEMA select the example values', async () => {
    const inferred = await wh.query<{ EXPRESSION: string; COLUMN_NAME: string }>(
      `SELECT COLUMN_NAME, EXPRESSION FROM TABLE(INFER_SCHEMA(LOCATION => '@SAMPLE/events/', FILE_FORMAT => 'JSON_FMT')) ORDER BY ORDER_ID`,
    );
    const select = inferred.map((c, i) => `${c.EXPRESSION} AS C${i + 1}`).join(', ');
    const rows = await wh.query(`SELECT ${select} FROM @SAMPLE/events/ (FILE_FORMAT => 'JSON_FMT') LIMIT 2`);
    expect(rows[1]).toEqual({ C1: 'e-2', C2: 'click', C3: { id: 7 }, C4: new Date('2026-11-01T09:00:05Z') });
  });

  it('errors: PARSE_HEADER format refused, missing stage / format, unreadable Avro, ORC not supported locally', async () => {
    const header = await errorOf(wh.query(`SELECT $1 FROM @SAMPLE/orders/ (FILE_FORMAT => 'CSV_HDR')`));
    expect(header.message).toContain(
      '"PARSE_HEADER" is only allowed for CSV INFER_SCHEMA and MATCH_BY_COLUMN_NAME',
    );
    const stage = await errorOf(wh.query(`SELECT $1 FROM @NOPE/x/ (FILE_FORMAT => 'CSV_SKIP')`));
    expect(stage.code).toBe('002003');
    expect(stage.message).toContain("Stage 'LEILA_APP.PUBLIC.NOPE' does not exist or not authorized.");
    const format = await errorOf(wh.query(`SELECT $1 FROM @SAMPLE/orders/ (FILE_FORMAT => 'NOPE')`));
    expect(format.code).toBe('002003');
    await wh.query(`CREATE FILE FORMAT AVRO_FMT TYPE = AVRO`);
    const avro = await errorOf(wh.query(`SELECT $1 FROM @SAMPLE/orders/ (FILE_FORMAT => 'AVRO_FMT')`));
    expect(avro.code).toBe('100038');
    expect(avro.message).toMatch(/cannot read s3:\/\/acme-sample\/orders\/orders_2026-11\.csv as AVRO/);
    await wh.query(`CREATE FILE FORMAT ORC_FMT TYPE = ORC`);
    const orc = await errorOf(wh.query(`SELECT $1 FROM @SAMPLE/orders/ (FILE_FORMAT => 'ORC_FMT')`));
    expect(orc.code).toBe('LOCAL001');
    expect(orc.message).toContain('Querying ORC files is not supported locally');
    // The temporary tables are gone after failures too: a later query still works.
    expect(await wh.query(`SELECT COUNT(*) AS N FROM @SAMPLE/orders/ (FILE_FORMAT => 'CSV_SKIP')`)).toEqual([
      { N: 5 },
    ]);
  });

  it('an empty folder: staged query and LIST answer zero rows', async () => {
    mkdirSync(join(wh.storageDir, 's3/acme-sample/empty'), { recursive: true });
    expect(await wh.query(`SELECT $1, $2 FROM @SAMPLE/empty/ (FILE_FORMAT => 'CSV_SKIP')`)).toEqual([]);
    expect(await wh.query(`LIST @SAMPLE/empty/`)).toEqual([]);
    expect(await wh.query(`LIST @SAMPLE/not-there/`)).toEqual([]);
  });

  it('a file named in the location is read alone', async () => {
    const dir = join(wh.storageDir, 's3/acme-sample/two');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.csv'), 'x\n');
    writeFileSync(join(dir, 'b.csv'), 'y\n');
    expect(await wh.query(`SELECT $1 AS V FROM @SAMPLE/two/b.csv`)).toEqual([{ V: 'y' }]);
  });
});

describe('SHOW EXTERNAL TABLES notification_channel', () => {
  it('is a marked local SQS stand-in for AUTO_REFRESH tables on S3 and NULL otherwise', async () => {
    await wh.query(
      `CREATE EXTERNAL TABLE AUTO_T (id VARCHAR AS (VALUE:c1::VARCHAR)) LOCATION = @SAMPLE/orders/ FILE_FORMAT = (FORMAT_NAME = 'CSV_SKIP') AUTO_REFRESH = TRUE`,
    );
    await wh.query(
      `CREATE EXTERNAL TABLE MANUAL_T (id VARCHAR AS (VALUE:c1::VARCHAR)) LOCATION = @SAMPLE/orders/ FILE_FORMAT = (FORMAT_NAME = 'CSV_SKIP') AUTO_REFRESH = FALSE`,
    );
    const shown = await wh.query('SHOW EXTERNAL TABLES');
    const byName = Object.fromEntries(shown.map((r) => [r.name, r.notification_channel]));
    expect(byName).toEqual({ AUTO_T: LOCAL_STANDIN.sqsChannel, MANUAL_T: null });
    expect(LOCAL_STANDIN.sqsChannel).toMatch(/^arn:aws:sqs:local-emulation:/);
  });
});
