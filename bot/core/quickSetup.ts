/**
 * Quick Setup: a form's answers straight into the four generators (as procedures, like the agent's tools) —
 * no language model involved. Field errors name the form field to fix.
 */
import { z } from 'zod';
import type { ToolName } from '../../procedures/names.js';
import type { QuickSetupInput } from './api.js';
import { parseColumnList } from './columns.js';
import { type DraftStatement, draftFromToolResults } from './planDrafts.js';
import { positionalArgs } from './toolArgs.js';

export type CallTool = (tool: ToolName, args: unknown[]) => Promise<unknown>;

const resultSchema = z.union([
  z.object({ ok: z.literal(true) }).passthrough(),
  z.object({
    ok: z.literal(false),
    error: z.object({
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).default([]),
    }),
  }),
]);

function providerOf(location: string): string | null {
  const scheme = /^([a-z0-9]+):\/\//i.exec(location.trim())?.[1]?.toLowerCase();
  if (!scheme) return null;
  return (
    ({ s3: 'S3', s3gov: 'S3GOV', s3china: 'S3CHINA', gcs: 'GCS', azure: 'AZURE' } as Record<string, string>)[
      scheme
    ] ?? null
  );
}

/** Which form field an input path of a tool belongs to. */
const FIELD_OF: Record<string, string> = {
  cloud_provider: 'location',
  allowed_locations: 'location',
  url: 'location',
  location: 'location',
  aws_role_arn: 'awsRoleArn',
  azure_tenant_id: 'azureTenantId',
  columns: 'columns',
  format_type: 'format',
  format_options: 'csv',
};

export async function buildQuickSetupPlan(
  input: QuickSetupInput,
  call: CallTool,
): Promise<
  { ok: true; statements: DraftStatement[] } | { ok: false; errors: { field: string; message: string }[] }
> {
  const errors: { field: string; message: string }[] = [];
  const location = input.location.trim();
  const provider = providerOf(location);
  if (!provider)
    errors.push({
      field: 'location',
      message:
        'Give a storage URL such as s3://bucket/path/, gcs://bucket/path/ or azure://account.blob.core.windows.net/container/path/.',
    });
  if (provider?.startsWith('S3') && !input.awsRoleArn?.trim())
    errors.push({
      field: 'awsRoleArn',
      message:
        'S3 needs the IAM role Snowflake assumes, e.g. arn:aws:iam::123456789012:role/snowflake-access.',
    });
  if (provider === 'AZURE' && !input.azureTenantId?.trim())
    errors.push({ field: 'azureTenantId', message: 'Azure needs your tenant id (a GUID).' });
  const cols = parseColumnList(input.columns);
  if (!cols.ok) errors.push({ field: 'columns', message: cols.message });
  if (errors.length > 0 || !provider || !cols.ok) return { ok: false, errors };

  const folder = location.endsWith('/') ? location : `${location}/`;
  const names = input.names ?? {};
  const formatOptions: Record<string, unknown> = {};
  if (input.format === 'CSV') {
    if (input.csv?.delimiter) formatOptions.field_delimiter = input.csv.delimiter;
    if (input.csv?.header !== false) formatOptions.skip_header = 1;
    if (input.csv?.nullIf?.length) formatOptions.null_if = input.csv.nullIf;
  }
  if (input.format === 'JSON') formatOptions.strip_outer_array = true;
  if (input.compression) formatOptions.compression = input.compression;

  const inputs: [ToolName, Record<string, unknown>][] = [
    [
      'GENERATE_STORAGE_INTEGRATION_DDL',
      {
        cloud_provider: provider,
        allowed_locations: [folder],
        name: names.integration,
        aws_role_arn: provider.startsWith('S3') ? input.awsRoleArn?.trim() : undefined,
        azure_tenant_id: provider === 'AZURE' ? input.azureTenantId?.trim() : undefined,
      },
    ],
    [
      'GENERATE_FILE_FORMAT_DDL',
      {
        format_type: input.format,
        name: names.format,
        location: folder,
        format_options: Object.keys(formatOptions).length ? formatOptions : undefined,
      },
    ],
    [
      'GENERATE_EXTERNAL_STAGE_DDL',
      {
        url: folder,
        name: names.stage,
        storage_integration: names.integration,
        file_format: names.format,
        format_type: input.format,
      },
    ],
    [
      'GENERATE_EXTERNAL_TABLE_DDL',
      {
        location: folder,
        format_type: input.format,
        name: names.table,
        columns: cols.columns,
        stage: names.stage,
        file_format: names.format,
      },
    ],
  ];

  const results = [];
  for (const [tool, toolInput] of inputs) {
    const raw = await call(tool, positionalArgs(tool, toolInput));
    const parsed = resultSchema.safeParse(typeof raw === 'string' ? JSON.parse(raw) : raw);
    if (!parsed.success)
      return { ok: false, errors: [{ field: 'plan', message: `${tool} gave an unexpected answer.` }] };
    if (parsed.data.ok === false) {
      const data = parsed.data as { error: { message: string; issues: { path: string; message: string }[] } };
      const issues = data.error.issues.length
        ? data.error.issues
        : [{ path: '', message: data.error.message }];
      for (const issue of issues)
        errors.push({ field: FIELD_OF[issue.path.split('.')[0] ?? ''] ?? 'names', message: issue.message });
      continue;
    }
    results.push({ tool, ok: true, output: parsed.data });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, statements: draftFromToolResults(results).statements };
}
