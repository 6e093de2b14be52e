/**
 * RECORD_CHECKS and RECONCILE_INTERRUPTED: the two writes that are not decisions. Checks are kept only with a
 * SUCCESS row; only rows left EXECUTING are ended as interrupted, and never sooner than the administrator's
 * INTERRUPTED_AFTER_SECONDS (DEA_SETTINGS) after their last change, whatever the caller asks.
 */
import { readSchemaContext } from '../execute/objects.js';
import type { SnowflakeApi } from '../runtime/snowflakeApi.js';
import { done, nonEmpty, refused, structured, type TrackerResult } from './result.js';
import {
  DEFAULT_INTERRUPTED_AFTER_SECONDS,
  INTERRUPTED_AFTER_SECONDS,
  interruptedAfterSeconds,
  MAX_STALE_SECONDS,
} from './settings.js';
import {
  markInterrupted,
  readPipeline,
  readSetting,
  recordChecks,
  settingsTable,
  trackerTable,
} from './sql.js';
import { canTransition } from './transitions.js';

const MAX_CHECKS_JSON = 1_000_000;

export function recordChecksProcedure(
  args: { PIPELINE_ID?: unknown; VERIFICATION?: unknown },
  sf: SnowflakeApi,
): TrackerResult {
  const id = args.PIPELINE_ID;
  if (!nonEmpty(id, 100)) return refused(null, null, 'invalid_request', 'PIPELINE_ID is required');
  const verification = structured(args.VERIFICATION);
  if (verification === null || typeof verification !== 'object' || Array.isArray(verification))
    return refused(id, null, 'invalid_request', 'VERIFICATION must be an object');
  if (JSON.stringify(verification).length > MAX_CHECKS_JSON)
    return refused(id, null, 'invalid_request', `VERIFICATION is over ${MAX_CHECKS_JSON} characters`);
  const table = trackerTable(readSchemaContext(sf));
  const row = readPipeline(sf, table, id);
  if (row === null) return refused(id, null, 'not_found', `pipeline ${id} not found`);
  if (!canTransition('record_checks', row.status) || recordChecks(sf, table, id, verification) !== 1)
    return refused(
      id,
      row.status,
      'already_decided',
      `checks are kept only for a SUCCESS pipeline; ${id} is ${row.status}`,
    );
  return done(id, row.status, `checks recorded for pipeline ${id}`);
}

export function reconcileInterrupted(args: { STALE_SECONDS?: unknown }, sf: SnowflakeApi): TrackerResult {
  const asked = Number(args.STALE_SECONDS ?? 0);
  if (!Number.isInteger(asked) || asked < 0 || asked > MAX_STALE_SECONDS)
    return refused(
      null,
      null,
      'invalid_request',
      `STALE_SECONDS must be a whole number from 0 to ${MAX_STALE_SECONDS}`,
    );
  const ctx = readSchemaContext(sf);
  const floor = administratorsFloor(sf, settingsTable(ctx));
  const stale = Math.max(asked, floor);
  const count = markInterrupted(sf, trackerTable(ctx), stale);
  const bound =
    stale > asked
      ? `unchanged for ${stale} s: ${asked} s was asked, and ${INTERRUPTED_AFTER_SECONDS} in DEA_SETTINGS is ${floor}`
      : `unchanged for ${stale} s`;
  return {
    ...done(null, null, `${count} interrupted pipeline${count === 1 ? '' : 's'} marked FAILED (${bound})`),
    count,
    staleSeconds: stale,
  };
}

/**
 * The floor the administrator set. A schema set up before DEA_SETTINGS existed has no table: the default holds
 * until `dea sql setup` is run again, so an upgrade never lowers it.
 */
function administratorsFloor(sf: SnowflakeApi, table: string): number {
  try {
    return interruptedAfterSeconds(readSetting(sf, table, INTERRUPTED_AFTER_SECONDS));
  } catch {
    return DEFAULT_INTERRUPTED_AFTER_SECONDS;
  }
}
