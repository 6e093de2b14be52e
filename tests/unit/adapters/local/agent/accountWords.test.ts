import { describe, expect, it } from 'vitest';
import { extractAccountWords } from '../../../../../adapters/local/agent/accountWords.js';
import { converse, lastTurn } from './harness.js';

const ARN = 'arn:aws:iam::123456789012:role/snowflake';
const ORDERS = `CSV files with a header row in s3://acme-sample/orders/ with columns id, amount. Role ${ARN}`;

describe('words about existing objects', () => {
  it.each([
    ['use integration acme_int', { reuseIntegration: 'acme_int' }],
    ['reuse the existing storage integration `acme_int`', { reuseIntegration: 'acme_int' }],
    ['use format my_csv', { reuseFormat: 'my_csv' }],
    ['use the existing file format "my_csv"', { reuseFormat: 'my_csv' }],
    ['replace it', { replace: ['STORAGE_INTEGRATION', 'FILE_FORMAT', 'STAGE', 'EXTERNAL_TABLE'] }],
    ['use CREATE OR REPLACE', { replace: ['STORAGE_INTEGRATION', 'FILE_FORMAT', 'STAGE', 'EXTERNAL_TABLE'] }],
    ['replace the file format', { replace: ['FILE_FORMAT'] }],
    ['replace the existing stage', { replace: ['STAGE'] }],
  ])('%s', (text, expected) => {
    expect(extractAccountWords(text)).toEqual(expected);
  });

  it.each([
    'use format csv',
    'use the format parquet',
    'I replaced my laptop',
    'the files replace older ones',
  ])('is not fooled by %s', (text) => {
    expect(extractAccountWords(text)).toBeUndefined();
  });
});

describe('the local agent on a shared account', () => {
  it('"use integration X" without a role reuses it: no integration is generated and no role is asked for', async () => {
    const turn = await lastTurn([
      'JSON files in s3://acme-sample/events/, infer the columns, use integration acme_sample_int',
    ]);
    expect(turn.calls.map((c) => c.tool)).toEqual([
      'GENERATE_FILE_FORMAT_DDL',
      'GENERATE_EXTERNAL_STAGE_DDL',
    ]);
    expect(turn.ddl[1]).toContain('STORAGE_INTEGRATION = ACME_SAMPLE_INT');
  });

  it('"use format my_csv" reuses the format for the stage and the table', async () => {
    const turn = await lastTurn([`${ORDERS}, use format my_csv`]);
    expect(turn.calls.map((c) => c.tool)).not.toContain('GENERATE_FILE_FORMAT_DDL');
    expect(turn.ddl.filter((d) => d.includes("FORMAT_NAME = 'MY_CSV'"))).toHaveLength(2);
  });

  it('"replace it" regenerates the plan with CREATE OR REPLACE', async () => {
    const [, second] = await converse([ORDERS, 'replace it']);
    expect(second!.ddl).toHaveLength(4);
    for (const ddl of second!.ddl) expect(ddl).toMatch(/^CREATE OR REPLACE /);
  });

  it('"replace the file format" replaces only the format', async () => {
    const [, second] = await converse([ORDERS, 'replace the file format']);
    expect(second!.ddl.map((d) => /^CREATE OR REPLACE/.test(d))).toEqual([false, true, false, false]);
  });

  it('characters cut from a URL are named, never dropped silently', async () => {
    const turn = await lastTurn([
      `CSV files with a header in s3://acme-sample/orders/';DROP TABLE y;--/ columns id. Role ${ARN}`,
    ]);
    expect(turn.text).toMatch(
      /I used the location s3:\/\/acme-sample\/orders\/: the characters "';DROP" after it cannot be part of a storage URL/,
    );
    for (const ddl of turn.ddl) expect(ddl).not.toMatch(/DROP TABLE/);
  });

  it('the step-1 table name and fixed types travel with the done event', async () => {
    const turn = await lastTurn([
      `Parquet files in s3://acme-sample/sales/, infer the columns, call the table sales_ext, make units number(10,0). Role ${ARN}`,
    ]);
    const done = turn.events.find((e) => e.type === 'done');
    expect(done?.type === 'done' && done.tableWishes).toEqual({
      name: 'sales_ext',
      types: { UNITS: 'NUMBER(10,0)' },
    });
  });
});
