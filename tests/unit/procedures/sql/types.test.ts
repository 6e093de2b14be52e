import { describe, expect, it } from 'vitest';
import { normalizeType } from '../../../../procedures/sql/types.js';

const sql = (t: string) => {
  const r = normalizeType(t);
  if (!r.ok) throw new Error(r.message);
  return r.type.sql;
};
const message = (t: string) => {
  const r = normalizeType(t);
  if (r.ok) throw new Error(`accepted ${t}`);
  return r.message;
};

describe('normalizeType', () => {
  it('maps numeric synonyms to NUMBER(p,s)', () => {
    expect(sql('number')).toBe('NUMBER(38,0)');
    expect(sql('NUMBER(10)')).toBe('NUMBER(10,0)');
    expect(sql('decimal( 10 , 2 )')).toBe('NUMBER(10,2)');
    expect(sql('numeric(38,38)')).toBe('NUMBER(38,38)');
    for (const t of ['INT', 'integer', 'BIGINT', 'smallint', 'TINYINT', 'byteint'])
      expect(sql(t)).toBe('NUMBER(38,0)');
  });

  it('checks precision and scale', () => {
    expect(message('NUMBER(0)')).toMatch(/precision must be between 1 and 38, got 0/);
    expect(message('NUMBER(39,0)')).toMatch(/between 1 and 38, got 39/);
    expect(message('NUMBER(5,6)')).toMatch(/scale must be between 0 and the precision \(5\), got 6/);
    expect(message('NUMBER(1,2,3)')).toMatch(/at most two arguments/);
    expect(message('INT(5)')).toMatch(/takes no precision/);
    expect(message('NUMBER(a)')).toMatch(/whole numbers/);
  });

  it('maps text types to VARCHAR with bounds', () => {
    for (const t of ['varchar', 'STRING', 'text', 'nvarchar', 'char varying']) expect(sql(t)).toBe('VARCHAR');
    expect(sql('VARCHAR(100)')).toBe('VARCHAR(100)');
    expect(sql('char')).toBe('VARCHAR(1)');
    expect(sql('CHAR(10)')).toBe('VARCHAR(10)');
    expect(sql('VARCHAR(16777216)')).toBe('VARCHAR(16777216)');
    expect(message('VARCHAR(16777217)')).toMatch(/between 1 and 16777216/);
    expect(message('VARCHAR(0)')).toMatch(/between 1 and 16777216/);
  });

  it('maps floats, booleans, dates, times and timestamps', () => {
    for (const t of ['FLOAT', 'float8', 'DOUBLE', 'double precision', 'REAL']) expect(sql(t)).toBe('FLOAT');
    expect(sql('boolean')).toBe('BOOLEAN');
    expect(sql('date')).toBe('DATE');
    expect(sql('time(3)')).toBe('TIME(3)');
    expect(sql('timestamp')).toBe('TIMESTAMP_NTZ');
    expect(sql('datetime')).toBe('TIMESTAMP_NTZ');
    expect(sql('TIMESTAMP_LTZ(9)')).toBe('TIMESTAMP_LTZ(9)');
    expect(sql('timestamp with time zone')).toBe('TIMESTAMP_TZ');
    expect(sql('timestamp with local time zone')).toBe('TIMESTAMP_LTZ');
    expect(message('TIMESTAMP_NTZ(10)')).toMatch(/between 0 and 9/);
  });

  it('keeps semi-structured, binary and geospatial types', () => {
    for (const t of ['VARIANT', 'OBJECT', 'ARRAY', 'GEOGRAPHY', 'GEOMETRY', 'BINARY'])
      expect(sql(t.toLowerCase())).toBe(t);
    expect(sql('varbinary(16)')).toBe('BINARY(16)');
    expect(message('BINARY(8388609)')).toMatch(/8388608/);
    expect(message('VARIANT(1)')).toMatch(/takes no arguments/);
  });

  it('refuses what is not a type, with examples', () => {
    expect(message('numbr')).toMatch(/not a supported Snowflake data type \(e\.g\. NUMBER\(10,2\)/);
    expect(message('VARCHAR(10); DROP TABLE x')).toMatch(/not a Snowflake data type/);
    expect(message('')).toMatch(/not a Snowflake data type/);
  });
});
