/**
 * The Quick Setup modal: the same fields as the dashboard form, no language model involved. Block ids are the
 * `QuickSetupInput` field paths, so field errors from the core land under the right input.
 */
import type { types } from '@slack/bolt';
import type { QuickSetupInput } from '../../../bot/core/api.js';
import { truncate } from './limits.js';

type Block = types.KnownBlock;

export const QUICK_SETUP_CALLBACK = 'dea_quick_setup';
const FORMATS = ['CSV', 'JSON', 'PARQUET', 'AVRO', 'ORC'] as const;
const COMPRESSIONS = [
  'AUTO',
  'GZIP',
  'BZ2',
  'BROTLI',
  'ZSTD',
  'DEFLATE',
  'RAW_DEFLATE',
  'SNAPPY',
  'NONE',
] as const;

/** Where the plan goes once the form is submitted. */
export interface QuickSetupOrigin {
  team: string;
  channel: string;
}

function text(
  label: string,
  id: string,
  opts: {
    optional?: boolean;
    placeholder?: string;
    multiline?: boolean;
    hint?: string;
    initial?: string;
  } = {},
): Block {
  return {
    type: 'input',
    block_id: id,
    optional: opts.optional ?? false,
    label: { type: 'plain_text', text: label },
    ...(opts.hint ? { hint: { type: 'plain_text', text: opts.hint } } : {}),
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      multiline: opts.multiline ?? false,
      ...(opts.placeholder ? { placeholder: { type: 'plain_text', text: opts.placeholder } } : {}),
      ...(opts.initial ? { initial_value: opts.initial } : {}),
    },
  } as Block;
}

function select(
  label: string,
  id: string,
  values: readonly string[],
  opts: { optional?: boolean; initial?: string } = {},
): Block {
  const option = (v: string) => ({ text: { type: 'plain_text' as const, text: v }, value: v });
  return {
    type: 'input',
    block_id: id,
    optional: opts.optional ?? false,
    label: { type: 'plain_text', text: label },
    element: {
      type: 'static_select',
      action_id: 'value',
      options: values.map(option),
      ...(opts.initial ? { initial_option: option(opts.initial) } : {}),
    },
  } as Block;
}

export function quickSetupView(origin: QuickSetupOrigin): types.View {
  const blocks: Block[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: 'Describe the files; the bot proposes the storage integration, file format, stage and external table for approval. Nothing runs until an approver clicks *Approve*.',
      },
    },
    text('Cloud location', 'location', {
      placeholder:
        's3://bucket/path/  ·  gcs://bucket/path/  ·  azure://account.blob.core.windows.net/container/path/',
    }),
    select('File format', 'format', FORMATS, { initial: 'CSV' }),
    text('Columns', 'columns', {
      multiline: true,
      placeholder: 'id NUMBER, name VARCHAR, created DATE   — or just names: id, name, created',
      hint: 'Types are inferred from names when left out.',
    }),
    { type: 'header', text: { type: 'plain_text', text: 'Format options' } },
    text('CSV delimiter', 'csv.delimiter', { optional: true, placeholder: ',' }),
    {
      type: 'input',
      block_id: 'csv.header',
      optional: true,
      label: { type: 'plain_text', text: 'CSV header' },
      element: {
        type: 'checkboxes',
        action_id: 'value',
        options: [
          { text: { type: 'plain_text', text: 'The first line holds column names' }, value: 'header' },
        ],
      },
    } as Block,
    text('NULL markers', 'csv.nullIf', {
      optional: true,
      placeholder: "NULL, \\N, ''",
      hint: 'Comma-separated strings read as NULL.',
    }),
    select('Compression', 'compression', COMPRESSIONS, { optional: true }),
    { type: 'header', text: { type: 'plain_text', text: 'Cloud access' } },
    text('AWS role ARN (S3)', 'awsRoleArn', {
      optional: true,
      placeholder: 'arn:aws:iam::123456789012:role/snowflake-read',
    }),
    text('Azure tenant id', 'azureTenantId', {
      optional: true,
      placeholder: '00000000-0000-0000-0000-000000000000',
    }),
    { type: 'header', text: { type: 'plain_text', text: 'Names (optional)' } },
    text('Storage integration', 'names.integration', { optional: true }),
    text('File format', 'names.format', { optional: true }),
    text('Stage', 'names.stage', { optional: true }),
    text('External table', 'names.table', { optional: true }),
  ];
  return {
    type: 'modal',
    callback_id: QUICK_SETUP_CALLBACK,
    private_metadata: JSON.stringify(origin),
    title: { type: 'plain_text', text: 'New pipeline' },
    submit: { type: 'plain_text', text: 'Propose plan' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

const QUICK_SETUP_BLOCKS = [
  'location',
  'format',
  'columns',
  'csv.delimiter',
  'csv.header',
  'csv.nullIf',
  'compression',
  'awsRoleArn',
  'azureTenantId',
  'names.integration',
  'names.format',
  'names.stage',
  'names.table',
] as const;

interface StateValue {
  type?: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
}
export type ViewStateValues = Record<string, Record<string, StateValue>>;

function read(values: ViewStateValues, id: string): StateValue | undefined {
  return values[id]?.value;
}
function str(values: ViewStateValues, id: string): string | undefined {
  const v = read(values, id);
  const s = (v?.value ?? v?.selected_option?.value ?? '').trim();
  return s.length > 0 ? s : undefined;
}

/** Reads the submitted form. Values are passed on as typed; the core validates them and answers field errors. */
export function parseQuickSetup(values: ViewStateValues): QuickSetupInput {
  const format = (str(values, 'format') ?? 'CSV') as QuickSetupInput['format'];
  const input: QuickSetupInput = {
    location: str(values, 'location') ?? '',
    format,
    columns: str(values, 'columns') ?? '',
  };
  const arn = str(values, 'awsRoleArn');
  if (arn) input.awsRoleArn = arn;
  const tenant = str(values, 'azureTenantId');
  if (tenant) input.azureTenantId = tenant;
  const compression = str(values, 'compression');
  if (compression) input.compression = compression;
  if (format === 'CSV') {
    const csv: NonNullable<QuickSetupInput['csv']> = {};
    const delimiter = read(values, 'csv.delimiter')?.value;
    // A lone space or tab is a real delimiter; only an empty field means "default".
    if (delimiter) csv.delimiter = delimiter === '\\t' ? '\t' : delimiter;
    csv.header = (read(values, 'csv.header')?.selected_options ?? []).some((o) => o.value === 'header');
    const nullIf = str(values, 'csv.nullIf');
    if (nullIf) csv.nullIf = nullIf.split(',').map((s) => s.trim().replace(/^'(.*)'$/, '$1'));
    input.csv = csv;
  }
  const names: NonNullable<QuickSetupInput['names']> = {};
  for (const k of ['integration', 'format', 'stage', 'table'] as const) {
    const v = str(values, `names.${k}`);
    if (v) names[k] = v;
  }
  if (Object.keys(names).length > 0) input.names = names;
  return input;
}

/**
 * Core field errors → `response_action: 'errors'` keyed by block id. A field with no input of its own (a nested
 * path, or a whole-form error) is shown under the closest block so the user always sees it.
 */
export function fieldErrors(errors: { field: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  const blocks = new Set<string>(QUICK_SETUP_BLOCKS);
  for (const e of errors) {
    let id = e.field;
    while (id && !blocks.has(id)) id = id.includes('.') ? id.slice(0, id.lastIndexOf('.')) : '';
    if (!id)
      id = e.field.startsWith('names')
        ? 'names.table'
        : e.field.startsWith('csv')
          ? 'csv.delimiter'
          : 'location';
    const msg = blocks.has(e.field) || id === e.field ? e.message : `${e.field}: ${e.message}`;
    out[id] = truncate(out[id] ? `${out[id]}; ${msg}` : msg, 2000);
  }
  return out;
}
