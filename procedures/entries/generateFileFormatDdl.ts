/** Bundle entry of GENERATE_FILE_FORMAT_DDL: invalid input is returned as {ok:false, error}, never thrown. */
import { runFileFormat } from '../generators/fileFormat.js';
import type { GeneratorResult } from '../result.js';

export function main(args: Record<string, unknown>, _snowflake: unknown): GeneratorResult {
  return runFileFormat(args);
}
