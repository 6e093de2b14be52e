/** One argument of a procedure signature (same shape as the generator schemas' argument lists). */
export interface ProcedureArgSpec {
  name: string;
  sqlType: 'VARCHAR' | 'BOOLEAN' | 'NUMBER' | 'ARRAY' | 'OBJECT' | 'VARIANT';
  required: boolean;
  description: string;
}

/**
 * EXECUTE_DDL_AND_TRACK's signature. Both forms share it: every argument is optional (DEFAULT NULL), so the
 * bot calls `(PIPELINE_ID, PLAN_HASH, APPROVER)` positionally and the seed calls
 * `(DDL_STATEMENTS => [...], DATA_SOURCE => ...)` by name. One signature rather than an overload keeps one
 * body, one grant and one entry in procedures.sql.
 */
export const EXECUTE_ARGS: readonly ProcedureArgSpec[] = [
  {
    name: 'PIPELINE_ID',
    sqlType: 'VARCHAR',
    required: false,
    description: 'form A: the PROPOSED pipeline to run',
  },
  {
    name: 'PLAN_HASH',
    sqlType: 'VARCHAR',
    required: false,
    description: 'form A: the plan hash that was approved',
  },
  {
    name: 'APPROVER',
    sqlType: 'VARCHAR',
    required: false,
    description: 'form A: who approved, e.g. slack:U123',
  },
  {
    name: 'DDL_STATEMENTS',
    sqlType: 'ARRAY',
    required: false,
    description: 'form B: CREATE statements to run',
  },
  {
    name: 'DATA_SOURCE',
    sqlType: 'VARIANT',
    required: false,
    description: 'form B: the data source (type or description)',
  },
];
