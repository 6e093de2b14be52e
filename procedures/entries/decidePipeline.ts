/** Bundle entry of DECIDE_PIPELINE. */
import type { SnowflakeApi } from '../runtime/snowflakeApi.js';
import { type DecideArgs, decidePipeline } from '../tracker/decide.js';
import type { TrackerResult } from '../tracker/result.js';

export function main(args: DecideArgs, snowflake: SnowflakeApi): TrackerResult {
  return decidePipeline(args, snowflake);
}
