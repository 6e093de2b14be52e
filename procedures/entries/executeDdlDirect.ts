/** Bundle entry of EXECUTE_DDL_DIRECT (installed EXECUTE AS CALLER). */
import { type DirectArgs, executeDdlDirect } from '../execute/directRun.js';
import type { ExecutionSummary } from '../execute/types.js';
import type { SnowflakeApi } from '../runtime/snowflakeApi.js';

export function main(args: DirectArgs, snowflake: SnowflakeApi): ExecutionSummary {
  return executeDdlDirect(args, snowflake);
}
