/**
 * Regenerates sql/agent.sql with the default names: `npx tsx adapters/cortex/writeAgentSql.ts`.
 * tests/unit/adapters/cortex/agentSpec.test.ts fails when the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderAgentSql } from './agentSpec.js';

export const AGENT_SQL_PATH = fileURLToPath(new URL('../../sql/agent.sql', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(AGENT_SQL_PATH, renderAgentSql());
  process.stdout.write(`wrote ${AGENT_SQL_PATH}\n`);
}
