import { describe, expect, it } from 'vitest';
import { guardAny, retirePlanProblem } from '../../../../procedures/execute/changeSteps.js';
import { parseAlterIntegration, parseDropStatement } from '../../../../procedures/parser/changeStatements.js';

describe('ALTER STORAGE INTEGRATION: only SET STORAGE_ALLOWED_LOCATIONS', () => {
  it('reads the one allowed shape', () => {
    const r = parseAlterIntegration(
      "ALTER STORAGE INTEGRATION acme_int SET STORAGE_ALLOWED_LOCATIONS = ('s3://a/x/', 's3://a/y/');",
    );
    expect(r.ok && r.statement.name.parts).toEqual(['ACME_INT']);
    expect(r.ok && r.statement.allowedLocations).toEqual(['s3://a/x/', 's3://a/y/']);
  });

  it.each([
    ['another property', 'ALTER STORAGE INTEGRATION i SET ENABLED = FALSE'],
    ['the trust role', "ALTER STORAGE INTEGRATION i SET STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::1:role/x'"],
    [
      'a second clause',
      "ALTER STORAGE INTEGRATION i SET STORAGE_ALLOWED_LOCATIONS = ('s3://a/') ENABLED = FALSE",
    ],
    ['UNSET', 'ALTER STORAGE INTEGRATION i UNSET STORAGE_ALLOWED_LOCATIONS'],
    ['IF EXISTS', "ALTER STORAGE INTEGRATION IF EXISTS i SET STORAGE_ALLOWED_LOCATIONS = ('s3://a/')"],
    ['a qualified name', "ALTER STORAGE INTEGRATION db.i SET STORAGE_ALLOWED_LOCATIONS = ('s3://a/')"],
    [
      'a second statement',
      "ALTER STORAGE INTEGRATION i SET STORAGE_ALLOWED_LOCATIONS = ('s3://a/'); DROP DATABASE d",
    ],
    ['another object type', "ALTER STAGE s SET URL = 's3://a/'"],
    ['RENAME', 'ALTER STORAGE INTEGRATION i RENAME TO j'],
    ['an empty list', 'ALTER STORAGE INTEGRATION i SET STORAGE_ALLOWED_LOCATIONS = ()'],
    ['a non-string location', 'ALTER STORAGE INTEGRATION i SET STORAGE_ALLOWED_LOCATIONS = (x)'],
  ])('refuses %s', (_what, sql) => {
    const r = parseAlterIntegration(sql);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message.length).toBeGreaterThan(10);
  });
});

describe('DROP: the four kinds, nothing else', () => {
  it.each([
    ['DROP EXTERNAL TABLE db.s.t', 'EXTERNAL_TABLE'],
    ['DROP STAGE IF EXISTS s', 'STAGE'],
    ['DROP FILE FORMAT "My Fmt"', 'FILE_FORMAT'],
    ['DROP STORAGE INTEGRATION i', 'STORAGE_INTEGRATION'],
  ])('reads %s', (sql, kind) => {
    const r = parseDropStatement(sql);
    expect(r.ok && r.statement.kind).toBe(kind);
  });

  it.each([
    'DROP TABLE t',
    'DROP DATABASE d',
    'DROP SCHEMA s',
    'DROP STAGE s CASCADE',
    'DROP STAGE s; DROP DATABASE d',
    'DROP STORAGE INTEGRATION a.b',
  ])('refuses %s', (sql) => {
    expect(parseDropStatement(sql).ok).toBe(false);
  });
});

describe('the guard inside EXECUTE_DDL_AND_TRACK picks the grammar from the SQL and checks the declared change', () => {
  const alter = "ALTER STORAGE INTEGRATION i SET STORAGE_ALLOWED_LOCATIONS = ('s3://a/')";

  it('refuses an ALTER declared as a CREATE, and a DROP outside a retire plan', () => {
    expect(guardAny({ kind: 'STORAGE_INTEGRATION', name: 'I', sql: alter, change: 'new' }).ok).toBe(false);
    expect(guardAny({ kind: 'STAGE', name: 'S', sql: 'DROP STAGE s', change: 'new' }).ok).toBe(false);
    expect(guardAny({ kind: 'STAGE', name: 'S', sql: 'DROP STAGE s', change: 'drop' }).ok).toBe(false);
    expect(
      guardAny({ kind: 'STAGE', name: 'S', sql: 'DROP STAGE s', change: 'drop', retires: 'P-0123456789ab' })
        .ok,
    ).toBe(true);
    expect(guardAny({ kind: 'STORAGE_INTEGRATION', name: 'I', sql: alter, change: 'alter' }).ok).toBe(true);
  });

  it('refuses a CREATE declared as alter or drop', () => {
    const create = "CREATE STAGE s URL = 's3://a/' STORAGE_INTEGRATION = i";
    expect(guardAny({ kind: 'STAGE', name: 'S', sql: create, change: 'alter' }).ok).toBe(false);
    expect(
      guardAny({ kind: 'STAGE', name: 'S', sql: create, change: 'drop', retires: 'P-0123456789ab' }).ok,
    ).toBe(false);
  });

  it('a plan with a DROP holds only DROPs of one retired pipeline', () => {
    const drop = { kind: 'STAGE' as const, name: 'S', sql: 'DROP STAGE s', change: 'drop' as const };
    expect(retirePlanProblem([{ ...drop, retires: 'P-0123456789ab' }])).toBeNull();
    expect(
      retirePlanProblem([
        { ...drop, retires: 'P-0123456789ab' },
        { kind: 'STAGE', name: 'T', sql: "CREATE STAGE t URL = 's3://a/'", change: 'new' },
      ]),
    ).toMatch(/only DROP/);
    expect(
      retirePlanProblem([
        { ...drop, retires: 'P-0123456789ab' },
        { ...drop, retires: 'P-ba9876543210' },
      ]),
    ).toMatch(/exactly one pipeline/);
  });
});
