/** `dea generate integration|format|stage|table --json '{…}'`: runs one generator and prints the DDL or the errors. */
import { GENERATORS } from '../../procedures/generators/index.js';
import type { ToolName } from '../../procedures/names.js';

export type GenerateKind = 'integration' | 'format' | 'stage' | 'table';

const TOOL_OF: Record<GenerateKind, ToolName> = {
  integration: 'GENERATE_STORAGE_INTEGRATION_DDL',
  format: 'GENERATE_FILE_FORMAT_DDL',
  stage: 'GENERATE_EXTERNAL_STAGE_DDL',
  table: 'GENERATE_EXTERNAL_TABLE_DDL',
};

export function runGenerate(kind: GenerateKind, json: string): { exitCode: 0 | 1; output: string } {
  let input: unknown;
  try {
    input = JSON.parse(json);
  } catch (err) {
    return { exitCode: 1, output: `error: --json is not valid JSON: ${(err as Error).message}\n` };
  }
  const result = GENERATORS[TOOL_OF[kind]].run(input);
  if (!result.ok) {
    const lines = result.error.issues.map((i) => `  ${i.path === '' ? '(input)' : i.path}: ${i.message}`);
    return { exitCode: 1, output: `error: invalid input for ${TOOL_OF[kind]}\n${lines.join('\n')}\n` };
  }
  const warnings = result.warnings.map((w) => `-- warning: ${w}`);
  return { exitCode: 0, output: `${result.ddl};\n${warnings.length > 0 ? `${warnings.join('\n')}\n` : ''}` };
}
