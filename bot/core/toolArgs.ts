import { GENERATORS } from '../../procedures/generators/index.js';
import type { ToolName } from '../../procedures/names.js';

/** A tool's input object as its procedure's positional arguments, in signature order (absent → NULL). */
export function positionalArgs(tool: ToolName, input: Record<string, unknown>): unknown[] {
  return GENERATORS[tool].args.map((a) => input[a.name.toLowerCase()] ?? null);
}
