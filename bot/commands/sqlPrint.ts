import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { identifierProblem } from '../../procedures/sql/identifiers.js';
import { loadConfig, loadDotEnv } from '../config/load.js';
import { packageRoot } from '../paths.js';
import type { CommandResult } from './io.js';

/** Install order: the objects, then the procedures they own, then the agent that calls them, then the service. */
const SQL_PARTS = ['setup', 'procedures', 'agent', 'spcs'] as const;
export type SqlPart = (typeof SQL_PARTS)[number];

export interface SqlNames {
  database?: string;
  schema?: string;
  warehouse?: string;
  agent?: string;
}

function sqlFile(part: SqlPart): string {
  return path.join(packageRoot(), 'sql', `${part}.sql`);
}

/**
 * setup.sql (with the DEA_APPROVERS rows from DEA_APPROVERS and DEA_ALLOW_SELF_APPROVAL) and agent.sql are
 * rendered with the configured names (SNOWFLAKE_DATABASE, SNOWFLAKE_SCHEMA,
 * SNOWFLAKE_WAREHOUSE, CORTEX_AGENT, or the flags), so a second environment needs no hand edits; with the defaults
 * they are exactly the committed files. So is spcs.sql, whose service specification (spec.yaml) carries the same
 * names. procedures.sql runs in the current schema.
 */
async function render(
  part: SqlPart,
  names: Required<SqlNames>,
  who: { approvers: readonly string[]; allowSelfApproval: boolean },
): Promise<string> {
  if (part === 'setup') {
    // DEA_APPROVERS rows come from the configuration: the administrator who runs this file decides who approves.
    const { renderSetupSql } = await import('../../procedures/build/setupSql.js');
    return renderSetupSql(
      { database: names.database, schema: names.schema, warehouse: names.warehouse },
      who,
    );
  }
  if (part === 'agent') {
    const { renderAgentSql } = await import('../../adapters/cortex/agentSpec.js');
    const [database, schema, name] = names.agent.split('.') as [string, string, string];
    return renderAgentSql({ database, schema, name, warehouse: names.warehouse });
  }
  if (part === 'spcs') {
    const { renderSpcsSql } = await import('../../procedures/build/spcsSql.js');
    return renderSpcsSql(names);
  }
  return readFile(sqlFile(part), 'utf8');
}

export async function runSqlPrint(part: string | undefined, flags: SqlNames = {}): Promise<CommandResult> {
  if (part !== undefined && !(SQL_PARTS as readonly string[]).includes(part)) {
    return {
      exitCode: 1,
      output: '',
      error: `dea sql: unknown part "${part}"; choose one of ${SQL_PARTS.join(', ')}`,
    };
  }
  loadDotEnv();
  const config = loadConfig();
  const names: Required<SqlNames> = {
    database: flags.database ?? config.database,
    schema: flags.schema ?? config.schema,
    warehouse: flags.warehouse ?? config.warehouse,
    // --database / --schema without --agent move the agent with them: one flag names one environment.
    agent:
      flags.agent ??
      (flags.database || flags.schema
        ? `${flags.database ?? config.database}.${flags.schema ?? config.schema}.${config.cortexAgent.name}`
        : `${config.cortexAgent.database}.${config.cortexAgent.schema}.${config.cortexAgent.name}`),
  };
  if (names.agent.split('.').length !== 3)
    return { exitCode: 1, output: '', error: 'dea sql: --agent must be DATABASE.SCHEMA.NAME' };
  for (const [flag, value] of [
    ['--database', names.database],
    ['--schema', names.schema],
    ['--warehouse', names.warehouse],
    ...names.agent.split('.').map((p) => ['--agent', p] as const),
  ] as const) {
    const problem = identifierProblem(value);
    if (problem) return { exitCode: 1, output: '', error: `dea sql: ${flag} ${problem}` };
  }
  const parts = part ? [part as SqlPart] : [...SQL_PARTS];
  const texts: string[] = [];
  for (const p of parts) {
    try {
      texts.push(
        await render(p, names, { approvers: config.approvers, allowSelfApproval: config.allowSelfApproval }),
      );
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        return { exitCode: 2, output: '', error: `dea sql: sql/${p}.sql is missing from this installation` };
      }
      if (err instanceof Error && /identifier|name/i.test(err.message))
        return { exitCode: 1, output: '', error: `dea sql: ${err.message}` };
      throw err;
    }
  }
  return { exitCode: 0, output: texts.join('\n') };
}
