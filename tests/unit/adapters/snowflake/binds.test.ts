import { describe, expect, it } from 'vitest';
import { buildCall, toBind, toBinds } from '../../../../adapters/snowflake/binds.js';
import { quoteIdentifier as identifier } from '../../../../procedures/sql/identifiers.js';

describe('toBind', () => {
  it('passes scalars and turns the rest into text', () => {
    expect(toBind('x', 1)).toBe('x');
    expect(toBind(1.5, 1)).toBe(1.5);
    expect(toBind(false, 1)).toBe(false);
    expect(toBind(undefined, 1)).toBeNull();
    expect(toBind(10n, 1)).toBe('10');
    expect(toBind(new Date('2024-01-01T00:00:00Z'), 1)).toBe('2024-01-01T00:00:00.000Z');
    expect(toBind([1, { a: 'b' }], 1)).toBe('[1,{"a":"b"}]');
  });

  it('refuses values Snowflake cannot receive', () => {
    expect(() => toBind(Number.NaN, 3)).toThrow(/bind 3/);
    expect(() => toBind(Symbol('s'), 2)).toThrow(/bind 2: a symbol/);
    expect(() => toBind(() => 1, 1)).toThrow(/function/);
  });

  it('sends no binds array for an empty list', () => {
    expect(toBinds([])).toBeUndefined();
    expect(toBinds(undefined)).toBeUndefined();
  });
});

describe('identifier', () => {
  it('upper-cases plain names and quotes anything else', () => {
    expect(identifier('leila_app')).toBe('LEILA_APP');
    expect(identifier('My DB')).toBe('"My DB"');
    expect(identifier('a"b')).toBe('"a""b"');
    expect(identifier('x; DROP TABLE y')).toBe('"x; DROP TABLE y"');
  });
});

describe('buildCall', () => {
  it('places one placeholder per argument and binds values in order', () => {
    expect(
      buildCall('db', 'My Schema', 'GENERATE_FILE_FORMAT_DDL', ['CSV', null, { skip_header: 1 }, false, 2]),
    ).toEqual({
      sqlText: 'CALL DB."My Schema".GENERATE_FILE_FORMAT_DDL(?, NULL, PARSE_JSON(?), ?, ?)',
      binds: ['CSV', '{"skip_header":1}', false, 2],
    });
  });

  it('binds a Date as text, not JSON', () => {
    expect(buildCall('D', 'S', 'EXECUTE_DDL_AND_TRACK', [new Date(0)]).binds).toEqual([
      '1970-01-01T00:00:00.000Z',
    ]);
  });

  it('refuses a procedure outside the known five', () => {
    expect(() => buildCall('D', 'S', 'DROP_EVERYTHING' as never, [])).toThrow(/unknown procedure/);
  });
});
