import { describe, expect, it } from 'vitest';
import {
  type CreateStatement,
  getOption,
  nameToString,
  type ParseError,
  parseStatement,
  valueText,
} from '../../../../procedures/parser/index.js';

function ok(sql: string): CreateStatement {
  const r = parseStatement(sql);
  if (!r.ok) throw new Error(`${r.error.message} at ${r.error.line}:${r.error.column}`);
  return r.statement;
}
function bad(sql: string): ParseError {
  const r = parseStatement(sql);
  if (r.ok) throw new Error(`expected a refusal for ${sql}`);
  return r.error;
}

describe('parseStatement: AST', () => {
  it('reads a storage integration', () => {
    const s = ok(`create or replace storage integration "Int 1"
      TYPE = EXTERNAL_STAGE, STORAGE_PROVIDER = 's3' ENABLED = true
      STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::001234567890:role/r'
      STORAGE_ALLOWED_LOCATIONS = ('s3://a/p/', 's3://b/')
      STORAGE_BLOCKED_LOCATIONS = ('s3://a/p/secret/');`);
    expect(s.kind).toBe('STORAGE_INTEGRATION');
    if (s.kind !== 'STORAGE_INTEGRATION') return;
    expect(s.name).toEqual({ parts: ['Int 1'], quoted: [true], text: '"Int 1"' });
    expect(s.orReplace).toBe(true);
    expect(s.provider).toBe('S3');
    expect(s.enabled).toBe(true);
    expect(s.allowedLocations).toEqual(['s3://a/p/', 's3://b/']);
    expect(s.blockedLocations).toEqual(['s3://a/p/secret/']);
    expect(getOption(s, 'storage_provider')).toMatchObject({ key: 'STORAGE_PROVIDER', line: 2, column: 30 });
    expect(s.options.map((o) => o.key)).toEqual([
      'TYPE',
      'STORAGE_PROVIDER',
      'ENABLED',
      'STORAGE_AWS_ROLE_ARN',
      'STORAGE_ALLOWED_LOCATIONS',
      'STORAGE_BLOCKED_LOCATIONS',
    ]);
    expect(s.sql.endsWith(`('s3://a/p/secret/')`)).toBe(true);
  });

  it('reads a file format with its effective type and typed values', () => {
    const s = ok(`CREATE FILE FORMAT IF NOT EXISTS db.sch.fmt TYPE = 'csv' FIELD_DELIMITER = 0x7C
      SKIP_HEADER = 1 NULL_IF = ('', '\\\\N') ESCAPE_UNENCLOSED_FIELD = NONE COMMENT = $$it's mine$$`);
    if (s.kind !== 'FILE_FORMAT') throw new Error('kind');
    expect(s.formatType).toBe('CSV');
    expect(s.ifNotExists).toBe(true);
    expect(nameToString(s.name)).toBe('DB.SCH.FMT');
    expect(getOption(s, 'FIELD_DELIMITER')!.value).toEqual({ type: 'number', value: 124, raw: '0x7C' });
    expect(getOption(s, 'NULL_IF')!.value).toEqual({
      type: 'list',
      items: [
        { type: 'string', value: '', raw: "''" },
        { type: 'string', value: '\\N', raw: "'\\\\N'" },
      ],
    });
    expect(getOption(s, 'ESCAPE_UNENCLOSED_FIELD')!.value).toEqual({ type: 'keyword', value: 'NONE' });
    expect(valueText(getOption(s, 'COMMENT')!.value)).toBe("it's mine");
    expect(
      ok('CREATE FILE FORMAT f').kind === 'FILE_FORMAT' &&
        (ok('CREATE FILE FORMAT f') as { formatType: string }).formatType,
    ).toBe('CSV');
  });

  it('reads the three FILE_FORMAT forms of a stage', () => {
    const a = ok(`CREATE STAGE s URL='s3://b/' STORAGE_INTEGRATION = i FILE_FORMAT = db.sch.fmt`);
    const b = ok(
      `CREATE STAGE s URL='s3://b/' STORAGE_INTEGRATION = "i" FILE_FORMAT = (FORMAT_NAME = 'db.sch."F"')`,
    );
    const c = ok(`CREATE OR ALTER TEMPORARY STAGE s URL='gcs://b/p/' STORAGE_INTEGRATION = i
      FILE_FORMAT = (TYPE = JSON STRIP_OUTER_ARRAY = TRUE) DIRECTORY = (ENABLE = TRUE AUTO_REFRESH = FALSE)`);
    if (a.kind !== 'STAGE' || b.kind !== 'STAGE' || c.kind !== 'STAGE') throw new Error('kind');
    expect(a.fileFormat).toEqual({
      form: 'name',
      name: { parts: ['DB', 'SCH', 'FMT'], quoted: [false, false, false], text: 'db.sch.fmt' },
    });
    expect(a.storageIntegration!.parts).toEqual(['I']);
    expect(b.storageIntegration).toEqual({ parts: ['i'], quoted: [true], text: '"i"' });
    expect(b.fileFormat).toMatchObject({
      form: 'formatName',
      name: { parts: ['DB', 'SCH', 'F'], quoted: [false, false, true] },
    });
    expect(c.fileFormat).toMatchObject({ form: 'inline', type: 'JSON' });
    expect(c.orAlter).toBe(true);
    expect(c.temporary).toBe(true);
    expect(c.url).toBe('gcs://b/p/');
    expect(ok('CREATE STAGE internal_one').kind).toBe('STAGE');
  });

  it('reads an external table: columns, partitions, location, format, clauses', () => {
    const s = ok(`CREATE OR REPLACE EXTERNAL TABLE db.sch.events (
        event_date DATE AS TO_DATE(SPLIT_PART(METADATA$FILENAME, '/', 3), 'YYYY-MM-DD'),
        id NUMBER(38, 0) AS (VALUE:c1::NUMBER) NOT NULL COMMENT 'the id',
        "Name" VARCHAR AS ((case when value:c2 is null then null else value:c2 end)::varchar)
      )
      PARTITION BY (event_date)
      WITH LOCATION = @db.sch.stg/events/2024/
      AUTO_REFRESH = FALSE
      FILE_FORMAT = (TYPE = CSV SKIP_HEADER = 1 FIELD_OPTIONALLY_ENCLOSED_BY = '"')
      COPY GRANTS
      COMMENT = 'events'
      WITH TAG (gov.pii = 'no')`);
    if (s.kind !== 'EXTERNAL_TABLE') throw new Error('kind');
    expect(
      s.columns.map((c) => [c.name.parts[0], c.type, c.expr, c.constraint ?? null, c.comment ?? null]),
    ).toEqual([
      ['EVENT_DATE', 'DATE', "TO_DATE(SPLIT_PART(METADATA$FILENAME, '/', 3), 'YYYY-MM-DD')", null, null],
      ['ID', 'NUMBER(38,0)', 'VALUE:c1::NUMBER', 'NOT NULL', 'the id'],
      ['Name', 'VARCHAR', '(case when value:c2 is null then null else value:c2 end)::varchar', null, null],
    ]);
    expect(s.columns[1]).toMatchObject({ line: 3, column: 9 });
    expect(s.partitionBy.map((p) => p.parts)).toEqual([['EVENT_DATE']]);
    expect(s.location).toEqual({
      stage: { parts: ['DB', 'SCH', 'STG'], quoted: [false, false, false], text: 'db.sch.stg' },
      path: '/events/2024/',
    });
    expect(s.fileFormat).toMatchObject({ form: 'inline', type: 'CSV' });
    expect(s.copyGrants).toBe(true);
    expect(s.tags).toEqual([
      { name: { parts: ['GOV', 'PII'], quoted: [false, false], text: 'gov.pii' }, value: 'no' },
    ]);
    expect(getOption(s, 'LOCATION')!.value.type).toBe('stage');
  });

  it('reads USING TEMPLATE, PARTITION_TYPE, TABLE_FORMAT and ROW ACCESS POLICY', () => {
    const t =
      ok(`CREATE EXTERNAL TABLE t USING TEMPLATE (SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) FROM TABLE(INFER_SCHEMA(LOCATION=>'@s', FILE_FORMAT=>'f')))
      LOCATION = @s FILE_FORMAT = f`);
    if (t.kind !== 'EXTERNAL_TABLE') throw new Error('kind');
    expect(t.usingTemplate).toBe(
      "SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) FROM TABLE(INFER_SCHEMA(LOCATION=>'@s', FILE_FORMAT=>'f'))",
    );
    expect(t.fileFormat).toMatchObject({ form: 'name' });
    const u = ok(`CREATE EXTERNAL TABLE t (p date AS (parse_json(metadata$external_table_partition):P::date))
      PARTITION BY (p) LOCATION = @s/x/ PARTITION_TYPE = USER_SPECIFIED FILE_FORMAT = (FORMAT_NAME = f)
      ROW ACCESS POLICY sch.rap ON (VALUE)`);
    if (u.kind !== 'EXTERNAL_TABLE') throw new Error('kind');
    expect(u.partitionType).toBe('USER_SPECIFIED');
    expect(u.rowAccessPolicy!.policy.parts).toEqual(['SCH', 'RAP']);
    const d = ok(`CREATE EXTERNAL TABLE t LOCATION = @s AUTO_REFRESH = FALSE REFRESH_ON_CREATE = FALSE
      FILE_FORMAT = (TYPE = PARQUET) TABLE_FORMAT = 'delta'`);
    expect(d.kind === 'EXTERNAL_TABLE' && d.tableFormat).toBe('DELTA');
  });
});

describe('parseStatement: errors and positions', () => {
  it('points at the offending token (1-based line:column)', () => {
    expect(bad('CREATE STAGE s\n  URL = \n')).toMatchObject({
      line: 3,
      column: 1,
      message: 'Expected a value for URL, found the end of the statement',
    });
    expect(bad("CREATE STAGE s\n  URL 's3://b/'")).toMatchObject({
      line: 2,
      column: 7,
      message: "Expected '=' after URL, found a string",
    });
    expect(bad("CREATE FILE FORMAT f TYPE = PARQUET\n  DATE_FORMAT = 'YYYY'")).toMatchObject({
      line: 2,
      column: 3,
      offset: 38,
      message: 'Option DATE_FORMAT is not valid for a PARQUET file format',
    });
    expect(bad('CREATE FILE FORMAT f TYPE = CSV TYPE = JSON')).toMatchObject({
      column: 33,
      message: 'Option TYPE is given more than once',
    });
    expect(bad('CREATE EXTERNAL TABLE t (a int AS (1),) LOCATION=@s FILE_FORMAT=(TYPE=CSV)')).toMatchObject({
      column: 39,
      message: "Expected a column definition after ','; remove the trailing comma",
    });
  });

  it('applies the semantic rules of the four kinds', () => {
    const cases: [string, RegExp][] = [
      ['CREATE OR REPLACE STAGE IF NOT EXISTS s', /OR REPLACE and IF NOT EXISTS/],
      [
        "CREATE STORAGE INTEGRATION i TYPE=EXTERNAL_STAGE STORAGE_PROVIDER='GCS' STORAGE_ALLOWED_LOCATIONS=('gcs://b/')",
        /needs ENABLED/,
      ],
      [
        "CREATE STORAGE INTEGRATION i STORAGE_PROVIDER='GCS' ENABLED=TRUE STORAGE_ALLOWED_LOCATIONS=('gcs://b/')",
        /needs TYPE = EXTERNAL_STAGE/,
      ],
      [
        "CREATE STORAGE INTEGRATION i TYPE=EXTERNAL_STAGE STORAGE_PROVIDER='GCS' ENABLED=TRUE",
        /STORAGE_ALLOWED_LOCATIONS is missing/,
      ],
      [
        "CREATE STORAGE INTEGRATION i TYPE=EXTERNAL_STAGE STORAGE_PROVIDER='AZURE' ENABLED=TRUE STORAGE_ALLOWED_LOCATIONS=('azure://a.blob.core.windows.net/c/')",
        /AZURE_TENANT_ID/,
      ],
      [
        "CREATE STORAGE INTEGRATION i TYPE=EXTERNAL_STAGE STORAGE_PROVIDER='GCS' ENABLED=TRUE STORAGE_AWS_ROLE_ARN='x' STORAGE_ALLOWED_LOCATIONS=('gcs://b/')",
        /only valid for an S3/,
      ],
      [
        "CREATE STORAGE INTEGRATION i TYPE=EXTERNAL_STAGE STORAGE_PROVIDER='GCS' ENABLED=TRUE STORAGE_ALLOWED_LOCATIONS=('s3://b/')",
        /does not match STORAGE_PROVIDER GCS/,
      ],
      [
        "CREATE STORAGE INTEGRATION i TYPE=EXTERNAL_STAGE STORAGE_PROVIDER='GCS' ENABLED=TRUE STORAGE_ALLOWED_LOCATIONS=('gcs://a/, gcs://b/')",
        /quote each location separately/,
      ],
      [
        "CREATE STORAGE INTEGRATION i TYPE=EXTERNAL_STAGE STORAGE_PROVIDER='S3' STORAGE_AWS_ROLE_ARN='r' STORAGE_AWS_OBJECT_ACL='public' ENABLED=TRUE STORAGE_ALLOWED_LOCATIONS=('s3://b/')",
        /bucket-owner-full-control/,
      ],
      [
        "CREATE STORAGE INTEGRATION i TYPE=EXTERNAL_STAGE STORAGE_PROVIDER='S3' STORAGE_AWS_ROLE_ARN='r' ENABLED='yes' STORAGE_ALLOWED_LOCATIONS=('s3://b/')",
        /ENABLED must be TRUE or FALSE/,
      ],
      [
        "CREATE STAGE s URL='s3://b/' STORAGE_INTEGRATION=i CREDENTIALS=(AWS_KEY_ID='a' AWS_SECRET_KEY='b')",
        /STORAGE_INTEGRATION and CREDENTIALS/,
      ],
      [
        "CREATE STAGE s URL='s3://b/' CREDENTIALS=(AWS_KEY_ID='a' AWS_SECRET_KEY='b' AWS_ROLE='r')",
        /AWS_KEY_ID and AWS_ROLE/,
      ],
      ["CREATE STAGE s URL='s3://b/' FILE_FORMAT=(FORMAT_NAME='f' TYPE=CSV)", /FORMAT_NAME and TYPE/],
      ["CREATE STAGE s URL='s3://b/' AUTO_REFRESH=TRUE", /AUTO_REFRESH is not valid for a stage .*DIRECTORY/],
      ['CREATE STAGE s STORAGE_INTEGRATION=i', /needs URL/],
      [
        'CREATE FILE FORMAT f TYPE=CSV PARSE_HEADER=TRUE SKIP_HEADER=1',
        /SKIP_HEADER cannot be used with PARSE_HEADER/,
      ],
      ['CREATE FILE FORMAT f TYPE=JSON SKIP_HEADER=1', /SKIP_HEADER is not valid for a JSON file format/],
      [
        'CREATE FILE FORMAT f TYPE=CSV STRIP_OUTER_ARRAY=TRUE',
        /STRIP_OUTER_ARRAY is not valid for a CSV file format/,
      ],
      ['CREATE FILE FORMAT f TYPE=CSV BOGUS=1', /Unknown file format option BOGUS/],
      ['CREATE FILE FORMAT f TYPE=YAML', /not a file format type/],
      ['CREATE FILE FORMAT f TYPE=CSV COMPRESSION=LZO', /COMPRESSION LZO is not valid for CSV/],
      [
        "CREATE FILE FORMAT f TYPE=CSV FIELD_DELIMITER='aa' RECORD_DELIMITER='aabb'",
        /substrings of each other/,
      ],
      ['CREATE FILE FORMAT f TYPE=CSV SKIP_HEADER=-1', /whole number/],
      ["CREATE FILE FORMAT f TYPE=CSV ENCODING='klingon'", /not a supported character set/],
      ['CREATE TEMPORARY STORAGE INTEGRATION i', /TEMPORARY is not valid/],
      ['CREATE EXTERNAL TABLE t FILE_FORMAT=(TYPE=CSV)', /needs LOCATION/],
      [
        "CREATE EXTERNAL TABLE t LOCATION='@s/x' FILE_FORMAT=(TYPE=CSV)",
        /LOCATION must be a stage reference/,
      ],
      ['CREATE EXTERNAL TABLE t LOCATION=@~/x FILE_FORMAT=(TYPE=CSV)', /internal stages/],
      ['CREATE EXTERNAL TABLE t LOCATION=@s/data.csv FILE_FORMAT=(TYPE=CSV)', /cannot name a file/],
      ['CREATE EXTERNAL TABLE t LOCATION=@s FILE_FORMAT=(TYPE=XML)', /cannot read XML/],
      [
        'CREATE EXTERNAL TABLE t LOCATION=@s FILE_FORMAT=(TYPE=CSV PARSE_HEADER=TRUE)',
        /PARSE_HEADER is not supported for external tables/,
      ],
      [
        "CREATE EXTERNAL TABLE t LOCATION=@s FILE_FORMAT=(TYPE=CSV DATE_FORMAT='x')",
        /DATE_FORMAT is not supported in an external table/,
      ],
      ['CREATE EXTERNAL TABLE t LOCATION=@s FILE_FORMAT=(FORMAT_NAME=f TYPE=CSV)', /FORMAT_NAME and TYPE/],
      [
        'CREATE EXTERNAL TABLE t LOCATION=@s FILE_FORMAT=(TYPE=CSV) PARTITION_TYPE=USER_SPECIFIED AUTO_REFRESH=TRUE',
        /USER_SPECIFIED/,
      ],
      [
        'CREATE EXTERNAL TABLE t LOCATION=@s FILE_FORMAT=(TYPE=PARQUET) TABLE_FORMAT=DELTA AUTO_REFRESH=TRUE',
        /Delta Lake .*AUTO_REFRESH = FALSE/,
      ],
      [
        "CREATE EXTERNAL TABLE t LOCATION=@s FILE_FORMAT=(TYPE=PARQUET) TABLE_FORMAT=DELTA PATTERN='.*'",
        /PATTERN is not supported for a Delta/,
      ],
      ['CREATE EXTERNAL TABLE t USING TEMPLATE () LOCATION=@s FILE_FORMAT=f', /USING TEMPLATE needs a query/],
      [
        'CREATE EXTERNAL TABLE t (a int AS (1)) PARTITION BY (b) LOCATION=@s FILE_FORMAT=(TYPE=CSV)',
        /PARTITION BY names b/,
      ],
      [
        'CREATE EXTERNAL TABLE t (a int AS (metadata$external_table_partition)) LOCATION=@s FILE_FORMAT=(TYPE=CSV)',
        /USER_SPECIFIED/,
      ],
      ['CREATE EXTERNAL TABLE t (a int) LOCATION=@s FILE_FORMAT=(TYPE=CSV)', /needs AS <expression>/],
      [
        'CREATE EXTERNAL TABLE t (a int AS (1), A int AS (2)) LOCATION=@s FILE_FORMAT=(TYPE=CSV)',
        /defined more than once/,
      ],
      ['CREATE STAGE ""', /Empty quoted identifier/],
      ['CREATE STAGE a.b.c.d', /Too many name parts/],
    ];
    for (const [sql, reason] of cases) {
      const e = bad(sql);
      expect(e.message, sql).toMatch(reason);
      expect(e.line).toBeGreaterThanOrEqual(1);
      expect(e.column).toBeGreaterThanOrEqual(1);
    }
  });

  it('reports the kind and name of a refused statement when known', () => {
    const r = parseStatement('CREATE STAGE db.s URL = 5');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.kind).toBe('STAGE');
    expect(r.name?.text).toBe('db.s');
  });
});
