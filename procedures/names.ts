/** The four generator procedures: the only tools the agent may call. */
export const GENERATOR_TOOLS = [
  'GENERATE_STORAGE_INTEGRATION_DDL',
  'GENERATE_FILE_FORMAT_DDL',
  'GENERATE_EXTERNAL_STAGE_DDL',
  'GENERATE_EXTERNAL_TABLE_DDL',
] as const;
export type ToolName = (typeof GENERATOR_TOOLS)[number];

/**
 * The procedures the bot calls: the generators, and the owner's-rights procedures that are its only way to write
 * the tracker. EXECUTE_DDL_AND_TRACK and the tracker procedures are deliberately not agent tools.
 */
export const BOT_PROCEDURES = [
  ...GENERATOR_TOOLS,
  'RECORD_PROPOSAL',
  'DECIDE_PIPELINE',
  'RECORD_CHECKS',
  'RECONCILE_INTERRUPTED',
  'EXECUTE_DDL_AND_TRACK',
] as const;
export type ProcedureName = (typeof BOT_PROCEDURES)[number];

/** Installed for an administrator only: runs with the caller's rights, so the bot's role can do nothing with it. */
const ADMIN_PROCEDURES = ['EXECUTE_DDL_DIRECT'] as const;

/** Every procedure installed by sql/procedures.sql. */
export const PROCEDURE_NAMES = [...BOT_PROCEDURES, ...ADMIN_PROCEDURES] as const;
export type InstalledProcedureName = (typeof PROCEDURE_NAMES)[number];

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
