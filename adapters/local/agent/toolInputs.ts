/**
 * Turns complete facts into the four generator inputs, keyed exactly as the procedures' arguments
 * (procedures/schemas/*). Only what the user said is passed; everything else is the generators'
 * default (names from procedures/defaultNames.ts), so the four statements agree on names without being told.
 * User text lands only in these inputs; the generators validate, quote and escape it.
 */

import { defaultFileFormatName } from '../../../procedures/defaultNames.js';
import type { ToolName } from '../../../procedures/names.js';
import type { ExternalTableInput, PartitionInput } from '../../../procedures/schemas/externalTable.js';
import {
  type FileFormatInput,
  type FormatOptions,
  OPTIONS_BY_TYPE,
} from '../../../procedures/schemas/fileFormat.js';
import { parseCloudUrl } from '../../../procedures/schemas/locations.js';
import type { StageInput } from '../../../procedures/schemas/stage.js';
import type { StorageIntegrationInput } from '../../../procedures/schemas/storageIntegration.js';
import { assumesHeader, type Facts, infersColumns, type PartitionFact } from './facts.js';

export interface ToolCall {
  tool: ToolName;
  input: Record<string, unknown>;
}

/** Where format, stage and table go (the constructor's defaults); facts said in the thread win. */
export interface Placement {
  database?: string;
  schema?: string;
}

/** The placement as generator input fields (`database_name`/`schema_name`: `DATABASE`/`SCHEMA` are reserved words). */
interface PlacementInput {
  database_name?: string;
  schema_name?: string;
}

/**
 * Requires the facts `nextMissing` checks for; call only when it returns undefined. Four calls when the
 * columns are known; in the inference flow three (integration, format, stage): the bot core proposes the
 * table itself once INFER_SCHEMA has read sample files through the approved stage.
 */
export function buildToolCalls(facts: Facts, defaults: Placement = {}): ToolCall[] {
  const location = facts.location;
  const cloud = facts.cloud;
  const format = facts.format;
  if (!location || !cloud || !format) throw new Error('buildToolCalls needs location, cloud and format');
  const placement: PlacementInput = {};
  const database = facts.database ?? defaults.database;
  const schema = facts.schema ?? defaults.schema;
  if (database !== undefined) placement.database_name = database;
  if (schema !== undefined) placement.schema_name = schema;

  const integration: StorageIntegrationInput = { cloud_provider: cloud, allowed_locations: [location] };
  if (facts.names.integration) integration.name = facts.names.integration;
  if (cloud === 'S3' || cloud === 'S3GOV' || cloud === 'S3CHINA') {
    if (facts.awsRoleArn) integration.aws_role_arn = facts.awsRoleArn;
  }
  if (cloud === 'AZURE' && facts.azureTenantId) integration.azure_tenant_id = facts.azureTenantId;

  const inferring = infersColumns(facts);
  // INFER_SCHEMA reads CSV column names only through PARSE_HEADER = TRUE, which an external table cannot
  // use; so step 1 creates a distinctly named header format and the core creates the table's own in step 2.
  const csvInference = inferring && format === 'CSV';
  const headerFormat = csvInference ? csvHeaderFormatName(location) : undefined;
  const formatName = headerFormat ?? facts.names.format;

  const fileFormat: FileFormatInput = {
    format_type: format,
    ...named(formatName),
    ...placement,
    location,
  };
  const options = formatOptions(facts, csvInference);
  if (Object.keys(options).length > 0) fileFormat.format_options = options;

  const reuse = facts.reuse ?? {};
  const stage: StageInput = { url: location, ...named(facts.names.stage), ...placement };
  const integrationName = reuse.integration ?? facts.names.integration;
  if (integrationName) stage.storage_integration = integrationName;
  // The stage must name a format this plan creates (the default <BASE>_CSV_FORMAT does not exist yet) or reuses.
  const stageFormat = reuse.format ?? formatName;
  if (stageFormat) stage.file_format = stageFormat;
  else stage.format_type = format;

  const replacing = new Set(facts.replace ?? []);
  const mode = (kind: string) => (replacing.has(kind as never) ? { or_replace: true } : {});
  // A named integration is generated when its role (or tenant) is known, and the core reuses or widens it if it
  // exists; without them only an existing one can serve, so none is generated. A named format is only reused.
  const credentialsKnown =
    cloud === 'GCS' || (cloud === 'AZURE' ? !!facts.azureTenantId : !!facts.awsRoleArn);
  const access: ToolCall[] = [
    ...(reuse.integration && !credentialsKnown
      ? []
      : [
          {
            tool: 'GENERATE_STORAGE_INTEGRATION_DDL' as const,
            input: { ...integration, ...mode('STORAGE_INTEGRATION') },
          },
        ]),
    ...(reuse.format
      ? []
      : [{ tool: 'GENERATE_FILE_FORMAT_DDL' as const, input: { ...fileFormat, ...mode('FILE_FORMAT') } }]),
    { tool: 'GENERATE_EXTERNAL_STAGE_DDL', input: { ...stage, ...mode('STAGE') } },
  ];
  if (inferring) return access;

  const table: ExternalTableInput = {
    location,
    format_type: format,
    ...named(facts.names.table),
    ...placement,
  };
  if (facts.columns && facts.columns.length > 0) {
    // A field whose name is no identifier ("Order ID") is read by that name; CSV reads by position anyway.
    table.columns = facts.columns.map((c) =>
      c.source !== undefined && format !== 'CSV'
        ? { name: c.name, type: c.type, source: c.source }
        : { name: c.name, type: c.type },
    );
  }
  const t = facts.tableOptions ?? {};
  if (t.pattern !== undefined) table.pattern = t.pattern;
  if (t.auto_refresh !== undefined) table.auto_refresh = t.auto_refresh;
  if (t.refresh_on_create !== undefined) table.refresh_on_create = t.refresh_on_create;
  if (facts.partitions && facts.partitions.length > 0)
    table.partitions = facts.partitions.map(partitionInput);
  if (facts.names.stage) table.stage = facts.names.stage;
  const tableFormat = reuse.format ?? facts.names.format;
  if (tableFormat) table.file_format = tableFormat;

  return [...access, { tool: 'GENERATE_EXTERNAL_TABLE_DDL', input: { ...table, ...mode('EXTERNAL_TABLE') } }];
}

/** `<BASE>_CSV_HEADER_FORMAT`: the defaultNames.ts default with `_CSV_FORMAT` swapped, so the two never collide. */
export function csvHeaderFormatName(location: string): string | undefined {
  const parsed = parseCloudUrl(location);
  if (!parsed.ok) return undefined;
  return defaultFileFormatName(parsed.location, 'CSV').replace(/_CSV_FORMAT$/, '_CSV_HEADER_FORMAT');
}

function named(name: string | undefined): { name?: string } {
  return name === undefined ? {} : { name };
}

/** Snowflake spells a tab delimiter as the escape `\t`; other delimiters pass as the character itself. */
function delimiterSpec(d: string): string {
  return d === '\t' ? '\\t' : d;
}

function formatOptions(facts: Facts, parseHeader: boolean): FormatOptions {
  const o: FormatOptions = {};
  const csv = facts.csv;
  // ORC has no COMPRESSION option (the codec is in the file); every other type takes the user's word.
  if (facts.compression && facts.format !== 'ORC') o.compression = facts.compression;
  const extra = facts.formatOptions ?? {};
  if (facts.format === 'CSV') {
    if (csv.delimiter !== undefined) o.field_delimiter = delimiterSpec(csv.delimiter);
    // An unsaid header is assumed (and stated on the plan); "no header" is the one way to turn it off.
    if (parseHeader) o.parse_header = true;
    else if (assumesHeader(facts) || csv.header === true) o.skip_header = extra.skip_header ?? 1;
    if (csv.quote !== undefined) o.field_optionally_enclosed_by = csv.quote;
  }
  if (facts.format === 'JSON' && facts.jsonArray === true) o.strip_outer_array = true;
  if (facts.format === 'CSV' || facts.format === 'JSON') {
    if (csv.dateFormat !== undefined) o.date_format = csv.dateFormat;
    if (csv.timestampFormat !== undefined) o.timestamp_format = csv.timestampFormat;
  }
  if (csv.nullIf !== undefined) o.null_if = [...csv.nullIf];
  // The rest only where the generator accepts it for this type (trim_space for Parquet, not escape).
  const allowed = new Set<string>(OPTIONS_BY_TYPE[facts.format ?? 'CSV']);
  for (const [key, value] of Object.entries(extra)) {
    if (key === 'skip_header' || value === undefined || !allowed.has(key)) continue;
    (o as Record<string, unknown>)[key] = value;
  }
  return o;
}

function partitionInput(p: PartitionFact): PartitionInput {
  if (p.layout === 'YYYY/MM/DD') {
    return { name: p.name, date_segments: { year: p.segment, month: p.segment + 1, day: p.segment + 2 } };
  }
  const out: PartitionInput = { name: p.name, type: p.type, segment: p.segment };
  if (p.key !== undefined) out.hive = true;
  return out;
}
