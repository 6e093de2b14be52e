import { readFile } from 'node:fs/promises';
import { type CommandResult, readStdin } from './io.js';
import { runValidate } from './validate.js';

export async function runValidateCli(files: string[], opts: { json: boolean }): Promise<CommandResult> {
  const inputs: { name: string; text: string }[] = [];
  const names = files.length === 0 ? ['-'] : files;
  for (const name of names) {
    if (name === '-') {
      inputs.push({ name: '<stdin>', text: await readStdin() });
      continue;
    }
    try {
      inputs.push({ name, text: await readFile(name, 'utf8') });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return {
        exitCode: 1,
        output: '',
        error: `dea validate: cannot read ${name}${code ? ` (${code})` : ''}`,
      };
    }
  }
  return runValidate(inputs, opts);
}
