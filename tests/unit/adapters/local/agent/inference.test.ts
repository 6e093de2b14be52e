/**
 * Schema inference, step 1: when no columns are given (or the user asks to infer them) the agent generates only
 * the access objects — integration, file format, stage — and says the bot proposes the table after approval.
 * For CSV the format is the `…_CSV_HEADER_FORMAT` with PARSE_HEADER = TRUE that INFER_SCHEMA needs.
 */
import { describe, expect, it } from 'vitest';
import { ORCHESTRATION_INSTRUCTIONS } from '../../../../../adapters/cortex/agentSpec.js';
import { extractInfer } from '../../../../../adapters/local/agent/extract/infer.js';
import { csvHeaderFormatName } from '../../../../../adapters/local/agent/toolInputs.js';
import { ARN, converse, lastTurn, TENANT } from './harness.js';

type Input = Record<string, unknown>;
const INTEGRATION = 'GENERATE_STORAGE_INTEGRATION_DDL';
const FORMAT = 'GENERATE_FILE_FORMAT_DDL';
const STAGE = 'GENERATE_EXTERNAL_STAGE_DDL';
const TABLE = 'GENERATE_EXTERNAL_TABLE_DDL';

const access = (integration: Input, format: Input, stage: Input) => [
  { tool: INTEGRATION, input: integration },
  { tool: FORMAT, input: format },
  { tool: STAGE, input: stage },
];

const NEXT_STEP =
  'The columns are not known yet, so this plan holds only the access objects. After it is approved and has run, the bot reads a few sample files through the stage and proposes the external table with the inferred columns as a second plan.';
const NOTHING_YET = 'Nothing has been created yet: the plan runs only after an approver approves it.';
const HEADER_ASSUMED =
  'Assumed a header row, so the column names are read from it — say "no header" (and list the columns) to change.';
const COLUMNS_NO_HEADER =
  'Without a header row the column names cannot be read from the files, so I need them. Which columns do the files have, in order? Give names and, if you know them, types, e.g. id int, name, amount decimal(10,2), created_at timestamp — or paste the header line.';

describe('schema inference: natural-language cases', () => {
  it('S3 CSV with a header row + "infer the columns" → header format with PARSE_HEADER, stage on it, no table', async () => {
    const r = await lastTurn([
      `CSV files with a header row in s3://acme-data/raw/orders/, role ${ARN}. Please infer the columns.`,
    ]);
    expect(r.calls).toEqual(
      access(
        { cloud_provider: 'S3', allowed_locations: ['s3://acme-data/raw/orders/'], aws_role_arn: ARN },
        {
          format_type: 'CSV',
          name: 'ACME_DATA_RAW_ORDERS_CSV_HEADER_FORMAT',
          location: 's3://acme-data/raw/orders/',
          format_options: { parse_header: true },
        },
        { url: 's3://acme-data/raw/orders/', file_format: 'ACME_DATA_RAW_ORDERS_CSV_HEADER_FORMAT' },
      ),
    );
    expect(r.ddl[1]).toBe(
      'CREATE FILE FORMAT ACME_DATA_RAW_ORDERS_CSV_HEADER_FORMAT\n  TYPE = CSV\n  PARSE_HEADER = TRUE',
    );
    expect(r.ddl[2]).toContain("FILE_FORMAT = (FORMAT_NAME = 'ACME_DATA_RAW_ORDERS_CSV_HEADER_FORMAT')");
    expect(r.text).toBe(
      [
        `Noted: location s3://acme-data/raw/orders/ (S3); format CSV; header row; columns to be inferred from sample files; role ${ARN}.`,
        'Plan for s3://acme-data/raw/orders/ (CSV), 3 statements:',
        '1. Storage integration ACME_DATA_INT',
        '2. File format ACME_DATA_RAW_ORDERS_CSV_HEADER_FORMAT',
        '3. Stage ACME_DATA_RAW_ORDERS_STAGE',
        NEXT_STEP,
        `${NOTHING_YET} Tell me what to change (e.g. "call the table orders_ext") or say "start over".`,
        // The header was said, the delimiter was not: only the delimiter is stated as assumed.
        'Assumed comma-separated fields — say e.g. "pipe-delimited" or "use ; as delimiter" to change.',
      ].join('\n'),
    );
  });

  it('S3 JSON array without columns → integration, JSON format, stage (no question asked)', async () => {
    const r = await lastTurn([`JSON files in s3://acme-api/dumps/, a JSON array of objects. Role ${ARN}`]);
    expect(r.calls).toEqual(
      access(
        { cloud_provider: 'S3', allowed_locations: ['s3://acme-api/dumps/'], aws_role_arn: ARN },
        {
          format_type: 'JSON',
          location: 's3://acme-api/dumps/',
          format_options: { strip_outer_array: true },
        },
        { url: 's3://acme-api/dumps/', format_type: 'JSON' },
      ),
    );
    expect(r.ddl).toHaveLength(3);
    expect(r.text).toContain(NEXT_STEP);
  });

  it('GCS Parquet "detect the schema" → three calls; the words are not read as a column', async () => {
    const r = await lastTurn([
      'parquet files in gs://analytics-lake/events/, can you detect the schema for me?',
    ]);
    expect(r.calls).toEqual(
      access(
        { cloud_provider: 'GCS', allowed_locations: ['gcs://analytics-lake/events/'] },
        { format_type: 'PARQUET', location: 'gcs://analytics-lake/events/' },
        { url: 'gcs://analytics-lake/events/', format_type: 'PARQUET' },
      ),
    );
  });

  it('Azure Avro "I don\'t know the columns" → three calls with the tenant', async () => {
    const r = await lastTurn([
      `avro at azure://contosodata.blob.core.windows.net/raw/evt/ tenant ${TENANT}. I don't know the columns`,
    ]);
    expect(r.calls).toEqual(
      access(
        {
          cloud_provider: 'AZURE',
          allowed_locations: ['azure://contosodata.blob.core.windows.net/raw/evt/'],
          azure_tenant_id: TENANT,
        },
        { format_type: 'AVRO', location: 'azure://contosodata.blob.core.windows.net/raw/evt/' },
        { url: 'azure://contosodata.blob.core.windows.net/raw/evt/', format_type: 'AVRO' },
      ),
    );
  });

  // The header row is assumed, not asked: the plan comes at once and says so (issue 21).
  it('Azure pipe-delimited gzipped CSV without columns: header assumed and stated, header format keeps the options', async () => {
    const r = await lastTurn([
      `gzipped pipe-delimited csv in azure://acmestore.blob.core.windows.net/landing/sales/, tenant ${TENANT}, NULL means null`,
    ]);
    expect(r.calls).toEqual(
      access(
        {
          cloud_provider: 'AZURE',
          allowed_locations: ['azure://acmestore.blob.core.windows.net/landing/sales/'],
          azure_tenant_id: TENANT,
        },
        {
          format_type: 'CSV',
          name: 'ACMESTORE_LANDING_SALES_CSV_HEADER_FORMAT',
          location: 'azure://acmestore.blob.core.windows.net/landing/sales/',
          format_options: {
            compression: 'GZIP',
            field_delimiter: '|',
            parse_header: true,
            null_if: ['NULL'],
          },
        },
        {
          url: 'azure://acmestore.blob.core.windows.net/landing/sales/',
          file_format: 'ACMESTORE_LANDING_SALES_CSV_HEADER_FORMAT',
        },
      ),
    );
    const done = r.events.find((e) => e.type === 'done');
    expect(done?.type === 'done' && done.assumptions).toEqual([
      {
        kind: 'FILE_FORMAT',
        text: 'Assumed a header row, so the column names are read from it — say "no header" (and list the columns) to change.',
      },
    ]);
    expect(r.text.endsWith(HEADER_ASSUMED)).toBe(true);
  });

  it('GCS tab-separated with a header, database and schema, "schema inference" → placed header format', async () => {
    const r = await lastTurn([
      'tab-separated files with a header in gs://lake-x/tsv/ in database RAW, schema LANDING. Use schema inference.',
    ]);
    expect(r.calls).toEqual(
      access(
        { cloud_provider: 'GCS', allowed_locations: ['gcs://lake-x/tsv/'] },
        {
          format_type: 'CSV',
          name: 'LAKE_X_TSV_CSV_HEADER_FORMAT',
          database_name: 'RAW',
          schema_name: 'LANDING',
          location: 'gcs://lake-x/tsv/',
          format_options: { field_delimiter: '\\t', parse_header: true },
        },
        {
          url: 'gcs://lake-x/tsv/',
          database_name: 'RAW',
          schema_name: 'LANDING',
          file_format: 'LAKE_X_TSV_CSV_HEADER_FORMAT',
        },
      ),
    );
  });

  it('edit after a plan: "actually, infer the columns" re-plans as the inference flow', async () => {
    const [first, second] = await converse([
      `csv with header at s3://acme-data/orders/ ${ARN} columns id, total`,
      'actually, infer the columns from the files',
    ]);
    expect(first!.calls.map((c) => c.tool)).toEqual([INTEGRATION, FORMAT, STAGE, TABLE]);
    expect(second!.calls).toEqual(
      access(
        { cloud_provider: 'S3', allowed_locations: ['s3://acme-data/orders/'], aws_role_arn: ARN },
        {
          format_type: 'CSV',
          name: 'ACME_DATA_ORDERS_CSV_HEADER_FORMAT',
          location: 's3://acme-data/orders/',
          format_options: { parse_header: true },
        },
        { url: 's3://acme-data/orders/', file_format: 'ACME_DATA_ORDERS_CSV_HEADER_FORMAT' },
      ),
    );
    const ids = second!.events.flatMap((e) => (e.type === 'tool_use' ? [e.id] : []));
    expect(ids).toEqual(['local-2-1', 'local-2-2', 'local-2-3']);
    expect(
      second!.text.startsWith(
        'Noted: columns to be inferred from sample files.\nUpdated plan for s3://acme-data/orders/ (CSV), 3 statements:',
      ),
    ).toBe(true);
  });

  it('edit after an inference plan: listing columns goes back to the four-statement plan', async () => {
    const [first, second] = await converse(['orc gs://acme-gcs/p/', 'columns item_id, qty int']);
    expect(first!.calls.map((c) => c.tool)).toEqual([INTEGRATION, FORMAT, STAGE]);
    expect(second!.calls.map((c) => c.tool)).toEqual([INTEGRATION, FORMAT, STAGE, TABLE]);
    expect(second!.calls[3]!.input).toEqual({
      location: 'gcs://acme-gcs/p/',
      format_type: 'ORC',
      columns: [
        { name: 'item_id', type: 'NUMBER' },
        { name: 'qty', type: 'NUMBER(38,0)' },
      ],
    });
  });

  it('CSV without a header + "infer the columns" → asks for the columns; the list then gives the one-plan flow', async () => {
    const [first, second] = await converse([
      `csv s3://acme-data/raw/ ${ARN}, no header, infer the columns`,
      'id, name, created_at',
    ]);
    expect(first!.calls).toEqual([]);
    expect(first!.text).toBe(
      `Noted: location s3://acme-data/raw/ (S3); format CSV; no header row; columns to be inferred from sample files; role ${ARN}.\n${COLUMNS_NO_HEADER}`,
    );
    expect(second!.calls.map((c) => c.tool)).toEqual([INTEGRATION, FORMAT, STAGE, TABLE]);
    expect(second!.calls[1]!.input).toEqual({ format_type: 'CSV', location: 's3://acme-data/raw/' });
    expect(second!.calls[3]!.input).toMatchObject({
      columns: [
        { name: 'id', type: 'NUMBER' },
        { name: 'name', type: 'VARCHAR' },
        { name: 'created_at', type: 'TIMESTAMP_NTZ' },
      ],
    });
  });

  it('CSV without columns, then "no header" after the plan → asks for the columns', async () => {
    const r = await lastTurn([`csv s3://acme-data/raw/ ${ARN}`, 'no header']);
    expect(r.calls).toEqual([]);
    expect(r.text).toBe(`Noted: no header row.\n${COLUMNS_NO_HEADER}`);
  });

  it('plain CSV without columns → the inference plan at once, header assumed (never asked)', async () => {
    const r = await lastTurn([`csv s3://acme-data/raw/ ${ARN}`]);
    expect(r.calls.map((c) => c.tool)).toEqual([INTEGRATION, FORMAT, STAGE]);
    expect(r.calls[1]!.input).toMatchObject({
      name: 'ACME_DATA_RAW_CSV_HEADER_FORMAT',
      format_options: { parse_header: true },
    });
    expect(r.text).toContain(HEADER_ASSUMED);
  });

  it('GCS NDJSON "infer the columns and types from sample files" names no column "types"', async () => {
    const r = await lastTurn([
      'ndjson in gs://acme-gcs/logs/, infer the columns and types from sample files',
    ]);
    expect(r.calls).toEqual(
      access(
        { cloud_provider: 'GCS', allowed_locations: ['gcs://acme-gcs/logs/'] },
        { format_type: 'JSON', location: 'gcs://acme-gcs/logs/' },
        { url: 'gcs://acme-gcs/logs/', format_type: 'JSON' },
      ),
    );
  });

  it('events are the same protocol: status ×2, three tool_use/tool_result pairs, text deltas, done', async () => {
    const [r] = await converse(['parquet at gs://acme-gcs/events/']);
    const types = r!.events.map((e) => e.type);
    const firstText = types.indexOf('text');
    expect(types.slice(0, firstText)).toEqual([
      'status',
      'status',
      'tool_use',
      'tool_result',
      'tool_use',
      'tool_result',
      'tool_use',
      'tool_result',
    ]);
    expect(
      types.slice(firstText).every((t, i, all) => (i === all.length - 1 ? t === 'done' : t === 'text')),
    ).toBe(true);
    expect(r!.text).toContain(NOTHING_YET);
    expect(r!.text).not.toMatch(/\b(created|executed|ran)\b(?! yet)/i);
  });
});

describe('extractInfer', () => {
  it.each([
    'infer the columns',
    'please detect the schema',
    'can you figure out the columns from the files?',
    'auto-detect the column types',
    'I do not know the schema',
    "we don't know which columns they have",
    'not sure what the columns are',
    'columns are unknown',
    'use schema inference',
    'INFER_SCHEMA please',
  ])('%s → infer', (text) => {
    expect(extractInfer(text, false)?.infer).toBe(true);
  });

  it.each(["don't infer the columns", 'columns id, name', 'csv with a header row', 'the schema is LANDING'])(
    '%s → nothing',
    (text) => {
      expect(extractInfer(text, false)).toBeUndefined();
    },
  );

  it('bare "not sure" counts only as an answer to the columns question', () => {
    expect(extractInfer('not sure', true)?.infer).toBe(true);
    expect(extractInfer('not sure', false)).toBeUndefined();
  });

  it('blanks the request so other extractors do not read it', () => {
    expect(extractInfer('json, infer the columns and types', false)?.text.trim()).toBe('json,');
  });
});

describe('Cortex instructions carry the same rule', () => {
  it('name only the three access tools for unknown columns, PARSE_HEADER and the header format name from naming.ts', () => {
    const text = ORCHESTRATION_INSTRUCTIONS;
    expect(text).toContain('never invent them');
    expect(text).toContain('do not call generate_external_table_ddl');
    expect(text).toContain('{"parse_header": true}');
    expect(text).toContain('_CSV_FORMAT replaced by _CSV_HEADER_FORMAT');
    const example = csvHeaderFormatName('s3://acme-data/raw/orders/');
    expect(example).toBe('ACME_DATA_RAW_ORDERS_CSV_HEADER_FORMAT');
    expect(text).toContain(`for s3://acme-data/raw/orders/ that is ${example}`);
  });
});
