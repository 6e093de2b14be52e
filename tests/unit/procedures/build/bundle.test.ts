import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  escapeDollarQuotes,
  MAX_BODY_BYTES,
  PROCEDURES_SQL_PATH,
  renderProceduresSql,
} from '../../../../procedures/build/bundle.js';
import { POLYFILLS } from '../../../../procedures/build/polyfills.js';
import { PROCEDURES } from '../../../../procedures/build/procedureDefinitions.js';
import {
  type ParsedProcedure,
  parseProceduresSql,
} from '../../../../procedures/build/proceduresSqlFormat.js';
import { planHash } from '../../../../procedures/execute/planHash.js';
import { GENERATORS } from '../../../../procedures/generators/index.js';
import { PROCEDURE_NAMES, type ToolName } from '../../../../procedures/names.js';
import { FakeSnowflake } from '../fakeSnowflake.js';

/**
 * Built-ins newer than ES2017. Snowflake does not document its engine's level, so the bundles must not need them;
 * they are removed from the vm context before a body runs.
 */
const PRELUDE = `
for (const [owner, names] of [
  [Array.prototype, ['flat', 'flatMap', 'at', 'findLast', 'findLastIndex', 'toSorted', 'toReversed', 'toSpliced', 'with']],
  [String.prototype, ['matchAll', 'replaceAll', 'at', 'trimStart', 'trimEnd', 'isWellFormed', 'toWellFormed']],
  [Object, ['fromEntries', 'hasOwn', 'groupBy']],
  [Promise, ['allSettled', 'any']],
]) for (const n of names) delete owner[n];
delete globalThis.structuredClone;
`;

let text: string;
let procedures: ParsedProcedure[];
beforeAll(async () => {
  text = await renderProceduresSql();
  procedures = parseProceduresSql(text);
}, 120_000);

function body(name: string): ParsedProcedure {
  const proc = procedures.find((p) => p.name === name);
  if (!proc) throw new Error(`no procedure ${name}`);
  return proc;
}

/**
 * Runs a body the way Snowflake does: argument variables in scope, `snowflake` global, top-level `return`. Only the
 * given arguments are declared, so an argument the caller left out is not even a variable.
 */
function call(proc: ParsedProcedure, args: Record<string, unknown>, snowflake: unknown): unknown {
  const context = vm.createContext({ snowflake });
  vm.runInContext(PRELUDE, context);
  const names = Object.keys(args);
  const fn = vm.runInContext(`(function (${names.join(', ')}) {\n${proc.body}\n})`, context) as (
    ...a: unknown[]
  ) => unknown;
  // Snowflake hands VARIANT/ARRAY arguments over as values of the procedure's own realm.
  const values = names.map((n) => vm.runInContext(`(${JSON.stringify(args[n] ?? null)})`, context));
  return JSON.parse(JSON.stringify(fn(...values)));
}

const GENERATOR_INPUTS: Record<ToolName, Record<string, unknown>> = {
  GENERATE_STORAGE_INTEGRATION_DDL: {
    CLOUD_PROVIDER: 'S3',
    ALLOWED_LOCATIONS: ['s3://bucket/path/'],
    AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/r',
  },
  GENERATE_FILE_FORMAT_DDL: { FORMAT_TYPE: 'CSV', NAME: 'CSV_FMT', FORMAT_OPTIONS: { skip_header: 1 } },
  GENERATE_EXTERNAL_STAGE_DDL: { URL: 's3://bucket/path/', STORAGE_INTEGRATION: 'S3_INT', NAME: 'RAW_STAGE' },
  GENERATE_EXTERNAL_TABLE_DDL: {
    LOCATION: 's3://bucket/path/orders/',
    STAGE: 'RAW_STAGE',
    FORMAT_TYPE: 'CSV',
    NAME: 'ORDERS_EXT',
    COLUMNS: [{ name: 'id', type: 'NUMBER' }],
  },
};

describe('sql/procedures.sql', () => {
  it('is up to date with procedures/ (run `npm run build:procedures`)', () => {
    const committed = readFileSync(PROCEDURES_SQL_PATH, 'utf8');
    expect(committed === text, 'sql/procedures.sql is stale: run `npm run build:procedures`').toBe(true);
  });

  it('declares every procedure with its catalog signature and rights, optional arguments DEFAULT NULL', () => {
    expect(procedures.map((p) => p.name)).toEqual([...PROCEDURE_NAMES]);
    for (const def of PROCEDURES) {
      expect(body(def.name).args).toEqual(
        def.args.map((a) => ({ name: a.name, sqlType: a.sqlType, hasDefault: !a.required })),
      );
      expect(body(def.name).rights).toBe(def.rights);
    }
    // Created in the current schema: no qualified procedure name, no USE inside the script's statements.
    expect(text.match(/^CREATE OR REPLACE PROCEDURE [A-Z_]+\($/gm)).toHaveLength(PROCEDURE_NAMES.length);
    expect(text).not.toMatch(/^USE /m);
    // Every procedure the bot calls is the owner's; only the administrator's bare form runs with the caller's rights.
    expect(text.match(/^EXECUTE AS OWNER$/gm)).toHaveLength(PROCEDURE_NAMES.length - 1);
    expect(text.match(/^EXECUTE AS CALLER$/gm)).toHaveLength(1);
  });

  it('keeps every body under 100 KB, free of $$ and of imports', () => {
    for (const proc of procedures) {
      expect(Buffer.byteLength(proc.body, 'utf8')).toBeLessThan(MAX_BODY_BYTES);
      expect(proc.body).not.toContain('$$');
      expect(proc.body).not.toMatch(/\brequire\(|\bimport\(|from\s*["']node:/);
    }
  });

  it('renders reserved argument names quoted and reads them back', () => {
    const sql =
      'CREATE OR REPLACE PROCEDURE P(\n  "DATABASE" VARCHAR DEFAULT NULL,\n  N NUMBER(38,0)\n)\nRETURNS VARIANT\nLANGUAGE JAVASCRIPT\nEXECUTE AS OWNER\nAS $$\nreturn 1;\n$$;\n';
    expect(parseProceduresSql(sql)).toEqual([
      {
        name: 'P',
        args: [
          { name: 'DATABASE', sqlType: 'VARCHAR', hasDefault: true },
          { name: 'N', sqlType: 'NUMBER(38,0)', hasDefault: false },
        ],
        body: 'return 1;',
        rights: 'OWNER',
      },
    ]);
    expect(parseProceduresSql(sql.replace('EXECUTE AS OWNER', 'EXECUTE AS CALLER'))[0]?.rights).toBe(
      'CALLER',
    );
  });
});

describe('escapeDollarQuotes', () => {
  it('rewrites $$ so strings and identifiers keep their meaning', () => {
    const code = 'var a$$b = "x$$y$$$"; a$$b + "$$";';
    const escaped = escapeDollarQuotes(code);
    expect(escaped).not.toContain('$$');
    expect(vm.runInNewContext(`${escaped}`)).toBe(vm.runInNewContext(code));
  });

  it('refuses a $${ that would change a template literal', () => {
    expect(() => escapeDollarQuotes('`$${x}`')).toThrow(/template/);
  });
});

describe('the bundled procedures run self-contained in node:vm', () => {
  it.each(Object.keys(GENERATOR_INPUTS) as ToolName[])(
    '%s returns what the TypeScript generator returns',
    (name) => {
      const input = GENERATOR_INPUTS[name];
      const expected = GENERATORS[name].run(input);
      expect(expected.ok).toBe(true);
      expect(call(body(name), input, undefined)).toEqual(JSON.parse(JSON.stringify(expected)));
    },
  );

  it('a generator answers invalid input with ok:false instead of throwing', () => {
    const result = call(body('GENERATE_FILE_FORMAT_DDL'), { FORMAT_TYPE: 'EXCEL' }, undefined) as {
      ok: boolean;
      error: { message: string; issues: { path: string }[] };
    };
    expect(result.ok).toBe(false);
    expect(result.error.issues.map((i) => i.path)).toContain('format_type');
  });

  it('EXECUTE_DDL_DIRECT and then EXECUTE_DDL_AND_TRACK run against the fake snowflake object', () => {
    const sf = new FakeSnowflake();
    sf.approvers = [{ PRINCIPAL: 'local:ana', KIND: 'user', MAY_APPROVE_OWN: false }];
    const exec = body('EXECUTE_DDL_AND_TRACK');
    const formB = call(
      body('EXECUTE_DDL_DIRECT'),
      { DDL_STATEMENTS: ['CREATE FILE FORMAT CSV_FMT TYPE = CSV'], DATA_SOURCE: 'S3' },
      sf,
    ) as {
      status: string;
      pipeline_id: string;
    };
    expect(formB).toMatchObject({ status: 'SUCCESS', message: 'executed 1 statement' });
    expect(formB.pipeline_id).toMatch(/^P-[0-9a-f]{12}$/);
    expect(sf.tracker.get(formB.pipeline_id)?.STATUS).toBe('SUCCESS');

    const plan = [
      { kind: 'STAGE', name: 'RAW_STAGE', sql: "CREATE STAGE RAW_STAGE URL = 's3://b/p/'", change: 'new' },
    ];
    const hash = planHash(plan);
    sf.tracker.set('P-1', {
      PIPELINE_ID: 'P-1',
      STATUS: 'PROPOSED',
      PLAN_HASH: hash,
      DDL_STATEMENTS: plan,
      EXPIRES_AT: sf.nowMs + 1000,
      REQUESTED_BY: 'local:bo',
    });
    // The bundle computes the same hash as node-side planHash, or this claim would be refused.
    const formA = call(exec, { PIPELINE_ID: 'P-1', PLAN_HASH: hash, APPROVER: 'local:ana' }, sf);
    expect(formA).toMatchObject({ pipeline_id: 'P-1', status: 'SUCCESS', compensation: [] });
    expect(sf.ddl()).toEqual([
      'CREATE FILE FORMAT CSV_FMT TYPE = CSV',
      "CREATE STAGE RAW_STAGE URL = 's3://b/p/'",
    ]);
  });
});

describe('POLYFILLS', () => {
  it('behave like the native methods when those are missing', () => {
    const context = vm.createContext({});
    vm.runInContext(PRELUDE, context);
    expect(vm.runInContext('typeof Object.fromEntries', context)).toBe('undefined');
    vm.runInContext(POLYFILLS, context);
    const got = vm.runInContext(
      `JSON.stringify([
        Object.fromEntries([['a', 1], ['b', [2]]]),
        [1, [2, [3, [4]]], , 5].flat(),
        [1, [2, [3, [4]]]].flat(Infinity),
        [1, 2, 3].flatMap((x, i) => (x === 2 ? [] : [x, [i]])),
        Object.keys(Array.prototype).length,
      ])`,
      context,
    );
    const native = JSON.stringify([
      Object.fromEntries([
        ['a', 1],
        ['b', [2]],
      ]),
      // biome-ignore lint/suspicious/noSparseArray: a hole must be skipped as native flat() does.
      [1, [2, [3, [4]]], , 5].flat(),
      [1, [2, [3, [4]]]].flat(Number.POSITIVE_INFINITY),
      [1, 2, 3].flatMap((x, i) => (x === 2 ? [] : [x, [i]])),
      0,
    ]);
    expect(got).toBe(native);
  });
});
