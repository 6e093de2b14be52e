/**
 * Renders sql/agent.sql: the Cortex agent object (CREATE AGENT … FROM SPECIFICATION) with the four generator
 * procedures as its only tools. Each tool's input_schema is derived from the same zod schema the procedure
 * validates with, so the agent can never be told about an argument the procedure does not have.
 */

import { stringify } from 'yaml';
import { toJSONSchema } from 'zod/v4/core';
import { GENERATOR_TOOLS, type ToolName } from '../../procedures/names.js';
import type { ProcedureArg } from '../../procedures/schemas/common.js';
import { externalTableArgs, externalTableSchema } from '../../procedures/schemas/externalTable.js';
import { fileFormatArgs, fileFormatSchema } from '../../procedures/schemas/fileFormat.js';
import { stageArgs, stageSchema } from '../../procedures/schemas/stage.js';
import {
  storageIntegrationArgs,
  storageIntegrationSchema,
} from '../../procedures/schemas/storageIntegration.js';
import { quoteIdentifier } from '../../procedures/sql/identifiers.js';
import { quoteString } from '../../procedures/sql/literals.js';

/**
 * The JSON-Schema subset Cortex accepts in `input_schema`. The Cortex Agents REST API reference documents
 * ToolInputSchema with exactly these fields — type, description, properties, items, required — and no `enum`
 * (https://docs.snowflake.com/en/user-guide/snowflake-cortex/cortex-agents-rest-api, "ToolInputSchema"). Agent
 * creation accepting an unknown key proves nothing, so allowed values are written into the description instead.
 */
export interface CortexSchema {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  description?: string;
  properties?: Record<string, CortexSchema>;
  items?: CortexSchema;
  required?: string[];
}

/** A schema while it is being converted: allowed values are collected, then folded into the description. */
type DraftSchema = Omit<CortexSchema, 'properties' | 'items'> & {
  properties?: Record<string, DraftSchema>;
  items?: DraftSchema;
  enum?: (string | number | boolean)[];
};

interface ToolDef {
  // biome-ignore lint/suspicious/noExplicitAny: any zod/mini schema; only its JSON Schema is read here.
  schema: any;
  args: ProcedureArg[];
  description: string;
}

const RETURNS =
  'Returns {ok: true, ddl, kind, name, warnings} or {ok: false, error: {message, issues}} naming the fields to fix. ' +
  'It only writes the statement text; it never creates anything.';

export const AGENT_TOOLS: Record<ToolName, ToolDef> = {
  GENERATE_STORAGE_INTEGRATION_DDL: {
    schema: storageIntegrationSchema,
    args: storageIntegrationArgs,
    description: `Writes the CREATE STORAGE INTEGRATION statement that lets Snowflake reach a cloud bucket (S3, GCS, Azure). Call it first. ${RETURNS}`,
  },
  GENERATE_FILE_FORMAT_DDL: {
    schema: fileFormatSchema,
    args: fileFormatArgs,
    description: `Writes the CREATE FILE FORMAT statement describing how the files are read (CSV, JSON, Parquet, …). Call it after the integration. ${RETURNS}`,
  },
  GENERATE_EXTERNAL_STAGE_DDL: {
    schema: stageSchema,
    args: stageArgs,
    description: `Writes the CREATE STAGE statement pointing at the storage URL through the integration and file format. Call it after the file format. ${RETURNS}`,
  },
  GENERATE_EXTERNAL_TABLE_DDL: {
    schema: externalTableSchema,
    args: externalTableArgs,
    description: `Writes the CREATE EXTERNAL TABLE statement over the stage with typed columns. Call it last. ${RETURNS}`,
  },
};

/** The tool's name in the agent spec (and in `response.tool_use` events): the procedure name, lower case. */
export function toolSpecName(tool: ToolName): string {
  return tool.toLowerCase();
}

type JsonSchema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema | JsonSchema[];
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

const SCALAR = (v: unknown): v is string | number | boolean =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * JSON Schema (draft 2020-12, from zod) → the Cortex dialect: only type, description, properties, items and
 * required survive; allowed values (enum, const) become a sentence of the description ("One of: `CSV`, `JSON`.").
 * Bounds, patterns and cross-field rules stay in the procedure, which answers `{ok: false}` with the reason. A
 * union of different types keeps no `type` and says so in the description.
 */
export function toCortexSchema(s: JsonSchema): CortexSchema {
  return foldEnums(toDraft(s));
}

function foldEnums(d: DraftSchema): CortexSchema {
  const out: CortexSchema = {};
  if (d.type !== undefined) out.type = d.type;
  const values =
    d.enum && d.enum.length > 0 ? `One of: ${d.enum.map((v) => `\`${String(v)}\``).join(', ')}.` : '';
  const description = values ? joinSentences(d.description, values) : d.description;
  if (description !== undefined) out.description = description;
  if (d.properties)
    out.properties = Object.fromEntries(Object.entries(d.properties).map(([k, v]) => [k, foldEnums(v)]));
  if (d.required) out.required = d.required;
  if (d.items) out.items = foldEnums(d.items);
  return out;
}

function toDraft(s: JsonSchema): DraftSchema {
  const out: DraftSchema = {};
  const variants = s.anyOf ?? s.oneOf;
  if (variants && variants.length > 0) {
    const converted = variants.map(toDraft);
    const types = [...new Set(converted.map((v) => v.type))];
    if (types.length === 1 && types[0] !== undefined) {
      Object.assign(out, converted[0]);
      const enums = converted.flatMap((v) => v.enum ?? []);
      if (enums.length > 0 && converted.every((v) => v.enum)) out.enum = [...new Set(enums)];
    } else {
      const kinds = converted.map(describeType).join(' or ');
      out.description = joinSentences(s.description, `Accepts ${kinds}.`);
      return out;
    }
  } else {
    const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
    if (type === 'integer' || type === 'number') out.type = 'number';
    else if (type === 'object' || type === 'array' || type === 'string' || type === 'boolean')
      out.type = type;
  }
  if (s.description !== undefined) out.description = s.description;
  if (s.const !== undefined && SCALAR(s.const)) out.enum = [s.const];
  if (s.enum) out.enum = s.enum.filter(SCALAR);
  if (s.properties) {
    out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, toDraft(v)]));
    if (s.required && s.required.length > 0) out.required = [...s.required];
  }
  if (s.items && !Array.isArray(s.items)) out.items = toDraft(s.items);
  return out;
}

function describeType(s: DraftSchema): string {
  if (s.type === 'array') return `an array of ${s.items?.type ? `${s.items.type}s` : 'values'}`;
  if (s.type === 'number') return 'a number';
  if (s.type === 'object') return 'an object';
  return s.type ? `a ${s.type}` : 'a value';
}

function joinSentences(a: string | undefined, b: string): string {
  if (!a) return b;
  return /[.!?]$/.test(a) ? `${a} ${b}` : `${a}. ${b}`;
}

/** The tool's Cortex input_schema: the procedure's input schema, property names = argument names, lower case. */
function toolInputSchema(tool: ToolName): CortexSchema {
  const json = toJSONSchema(AGENT_TOOLS[tool].schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const schema = toCortexSchema(json);
  if (schema.type !== 'object' || !schema.properties)
    throw new Error(`${tool}: the input schema must be an object`);
  return schema;
}

export interface AgentSqlOptions {
  database?: string;
  schema?: string;
  name?: string;
  warehouse?: string;
  /** The role the bot runs the agent as (granted USAGE on the agent, procedures and warehouse). */
  botRole?: string;
  /** `models.orchestration`; `auto` lets Snowflake pick the model. */
  model?: string;
  budget?: { seconds: number; tokens: number };
  comment?: string;
}

const AGENT_DEFAULTS = {
  database: 'LEILA_APP',
  schema: 'PUBLIC',
  name: 'DATA_ENGINEER_AGENT',
  warehouse: 'LEILAAPP',
  botRole: 'DEA_BOT_ROLE',
  model: 'auto',
  budget: { seconds: 900, tokens: 400_000 },
  comment: 'Builds Snowflake ingestion pipelines from chat; DDL runs only after a human approves it.',
} as const;

export const ORCHESTRATION_INSTRUCTIONS = `You help data engineers set up ingestion of files from cloud storage into Snowflake: a storage integration, a file format, an external stage and an external table.
1. Gather the facts first: the cloud (S3, GCS or Azure) and the storage URL; the credentials the integration needs (the AWS IAM role ARN for S3, the tenant id for Azure); the file type and its options (delimiter, header, compression); the columns and their types, if the user knows them (see 4); and the names, if the user has preferences (otherwise the tools derive them).
2. When a fact is missing, ask for it: one clear question at a time, naming what you need and giving an example. Do not guess credentials, URLs or column types.
3. Generate in this order: generate_storage_integration_ddl, then generate_file_format_ddl, then generate_external_stage_ddl, then generate_external_table_ddl. Skip a step only when the user says the object already exists and gives its name, and pass that name on to the later steps.
4. Schema inference: when the user names a location and format but no columns, or says to infer or detect the columns or schema, or does not know them, do not ask for the columns and never invent them. Generate only the access objects: generate_storage_integration_ddl, generate_file_format_ddl and generate_external_stage_ddl, and do not call generate_external_table_ddl. For CSV, inference reads the column names from a header row: ask whether the files have one if the user has not said; if they have none, ask for the columns instead and use the normal flow. For CSV in this flow, call generate_file_format_ddl with format_options {"parse_header": true} (never skip_header) and an explicit name: the default format name with _CSV_FORMAT replaced by _CSV_HEADER_FORMAT (for s3://acme-data/raw/orders/ that is ACME_DATA_RAW_ORDERS_CSV_HEADER_FORMAT: bucket and path upper-cased, other characters as _), and pass the same name to generate_external_stage_ddl as file_format. Then tell the user that once these objects are approved the bot reads a few sample files and proposes the external table with the inferred columns as a second plan; the bot does that itself.
5. When a tool answers ok: false, read error.issues, fix the named fields (ask the user when only they can know) and call the tool again.
6. The tools only write statements. Nothing is created until a human approves the plan in the chat. There is no tool that executes DDL.`;

const RESPONSE_INSTRUCTIONS = `Answer for a chat thread: short sentences, no more than a few lines, no headings. Never claim that anything was created, executed or granted: say the statements are proposed and wait for approval in the chat. Do not repeat the full DDL in your answer; the chat shows the generated statements with Approve and Reject buttons. After the last statement, tell the user what they must do outside Snowflake (for S3: update the IAM role trust policy with the values DESC INTEGRATION shows after approval).`;

interface Identifiers {
  database: string;
  schema: string;
  name: string;
  warehouse: string;
  botRole: string;
}

/** Config values, not chat text — still, only names that need no quotes are accepted (they also appear in YAML). */
function plainIdentifier(field: string, raw: string): string {
  const sql = quoteIdentifier(raw);
  if (sql.startsWith('"'))
    throw new Error(`${field} must be a plain identifier (letters, digits, _ and $), got ${raw}`);
  return sql;
}

function identifiers(opts: AgentSqlOptions): Identifiers {
  return {
    database: plainIdentifier('database', opts.database ?? AGENT_DEFAULTS.database),
    schema: plainIdentifier('schema', opts.schema ?? AGENT_DEFAULTS.schema),
    name: plainIdentifier('name', opts.name ?? AGENT_DEFAULTS.name),
    warehouse: plainIdentifier('warehouse', opts.warehouse ?? AGENT_DEFAULTS.warehouse),
    botRole: plainIdentifier('botRole', opts.botRole ?? AGENT_DEFAULTS.botRole),
  };
}

/** The specification object (what goes between the $$). */
function agentSpecification(opts: AgentSqlOptions = {}): Record<string, unknown> {
  const ids = identifiers(opts);
  const budget = opts.budget ?? AGENT_DEFAULTS.budget;
  const tools = GENERATOR_TOOLS.map((tool) => ({
    tool_spec: {
      type: 'generic',
      name: toolSpecName(tool),
      description: AGENT_TOOLS[tool].description,
      input_schema: toolInputSchema(tool),
    },
  }));
  const toolResources = Object.fromEntries(
    GENERATOR_TOOLS.map((tool) => [
      toolSpecName(tool),
      {
        type: 'procedure',
        identifier: `${ids.database}.${ids.schema}.${tool}`,
        execution_environment: { type: 'warehouse', warehouse: ids.warehouse },
      },
    ]),
  );
  return {
    models: { orchestration: opts.model ?? AGENT_DEFAULTS.model },
    orchestration: { budget: { seconds: budget.seconds, tokens: budget.tokens } },
    instructions: { orchestration: ORCHESTRATION_INSTRUCTIONS, response: RESPONSE_INSTRUCTIONS },
    tools,
    tool_resources: toolResources,
  };
}

export function renderAgentSpecYaml(opts: AgentSqlOptions = {}): string {
  // lineWidth 0: no folding, so the text Snowflake stores is exactly the text above.
  return stringify(agentSpecification(opts), { lineWidth: 0 });
}

export const MAX_SPEC_BYTES = 100_000;

/** Procedure signature for GRANT … ON PROCEDURE: name and argument types in declaration order. */
function procedureSignature(ids: Identifiers, tool: ToolName): string {
  return `${ids.database}.${ids.schema}.${tool}(${AGENT_TOOLS[tool].args.map((a) => a.sqlType).join(', ')})`;
}

export function renderAgentSql(opts: AgentSqlOptions = {}): string {
  const ids = identifiers(opts);
  const yaml = renderAgentSpecYaml(opts);
  if (yaml.includes('$$')) throw new Error('the agent specification must not contain $$');
  const bytes = Buffer.byteLength(yaml, 'utf8');
  if (bytes > MAX_SPEC_BYTES)
    throw new Error(`the agent specification is ${bytes} bytes; Snowflake allows ${MAX_SPEC_BYTES}`);
  const agent = `${ids.database}.${ids.schema}.${ids.name}`;
  const grants = GENERATOR_TOOLS.map(
    (tool) => `GRANT USAGE ON PROCEDURE ${procedureSignature(ids, tool)} TO ROLE ${ids.botRole};`,
  );
  return `-- Generated by adapters/cortex/agentSpec.ts (renderAgentSql). Do not edit: change the generator and regenerate.
-- The Cortex agent the bot talks to in production (docs/architecture.md#contracts, docs/deployment.md).
--
-- Its only tools are the four generator procedures. EXECUTE_DDL_AND_TRACK is deliberately NOT a tool:
-- the agent proposes DDL, and only an authorized Approve click in the chat runs it (docs/architecture.md#where-the-privileges-are).

CREATE OR REPLACE AGENT ${agent}
  COMMENT = ${quoteString(opts.comment ?? AGENT_DEFAULTS.comment)}
  FROM SPECIFICATION
$$
${yaml}$$;

-- Grants for the role the bot runs the agent as: the Cortex database role, USAGE on the agent, and USAGE
-- on what its tools run (the procedures run as their owner; the caller needs USAGE on them and the warehouse).
GRANT DATABASE ROLE SNOWFLAKE.CORTEX_USER TO ROLE ${ids.botRole};
GRANT USAGE ON DATABASE ${ids.database} TO ROLE ${ids.botRole};
GRANT USAGE ON SCHEMA ${ids.database}.${ids.schema} TO ROLE ${ids.botRole};
GRANT USAGE ON AGENT ${agent} TO ROLE ${ids.botRole};
GRANT USAGE ON WAREHOUSE ${ids.warehouse} TO ROLE ${ids.botRole};
${grants.join('\n')}
`;
}
