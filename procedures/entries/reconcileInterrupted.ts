/** Bundle entry of RECONCILE_INTERRUPTED. */
import type { SnowflakeApi } from '../runtime/snowflakeApi.js';
import type { TrackerResult } from '../tracker/result.js';
import { reconcileInterrupted } from '../tracker/upkeep.js';

export function main(args: { STALE_SECONDS?: unknown }, snowflake: SnowflakeApi): TrackerResult {
  return reconcileInterrupted(args, snowflake);
}
