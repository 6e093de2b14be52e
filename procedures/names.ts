/** The four generator procedures: the only tools the agent may call. */
export const GENERATOR_TOOLS = [
  'GENERATE_STORAGE_INTEGRATION_DDL',
  'GENERATE_FILE_FORMAT_DDL',
  'GENERATE_EXTERNAL_STAGE_DDL',
  'GENERATE_EXTERNAL_TABLE_DDL',
] as const;
export type ToolName = (typeof GENERATOR_TOOLS)[number];

/** Every procedure installed by sql/procedures.sql. EXECUTE_DDL_AND_TRACK is deliberately not a tool. */
export const PROCEDURE_NAMES = [...GENERATOR_TOOLS, 'EXECUTE_DDL_AND_TRACK'] as const;
export type ProcedureName = (typeof PROCEDURE_NAMES)[number];

/** The statement kinds the bot may ever execute, in dependency order. */
export const STATEMENT_KINDS = ['STORAGE_INTEGRATION', 'FILE_FORMAT', 'STAGE', 'EXTERNAL_TABLE'] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

export const TOOL_KIND: Record<ToolName, StatementKind> = {
  GENERATE_STORAGE_INTEGRATION_DDL: 'STORAGE_INTEGRATION',
  GENERATE_FILE_FORMAT_DDL: 'FILE_FORMAT',
  GENERATE_EXTERNAL_STAGE_DDL: 'STAGE',
  GENERATE_EXTERNAL_TABLE_DDL: 'EXTERNAL_TABLE',
};

export const TRACKER_TABLE = 'DATA_PIPELINE_TRACKER';
