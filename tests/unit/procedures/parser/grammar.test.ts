/**
 * The guard's grammar inside external tables is an allowlist: what a column may read and call, what may follow
 * it, and the one USING TEMPLATE form. Each refusal says why. Sizes are bounded and parsing is linear.
 */
import { describe, expect, it } from 'vitest';
import { guardStatement, parseStatement } from '../../../../procedures/parser/index.js';
import { LIMITS } from '../../../../procedures/parser/limits.js';

const table = (columns: string): string =>
  `CREATE EXTERNAL TABLE t (${columns}) LOCATION = @s/ FILE_FORMAT = (TYPE = CSV)`;

function refusal(sql: string): string {
  const r = parseStatement(sql);
  if (r.ok) throw new Error(`accepted: ${sql.slice(0, 200)}`);
  return r.error.message;
}

describe('external-table column expressions', () => {
  it.each([
    'VALUE:c1::NUMBER(38,0)',
    'VALUE:"a b"[0]::VARCHAR',
    'VALUE:"customer"."id"::VARCHAR',
    "VALUE['key']::VARCHAR",
    'METADATA$FILENAME',
    'METADATA$FILE_ROW_NUMBER',
    "SPLIT_PART(METADATA$FILENAME, '/', 3)::DATE",
    "TO_DATE(SPLIT_PART(METADATA$FILENAME, '/', 2) || '-' || SPLIT_PART(METADATA$FILENAME, '/', 3), 'YYYY-MM')",
    'CAST(VALUE:c1 AS DECIMAL(38, 0))',
    'TRY_CAST(VALUE:c1::VARCHAR AS INTEGER)',
    "TRY_TO_TIMESTAMP_NTZ(VALUE:ts::VARCHAR, 'YYYY-MM-DD HH24:MI:SS')",
    "REGEXP_SUBSTR(METADATA$FILENAME, 'd=([0-9]+)', 1, 1, 'e')",
    "CASE WHEN IS_NULL_VALUE(VALUE:a) OR LOWER(VALUE:a) = 'null' THEN NULL ELSE VALUE:a END::VARCHAR",
    "UPPER(TRIM(REPLACE(VALUE:c2::VARCHAR, '-', '')))",
    'VALUE:c1 IS NOT NULL AND VALUE:c2 NOT IN (1, 2) OR VALUE:c3 BETWEEN 1 AND 10',
    '-VALUE:c1::NUMBER * 2 + 1',
  ])('accepts %s', (expr) => {
    const r = parseStatement(table(`a VARCHAR AS (${expr})`));
    if (!r.ok) throw new Error(r.error.message);
  });

  it.each([
    ['(SELECT name FROM SNOWFLAKE.ACCOUNT_USAGE.USERS LIMIT 1)', /a subquery is not allowed/],
    ['((SELECT 1))', /a subquery is not allowed/],
    ['VALUE:c1 IN (SELECT 1)', /a subquery is not allowed/],
    ['SYSTEM$GET_PRIVATELINK_CONFIG()', /SYSTEM\$ functions cannot be called/],
    ['COALESCE(VALUE:c1, SYSTEM$WHITELIST())', /SYSTEM\$ functions cannot be called/],
    ['MY_DB.PUBLIC.MY_UDF(VALUE:c1)', /is not something a column may read/],
    ['EXFILTRATE(VALUE:c1)', /the function EXFILTRATE is not allowed/],
    ['CURRENT_USER()', /the function CURRENT_USER is not allowed/],
    ['OTHER_TABLE.COL', /is not something a column may read/],
    ['"quoted"', /is not something a column may read/],
    ['$$x$$', /\$\$ string is not allowed/],
    ['@other_stage', /stage reference/],
  ])('refuses %s', (expr, why) => {
    expect(refusal(table(`a VARCHAR AS (${expr})`))).toMatch(why);
  });

  it('refuses garbage after a column instead of skipping it', () => {
    expect(refusal(table('a VARCHAR DROP TABLE x AS (1)'))).toMatch(/not a supported Snowflake data type/);
    expect(refusal(table('a VARCHAR AS (VALUE:c1) NOT NULL DROP TABLE x'))).toMatch(
      /Unexpected DROP after column a; only NOT NULL, a constraint/,
    );
    expect(refusal(table('a VARCHAR AS VALUE:c1 GRANT ALL'))).toMatch(/Unexpected GRANT after column a/);
    expect(refusal(table('a VARCHAR AS (VALUE:c1) CONSTRAINT c DROP'))).toMatch(
      /Expected UNIQUE, PRIMARY KEY or REFERENCES after CONSTRAINT/,
    );
  });

  it('accepts the documented inline constraints and a comment', () => {
    const r = parseStatement(
      table(
        "a VARCHAR AS (VALUE:c1) NOT NULL CONSTRAINT pk PRIMARY KEY NOT ENFORCED RELY COMMENT 'the key', b INT AS (VALUE:c2::INT) REFERENCES other (id) ON DELETE NO ACTION, c INT AS (VALUE:c3::INT) NULL",
      ),
    );
    if (!r.ok) throw new Error(r.error.message);
    if (r.statement.kind !== 'EXTERNAL_TABLE') throw new Error('kind');
    expect(r.statement.columns.map((c) => [c.constraint, c.comment])).toEqual([
      ['NOT NULL CONSTRAINT pk PRIMARY KEY NOT ENFORCED RELY', 'the key'],
      ['REFERENCES other (id) ON DELETE NO ACTION', undefined],
      ['NULL', undefined],
    ]);
  });
});

describe('USING TEMPLATE', () => {
  const tail = ' LOCATION = @s/ FILE_FORMAT = (TYPE = PARQUET)';
  it('accepts the INFER_SCHEMA form', () => {
    for (const q of [
      "SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) FROM TABLE(INFER_SCHEMA(LOCATION => '@s/', FILE_FORMAT => 'f'))",
      "SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) WITHIN GROUP (ORDER BY ORDER_ID) FROM TABLE(INFER_SCHEMA(LOCATION=>'@s', FILE_FORMAT=>'f', IGNORE_CASE => TRUE, MAX_FILE_COUNT => 5))",
      "SELECT ARRAY_AGG(OBJECT_CONSTRUCT('COLUMN_NAME', COLUMN_NAME, 'TYPE', TYPE)) FROM TABLE(INFER_SCHEMA(LOCATION=>'@s', FILE_FORMAT=>'f'))",
    ]) {
      const r = parseStatement(`CREATE EXTERNAL TABLE t USING TEMPLATE (${q})${tail}`);
      if (!r.ok) throw new Error(r.error.message);
    }
  });
  it.each([
    'SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) FROM SNOWFLAKE.ACCOUNT_USAGE.USERS',
    "SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) FROM TABLE(INFER_SCHEMA(LOCATION => (SELECT '@s'), FILE_FORMAT => 'f'))",
    "SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*, 'x', SYSTEM$WHITELIST())) FROM TABLE(INFER_SCHEMA(LOCATION => '@s'))",
    "SELECT ARRAY_AGG(OBJECT_CONSTRUCT('k', PASSWORD)) FROM TABLE(INFER_SCHEMA(LOCATION => '@s'))",
    "SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) FROM TABLE(INFER_SCHEMA(FILE_FORMAT => 'f'))",
    "SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) FROM TABLE(INFER_SCHEMA(LOCATION => 's3://b/'))",
    "SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) FROM TABLE(INFER_SCHEMA(LOCATION => '@s')) UNION SELECT 1",
  ])('refuses %s', (q) => {
    expect(refusal(`CREATE EXTERNAL TABLE t USING TEMPLATE (${q})${tail}`)).toMatch(
      /USING TEMPLATE accepts only|Expected/,
    );
  });
});

describe('size limits', () => {
  it('refuses a statement over the byte limit, before reading it', () => {
    const sql = table(`a VARCHAR AS (VALUE:c1) COMMENT '${'x'.repeat(LIMITS.statementBytes)}'`);
    expect(refusal(sql)).toMatch(/bytes long; at most 1000000 are accepted/);
  });
  it('counts bytes, not characters', () => {
    const sql = table(`a VARCHAR AS (VALUE:c1) COMMENT '${'é'.repeat(LIMITS.statementBytes / 2)}'`);
    expect(refusal(sql)).toMatch(/bytes long/);
  });
  it('refuses more columns than the limit and accepts exactly the limit', () => {
    const cols = (n: number): string =>
      Array.from({ length: n }, (_, i) => `c${i} VARCHAR AS (VALUE:c${i + 1}::VARCHAR)`).join(', ');
    expect(parseStatement(table(cols(LIMITS.columns))).ok).toBe(true);
    expect(refusal(table(cols(LIMITS.columns + 1)))).toMatch(/at most 5000 columns/);
  });
  it('refuses nesting deeper than the limit', () => {
    const deep = (n: number): string => `${'('.repeat(n)}VALUE:c1${')'.repeat(n)}`;
    expect(parseStatement(table(`a VARCHAR AS ${deep(LIMITS.expressionDepth - 1)}`)).ok).toBe(true);
    expect(refusal(table(`a VARCHAR AS ${deep(10_000)}`))).toMatch(/nests more than 64 levels/);
    expect(refusal(table(`a VARCHAR AS ${'- '.repeat(10_000)}1`))).toMatch(/nests more than 64 levels/);
    expect(refusal(table(`a VARCHAR AS ${'UPPER('.repeat(10_000)}VALUE:c1${')'.repeat(10_000)}`))).toMatch(
      /nests more than 64 levels/,
    );
  });
  it('the guard refuses what the parser refuses', () => {
    expect(() => guardStatement(table('a VARCHAR AS (SYSTEM$WHITELIST())'))).toThrow(/SYSTEM\$/);
  });
});
