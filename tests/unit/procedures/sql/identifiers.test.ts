import { describe, expect, it } from 'vitest';
import {
  IdentifierError,
  identifier,
  identifierProblem,
  qualifiedReference,
  quoteIdentifier,
  splitQualifiedName,
  stagePathSegments,
  stageReference,
  variantPath,
} from '../../../../procedures/sql/identifiers.js';

describe('identifier quoting', () => {
  it('emits unquoted-safe names upper-case, as Snowflake stores them', () => {
    expect(identifier('orders')).toEqual({ sql: 'ORDERS', resolved: 'ORDERS' });
    expect(quoteIdentifier('_raw$1')).toBe('_RAW$1');
    expect(quoteIdentifier('MixedCase')).toBe('MIXEDCASE');
  });

  it('quotes names that are not plain words and keeps their case', () => {
    expect(identifier('My Table')).toEqual({ sql: '"My Table"', resolved: 'My Table' });
    expect(quoteIdentifier('1orders')).toBe('"1orders"');
    expect(quoteIdentifier('a-b')).toBe('"a-b"');
    expect(quoteIdentifier('a.b')).toBe('"a.b"');
  });

  it('doubles embedded double quotes', () => {
    expect(identifier('say "hi"')).toEqual({ sql: '"say ""hi"""', resolved: 'say "hi"' });
  });

  it('quotes reserved words in any case', () => {
    expect(quoteIdentifier('table')).toBe('"table"');
    expect(quoteIdentifier('SELECT')).toBe('"SELECT"');
    expect(identifier('Values').resolved).toBe('Values');
    expect(quoteIdentifier('TRY_CAST')).toBe('"TRY_CAST"');
    // not reserved, but `CREATE STAGE IF …` would read as IF NOT EXISTS; the stored name stays IF
    expect(identifier('if')).toEqual({ sql: '"IF"', resolved: 'IF' });
  });

  it('takes pre-quoted names verbatim and unquotes them when that means the same', () => {
    expect(identifier('"Orders"')).toEqual({ sql: '"Orders"', resolved: 'Orders' });
    expect(identifier('"ORDERS"')).toEqual({ sql: 'ORDERS', resolved: 'ORDERS' });
    expect(identifier('"a""b"')).toEqual({ sql: '"a""b"', resolved: 'a"b' });
    expect(identifier('"TABLE"').sql).toBe('"TABLE"');
  });

  it('keeps unicode and quotes it', () => {
    expect(identifier('Bestellungen_ä')).toEqual({ sql: '"Bestellungen_ä"', resolved: 'Bestellungen_ä' });
    expect(quoteIdentifier('表')).toBe('"表"');
  });

  it('accepts 255 characters and refuses 256', () => {
    expect(quoteIdentifier('A'.repeat(255))).toBe('A'.repeat(255));
    expect(() => identifier('A'.repeat(256))).toThrow(/256 characters long; Snowflake allows at most 255/);
    // counted in characters, not UTF-16 units
    expect(identifier('😀'.repeat(255)).resolved).toHaveLength(510);
    expect(identifierProblem('😀'.repeat(256))).toMatch(/256 characters/);
  });

  it('refuses empty names, control characters, broken surrogates and outer spaces', () => {
    expect(() => identifier('')).toThrow(IdentifierError);
    expect(() => identifier('""')).toThrow(/must not be empty/);
    expect(() => identifier('a\nb')).toThrow(/control characters/);
    expect(() => identifier('a\tb')).toThrow(/control characters/);
    expect(() => identifier('a\u0000')).toThrow(/control characters/);
    expect(() => identifier('a\u0085')).toThrow(/control characters/);
    expect(() => identifier('x\uD800')).toThrow(/surrogate/);
    expect(() => identifier(' orders')).toThrow(/start or end with a space/);
    expect(() => identifier('   ')).toThrow(/only spaces/);
  });
});

describe('qualified names', () => {
  it('splits on dots outside quotes and quotes each part independently', () => {
    expect(splitQualifiedName('db.sch.obj')).toEqual(['db', 'sch', 'obj']);
    expect(splitQualifiedName('"My.DB".sch."a""b"')).toEqual(['"My.DB"', 'sch', '"a""b"']);
    expect(qualifiedReference('raw."Landing Zone".orders')).toEqual({
      sql: 'RAW."Landing Zone".ORDERS',
      parts: ['RAW', 'Landing Zone', 'ORDERS'],
    });
  });

  it('refuses empty parts, stray quotes and too many parts', () => {
    expect(() => splitQualifiedName('a..b')).toThrow(/empty part/);
    expect(() => splitQualifiedName('.a')).toThrow(/empty part/);
    expect(() => splitQualifiedName('a.')).toThrow(/ends with a dot/);
    expect(() => splitQualifiedName('a"b')).toThrow(/wrapped in double quotes/);
    expect(() => splitQualifiedName('"ab')).toThrow(/unclosed double quote/);
    expect(() => splitQualifiedName('"a"b')).toThrow(/expected a dot/);
    expect(() => qualifiedReference('a.b.c.d')).toThrow(/4 dot-separated parts; at most 3/);
    expect(() => qualifiedReference('a.b', 1)).toThrow(/at most 1/);
  });
});

describe('variant paths and stage references', () => {
  it('double-quotes every field of a path', () => {
    expect(variantPath(['customer', 'Address', 'city'])).toBe('"customer"."Address"."city"');
    expect(variantPath(["it's", 'a b'])).toBe('"it\'s"."a b"');
    expect(() => variantPath(['a"b'])).toThrow(/double quotes/);
    expect(() => variantPath([''])).toThrow(/non-empty/);
    expect(() => variantPath([])).toThrow(/at least one/);
  });

  it('writes stage paths as folders and refuses unsafe ones', () => {
    const stage = qualifiedReference('raw.s.orders_stage');
    expect(stageReference(stage, undefined)).toBe('@RAW.S.ORDERS_STAGE');
    expect(stageReference(stage, '2024/06')).toBe('@RAW.S.ORDERS_STAGE/2024/06/');
    expect(stageReference(stage, '/year=2024/')).toBe('@RAW.S.ORDERS_STAGE/year=2024/');
    expect(stagePathSegments('a b/')).toBeUndefined();
    expect(stagePathSegments('../x/')).toBeUndefined();
    expect(() => stageReference(stage, "x'; DROP TABLE t; --")).toThrow(IdentifierError);
  });
});
