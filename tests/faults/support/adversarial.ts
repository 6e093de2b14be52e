/**
 * A deterministic corpus of hostile inputs for chat and Quick Setup: SQL injection, quotes and comment markers,
 * unicode and control characters, oversized text, wrong URL schemes, malformed ARNs and GUIDs — alone, spliced
 * into an otherwise valid request, or as one field of an otherwise valid form.
 */
import fc from 'fast-check';
import type { QuickSetupInput } from '../../../bot/core/api.js';

const PAYLOADS: readonly string[] = [
  "'; DROP TABLE DATA_PIPELINE_TRACKER; --",
  "x'); GRANT OWNERSHIP ON DATABASE LEILA_APP TO ROLE PUBLIC; --",
  '" OR 1=1 --',
  "' OR '1'='1",
  '$$; DROP DATABASE LEILA_APP; $$',
  '/* */ DROP STAGE X /* */',
  '-- comment only',
  'a;b;c',
  "orders'--",
  'ORDERS"; DROP TABLE T; --"',
  "\\'; DELETE FROM DEA_CONVERSATIONS; --",
  'CREATE OR REPLACE STORAGE INTEGRATION EVIL TYPE = EXTERNAL_STAGE',
  "s3://bucket/path/'; DROP STAGE S; --",
  's3://bucket/pa th/\u0000/',
  'file:///etc/passwd',
  'http://169.254.169.254/latest/meta-data/',
  'javascript:alert(1)',
  'ftp://bucket/path/',
  's3:/bucket-without-slashes/',
  'S3://UPPER/CASE/',
  'gcs://bucket/../../etc/',
  // Path traversal for each cloud, plain and encoded (issue 16, reproduction 1).
  's3://acme-sample/../../../../etc/',
  's3gov://acme-sample/./../etc/',
  's3china://acme-sample/..%2F..%2Fetc/',
  'gcs://acme-sample/%2e%2e/%2e%2e/etc/',
  'azure://acct.blob.core.windows.net/container/..%5C..%5Cetc/',
  's3://acme-sample/%252e%252e/etc/',
  's3://acme-sample/a\\..\\..\\etc/',
  // Grammar abuse inside external tables (issue 16, reproduction 4), as column names or types.
  'a VARCHAR AS (SELECT name FROM SNOWFLAKE.ACCOUNT_USAGE.USERS)',
  'a VARCHAR AS (SYSTEM$WHITELIST())',
  'a VARCHAR DROP TABLE x AS (1)',
  'x NUMBER NOT NULL DROP TABLE x',
  'azure://account.blob.core.windows.net/container/\u202Eevil',
  'arn:aws:iam::12345678901:role/short-account',
  "arn:aws:iam::123456789012:role/x'; DROP TABLE T; --",
  'arn:aws:iam::123456789012:user/not-a-role',
  'arn:aws:s3:::bucket',
  'arn:aws:iam::abcdefghijkl:role/letters',
  '00000000-0000-0000-0000-00000000000',
  'g0000000-0000-0000-0000-000000000000',
  "11111111-2222-3333-4444-555555555555' OR 1=1",
  '{{7*7}}',
  // A template placeholder as text, as a user could paste it.
  ['$', '{process.env.SLACK_BOT_TOKEN}'].join(''),
  '<script>alert(1)</script>',
  'id NUMBER, name VARCHAR); DROP TABLE T; --',
  'id NUMBER DEFAULT (SELECT 1), x VARIANT',
  '"quoted ""col""" VARCHAR',
  'col\u0007bell NUMBER',
  '\u200B\u200C\u200D\uFEFF',
  '🦆🦆🦆',
  'ÅÄÖ ümlaut ĳ ﬁ',
  '\r\n\t\v\f',
  '\uD800',
  'NULL',
  '',
  ' ',
];

const payload = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PAYLOADS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom("'", '"', ';', '-', '/', '*', '$', '\\', '`'),
      maxLength: 30,
    }),
  },
);

const REQUEST_PARTS = {
  location: 's3://acme-sample/orders/',
  format: 'CSV files with a header row',
  columns: 'columns order_id, customer, amount, order_date',
  role: 'Role arn:aws:iam::123456789012:role/snowflake',
};

/** Chat messages: a payload alone, or spliced into one part of a valid request, or several payloads joined. */
export function chatCorpus(count: number, seed: number): string[] {
  const spliced = fc
    .tuple(fc.constantFrom(...(Object.keys(REQUEST_PARTS) as (keyof typeof REQUEST_PARTS)[])), payload)
    .map(([part, p]) => {
      const parts = { ...REQUEST_PARTS, [part]: `${REQUEST_PARTS[part]}${p}` };
      return `I have ${parts.format} in ${parts.location} with ${parts.columns}. ${parts.role}`;
    });
  const named = payload.map(
    (p) =>
      `I have CSV files with a header row in s3://acme-sample/orders/ with columns order_id, customer. Role arn:aws:iam::123456789012:role/snowflake. Call the table ${p}`,
  );
  const joined = fc.array(payload, { minLength: 1, maxLength: 4 }).map((ps) => ps.join(' '));
  const arb = fc.oneof(payload, spliced, named, joined);
  const out = fc.sample(arb, { numRuns: count - 3, seed });
  // Oversized: far beyond any sensible message.
  out.push('s3://a/b/ '.repeat(5_000), `'; DROP TABLE X; --${'x'.repeat(60_000)}`, '\u0000'.repeat(10_000));
  return out;
}

const VALID_FORM: QuickSetupInput = {
  location: 's3://acme-sample/orders/',
  format: 'CSV',
  columns: 'order_id NUMBER, customer VARCHAR',
  awsRoleArn: 'arn:aws:iam::123456789012:role/snowflake',
};

/** Quick Setup forms: a valid form with one to three fields (names, options, ids included) replaced by payloads. */
export function quickSetupCorpus(count: number, seed: number): QuickSetupInput[] {
  const field = fc.constantFrom(
    'location',
    'format',
    'columns',
    'awsRoleArn',
    'azureTenantId',
    'delimiter',
    'nullIf',
    'compression',
    'integration',
    'fileFormat',
    'stage',
    'table',
  );
  const arb = fc.array(fc.tuple(field, payload), { minLength: 1, maxLength: 3 }).map((edits) => {
    const form: QuickSetupInput = { ...VALID_FORM, names: {}, csv: {} };
    for (const [f, p] of edits) {
      if (f === 'integration' || f === 'stage' || f === 'table') form.names = { ...form.names, [f]: p };
      else if (f === 'fileFormat') form.names = { ...form.names, format: p };
      else if (f === 'delimiter') form.csv = { ...form.csv, delimiter: p };
      else if (f === 'nullIf') form.csv = { ...form.csv, nullIf: [p, 'NULL'] };
      else if (f === 'azureTenantId') {
        form.location = 'azure://acct.blob.core.windows.net/container/path/';
        form.awsRoleArn = undefined;
        form.azureTenantId = p;
      } else (form as unknown as Record<string, unknown>)[f] = p;
    }
    return form;
  });
  return fc.sample(arb, { numRuns: count, seed });
}
