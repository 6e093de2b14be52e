import { describe, expect, it } from 'vitest';
import { tokenizeSql } from '../../../../../adapters/local/warehouse/sqlLexer.js';
import { SnowflakeTranslator } from '../../../../../adapters/local/warehouse/translate.js';
import { mapDateFormat, mapType } from '../../../../../adapters/local/warehouse/typeMapping.js';

const tr = new SnowflakeTranslator({
  database: 'LEILA_APP',
  schema: 'PUBLIC',
  currentUser: 'ME',
  currentRole: 'R',
});
const t = (sql: string): string => tr.translate(tokenizeSql(sql));

describe('Snowflake → DuckDB translation', () => {
  it('maps VARIANT paths, with ->> before a scalar cast', () => {
    expect(t('VALUE:c1::NUMBER')).toBe(`(VALUE->>'$."c1"')::DECIMAL(38,0)`);
    expect(t('value:"a"."b"::varchar')).toBe(`(VALUE->>'$."a"."b"')::VARCHAR`);
    expect(t('VALUE:a.b[2]')).toBe(`(VALUE->'$."a"."b"[2]')`);
    expect(t('X[0]:k')).toBe(`((X->'$[0]')->'$."k"')`);
    expect(t('VALUE:obj::VARIANT')).toBe(`(VALUE->'$."obj"')::JSON`);
  });

  it('keeps path element case but upper-cases unquoted identifiers and quotes $ names', () => {
    expect(t('select value:Name, metadata$filename from t')).toBe(
      `SELECT (VALUE->'$."Name"') , "METADATA$FILENAME" FROM T`,
    );
  });

  it('rewrites db.schema.object and schema.object to the DuckDB schema', () => {
    expect(t('SELECT * FROM LEILA_APP.PUBLIC.DATA_PIPELINE_TRACKER')).toBe(
      'SELECT * FROM "LEILA_APP.PUBLIC".DATA_PIPELINE_TRACKER',
    );
    expect(t('SELECT * FROM "LEILA_APP"."PUBLIC".T')).toBe('SELECT * FROM "LEILA_APP.PUBLIC".T');
    expect(t('SELECT * FROM PUBLIC.T')).toBe('SELECT * FROM "LEILA_APP.PUBLIC".T');
    expect(t('SELECT A.X FROM T A')).toBe('SELECT A.X FROM T A');
  });

  it('translates Snowflake functions', () => {
    expect(t('IFF(a = 1, 2, 3)')).toBe('(CASE WHEN A = 1 THEN 2 ELSE 3 END)');
    expect(t('CURRENT_TIMESTAMP()')).toBe('CURRENT_TIMESTAMP');
    expect(t('PARSE_JSON(?)')).toBe('json(?)');
    expect(t('TO_JSON(v)')).toBe('CAST(to_json(V) AS VARCHAR)');
    expect(t('DATEADD(hour, 24, CURRENT_TIMESTAMP())')).toBe('(CURRENT_TIMESTAMP + (24) * INTERVAL 1 HOUR)');
    expect(t("DATEADD('day', -1, x)")).toBe('(X + (- 1) * INTERVAL 1 DAY)');
    expect(t("TO_DATE(s, 'YYYY/MM/DD')")).toBe("CAST(strptime(S, '%Y/%m/%d') AS DATE)");
    expect(t('TO_TIMESTAMP_LTZ(?)')).toBe('CAST(? AS TIMESTAMPTZ)');
    expect(t('TRY_CAST(x AS NUMBER(10,2))')).toBe('TRY_CAST(X AS DECIMAL(10,2))');
    expect(t('NVL(a, b)')).toBe('COALESCE(A, B)');
    expect(t('CURRENT_USER()')).toBe("'ME'");
  });

  it('turns :1 binds into $1 and re-escapes strings for DuckDB', () => {
    expect(t('SELECT :1, :2')).toBe('SELECT $1 , $2');
    expect(t("SELECT 'it\\'s', 'a\\\\b', $$x'y$$")).toBe("SELECT 'it''s' , 'a\\b' , 'x''y'");
  });

  it('maps Snowflake types and date formats', () => {
    expect(mapType('NUMBER')).toBe('DECIMAL(38,0)');
    expect(mapType('NUMBER(12,3)')).toBe('DECIMAL(12,3)');
    expect(mapType('FLOAT')).toBe('DOUBLE');
    expect(mapType('TIMESTAMP_LTZ')).toBe('TIMESTAMPTZ');
    expect(mapType('TIMESTAMP_NTZ(9)')).toBe('TIMESTAMP');
    expect(mapType('VARIANT')).toBe('JSON');
    expect(mapType('VARCHAR(100)')).toBe('VARCHAR');
    expect(mapDateFormat('YYYY-MM-DD HH24:MI:SS')).toBe('%Y-%m-%d %H:%M:%S');
  });

  it('lexes comments and keeps ; inside strings', () => {
    const toks = tokenizeSql("SELECT 1 -- c\n/* ; */ , ';' // x");
    expect(toks.map((x) => x.text)).toEqual(['SELECT', '1', ',', "';'"]);
  });
});
