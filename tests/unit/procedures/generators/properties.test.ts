/**
 * Property tests: any input either fails validation with a clear InputError, or yields exactly one statement of
 * the generator's kind that the project's parser accepts and that carries the same names and values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateExternalTable } from '../../../../procedures/generators/externalTable.js';
import { generateFileFormat } from '../../../../procedures/generators/fileFormat.js';
import { generateStage } from '../../../../procedures/generators/stage.js';
import { generateStorageIntegration } from '../../../../procedures/generators/storageIntegration.js';
import {
  type CreateStatement,
  getOption,
  guardStatement,
  type ObjectName,
  type OptionValue,
  splitStatements,
} from '../../../../procedures/parser/index.js';
import { type GeneratedDdl, InputError } from '../../../../procedures/result.js';
import { decodeCharSpec } from '../../../../procedures/schemas/charSpec.js';
import { OPTIONS_BY_TYPE } from '../../../../procedures/schemas/formatOptions.js';
import { splitQualifiedName } from '../../../../procedures/sql/identifiers.js';
import { RESERVED_WORDS } from '../../../../procedures/sql/reserved.js';

const RUNS = Math.max(1000, Number(process.env.DEA_PROPERTY_RUNS ?? 1000));
const REPORT = process.env.DEA_PROPERTY_STATS === '1';
function report(name: string, stats: { ok: number; refused: number }) {
  if (REPORT) console.log(`${name}: ${stats.ok} generated, ${stats.refused} refused`);
}

/** How Snowflake resolves one written name part; written independently of the generator's own code. */
function resolvePart(raw: string): string {
  const quoted = /^"((?:[^"]|"")*)"$/.exec(raw);
  if (quoted) return (quoted[1] as string).replace(/""/g, '"');
  if (/^[A-Za-z_][A-Za-z0-9_$]*$/.test(raw) && !RESERVED_WORDS.has(raw.toUpperCase()))
    return raw.toUpperCase();
  return raw;
}
const resolveName = (raw: string) => splitQualifiedName(raw).map(resolvePart);

/** Runs a generator; returns the parsed statement, or undefined after checking the InputError is well formed. */
function generateAndParse(
  generate: (input: unknown) => GeneratedDdl,
  input: unknown,
  kind: CreateStatement['kind'],
  stats: { ok: number; refused: number },
): { out: GeneratedDdl; st: CreateStatement } | undefined {
  let out: GeneratedDdl;
  try {
    out = generate(input);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    expect(err.issues.length).toBeGreaterThanOrEqual(1);
    for (const issue of err.issues) {
      expect(typeof issue.path).toBe('string');
      expect(issue.message.trim().length).toBeGreaterThan(10);
    }
    stats.refused++;
    return undefined;
  }
  stats.ok++;
  expect(out.kind).toBe(kind);
  expect(splitStatements(out.ddl)).toHaveLength(1);
  let st: CreateStatement;
  try {
    st = guardStatement(out.ddl);
  } catch (err) {
    throw new Error(`parser refused generated DDL: ${(err as Error).message}\n${out.ddl}`);
  }
  expect(st.kind).toBe(kind);
  return { out, st };
}

const str = (v: OptionValue | undefined): string | undefined => (v?.type === 'string' ? v.value : undefined);
const opt = (st: CreateStatement, key: string) => getOption(st, key)?.value;
const parts = (n: ObjectName | undefined) => n?.parts;

// ---------------------------------------------------------------------------------------------------------------
// Shared arbitraries: mostly plausible values with a steady share of hostile ones.

const plainWord = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_$]{0,15}$/);
const anyText = fc.oneof(
  fc.string({ maxLength: 16 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
  fc.constantFrom("it's", 'a\\b', '\\', "\\'", 'two\nlines', '$$', '--x', '/*', ';', 'tab\t', '😀', 'Grüße'),
);
const rawName = fc.oneof(
  { weight: 14, arbitrary: plainWord },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'table',
      'Select',
      'values',
      'TO',
      'try_cast',
      'order',
      'value',
      'if',
      'not',
      'location',
      'type',
      'partition',
      'with',
    ),
  },
  { weight: 2, arbitrary: anyText },
  { weight: 1, arbitrary: anyText.map((s) => `"${s.replace(/"/g, '""')}"`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('A'.repeat(255), 'b'.repeat(256), 'db.sch.obj', 'a..b', '"x"."y"', ''),
  },
);
/** Present half of the time. */
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
/** Present about one time in sixteen: for fields that make most inputs invalid. */
const rarely = <T>(a: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 15, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: a });
/** Mostly `good`, now and then `bad`. */
const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 25, arbitrary: good }, { weight: 1, arbitrary: bad });
const bucket = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,8}[a-z0-9]$/);
const segment = fc.oneof(
  { weight: 20, arbitrary: fc.stringMatching(/^[A-Za-z0-9_=-][A-Za-z0-9_.=-]{0,7}$/) },
  { weight: 1, arbitrary: fc.constantFrom("it's", 'a b', 'ü', '$$', '') },
);
const SCHEME: Record<string, string> = {
  S3: 's3',
  S3GOV: 's3gov',
  S3CHINA: 's3china',
  GCS: 'gcs',
  AZURE: 'azure',
};
const urlOf = (provider: string) =>
  fc.tuple(bucket, fc.array(segment, { maxLength: 3 }), fc.boolean()).map(([b, segs, slash]) => {
    const root =
      provider === 'AZURE'
        ? `azure://${b.replace(/-/g, '')}x.blob.core.windows.net/c${b}`
        : `${SCHEME[provider]}://${b}`;
    const path = segs.length > 0 ? `/${segs.join('/')}` : '';
    return `${root}${path}${slash ? '/' : ''}`;
  });
const provider = fc.constantFrom('S3', 'S3GOV', 'S3CHINA', 'GCS', 'AZURE');
const anyUrl = mostly(provider.chain(urlOf), anyText);
const flag = mostly(fc.boolean(), fc.constantFrom('yes', 1));
const createMode = fc.oneof(
  fc.constant({}),
  fc.record({ or_replace: flag }),
  fc.record({ if_not_exists: flag }),
  rarely(fc.constant(0)).map((x) => (x === undefined ? {} : { or_replace: true, if_not_exists: true })),
);

function checkCommon(st: CreateStatement, input: Record<string, unknown>) {
  expect(st.orReplace).toBe(input.or_replace === true);
  expect(st.ifNotExists).toBe(input.if_not_exists === true);
  expect(str(opt(st, 'COMMENT'))).toBe(input.comment);
}

function checkOwnName(
  st: CreateStatement,
  out: GeneratedDdl,
  input: { name?: string; database_name?: string; schema_name?: string },
) {
  if (input.name === undefined) {
    expect(parts(st.name)?.at(-1)).toBe(out.name.split('.').at(-1));
    return;
  }
  const own = resolveName(input.name);
  const prefix =
    own.length > 1
      ? []
      : [input.database_name, input.schema_name]
          .filter((p) => p !== undefined)
          .map((p) => resolvePart(p as string));
  expect(parts(st.name)).toEqual([...prefix, ...own]);
}

// ---------------------------------------------------------------------------------------------------------------

describe('property: storage integration', () => {
  it(`valid input round-trips through the parser, invalid input gets a clear error (${RUNS} runs)`, () => {
    const stats = { ok: 0, refused: 0 };
    const arn = (p: string) =>
      fc
        .tuple(fc.stringMatching(/^\d{12}$/), fc.stringMatching(/^[\w+=,.@-]{1,20}$/))
        .map(
          ([acct, role]) =>
            `arn:${p === 'S3GOV' ? 'aws-us-gov' : p === 'S3CHINA' ? 'aws-cn' : 'aws'}:iam::${acct}:role/${role}`,
        );
    const input = provider.chain((p) =>
      fc
        .record(
          {
            cloud_provider: mostly(fc.constant(p), fc.constantFrom('aws', 's3')),
            allowed_locations: fc.oneof(
              { weight: 16, arbitrary: fc.array(urlOf(p), { minLength: 1, maxLength: 3 }) },
              { weight: 2, arbitrary: fc.constant(['*']) },
              { weight: 1, arbitrary: fc.array(anyUrl, { maxLength: 2 }) },
            ),
            name: maybe(rawName),
            aws_role_arn: p.startsWith('S3') ? mostly(arn(p), anyText) : rarely(arn('S3')),
            azure_tenant_id: p === 'AZURE' ? mostly(fc.uuid(), anyText) : rarely(fc.uuid()),
            aws_external_id: p.startsWith('S3')
              ? maybe(mostly(fc.stringMatching(/^[\w+=,.@:/-]{2,20}$/), anyText))
              : rarely(fc.constant('x1')),
            aws_object_acl: p.startsWith('S3')
              ? maybe(mostly(fc.constant('bucket-owner-full-control'), fc.constant('private')))
              : rarely(fc.constant('bucket-owner-full-control')),
            blocked_locations: maybe(fc.array(urlOf(p), { maxLength: 2 })),
            enabled: maybe(flag),
            use_privatelink_endpoint: p === 'GCS' ? rarely(fc.boolean()) : maybe(fc.boolean()),
            comment: maybe(anyText),
          },
          { requiredKeys: ['cloud_provider', 'allowed_locations'] },
        )
        .chain((base) => createMode.map((mode) => ({ ...base, ...mode }))),
    );
    fc.assert(
      fc.property(input, (raw) => {
        const r = generateAndParse(generateStorageIntegration, raw, 'STORAGE_INTEGRATION', stats);
        if (!r) return;
        const { out, st } = r;
        const v = raw as Record<string, unknown> & { name?: string; comment?: string };
        if (st.kind !== 'STORAGE_INTEGRATION') throw new Error('kind');
        checkCommon(st, v);
        expect(parts(st.name)).toEqual(v.name === undefined ? [out.name] : [resolvePart(v.name)]);
        expect(st.provider).toBe(v.cloud_provider);
        expect(st.enabled).toBe(v.enabled ?? true);
        expect(st.allowedLocations).toEqual(v.allowed_locations);
        expect(st.blockedLocations).toEqual(v.blocked_locations ?? []);
        expect(str(opt(st, 'STORAGE_AWS_ROLE_ARN'))).toBe(v.aws_role_arn);
        expect(str(opt(st, 'STORAGE_AWS_EXTERNAL_ID'))).toBe(v.aws_external_id);
        expect(str(opt(st, 'STORAGE_AWS_OBJECT_ACL'))).toBe(v.aws_object_acl);
        expect(str(opt(st, 'AZURE_TENANT_ID'))).toBe(v.azure_tenant_id);
        expect(out.warnings.some((w) => /trust/.test(w))).toBe(v.or_replace === true);
      }),
      { numRuns: RUNS },
    );
    report(expect.getState().currentTestName ?? '', stats);
    expect(stats.ok).toBeGreaterThan(RUNS * 0.2);
    expect(stats.refused).toBeGreaterThan(RUNS * 0.05);
  });
});

// ---------------------------------------------------------------------------------------------------------------

const FORMAT_TYPES = ['CSV', 'JSON', 'AVRO', 'ORC', 'PARQUET', 'XML'] as const;
const charSpecs = fc.oneof(
  fc.constantFrom(
    ',',
    '|',
    ';',
    '\t',
    '\\t',
    '\\001',
    '\\x7C',
    '0x7C',
    'NONE',
    '\\\\',
    "'",
    '"',
    '\\n',
    '\r\n',
    '::',
    'ab',
  ),
  fc.string({ maxLength: 3 }),
);
const optionValue: Record<string, fc.Arbitrary<unknown>> = {
  compression: fc.constantFrom(
    'AUTO',
    'GZIP',
    'BZ2',
    'BROTLI',
    'ZSTD',
    'DEFLATE',
    'RAW_DEFLATE',
    'NONE',
    'LZO',
    'SNAPPY',
  ),
  record_delimiter: charSpecs,
  field_delimiter: charSpecs,
  escape: charSpecs,
  escape_unenclosed_field: charSpecs,
  field_optionally_enclosed_by: fc.constantFrom('"', "'", 'NONE', '0x27', '\\047', '0x22', '`'),
  file_extension: fc.oneof(fc.constantFrom('NONE', '.csv.gz'), anyText),
  skip_header: fc.oneof(fc.nat(5), fc.constant(-1)),
  date_format: fc.oneof(fc.constantFrom('AUTO', 'auto', 'YYYY-MM-DD'), anyText),
  time_format: fc.constantFrom('AUTO', 'HH24:MI:SS'),
  timestamp_format: fc.oneof(fc.constantFrom('AUTO', 'YYYY-MM-DD"T"HH24:MI:SS'), anyText),
  binary_format: fc.constantFrom('HEX', 'BASE64', 'UTF8'),
  null_if: fc.array(anyText, { maxLength: 3 }),
  encoding: fc.constantFrom('UTF8', 'ISO88591', 'WINDOWS1252', 'UTF16LE'),
};
const ALL_OPTION_KEYS = [...new Set(Object.values(OPTIONS_BY_TYPE).flat())];

/** What the parser should report for an option as the generator received it. */
function expectOption(
  st: CreateStatement,
  key: string,
  value: unknown,
  options?: readonly { key: string; value: OptionValue }[],
) {
  const found = options ? options.find((o) => o.key === key.toUpperCase())?.value : opt(st, key);
  expect(found, `option ${key}`).toBeDefined();
  const v = found as OptionValue;
  if (typeof value === 'boolean') expect(v).toEqual({ type: 'boolean', value });
  else if (typeof value === 'number') expect(v.type === 'number' && v.value).toBe(value);
  else if (Array.isArray(value)) expect(v.type === 'list' && v.items.map((i) => str(i))).toEqual(value);
  else if (key === 'compression' || key === 'binary_format') expect(v).toEqual({ type: 'keyword', value });
  else if (key === 'field_optionally_enclosed_by' && value !== 'NONE') {
    const decoded = decodeCharSpec(value as string);
    expect(str(v)).toBe(decoded.ok ? decoded.chars : value);
  } else if (
    value === 'NONE' ||
    (typeof value === 'string' && value.toUpperCase() === 'AUTO' && key.endsWith('_format'))
  ) {
    expect(v).toEqual({ type: 'keyword', value: (value as string).toUpperCase() });
  } else expect(str(v)).toBe(value);
}

describe('property: file format', () => {
  it(`valid input round-trips through the parser, invalid input gets a clear error (${RUNS} runs)`, () => {
    const stats = { ok: 0, refused: 0 };
    const input = fc.constantFrom(...FORMAT_TYPES).chain((type) => {
      // Mostly options of the type, sometimes one that belongs to another type.
      const keys = fc.uniqueArray(
        fc.oneof(
          { weight: 30, arbitrary: fc.constantFrom(...OPTIONS_BY_TYPE[type]) },
          { weight: 1, arbitrary: fc.constantFrom(...ALL_OPTION_KEYS) },
        ),
        { maxLength: 4 },
      );
      const options = keys.chain((ks) =>
        fc
          .tuple(...ks.map((k) => optionValue[k] ?? flag))
          .map((vals) => Object.fromEntries(ks.map((k, i) => [k, vals[i]]))),
      );
      return fc
        .record(
          {
            format_type: mostly(fc.constant(type), fc.constant('TSV')),
            name: fc.oneof(
              { weight: 3, arbitrary: rawName },
              { weight: 1, arbitrary: fc.constant(undefined) },
            ),
            database_name: rarely(plainWord),
            schema_name: maybe(rawName),
            location: maybe(anyUrl),
            format_options: fc.option(options, { nil: undefined, freq: 8 }),
            comment: maybe(anyText),
          },
          { requiredKeys: ['format_type'] },
        )
        .chain((base) => createMode.map((mode) => ({ ...base, ...mode })));
    });
    fc.assert(
      fc.property(input, (raw) => {
        const r = generateAndParse(generateFileFormat, raw, 'FILE_FORMAT', stats);
        if (!r) return;
        const { out, st } = r;
        const v = raw as Record<string, unknown> & {
          name?: string;
          database_name?: string;
          schema_name?: string;
          format_options?: Record<string, unknown>;
        };
        if (st.kind !== 'FILE_FORMAT') throw new Error('kind');
        checkCommon(st, v);
        checkOwnName(st, out, v);
        expect(st.formatType).toBe(v.format_type);
        const given = Object.entries(v.format_options ?? {});
        for (const [key, value] of given) expectOption(st, key, value);
        // TYPE, the given options and COMMENT: nothing else
        expect(st.options.length).toBe(1 + given.length + (v.comment === undefined ? 0 : 1));
      }),
      { numRuns: RUNS },
    );
    report(expect.getState().currentTestName ?? '', stats);
    expect(stats.ok).toBeGreaterThan(RUNS * 0.2);
    expect(stats.refused).toBeGreaterThan(RUNS * 0.05);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('property: stage', () => {
  it(`valid input round-trips through the parser, invalid input gets a clear error (${RUNS} runs)`, () => {
    const stats = { ok: 0, refused: 0 };
    const input = fc
      .record(
        {
          url: anyUrl,
          name: maybe(rawName),
          database_name: rarely(plainWord),
          schema_name: maybe(rawName),
          storage_integration: maybe(rawName),
          file_format: maybe(rawName),
          format_type: rarely(fc.constantFrom(...FORMAT_TYPES)),
          directory: maybe(
            fc.oneof(
              fc.record({ enable: flag }),
              fc.record(
                { enable: fc.constant(true), refresh_on_create: flag, auto_refresh: flag },
                { requiredKeys: ['enable'] },
              ),
              fc.record(
                { enable: flag, auto_refresh: flag, notification_integration: plainWord },
                { requiredKeys: ['enable'] },
              ),
            ),
          ),
          comment: maybe(anyText),
        },
        { requiredKeys: ['url'] },
      )
      .chain((base) => createMode.map((mode) => ({ ...base, ...mode })));
    fc.assert(
      fc.property(input, (raw) => {
        const r = generateAndParse(generateStage, raw, 'STAGE', stats);
        if (!r) return;
        const { out, st } = r;
        const v = raw as Record<string, unknown> & {
          url: string;
          name?: string;
          storage_integration?: string;
          file_format?: string;
          format_type?: string;
          directory?: Record<string, unknown>;
        };
        if (st.kind !== 'STAGE') throw new Error('kind');
        checkCommon(st, v);
        checkOwnName(st, out, v);
        expect(st.url).toBe(v.url);
        const integration = parts(st.storageIntegration);
        if (v.storage_integration !== undefined)
          expect(integration).toEqual([resolvePart(v.storage_integration)]);
        else expect(integration?.[0]).toMatch(/_INT$/);
        if (v.file_format !== undefined) {
          expect(st.fileFormat?.form).toBe('formatName');
          if (st.fileFormat?.form === 'formatName')
            expect(st.fileFormat.name.parts).toEqual(resolveName(v.file_format));
        } else if (v.format_type !== undefined) {
          expect(st.fileFormat?.form === 'formatName' && st.fileFormat.name.parts.at(-1)).toMatch(
            new RegExp(`_${v.format_type}_FORMAT$`),
          );
        } else expect(st.fileFormat).toBeUndefined();
        const dir = opt(st, 'DIRECTORY');
        if (v.directory === undefined) expect(dir).toBeUndefined();
        else {
          expect(dir?.type).toBe('options');
          const inner = dir?.type === 'options' ? dir.options : [];
          for (const [key, value] of Object.entries(v.directory)) {
            if (key === 'notification_integration')
              expect(str(inner.find((o) => o.key === 'NOTIFICATION_INTEGRATION')?.value)).toBe(
                resolvePart(value as string),
              );
            else expectOption(st, key, value, inner);
          }
        }
      }),
      { numRuns: RUNS },
    );
    report(expect.getState().currentTestName ?? '', stats);
    expect(stats.ok).toBeGreaterThan(RUNS * 0.2);
    expect(stats.refused).toBeGreaterThan(RUNS * 0.05);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('property: external table', () => {
  it(`valid input round-trips through the parser, invalid input gets a clear error (${RUNS} runs)`, () => {
    const stats = { ok: 0, refused: 0 };
    const type = fc.oneof(
      {
        weight: 9,
        arbitrary: fc.constantFrom(
          'INT',
          'number(10,2)',
          'NUMBER(38,38)',
          'varchar',
          'VARCHAR(100)',
          'string',
          'DATE',
          'timestamp_ntz(3)',
          'TIMESTAMP_TZ',
          'BOOLEAN',
          'double',
          'VARIANT',
          'OBJECT',
          'ARRAY',
          'BINARY',
          'GEOGRAPHY',
          'time',
        ),
      },
      { weight: 1, arbitrary: fc.constantFrom('NUMBER(39)', 'VARCHAR(0)', 'numbr', 'int; drop') },
    );
    const fieldName = fc.oneof(
      fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_ ]{0,8}$/),
      fc.constantFrom("it's", 'a.b', 'Ünï', 'x"y'),
    );
    const csvSource = mostly(
      fc.oneof(fc.integer({ min: 1, max: 30 }), fc.constantFrom('c2', 'c10')),
      fc.constantFrom(0, 'name'),
    );
    const fieldSource = mostly(
      fc.oneof(fieldName, fc.array(fieldName, { minLength: 1, maxLength: 3 })),
      fc.constantFrom(2, 'a..b'),
    );
    const column = (formatType: string) =>
      fc.record(
        { name: rawName, type, source: maybe(formatType === 'CSV' ? csvSource : fieldSource) },
        { requiredKeys: ['name', 'type'] },
      );
    const level = mostly(fc.integer({ min: 1, max: 6 }), fc.constant(0));
    const partition = fc.oneof(
      fc.record(
        {
          name: rawName,
          segment: level,
          type: maybe(fc.constantFrom('INT', 'VARCHAR', 'DATE', 'BOOLEAN', 'VARIANT')),
          hive: maybe(fc.boolean()),
        },
        { requiredKeys: ['name', 'segment'] },
      ),
      fc.record(
        {
          name: rawName,
          date_segments: fc.record({ year: level, month: level, day: level }),
          hive: maybe(fc.boolean()),
        },
        { requiredKeys: ['name', 'date_segments'] },
      ),
    );
    const input = mostly(fc.constantFrom('CSV', 'JSON', 'PARQUET', 'AVRO', 'ORC'), fc.constant('XML')).chain(
      (formatType) =>
        fc
          .record(
            {
              location: anyUrl,
              format_type: fc.constant(formatType),
              name: maybe(rawName),
              database_name: rarely(plainWord),
              schema_name: maybe(plainWord),
              columns: fc.option(fc.array(column(formatType), { maxLength: 4 }), { nil: undefined, freq: 6 }),
              partitions: maybe(fc.array(partition, { maxLength: 2 })),
              stage: maybe(rawName),
              path: maybe(
                mostly(
                  fc.constantFrom('2024/', '/year=2024/month=01', 'a.b/c', 'x'),
                  fc.constantFrom('../x', 'a b/', "x'y"),
                ),
              ),
              file_format: maybe(rawName),
              pattern: maybe(anyText),
              auto_refresh: maybe(fc.boolean()),
              refresh_on_create: maybe(fc.boolean()),
              aws_sns_topic: rarely(fc.constantFrom('arn:aws:sns:us-west-2:123456789012:s3-events', 'topic')),
              notification_integration: rarely(plainWord),
              comment: maybe(anyText),
            },
            { requiredKeys: ['location', 'format_type'] },
          )
          .chain((base) => createMode.map((mode) => ({ ...base, ...mode }))),
    );
    fc.assert(
      fc.property(input, (raw) => {
        const r = generateAndParse(generateExternalTable, raw, 'EXTERNAL_TABLE', stats);
        if (!r) return;
        const { out, st } = r;
        const v = raw as Record<string, unknown> & {
          name?: string;
          format_type: string;
          columns?: { name: string; type: string; source?: unknown }[];
          partitions?: { name: string }[];
          stage?: string;
          path?: string;
          file_format?: string;
          pattern?: string;
          aws_sns_topic?: string;
          notification_integration?: string;
          refresh_on_create?: boolean;
        };
        if (st.kind !== 'EXTERNAL_TABLE') throw new Error('kind');
        checkCommon(st, v);
        checkOwnName(st, out, v);
        const cols = v.columns ?? [];
        const parts_ = v.partitions ?? [];
        expect(st.columns.map((c) => c.name.parts)).toEqual(
          [...cols, ...parts_].map((c) => [resolvePart(c.name)]),
        );
        cols.forEach((c, i) => {
          const expr = st.columns[i]?.expr ?? '';
          if (v.format_type === 'CSV') {
            const pos =
              c.source === undefined
                ? i + 1
                : typeof c.source === 'number'
                  ? c.source
                  : Number(String(c.source).slice(1));
            expect(expr.startsWith(`VALUE:c${pos}::`)).toBe(true);
          } else {
            const fields =
              c.source === undefined
                ? [
                    resolvePart(c.name) === c.name
                      ? c.name
                      : (/^"(.*)"$/.exec(c.name)?.[1]?.replace(/""/g, '"') ?? c.name),
                  ]
                : typeof c.source === 'string'
                  ? c.source.split('.')
                  : (c.source as string[]);
            expect(expr.startsWith(`VALUE:${fields.map((f) => `"${f}"`).join('.')}::`)).toBe(true);
          }
          expect(expr.endsWith(`::${st.columns[i]?.type}`)).toBe(true);
        });
        for (const c of st.columns.slice(cols.length)) expect(c.expr).toContain('METADATA$FILENAME');
        expect(st.partitionBy.map((n) => n.parts)).toEqual(parts_.map((p) => [resolvePart(p.name)]));
        if (v.stage !== undefined) expect(st.location.stage.parts).toEqual(resolveName(v.stage));
        const folders = (v.path ?? '').split('/').filter((s) => s !== '');
        expect(st.location.path.split('/').filter((s) => s !== '')).toEqual(folders);
        expect(st.fileFormat.form).toBe('formatName');
        if (st.fileFormat.form === 'formatName') {
          if (v.file_format !== undefined)
            expect(st.fileFormat.name.parts).toEqual(resolveName(v.file_format));
          else
            expect(st.fileFormat.name.parts.at(-1)).toBe(
              `${st.fileFormat.name.parts.at(-1)?.replace(/_[A-Z]+_FORMAT$/, '')}_${v.format_type}_FORMAT`,
            );
        }
        expect(str(opt(st, 'PATTERN'))).toBe(v.pattern);
        expect(str(opt(st, 'AWS_SNS_TOPIC'))).toBe(v.aws_sns_topic);
        expect(str(opt(st, 'INTEGRATION'))).toBe(
          v.notification_integration === undefined ? undefined : resolvePart(v.notification_integration),
        );
        expect(opt(st, 'REFRESH_ON_CREATE')).toEqual({ type: 'boolean', value: v.refresh_on_create ?? true });
        if (v.auto_refresh !== undefined)
          expect(opt(st, 'AUTO_REFRESH')).toEqual({ type: 'boolean', value: v.auto_refresh });
      }),
      { numRuns: RUNS },
    );
    report(expect.getState().currentTestName ?? '', stats);
    expect(stats.ok).toBeGreaterThan(RUNS * 0.2);
    expect(stats.refused).toBeGreaterThan(RUNS * 0.05);
  });
});
