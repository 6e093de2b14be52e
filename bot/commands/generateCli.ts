import { runGenerate } from './generate.js';
import type { CommandResult } from './io.js';

const KINDS = ['integration', 'format', 'stage', 'table'] as const;

export async function runGenerateCli(kind: string, json: string): Promise<CommandResult> {
  if (!(KINDS as readonly string[]).includes(kind)) {
    return {
      exitCode: 1,
      output: '',
      error: `dea generate: unknown kind "${kind}"; choose one of ${KINDS.join(', ')}`,
    };
  }
  return runGenerate(kind as (typeof KINDS)[number], json);
}
