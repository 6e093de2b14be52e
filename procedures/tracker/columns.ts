/**
 * DATA_PIPELINE_TRACKER: the state of every pipeline. One list of columns feeds sql/setup.sql, the embedded
 * warehouse's table and the procedures, so the three cannot drift apart.
 */
export type TrackerSqlType = 'VARCHAR' | 'TIMESTAMP_LTZ' | 'VARIANT';

export const TRACKER_COLUMNS = [
  { name: 'PIPELINE_ID', type: 'VARCHAR', note: 'primary key, e.g. P-1a2b3c4d5e6f' },
  { name: 'CREATED_AT', type: 'TIMESTAMP_LTZ', note: 'when the plan was proposed' },
  { name: 'DATA_SOURCE_TYPE', type: 'VARCHAR', note: 'S3 | S3GOV | S3CHINA | GCS | AZURE' },
  { name: 'INTEGRATION_NAME', type: 'VARCHAR', note: '' },
  { name: 'STAGE_NAME', type: 'VARCHAR', note: '' },
  { name: 'FILE_FORMAT_NAME', type: 'VARCHAR', note: '' },
  { name: 'TABLE_NAME', type: 'VARCHAR', note: '' },
  {
    name: 'STATUS',
    type: 'VARCHAR',
    note: 'PROPOSED | REJECTED | EXPIRED | EXECUTING | SUCCESS | FAILED | RETIRED',
  },
  { name: 'DDL_STATEMENTS', type: 'VARIANT', note: 'array of {kind, name, sql, change}' },
  { name: 'EXECUTION_LOG', type: 'VARIANT', note: 'array of step records; compensation included' },
  { name: 'REQUESTED_BY', type: 'VARCHAR', note: 'principal, e.g. slack:U123' },
  { name: 'APPROVED_BY', type: 'VARCHAR', note: '' },
  { name: 'REJECTED_BY', type: 'VARCHAR', note: '' },
  { name: 'DECISION_REASON', type: 'VARCHAR', note: 'why it was rejected or expired' },
  { name: 'DECIDED_AT', type: 'TIMESTAMP_LTZ', note: '' },
  { name: 'CHANNEL', type: 'VARCHAR', note: 'slack | teams | local' },
  { name: 'THREAD_REF', type: 'VARCHAR', note: 'platform thread id' },
  { name: 'PLAN_HASH', type: 'VARCHAR', note: 'SHA-256 hex of the statement list' },
  { name: 'EXPIRES_AT', type: 'TIMESTAMP_LTZ', note: '' },
  { name: 'UPDATED_AT', type: 'TIMESTAMP_LTZ', note: '' },
  { name: 'AGENT_USAGE', type: 'VARIANT', note: 'token usage of the agent turns that built the plan' },
  { name: 'VERIFICATION', type: 'VARIANT', note: 'read-only checks after SUCCESS' },
  {
    name: 'CONTRIBUTORS',
    type: 'VARIANT',
    note: 'every principal who requested or edited the plan; none of them may approve it',
  },
] as const satisfies readonly { name: string; type: TrackerSqlType; note: string }[];

export const PIPELINE_STATUSES = [
  'PROPOSED',
  'REJECTED',
  'EXPIRED',
  'EXECUTING',
  'SUCCESS',
  'FAILED',
  /** A SUCCESS pipeline whose objects a later, approved retire plan dropped. */
  'RETIRED',
] as const;
export type PipelineStatus = (typeof PIPELINE_STATUSES)[number];
