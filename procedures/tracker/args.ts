import type { ProcedureArgSpec } from '../execute/args.js';

const text = (name: string, description: string, required = true): ProcedureArgSpec => ({
  name,
  sqlType: 'VARCHAR',
  required,
  description,
});

/** RECORD_PROPOSAL(PIPELINE_ID, DDL_STATEMENTS, PLAN_HASH, REQUESTED_BY, CONTRIBUTORS, CHANNEL, THREAD_REF, TTL_MS, NAMES, AGENT_USAGE, REPLACES) */
export const PROPOSAL_ARGS: readonly ProcedureArgSpec[] = [
  text('PIPELINE_ID', 'the new pipeline id, P- and 12 hex digits'),
  {
    name: 'DDL_STATEMENTS',
    sqlType: 'ARRAY',
    required: true,
    description: 'the plan: [{kind, name, sql, change}]',
  },
  text('PLAN_HASH', 'the hash shown on the card; must match the statements'),
  text('REQUESTED_BY', 'who asked for the plan'),
  {
    name: 'CONTRIBUTORS',
    sqlType: 'ARRAY',
    required: true,
    description: 'everyone who asked or edited in the thread',
  },
  text('CHANNEL', 'slack | teams | local'),
  text('THREAD_REF', 'the platform thread'),
  {
    name: 'TTL_MS',
    sqlType: 'NUMBER',
    required: true,
    description: 'milliseconds until the plan expires (at most 30 days)',
  },
  { name: 'NAMES', sqlType: 'OBJECT', required: false, description: 'the objects the plan creates' },
  { name: 'AGENT_USAGE', sqlType: 'VARIANT', required: false, description: 'token usage of the agent turns' },
  text('REPLACES', 'the open plan of the same thread this revision replaces', false),
];

/** DECIDE_PIPELINE(PIPELINE_ID, VERB, BY, PLAN_HASH, VIA_GROUP, REASON) */
export const DECIDE_ARGS: readonly ProcedureArgSpec[] = [
  text('PIPELINE_ID', 'the pipeline'),
  text('VERB', 'approve | release | reject | expire'),
  text('BY', 'who decides, e.g. slack:U123', false),
  text('PLAN_HASH', 'the hash shown on the card', false),
  text('VIA_GROUP', 'the DEA_APPROVERS Slack user group the bot found the approver in', false),
  text('REASON', 'why it was rejected', false),
];

export const CHECKS_ARGS: readonly ProcedureArgSpec[] = [
  text('PIPELINE_ID', 'a SUCCESS pipeline'),
  { name: 'VERIFICATION', sqlType: 'OBJECT', required: true, description: 'the checks after apply' },
];

export const RECONCILE_ARGS: readonly ProcedureArgSpec[] = [
  {
    name: 'STALE_SECONDS',
    sqlType: 'NUMBER',
    required: true,
    description: 'end EXECUTING rows untouched for at least this long',
  },
];
