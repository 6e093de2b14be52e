/** Bundle entry of EXECUTE_DDL_AND_TRACK: `main(args, snowflake)` is what the procedure body calls. */
import { executeDdlAndTrack } from '../execute/executeDdlAndTrack.js';
import type { ExecuteArgs, ExecutionSummary } from '../execute/types.js';
import type { SnowflakeApi } from '../runtime/snowflakeApi.js';

export function main(args: ExecuteArgs, snowflake: SnowflakeApi): ExecutionSummary {
  return executeDdlAndTrack(args, snowflake);
}
