/** Bundle entry of GENERATE_EXTERNAL_STAGE_DDL: invalid input is returned as {ok:false, error}, never thrown. */
import { runStage } from '../generators/stage.js';
import type { GeneratorResult } from '../result.js';

export function main(args: Record<string, unknown>, _snowflake: unknown): GeneratorResult {
  return runStage(args);
}
