import { TRACKER_TABLE } from '../names.js';
import { executeDml, jsonBind, queryRows, variantValue } from '../runtime/query.js';
import type { SnowflakeApi } from '../runtime/snowflakeApi.js';
import type { PipelineStatus } from '../tracker.js';
import { quoteIdentifierPart, type SchemaContext } from './objects.js';
import type { ExecutionLogEntry } from './types.js';

/**
 * Every statement EXECUTE_DDL_AND_TRACK issues against DATA_PIPELINE_TRACKER. Values always travel as binds;
 * VARIANT values as JSON text through PARSE_JSON(?) (arrays and objects cannot be bound). INSERT uses
 * `INSERT … SELECT` because Snowflake rejects PARSE_JSON inside a VALUES clause.
 */
export function trackerTable(ctx: SchemaContext): string {
  return `${quoteIdentifierPart(ctx.database)}.${quoteIdentifierPart(ctx.schema)}.${TRACKER_TABLE}`;
}

/** The exactly-once claim: only the caller that changes the row executes the plan. */
export function claimPipeline(
  sf: SnowflakeApi,
  table: string,
  pipelineId: string,
  planHash: string,
  approver: string,
): number {
  return executeDml(
    sf,
    `UPDATE ${table} SET STATUS = 'EXECUTING', APPROVED_BY = ?, DECIDED_AT = CURRENT_TIMESTAMP(), UPDATED_AT = CURRENT_TIMESTAMP() WHERE PIPELINE_ID = ? AND STATUS = 'PROPOSED' AND PLAN_HASH = ? AND EXPIRES_AT > CURRENT_TIMESTAMP()`,
    [approver, pipelineId, planHash],
  );
}

export interface TrackerRowView {
  status: string;
  planHash: string | null;
  /** EXPIRES_AT is in the future; false when it has passed or is unset. */
  live: boolean;
  ddlStatements: unknown;
}

export function readPipeline(sf: SnowflakeApi, table: string, pipelineId: string): TrackerRowView | null {
  const rows = queryRows(
    sf,
    `SELECT STATUS, PLAN_HASH, DDL_STATEMENTS, CASE WHEN EXPIRES_AT > CURRENT_TIMESTAMP() THEN 1 ELSE 0 END AS LIVE FROM ${table} WHERE PIPELINE_ID = ?`,
    [pipelineId],
    ['STATUS', 'PLAN_HASH', 'DDL_STATEMENTS', 'LIVE'],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    status: String(row.STATUS),
    planHash: row.PLAN_HASH === null || row.PLAN_HASH === undefined ? null : String(row.PLAN_HASH),
    live: Number(row.LIVE) === 1,
    ddlStatements: variantValue(row.DDL_STATEMENTS),
  };
}

/** A PROPOSED row whose time is up becomes EXPIRED (once; the status guard makes it idempotent). */
export function markExpired(sf: SnowflakeApi, table: string, pipelineId: string): number {
  return executeDml(
    sf,
    `UPDATE ${table} SET STATUS = 'EXPIRED', DECISION_REASON = 'expired before approval', DECIDED_AT = CURRENT_TIMESTAMP(), UPDATED_AT = CURRENT_TIMESTAMP() WHERE PIPELINE_ID = ? AND STATUS = 'PROPOSED' AND (EXPIRES_AT IS NULL OR EXPIRES_AT <= CURRENT_TIMESTAMP())`,
    [pipelineId],
  );
}

/** Ends an EXECUTING row. */
export function finishPipeline(
  sf: SnowflakeApi,
  table: string,
  pipelineId: string,
  status: Extract<PipelineStatus, 'SUCCESS' | 'FAILED'>,
  executionLog: readonly ExecutionLogEntry[],
): number {
  return executeDml(
    sf,
    `UPDATE ${table} SET STATUS = ?, EXECUTION_LOG = PARSE_JSON(?), UPDATED_AT = CURRENT_TIMESTAMP() WHERE PIPELINE_ID = ? AND STATUS = 'EXECUTING'`,
    [status, jsonBind(executionLog), pipelineId],
  );
}

export interface DirectRunRow {
  pipelineId: string;
  dataSourceType: string | null;
  integrationName: string | null;
  stageName: string | null;
  fileFormatName: string | null;
  tableName: string | null;
  ddlStatements: unknown[];
  planHash: string;
}

/** Form B: the row is born EXECUTING, requested and approved by the calling user. */
export function insertDirectRun(sf: SnowflakeApi, table: string, row: DirectRunRow): number {
  return executeDml(
    sf,
    `INSERT INTO ${table} (PIPELINE_ID, CREATED_AT, DATA_SOURCE_TYPE, INTEGRATION_NAME, STAGE_NAME, FILE_FORMAT_NAME, TABLE_NAME, STATUS, DDL_STATEMENTS, REQUESTED_BY, APPROVED_BY, DECIDED_AT, CHANNEL, PLAN_HASH, UPDATED_AT) SELECT ?, CURRENT_TIMESTAMP(), ?, ?, ?, ?, ?, 'EXECUTING', PARSE_JSON(?), CURRENT_USER(), CURRENT_USER(), CURRENT_TIMESTAMP(), 'sql', ?, CURRENT_TIMESTAMP()`,
    [
      row.pipelineId,
      row.dataSourceType,
      row.integrationName,
      row.stageName,
      row.fileFormatName,
      row.tableName,
      jsonBind(row.ddlStatements),
      row.planHash,
    ],
  );
}
