import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import type { CommandResult } from './io.js';

/** Install order: the objects, then the procedures they own, then the agent that calls them, then the service. */
export const SQL_PARTS = ['setup', 'procedures', 'agent', 'spcs'] as const;
export type SqlPart = (typeof SQL_PARTS)[number];

export function sqlFile(part: SqlPart): string {
  return path.join(packageRoot(), 'sql', `${part}.sql`);
}

export async function runSqlPrint(part: string | undefined): Promise<CommandResult> {
  if (part !== undefined && !(SQL_PARTS as readonly string[]).includes(part)) {
    return {
      exitCode: 1,
      output: '',
      error: `dea sql: unknown part "${part}"; choose one of ${SQL_PARTS.join(', ')}`,
    };
  }
  const parts = part ? [part as SqlPart] : [...SQL_PARTS];
  const texts: string[] = [];
  for (const p of parts) {
    try {
      texts.push(await readFile(sqlFile(p), 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        return { exitCode: 2, output: '', error: `dea sql: sql/${p}.sql is missing from this installation` };
      }
      throw err;
    }
  }
  return { exitCode: 0, output: texts.join('\n') };
}
