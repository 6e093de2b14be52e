/**
 * The general rules behind issue 21's extractors, each tried on spellings the evaluation set does not hold, and
 * the attacks tried while building them (kept as tests).
 */
import { describe, expect, it } from 'vitest';
import { extractAll } from '../../../../../adapters/local/agent/extract/index.js';
import { extractLocation } from '../../../../../adapters/local/agent/extract/location.js';
import { extractPattern, globToPattern } from '../../../../../adapters/local/agent/extract/options.js';
import { ARN, lastTurn } from './harness.js';

describe('any "<x>-delimited" is CSV with that delimiter', () => {
  it.each([
    ['semicolon-delimited files', ';'],
    ['pipe separated exports', '|'],
    ['caret-delimited extracts', '^'],
    ['files delimited by tildes? no: delimited by ~', '~'],
    ['the separator is #', '#'],
    ['colon-separated dumps', ':'],
  ])('%s', (text, delimiter) => {
    const f = extractAll(text);
    expect(f.format?.format).toBe('CSV');
    expect(f.csv.delimiter).toBe(delimiter);
  });

  it('a delimiter said for JSON does not turn it into CSV ("newline-delimited JSON")', () => {
    expect(extractAll('newline-delimited JSON').format?.format).toBe('JSON');
  });
});

describe('any container@account Azure form is azure://account.blob.core.windows.net/container/path/', () => {
  it.each(['abfss', 'abfs', 'wasbs', 'wasb', 'ABFSS'])('%s://', (scheme) => {
    for (const host of ['dfs', 'blob'])
      expect(extractLocation(`${scheme}://bronze@lake01.${host}.core.windows.net/a/b/`)?.location).toBe(
        'azure://lake01.blob.core.windows.net/bronze/a/b/',
      );
  });

  it('a container name with hyphens and a path without a trailing slash', () => {
    expect(extractLocation('abfss://raw-zone@lake01.dfs.core.windows.net/x/y')).toMatchObject({
      cloud: 'AZURE',
      location: 'azure://lake01.blob.core.windows.net/raw-zone/x/y/',
    });
  });

  it('an https link that is not a storage endpoint is no location', () => {
    expect(
      extractLocation('see https://docs.snowflake.com/en/sql-reference/sql/create-stage'),
    ).toBeUndefined();
    expect(extractLocation('https://portal.azure.com/#@tenant/resource/x')).toBeUndefined();
  });
});

describe('example folders', () => {
  it('a lone date folder is a partition only when offered as an example of the layout', () => {
    expect(extractLocation('load s3://backup/exports/2019-01-01/')?.location).toBe(
      's3://backup/exports/2019-01-01/',
    );
    expect(extractLocation('folders like s3://backup/exports/2019-01-01/')).toMatchObject({
      location: 's3://backup/exports/',
      partitions: [{ name: 'file_date', type: 'DATE', segment: 1 }],
    });
  });

  it('the example may come first and the parent after it', () => {
    expect(
      extractLocation('folders like s3://iot/readings/2024-05-01/ — everything is under s3://iot/readings/'),
    ).toMatchObject({ location: 's3://iot/readings/', partitions: [{ type: 'DATE', segment: 1 }] });
  });
});

describe('file patterns', () => {
  it.each([
    ['*.parquet', '.*[.]parquet'],
    ['.csv.gz', '.*[.]csv[.]gz'],
    ['sales_*.csv', '.*sales_.*[.]csv'],
    ['part-?.json', '.*part-.[.]json'],
  ])('glob %s → %s', (glob, pattern) => {
    expect(globToPattern(glob)).toBe(pattern);
  });

  it('regex metacharacters in a glob are escaped, never passed through', () => {
    expect(globToPattern('a+(b)|c.csv')).toBe('.*a\\+\\(b\\)\\|c[.]csv');
  });

  it('"only" is needed: a file extension mentioned in passing is no filter', () => {
    expect(extractPattern('the files end in .csv.gz')).toBeUndefined();
    expect(extractPattern('only the files ending with .csv.gz')).toBe('.*[.]csv[.]gz');
  });
});

describe('attacks tried while widening the extractors', () => {
  // Issue 17 settled how: the URL is cut before the first unusable character and the answer names what was left
  // out (merge.ts droppedCharacters); the SQL never reaches a statement. See also accountWords.test.ts.
  it('a URL carrying a quote and SQL is cut before the quote, never passed on whole', () => {
    expect(extractLocation("s3://acme-sample/orders/';DROP TABLE y;--/")?.location).toBe(
      's3://acme-sample/orders/',
    );
  });

  it('a quoted URL is fine: the quote closes around it', () => {
    expect(extractLocation("'s3://acme/raw/'")?.location).toBe('s3://acme/raw/');
  });

  it('a semicolon or backslash inside the path cuts it there', () => {
    expect(extractLocation('s3://acme/raw;drop/')?.location).toBe('s3://acme/raw/');
    expect(extractLocation('s3://acme/raw\\x/')?.location).toBe('s3://acme/raw/');
  });

  it('the answer names the characters that were left out', async () => {
    const turn = await lastTurn([`parquet in s3://acme/raw;drop/, infer the columns, role ${ARN}`]);
    expect(turn.text).toContain('the characters ";drop/" after it cannot be part of a storage URL');
    for (const ddl of turn.ddl) expect(ddl).not.toMatch(/drop/i);
  });

  it('prose after a column keyword is no column list ("fields are in double quotes")', () => {
    const f = extractAll('text fields are in double quotes');
    expect(f.columns).toBeUndefined();
    expect(f.csv.quote).toBe('"');
  });

  it('"a list of columns" is not a JSON array', () => {
    expect(extractAll('json with a list of columns: id, name').format?.jsonArray).toBeUndefined();
  });

  it.each([
    ['columns ' + 'a, '.repeat(5_000)],
    ['only files ending in ' + '.x'.repeat(5_000)],
    ['('.repeat(5_000) + 'id int' + ')'.repeat(5_000)],
    ['skip the first ' + ' '.repeat(10_000)],
    ['timestamps are ' + 'YYYY-'.repeat(3_000)],
    ['null '.repeat(5_000) + 'are null'],
    ['s3://' + 'a/'.repeat(5_000)],
  ])('a long hostile message is read without blowing up (%#)', (text) => {
    // Each of these once took seconds (a regex retrying from every character); they must simply return.
    expect(() => extractAll(text)).not.toThrow();
  });
});
