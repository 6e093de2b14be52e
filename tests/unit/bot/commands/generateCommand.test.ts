import { describe, expect, it } from 'vitest';
import { runGenerate } from '../../../../bot/commands/generate.js';
import { GENERATORS } from '../../../../procedures/generators/index.js';
import { GENERATOR_TOOLS } from '../../../../procedures/names.js';
import { RESERVED_WORDS } from '../../../../procedures/sql/reserved.js';

describe('dea generate', () => {
  it('prints the DDL with a terminating semicolon and the warnings as SQL comments', () => {
    const r = runGenerate(
      'integration',
      JSON.stringify({ cloud_provider: 'GCS', allowed_locations: ['gcs://acme/raw/'], or_replace: true }),
    );
    expect(r.exitCode).toBe(0);
    expect(r.output).toMatch(/^CREATE OR REPLACE STORAGE INTEGRATION ACME_INT\n {2}TYPE = EXTERNAL_STAGE\n/);
    expect(r.output).toMatch(
      /STORAGE_ALLOWED_LOCATIONS = \('gcs:\/\/acme\/raw\/'\);\n-- warning: OR REPLACE recreates/,
    );
  });

  it('runs each kind', () => {
    expect(runGenerate('format', '{"format_type":"JSON","name":"j"}').output).toBe(
      'CREATE FILE FORMAT J\n  TYPE = JSON;\n',
    );
    expect(runGenerate('stage', '{"url":"s3://acme/x/"}').output).toContain('CREATE STAGE ACME_X_STAGE');
    expect(
      runGenerate('table', '{"location":"s3://acme/x/","format_type":"CSV","auto_refresh":false}').output,
    ).toContain('-- warning: AUTO_REFRESH is off');
  });

  it('lists validation errors with their field paths and exits 1', () => {
    const r = runGenerate(
      'table',
      JSON.stringify({
        location: 's3://acme/x/',
        format_type: 'XML',
        columns: [{ name: 'a', type: 'nope' }],
      }),
    );
    expect(r.exitCode).toBe(1);
    expect(r.output).toContain('error: invalid input for GENERATE_EXTERNAL_TABLE_DDL');
    expect(r.output).toContain('  format_type: external tables cannot read XML');
    expect(r.output).toContain('  columns.0.type: ');
  });

  it('refuses malformed JSON and non-objects with exit 1', () => {
    const bad = runGenerate('stage', '{url: s3://x}');
    expect(bad.exitCode).toBe(1);
    expect(bad.output).toMatch(/^error: --json is not valid JSON/);
    const arr = runGenerate('stage', '[]');
    expect(arr.exitCode).toBe(1);
    expect(arr.output).toContain('(input): input must be a JSON object');
  });
});

describe('generator catalog', () => {
  it('has one entry per tool, arguments in signature order and matching the schema fields', () => {
    expect(Object.keys(GENERATORS).sort()).toEqual([...GENERATOR_TOOLS].sort());
    for (const tool of GENERATOR_TOOLS) {
      const { args, schema } = GENERATORS[tool];
      const firstOptional = args.findIndex((a) => !a.required);
      expect(args.slice(firstOptional).every((a) => !a.required)).toBe(true);
      const shape = (schema as unknown as { _zod: { def: { shape: Record<string, unknown> } } })._zod.def
        .shape;
      expect(args.map((a) => a.name.toLowerCase()).sort()).toEqual(Object.keys(shape).sort());
      for (const a of args) expect(a.name).toBe(a.name.toUpperCase());
    }
  });

  it('has no argument named by a reserved word, so named calls (ARG => value) parse unquoted', () => {
    const names = GENERATOR_TOOLS.flatMap((tool) => GENERATORS[tool].args.map((a) => a.name));
    expect(names.filter((n) => RESERVED_WORDS.has(n))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['DATABASE_NAME', 'SCHEMA_NAME']));
  });
});
