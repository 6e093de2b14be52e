/** Bundle entry of GENERATE_EXTERNAL_TABLE_DDL: invalid input is returned as {ok:false, error}, never thrown. */
import { runExternalTable } from '../generators/externalTable.js';
import type { GeneratorResult } from '../result.js';

export function main(args: Record<string, unknown>, _snowflake: unknown): GeneratorResult {
  return runExternalTable(args);
}
