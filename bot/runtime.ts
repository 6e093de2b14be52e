/**
 * Builds the warehouse and the agent the configuration asks for. Only the composition root and the CLI use it;
 * the core never learns which implementation it talks to.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ThreadState } from '../adapters/local/agent/index.js';
import type { SnowflakeSettings } from '../adapters/snowflake/index.js';
import { type ApproverEntry, approverEntries } from '../procedures/tracker/approvers.js';
import type { Config } from './config/load.js';
import type { Agent, Warehouse } from './core/contracts.js';
import { WarehouseKeyValueStore } from './core/conversationStore.js';
import { botTables } from './core/sqlNames.js';
import { positionalArgs } from './core/toolArgs.js';
import type { Logger } from './log/logger.js';

export function localWarehouseFile(config: Config): string {
  return path.join(config.dataDir, 'warehouse.duckdb');
}

async function snowflakeSettings(config: Config): Promise<SnowflakeSettings> {
  const sf = config.snowflake;
  if (!sf) throw new Error('Snowflake is not configured (SNOWFLAKE_ACCOUNT is not set)');
  const auth: SnowflakeSettings['auth'] =
    sf.auth.kind === 'key-pair'
      ? {
          kind: 'key-pair',
          privateKeyPem: sf.auth.privateKeyPem ?? (await readFile(sf.auth.privateKeyPath!, 'utf8')),
          passphrase: sf.auth.passphrase,
        }
      : sf.auth;
  return {
    account: sf.account,
    host: sf.host,
    user: sf.user,
    role: sf.role,
    warehouse: config.warehouse,
    database: config.database,
    schema: config.schema,
    auth,
  };
}

/** How the embedded warehouse is opened from the configuration (the bot, the CLI and the remote fallback agree). */
export function localWarehouseOptions(config: Config, logger: Logger) {
  return {
    path: localWarehouseFile(config),
    storageDir: config.localStorageDir,
    database: config.database,
    schema: config.schema,
    logger,
    ...localAccess(config),
  };
}

/**
 * The configured warehouse: Snowflake with an account, else the embedded DuckDB file under DEA_DATA_DIR. With
 * `thread` (the bot under DEA_LOCAL_THREAD) the embedded one runs on its own thread; measured slower on a 2-core
 * machine, so it is opt-in (docs/performance.md#the-warehouse-on-its-own-thread).
 */
export async function openWarehouse(
  config: Config,
  logger: Logger,
  opts: { thread?: boolean } = {},
): Promise<Warehouse> {
  // Each mode loads only its own driver: snowflake-sdk is large and slow to import, DuckDB is native.
  if (config.snowflake) {
    const { SnowflakeWarehouse } = await import('../adapters/snowflake/index.js');
    return new SnowflakeWarehouse(await snowflakeSettings(config), { logger });
  }
  if (opts.thread) {
    const { ThreadedLocalWarehouse } = await import('../adapters/local/thread/index.js');
    return ThreadedLocalWarehouse.open(localWarehouseOptions(config, logger));
  }
  const { LocalWarehouse } = await import('../adapters/local/warehouse/index.js');
  return LocalWarehouse.open(localWarehouseOptions(config, logger));
}

/**
 * The embedded warehouse is opened with the bot's grants, and DEA_APPROVERS is installed from the configuration
 * at open — locally the process is its own administrator, as `dea sql setup` is in Snowflake. With no approvers
 * configured, local mode lets anyone on this machine approve (never a plan they requested or edited, unless
 * DEA_ALLOW_SELF_APPROVAL).
 */
export function localAccess(config: Config): { role: 'bot'; approvers: ApproverEntry[] } {
  return {
    role: 'bot',
    approvers: approverEntries(config.approvers, config.allowSelfApproval, config.mode === 'local'),
  };
}

function snowflakeBaseUrl(config: Config): string {
  const sf = config.snowflake!;
  return `https://${sf.host ?? `${sf.account}.snowflakecomputing.com`}`;
}

export async function createAgent(config: Config, warehouse: Warehouse, logger: Logger): Promise<Agent> {
  if (config.agent === 'cortex') {
    const { CortexAgent } = await import('../adapters/cortex/index.js');
    const { tokenProviderForAuth } = await import('../adapters/snowflake/tokens.js');
    const sf = config.snowflake!;
    const auth = await tokenProviderForAuth(sf.auth, { account: sf.account, user: sf.user });
    return new CortexAgent({ baseUrl: snowflakeBaseUrl(config), agent: config.cortexAgent, auth, logger });
  }
  // The embedded warehouse on its thread runs the local agent beside it.
  if ('localAgent' in warehouse && typeof warehouse.localAgent === 'function') return warehouse.localAgent();
  const { LocalAgent } = await import('../adapters/local/agent/index.js');
  const tables = botTables(config.database, config.schema);
  return new LocalAgent({
    callTool: (tool, input) => warehouse.call(tool, positionalArgs(tool, input)),
    store: new WarehouseKeyValueStore<ThreadState>(warehouse, tables.conversations),
  });
}
