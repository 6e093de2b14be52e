import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseStatement } from '../../../../procedures/parser/index.js';

// The corpus is a fixture of the repository (tests/fixtures/snowflake-ddl, provenance in its README).
const corpusDir = fileURLToPath(new URL('../../../fixtures/snowflake-ddl/', import.meta.url));

interface RealEntry {
  id: string;
  kind: string;
  sql: string;
  expect_valid: 'true' | 'uncertain';
  notes?: string;
}
interface InvalidEntry {
  id: string;
  kind: string;
  reason: string;
  sql?: string;
}

const real = JSON.parse(readFileSync(path.join(corpusDir, 'real.json'), 'utf8')) as RealEntry[];
const invalid = JSON.parse(readFileSync(path.join(corpusDir, 'invalid.json'), 'utf8')) as InvalidEntry[];

/**
 * "uncertain" entries whose notes say the documentation forbids them; the parser applies that documented rule,
 * so they are refused on purpose, with the reason expected here.
 */
const DOCUMENTED_REJECTIONS: Record<string, RegExp> = {
  // notes: S3 integration without STORAGE_AWS_ROLE_ARN, which the syntax lists as required for S3.
  H080: /STORAGE_AWS_ROLE_ARN/,
  // notes: no FILE_FORMAT clause; the docs list FILE_FORMAT as required.
  H087: /needs FILE_FORMAT/,
  // notes: Delta Lake needs FILE_FORMAT TYPE = PARQUET (here JSON).
  H129: /Delta Lake .* PARQUET/,
  // notes: the external-table docs list PARQUET COMPRESSION = AUTO | SNAPPY | NONE (GZIP not listed); see X046.
  H133: /COMPRESSION GZIP is not valid for PARQUET/,
  H134: /COMPRESSION GZIP is not valid for PARQUET/,
};

describe('Snowflake DDL corpus', () => {
  it('has the expected size', () => {
    expect(real).toHaveLength(218);
    expect(invalid.filter((e) => e.sql !== undefined)).toHaveLength(14);
  });

  const valid = real.filter((e) => e.expect_valid === 'true');
  it.each(valid.map((e) => [e.id, e] as const))('accepts %s with its kind', (_id, entry) => {
    const r = parseStatement(entry.sql);
    if (!r.ok) throw new Error(`${entry.id}: ${r.error.message} at ${r.error.line}:${r.error.column}`);
    expect(r.statement.kind).toBe(entry.kind);
    expect(r.statement.name.parts.length).toBeGreaterThan(0);
  });

  const uncertain = real.filter((e) => e.expect_valid === 'uncertain');
  it.each(uncertain.map((e) => [e.id, e] as const))(
    'parses uncertain %s (or refuses it for a documented rule)',
    (id, entry) => {
      const r = parseStatement(entry.sql);
      const rule = DOCUMENTED_REJECTIONS[id];
      if (rule) {
        expect(entry.notes ?? '').not.toBe('');
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.error.message).toMatch(rule);
          expect(r.kind).toBe(entry.kind);
        }
        return;
      }
      if (!r.ok) throw new Error(`${id}: ${r.error.message} at ${r.error.line}:${r.error.column}`);
      expect(r.statement.kind).toBe(entry.kind);
    },
  );

  it('documents every refused uncertain entry by id', () => {
    const refused = uncertain.filter((e) => !parseStatement(e.sql).ok).map((e) => e.id);
    expect(refused.sort()).toEqual(Object.keys(DOCUMENTED_REJECTIONS).sort());
  });

  const withSql = invalid.filter((e): e is InvalidEntry & { sql: string } => e.sql !== undefined);
  it.each(withSql.map((e) => [e.id, e] as const))(
    'refuses invalid %s with a reason and a position',
    (_id, entry) => {
      const r = parseStatement(entry.sql);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.message.length).toBeGreaterThan(10);
      expect(r.error.line).toBeGreaterThanOrEqual(1);
      expect(r.error.column).toBeGreaterThanOrEqual(1);
      expect(r.error.offset).toBeGreaterThanOrEqual(0);
      expect(r.error.offset).toBeLessThanOrEqual(entry.sql.length);
    },
  );

  it('gives the specific reasons of the invalid corpus', () => {
    const reasons = Object.fromEntries(
      withSql.map((e) => {
        const r = parseStatement(e.sql);
        return [e.id, r.ok ? '' : r.error.message];
      }),
    );
    expect(reasons.X052).toMatch(/Unterminated string/);
    expect(reasons.X053).toMatch(/NOTIFICATION_INTEGRATION is not valid for a stage.*DIRECTORY/);
    expect(reasons.X055).toMatch(/STORAGE_AWS_ROLE_ARN must not be empty/);
    expect(reasons.X056).toMatch(/name is missing/);
    for (const id of ['X057', 'X058', 'X059', 'X060', 'X061', 'X062'])
      expect(reasons[id]).toMatch(/OR REPLACE and IF NOT EXISTS/);
    expect(reasons.X063).toMatch(/FIELD_OPTIONALLY_ENCLOSED_BY/);
    expect(reasons.X064).toMatch(/IGNORE_UTF8_ERRORS .* REPLACE_INVALID_CHARACTERS/);
    expect(reasons.X065).toMatch(/SNAPPY_COMPRESSION/);
  });
});
