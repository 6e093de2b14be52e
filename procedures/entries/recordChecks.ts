/** Bundle entry of RECORD_CHECKS. */
import type { SnowflakeApi } from '../runtime/snowflakeApi.js';
import type { TrackerResult } from '../tracker/result.js';
import { recordChecksProcedure } from '../tracker/upkeep.js';

export function main(
  args: { PIPELINE_ID?: unknown; VERIFICATION?: unknown },
  snowflake: SnowflakeApi,
): TrackerResult {
  return recordChecksProcedure(args, snowflake);
}
