/**
 * What the CLI commands share: the configuration, a quiet logger, the configured warehouse (through the running
 * server when `dea start` holds the local DuckDB file) and, on demand, the core.
 */

import type { Config } from '../config/load.js';
import { loadConfig, loadDotEnv } from '../config/load.js';
import type { BotCore } from '../core/api.js';
import type { Warehouse } from '../core/contracts.js';
import { createLogger, type Logger } from '../log/logger.js';

export interface CliContext {
  config: Config;
  logger: Logger;
  warehouse: Warehouse;
  close(): Promise<void>;
}

async function openCliContext(): Promise<CliContext> {
  loadDotEnv();
  const config = loadConfig();
  // Commands print their own output; logs go to stderr and only when asked for.
  const logger = createLogger({
    level: process.env.LOG_LEVEL ?? 'warn',
    destination: process.stderr as unknown as NonNullable<Parameters<typeof createLogger>[0]>['destination'],
    pretty: false,
  });
  let warehouse: Warehouse;
  if (config.snowflake) {
    const { openWarehouse } = await import('../runtime.js');
    warehouse = await openWarehouse(config, logger);
  } else {
    // serverFile.js, not the folder's index: the index also exports the Express router, which a CLI call never needs.
    const { openLocalWarehouseOrRemote } = await import('../../adapters/local/remote/serverFile.js');
    const { seedSampleBucket } = await import('../../adapters/local/seed/index.js');
    // The sample bucket makes a newcomer's first pipeline return rows, whether they start with the CLI or the bot.
    await seedSampleBucket(config.localStorageDir);
    const { localWarehouseOptions } = await import('../runtime.js');
    warehouse = await openLocalWarehouseOrRemote({
      dataDir: config.dataDir,
      ...localWarehouseOptions(config, logger),
    });
  }
  return { config, logger, warehouse, close: () => warehouse.close() };
}

export async function openCore(ctx: CliContext): Promise<BotCore> {
  const { createAgent } = await import('../runtime.js');
  const { createBotCore } = await import('../core/index.js');
  const agent = await createAgent(ctx.config, ctx.warehouse, ctx.logger);
  return createBotCore({
    warehouse: ctx.warehouse,
    agent,
    logger: ctx.logger,
    settings: coreSettings(ctx.config),
  });
}

export function coreSettings(config: Config) {
  return {
    approvers: config.approvers,
    allowSelfApproval: config.allowSelfApproval,
    openApproval: config.mode === 'local',
    planTtlMs: config.planTtlMs,
    database: config.database,
    schema: config.schema,
  };
}

/** Runs `work` with a context that is always closed, even when the command fails. */
export async function withContext<T>(work: (ctx: CliContext) => Promise<T>): Promise<T> {
  const ctx = await openCliContext();
  try {
    return await work(ctx);
  } finally {
    await ctx.close();
  }
}
