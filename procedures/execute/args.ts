/** One argument of a procedure signature (same shape as the generator schemas' argument lists). */
export interface ProcedureArgSpec {
  name: string;
  sqlType: 'VARCHAR' | 'BOOLEAN' | 'NUMBER' | 'ARRAY' | 'OBJECT' | 'VARIANT';
  required: boolean;
  description: string;
}

/**
 * EXECUTE_DDL_AND_TRACK's signature; every argument is optional (DEFAULT NULL) so the bot calls
 * `(PIPELINE_ID, PLAN_HASH, APPROVER[, VIA_GROUP])` positionally. DDL_STATEMENTS and DATA_SOURCE remain only so
 * that the seed's bare form is answered with a sentence pointing to EXECUTE_DDL_DIRECT.
 */
export const EXECUTE_ARGS: readonly ProcedureArgSpec[] = [
  { name: 'PIPELINE_ID', sqlType: 'VARCHAR', required: false, description: 'the PROPOSED pipeline to run' },
  { name: 'PLAN_HASH', sqlType: 'VARCHAR', required: false, description: 'the plan hash that was approved' },
  { name: 'APPROVER', sqlType: 'VARCHAR', required: false, description: 'who approved, e.g. slack:U123' },
  {
    name: 'VIA_GROUP',
    sqlType: 'VARCHAR',
    required: false,
    description: 'the DEA_APPROVERS Slack user group the bot found the approver in (checked live)',
  },
  {
    name: 'DDL_STATEMENTS',
    sqlType: 'ARRAY',
    required: false,
    description: 'refused: statements run directly only through EXECUTE_DDL_DIRECT',
  },
  { name: 'DATA_SOURCE', sqlType: 'VARIANT', required: false, description: 'refused with DDL_STATEMENTS' },
];

/** EXECUTE_DDL_DIRECT (caller's rights): the seed's bare form, for an administrator. */
export const DIRECT_ARGS: readonly ProcedureArgSpec[] = [
  { name: 'DDL_STATEMENTS', sqlType: 'ARRAY', required: true, description: 'CREATE statements to run' },
  {
    name: 'DATA_SOURCE',
    sqlType: 'VARIANT',
    required: false,
    description: 'the data source (type or description)',
  },
];
