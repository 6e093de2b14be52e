/** Bundle entry of GENERATE_STORAGE_INTEGRATION_DDL: invalid input is returned as {ok:false, error}, never thrown. */
import { runStorageIntegration } from '../generators/storageIntegration.js';
import type { GeneratorResult } from '../result.js';

export function main(args: Record<string, unknown>, _snowflake: unknown): GeneratorResult {
  return runStorageIntegration(args);
}
