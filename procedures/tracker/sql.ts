/**
 * Every statement the procedures issue against DATA_PIPELINE_TRACKER, DEA_APPROVERS and DEA_SETTINGS. Each write names its
 * action in the transition table, and its `STATUS = …` guard and new STATUS are taken from that table, so no
 * write can move a row in a way the table does not list. Values always travel as binds; VARIANT values as JSON
 * text through PARSE_JSON(?) (arrays and objects cannot be bound). INSERT uses `INSERT … SELECT` because
 * Snowflake rejects PARSE_JSON inside a VALUES clause. Numbers put into the text are validated integers.
 */
import type { SchemaContext } from '../execute/objects.js';
import { TRACKER_TABLE } from '../names.js';
import { executeDml, jsonBind, queryRows, variantValue } from '../runtime/query.js';
import type { SnowflakeApi } from '../runtime/snowflakeApi.js';
import { quoteIdentifierPart } from '../sql/identifiers.js';
import { quoteString } from '../sql/literals.js';
import { APPROVERS_TABLE, type ApproverEntry, type ApproverKind } from './approvers.js';
import type { PipelineStatus } from './columns.js';
import { SETTINGS_TABLE } from './settings.js';
import { sourceStatus, type TrackerAction, targetStatus } from './transitions.js';

/** How long an approval reservation holds a plan before another approver may take it over. */
const RESERVATION_SECONDS = 300;

/** The longest a plan may wait for a decision: 30 days. */
export const MAX_PLAN_TTL_MS = 30 * 24 * 3600 * 1000;

export function trackerTable(ctx: SchemaContext): string {
  return `${quoteIdentifierPart(ctx.database)}.${quoteIdentifierPart(ctx.schema)}.${TRACKER_TABLE}`;
}

export function approversTable(ctx: SchemaContext): string {
  return `${quoteIdentifierPart(ctx.database)}.${quoteIdentifierPart(ctx.schema)}.${APPROVERS_TABLE}`;
}

export function settingsTable(ctx: SchemaContext): string {
  return `${quoteIdentifierPart(ctx.database)}.${quoteIdentifierPart(ctx.schema)}.${SETTINGS_TABLE}`;
}

/** `STATUS = 'PROPOSED'`: the guard of an action on an existing row, from the transition table. */
function guard(action: TrackerAction): string {
  return `STATUS = ${quoteString(sourceStatus(action))}`;
}

function target(action: TrackerAction, to?: PipelineStatus): string {
  return quoteString(targetStatus(action, to));
}

const RESERVATION_LAPSED = `UPDATED_AT < DATEADD(second, -${RESERVATION_SECONDS}, CURRENT_TIMESTAMP())`;
/** Nobody holds the plan (a second click of the same approver is refused too), or the hold has lapsed. */
const UNRESERVED = `(APPROVED_BY IS NULL OR ${RESERVATION_LAPSED})`;
/** The claim is the holder's (or nobody's, for a direct call without a reservation). */
const RESERVED_FOR_CALLER = `(APPROVED_BY IS NULL OR APPROVED_BY = ? OR ${RESERVATION_LAPSED})`;

// ------------------------------------------------------------------ reads

export interface TrackerRowView {
  status: string;
  planHash: string | null;
  /** EXPIRES_AT is in the future; false when it has passed or is unset. */
  live: boolean;
  ddlStatements: unknown;
  requestedBy: string | null;
  approvedBy: string | null;
  contributors: unknown;
  channel: string | null;
  threadRef: string | null;
}

export function readPipeline(sf: SnowflakeApi, table: string, pipelineId: string): TrackerRowView | null {
  const rows = queryRows(
    sf,
    `SELECT STATUS, PLAN_HASH, DDL_STATEMENTS, CASE WHEN EXPIRES_AT > CURRENT_TIMESTAMP() THEN 1 ELSE 0 END AS LIVE, REQUESTED_BY, APPROVED_BY, CONTRIBUTORS, CHANNEL, THREAD_REF FROM ${table} WHERE PIPELINE_ID = ?`,
    [pipelineId],
    [
      'STATUS',
      'PLAN_HASH',
      'DDL_STATEMENTS',
      'LIVE',
      'REQUESTED_BY',
      'APPROVED_BY',
      'CONTRIBUTORS',
      'CHANNEL',
      'THREAD_REF',
    ],
  );
  const row = rows[0];
  if (!row) return null;
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  return {
    status: String(row.STATUS),
    planHash: text(row.PLAN_HASH),
    live: Number(row.LIVE) === 1,
    ddlStatements: variantValue(row.DDL_STATEMENTS),
    requestedBy: text(row.REQUESTED_BY),
    approvedBy: text(row.APPROVED_BY),
    contributors: variantValue(row.CONTRIBUTORS),
    channel: text(row.CHANNEL),
    threadRef: text(row.THREAD_REF),
  };
}

const KINDS: readonly ApproverKind[] = ['user', 'slack-group', 'anyone'];

/** DEA_APPROVERS as the procedures see it; a row of an unknown kind grants nothing. */
export function readApprovers(sf: SnowflakeApi, table: string): ApproverEntry[] {
  return queryRows(
    sf,
    `SELECT PRINCIPAL, KIND, MAY_APPROVE_OWN FROM ${table}`,
    [],
    ['PRINCIPAL', 'KIND', 'MAY_APPROVE_OWN'],
  ).flatMap((r) => {
    const kind = String(r.KIND ?? '') as ApproverKind;
    if (typeof r.PRINCIPAL !== 'string' || !KINDS.includes(kind)) return [];
    const own = r.MAY_APPROVE_OWN;
    return [{ principal: r.PRINCIPAL, kind, mayApproveOwn: own === true || own === 'true' || own === 1 }];
  });
}

/** A DEA_SETTINGS value, or null when the row is absent. */
export function readSetting(sf: SnowflakeApi, table: string, name: string): string | null {
  const rows = queryRows(sf, `SELECT VALUE FROM ${table} WHERE NAME = ?`, [name], ['VALUE']);
  const value = rows[0]?.VALUE;
  return typeof value === 'string' ? value : null;
}

// ------------------------------------------------------------------ writes, one per transition

/** The identity columns a new tracker row starts with, whether proposed or run directly. */
interface PipelineRowNames {
  pipelineId: string;
  dataSourceType: string | null;
  integrationName: string | null;
  stageName: string | null;
  fileFormatName: string | null;
  tableName: string | null;
}

/** The binds of PIPELINE_ID, DATA_SOURCE_TYPE, INTEGRATION_NAME, STAGE_NAME, FILE_FORMAT_NAME, TABLE_NAME, in that order. */
function namesBinds(row: PipelineRowNames): (string | null)[] {
  return [
    row.pipelineId,
    row.dataSourceType,
    row.integrationName,
    row.stageName,
    row.fileFormatName,
    row.tableName,
  ];
}

export interface ProposalRow extends PipelineRowNames {
  statements: unknown[];
  requestedBy: string;
  contributors: string[];
  channel: string;
  threadRef: string;
  planHash: string;
  ttlMs: number;
  agentUsage: unknown;
}

/** propose: a new PROPOSED row. */
export function insertProposal(sf: SnowflakeApi, table: string, row: ProposalRow): number {
  const ttl = row.ttlMs;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_PLAN_TTL_MS) throw new RangeError('ttlMs out of range');
  return executeDml(
    sf,
    `INSERT INTO ${table} (PIPELINE_ID, CREATED_AT, DATA_SOURCE_TYPE, INTEGRATION_NAME, STAGE_NAME, FILE_FORMAT_NAME, TABLE_NAME, STATUS, DDL_STATEMENTS, EXECUTION_LOG, REQUESTED_BY, CONTRIBUTORS, CHANNEL, THREAD_REF, PLAN_HASH, EXPIRES_AT, UPDATED_AT, AGENT_USAGE) SELECT ?, CURRENT_TIMESTAMP(), ?, ?, ?, ?, ?, ${target('propose')}, PARSE_JSON(?), PARSE_JSON('[]'), ?, PARSE_JSON(?), ?, ?, ?, DATEADD(millisecond, ${ttl}, CURRENT_TIMESTAMP()), CURRENT_TIMESTAMP(), PARSE_JSON(?)`,
    [
      ...namesBinds(row),
      jsonBind(row.statements),
      row.requestedBy,
      jsonBind(row.contributors),
      row.channel,
      row.threadRef,
      row.planHash,
      jsonBind(row.agentUsage ?? null),
    ],
  );
}

/** reserve: an approver holds a live PROPOSED plan (a lapsed reservation of someone else may be taken over). */
export function reserveApproval(
  sf: SnowflakeApi,
  table: string,
  id: string,
  by: string,
  hash: string,
): number {
  return executeDml(
    sf,
    `UPDATE ${table} SET STATUS = ${target('reserve')}, APPROVED_BY = ?, UPDATED_AT = CURRENT_TIMESTAMP() WHERE PIPELINE_ID = ? AND ${guard('reserve')} AND PLAN_HASH = ? AND EXPIRES_AT > CURRENT_TIMESTAMP() AND ${UNRESERVED}`,
    [by, id, hash],
  );
}

/** release: the holder gives a reservation back. */
export function releaseApproval(sf: SnowflakeApi, table: string, id: string, by: string): number {
  return executeDml(
    sf,
    `UPDATE ${table} SET STATUS = ${target('release')}, APPROVED_BY = NULL, UPDATED_AT = CURRENT_TIMESTAMP() WHERE PIPELINE_ID = ? AND ${guard('release')} AND APPROVED_BY = ?`,
    [id, by],
  );
}

/** reject: only a live PROPOSED row nobody else is approving. */
export function rejectPipeline(
  sf: SnowflakeApi,
  table: string,
  id: string,
  by: string,
  hash: string,
  reason: string | null,
): number {
  return executeDml(
    sf,
    `UPDATE ${table} SET STATUS = ${target('reject')}, REJECTED_BY = ?, DECISION_REASON = ?, DECIDED_AT = CURRENT_TIMESTAMP(), UPDATED_AT = CURRENT_TIMESTAMP() WHERE PIPELINE_ID = ? AND ${guard('reject')} AND PLAN_HASH = ? AND EXPIRES_AT > CURRENT_TIMESTAMP() AND APPROVED_BY IS NULL`,
    [by, reason, id, hash],
  );
}

/** expire, time up: only a row whose EXPIRES_AT has passed (idempotent: the status guard). */
export function markExpired(sf: SnowflakeApi, table: string, id: string): number {
  return executeDml(
    sf,
    `UPDATE ${table} SET STATUS = ${target('expire')}, DECISION_REASON = 'expired before approval', DECIDED_AT = CURRENT_TIMESTAMP(), UPDATED_AT = CURRENT_TIMESTAMP() WHERE PIPELINE_ID = ? AND ${guard('expire')} AND (EXPIRES_AT IS NULL OR EXPIRES_AT <= CURRENT_TIMESTAMP())`,
    [id],
  );
}

/** expire, replaced: an open plan of the same thread gives way to its revision (nobody may be approving it). */
export function markReplaced(
  sf: SnowflakeApi,
  table: string,
  id: string,
  channel: string,
  threadRef: string,
  revisionId: string,
): number {
  return executeDml(
    sf,
    `UPDATE ${table} SET STATUS = ${target('expire')}, DECISION_REASON = ?, DECIDED_AT = CURRENT_TIMESTAMP(), UPDATED_AT = CURRENT_TIMESTAMP() WHERE PIPELINE_ID = ? AND ${guard('expire')} AND CHANNEL = ? AND THREAD_REF = ? AND APPROVED_BY IS NULL`,
    [`replaced by the revised plan ${revisionId}`, id, channel, threadRef],
  );
}

/** claim: the exactly-once start; only the caller that changes the row executes the plan. */
export function claimPipeline(
  sf: SnowflakeApi,
  table: string,
  pipelineId: string,
  planHash: string,
  approver: string,
): number {
  return executeDml(
    sf,
    `UPDATE ${table} SET STATUS = ${target('claim')}, APPROVED_BY = ?, DECIDED_AT = CURRENT_TIMESTAMP(), UPDATED_AT = CURRENT_TIMESTAMP() WHERE PIPELINE_ID = ? AND ${guard('claim')} AND PLAN_HASH = ? AND EXPIRES_AT > CURRENT_TIMESTAMP() AND ${RESERVED_FOR_CALLER}`,
    [approver, pipelineId, planHash, approver],
  );
}

/** finish: an EXECUTING row ends SUCCESS or FAILED with its log. */
export function finishPipeline(
  sf: SnowflakeApi,
  table: string,
  pipelineId: string,
  status: Extract<PipelineStatus, 'SUCCESS' | 'FAILED'>,
  executionLog: readonly unknown[],
): number {
  return executeDml(
    sf,
    `UPDATE ${table} SET STATUS = ?, EXECUTION_LOG = PARSE_JSON(?), UPDATED_AT = CURRENT_TIMESTAMP() WHERE PIPELINE_ID = ? AND ${guard('finish')}`,
    [targetStatus('finish', status), jsonBind(executionLog), pipelineId],
  );
}

/** retire: once every DROP of an approved retire plan ran, the retired pipeline's SUCCESS row ends RETIRED. */
export function markRetired(sf: SnowflakeApi, table: string, retiredId: string, by: string): number {
  return executeDml(
    sf,
    `UPDATE ${table} SET STATUS = ${target('retire')}, DECISION_REASON = ?, UPDATED_AT = CURRENT_TIMESTAMP() WHERE PIPELINE_ID = ? AND ${guard('retire')}`,
    [`retired by pipeline ${by}`, retiredId],
  );
}

/** interrupt: rows left EXECUTING, untouched for `staleSeconds`, end FAILED keeping what the log holds. */
export function markInterrupted(sf: SnowflakeApi, table: string, staleSeconds: number): number {
  if (!Number.isInteger(staleSeconds) || staleSeconds < 0) throw new RangeError('staleSeconds must be >= 0');
  return executeDml(
    sf,
    `UPDATE ${table} SET STATUS = ${target('interrupt')}, DECISION_REASON = 'interrupted: the bot stopped while the plan was executing; check the objects listed in the log', UPDATED_AT = CURRENT_TIMESTAMP() WHERE ${guard('interrupt')} AND UPDATED_AT <= DATEADD(second, -${staleSeconds}, CURRENT_TIMESTAMP())`,
    [],
  );
}

/** record_checks: the read-only checks after apply, kept with a SUCCESS row. */
export function recordChecks(
  sf: SnowflakeApi,
  table: string,
  pipelineId: string,
  verification: unknown,
): number {
  return executeDml(
    sf,
    `UPDATE ${table} SET STATUS = ${target('record_checks')}, VERIFICATION = PARSE_JSON(?), UPDATED_AT = CURRENT_TIMESTAMP() WHERE PIPELINE_ID = ? AND ${guard('record_checks')}`,
    [jsonBind(verification), pipelineId],
  );
}

export interface DirectRunRow extends PipelineRowNames {
  ddlStatements: unknown[];
  planHash: string;
}

/** run_direct: the row is born EXECUTING, requested and approved by the calling user (caller's rights). */
export function insertDirectRun(sf: SnowflakeApi, table: string, row: DirectRunRow): number {
  return executeDml(
    sf,
    `INSERT INTO ${table} (PIPELINE_ID, CREATED_AT, DATA_SOURCE_TYPE, INTEGRATION_NAME, STAGE_NAME, FILE_FORMAT_NAME, TABLE_NAME, STATUS, DDL_STATEMENTS, REQUESTED_BY, APPROVED_BY, DECIDED_AT, CHANNEL, PLAN_HASH, UPDATED_AT) SELECT ?, CURRENT_TIMESTAMP(), ?, ?, ?, ?, ?, ${target('run_direct')}, PARSE_JSON(?), CURRENT_USER(), CURRENT_USER(), CURRENT_TIMESTAMP(), 'sql', ?, CURRENT_TIMESTAMP()`,
    [...namesBinds(row), jsonBind(row.ddlStatements), row.planHash],
  );
}
