/** The small extractor modules, each on its own phrasings. */
import { describe, expect, it } from 'vitest';
import { extractColumns, parseColumnItem } from '../../../../../adapters/local/agent/extract/columns.js';
import { extractCredentials } from '../../../../../adapters/local/agent/extract/credentials.js';
import { extractCsvOptions, yesNo } from '../../../../../adapters/local/agent/extract/csvOptions.js';
import { extractFormat } from '../../../../../adapters/local/agent/extract/format.js';
import { extractIntent } from '../../../../../adapters/local/agent/extract/intent.js';
import {
  extractBucketPhrase,
  extractCloudWord,
  extractLocation,
} from '../../../../../adapters/local/agent/extract/location.js';
import { extractNames } from '../../../../../adapters/local/agent/extract/names.js';
import { typeFromName } from '../../../../../procedures/sql/columnList.js';

describe('location', () => {
  it.each([
    ['s3://acme/raw/orders', { cloud: 'S3', location: 's3://acme/raw/orders/', partitions: [] }],
    ['see gs://lake/x/y/.', { cloud: 'GCS', location: 'gcs://lake/x/y/', partitions: [] }],
    [
      '<https://acct1.blob.core.windows.net/c1/p|link>',
      { cloud: 'AZURE', location: 'azure://acct1.blob.core.windows.net/c1/p/', partitions: [] },
    ],
    [
      'https://acct1.blob.core.windows.net/c1/p/',
      { cloud: 'AZURE', location: 'azure://acct1.blob.core.windows.net/c1/p/', partitions: [] },
    ],
    ['https://example.com/docs/', undefined],
    ['s3://b1b/in/data.json', { cloud: 'S3', location: 's3://b1b/in/', file: 'data.json', partitions: [] }],
    ['gs://lake-x/tsv/', { cloud: 'GCS', location: 'gcs://lake-x/tsv/', partitions: [] }],
  ])('%s', (text, expected) => {
    expect(extractLocation(text)).toEqual(expected);
  });

  it('a later URL in the same message wins', () => {
    expect(extractLocation('not s3://old-b/a/ but s3://new-b/b/')?.location).toBe('s3://new-b/b/');
  });

  it('cloud words ignore URLs and ARNs', () => {
    expect(extractCloudWord('role arn:aws:iam::123456789012:role/x')).toBeUndefined();
    expect(extractCloudWord("it's on google cloud storage")).toBe('GCS');
    expect(extractCloudWord('in AWS GovCloud')).toBe('S3GOV');
  });

  it('bucket and storage-account phrasings', () => {
    expect(extractBucketPhrase('bucket acme, prefix raw/orders')).toEqual({
      bucket: 'acme',
      prefix: 'raw/orders',
    });
    expect(extractBucketPhrase('storage account acct1 container c-01 path a/b')).toEqual({
      azure: { account: 'acct1', container: 'c-01' },
      prefix: 'a/b',
    });
  });
});

describe('format', () => {
  it.each([
    ['gzipped csv', { format: 'CSV', compression: 'GZIP' }],
    ['TSV files', { format: 'CSV', delimiter: '\t' }],
    ['ndjson', { format: 'JSON', jsonArray: false }],
    ['a JSON array of objects', { format: 'JSON', jsonArray: true }],
    ["it's parquet, not csv", { format: 'PARQUET' }],
    ['zstd compressed avro', { format: 'AVRO', compression: 'ZSTD' }],
    ['orc', { format: 'ORC' }],
    ['nothing here', undefined],
  ])('%s', (text, expected) => {
    expect(extractFormat(text)).toEqual(expected);
  });

  it('reads a file name cut off a URL', () => {
    expect(extractFormat('', 'orders.csv.gz')).toEqual({ format: 'CSV', compression: 'GZIP' });
  });
});

describe('CSV options', () => {
  it.each([
    ['use | as delimiter', { delimiter: '|' }],
    ['delimiter is semicolon', { delimiter: ';' }],
    ["separated by ';'", { delimiter: ';' }],
    ['pipe-delimited with a header row', { delimiter: '|', header: true }],
    ['no header', { header: false }],
    ["files don't have a header", { header: false }],
    ['quote char is single quote', { quote: "'" }],
    ['NULL or empty means null', { nullIf: ['NULL', ''] }],
    ['nulls are NA, N/A', { nullIf: ['NA', 'N/A'] }],
    ['dates are yyyy/mm/dd', { dateFormat: 'YYYY/MM/DD' }],
    ['timestamp format yyyy-mm-dd hh:mm:ss', { timestampFormat: 'YYYY-MM-DD HH:MI:SS' }],
    ['if the value is null skip it', {}],
  ])('%s', (text, expected) => {
    expect(extractCsvOptions(text)).toEqual(expected);
  });

  it('yes/no answers', () => {
    expect(yesNo('Yes it does')).toBe(true);
    expect(yesNo('nope')).toBe(false);
    expect(yesNo('maybe')).toBeUndefined();
  });
});

describe('columns', () => {
  it('parses items with types in several spellings', () => {
    expect(parseColumnItem('amount decimal(10, 2)')).toEqual({ name: 'amount', type: 'NUMBER(10,2)' });
    expect(parseColumnItem('id: int')).toEqual({ name: 'id', type: 'NUMBER(38,0)' });
    expect(parseColumnItem('name (string)')).toEqual({ name: 'name', type: 'VARCHAR' });
    expect(parseColumnItem('with a header row')).toBeUndefined();
  });

  it('keeps a type the normaliser refuses, so the generator can explain it', () => {
    expect(parseColumnItem('price decimal(50,2)')).toEqual({ name: 'price', type: 'decimal(50,2)' });
  });

  it('stops a list at the first item that is not a column', () => {
    expect(
      extractColumns('columns id, name and date, with a header row', { expectingColumns: false }),
    ).toEqual({
      edits: [{ op: 'set', columns: [{ name: 'id' }, { name: 'name' }, { name: 'date' }] }],
    });
  });

  it('does not read "column names" as a column', () => {
    expect(extractColumns('the first row has the column names', { expectingColumns: false })).toBeUndefined();
  });

  it('reads edits', () => {
    expect(extractColumns('add a column status', { expectingColumns: false })?.edits).toEqual([
      { op: 'add', columns: [{ name: 'status' }] },
    ]);
    expect(extractColumns('remove columns a1 and b1', { expectingColumns: false })?.edits).toEqual([
      { op: 'remove', names: ['a1', 'b1'] },
    ]);
    expect(extractColumns('rename column amt to amount', { expectingColumns: false })?.edits).toEqual([
      { op: 'rename', from: 'amt', to: 'amount' },
    ]);
    expect(extractColumns('change amount to number(12,2)', { expectingColumns: false })?.edits).toEqual([
      { op: 'retype', name: 'amount', type: 'NUMBER(12,2)' },
    ]);
  });

  it('a pasted header line sets columns and reports its delimiter; vocabulary lines are not headers', () => {
    expect(extractColumns('a\tb_c\td', { expectingColumns: false })).toEqual({
      edits: [{ op: 'set', columns: [{ name: 'a' }, { name: 'b_c' }, { name: 'd' }] }],
      headerLine: { delimiter: '\t' },
    });
    expect(extractColumns('csv,gzip', { expectingColumns: false })).toBeUndefined();
  });
});

describe('credentials, names, intents, type inference', () => {
  it('credentials', () => {
    expect(extractCredentials('role arn:aws:iam::123456789012:role/path/sf-read.')).toEqual({
      awsRoleArn: 'arn:aws:iam::123456789012:role/path/sf-read',
    });
    expect(extractCredentials('arn:aws:s3:::my-bucket')).toEqual({ badArn: 'arn:aws:s3:::my-bucket' });
    expect(extractCredentials('tenant 9F8E7D6C-1111-2222-3333-444455556666')).toEqual({
      azureTenantId: '9f8e7d6c-1111-2222-3333-444455556666',
    });
  });

  it('names', () => {
    expect(
      extractNames('call the table orders_ext, name the stage raw_stage, use integration X_INT'),
    ).toEqual({
      table: 'orders_ext',
      stage: 'raw_stage',
      integration: 'X_INT',
    });
    expect(extractNames('file format name my_csv; in database RAW, schema LANDING')).toEqual({
      format: 'my_csv',
      database: 'RAW',
      schema: 'LANDING',
    });
    expect(extractNames('name it orders')).toEqual({ table: 'orders' });
  });

  it('intents', () => {
    expect(extractIntent('cancel')).toBe('reset');
    expect(extractIntent("let's start over")).toBe('reset');
    expect(extractIntent('Hello!')).toBe('greeting');
    expect(extractIntent('help')).toBe('help');
    expect(extractIntent('column cancel_reason')).toBeUndefined();
  });

  it.each([
    ['id', 'NUMBER'],
    ['customer_id', 'NUMBER'],
    ['order_date', 'DATE'],
    ['created_at', 'TIMESTAMP_NTZ'],
    ['ts', 'TIMESTAMP_NTZ'],
    ['event_timestamp', 'TIMESTAMP_NTZ'],
    ['unit_price', 'NUMBER(38,2)'],
    ['is_active', 'BOOLEAN'],
    ['has_children', 'BOOLEAN'],
    ['email', 'VARCHAR'],
  ])('infers %s → %s', (name, type) => {
    expect(typeFromName(name)).toBe(type);
  });
});
