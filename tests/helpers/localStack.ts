/** A real core over the embedded warehouse and the local agent, for integration tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalAgent } from '../../adapters/local/agent/index.js';
import { seedSampleBucket } from '../../adapters/local/seed/index.js';
import { LocalWarehouse } from '../../adapters/local/warehouse/index.js';
import type { BotCore } from '../../bot/core/api.js';
import type { Agent, Warehouse } from '../../bot/core/contracts.js';
import { type CoreSettings, createBotCore } from '../../bot/core/index.js';
import { positionalArgs } from '../../bot/core/toolArgs.js';
import { createLogger } from '../../bot/log/logger.js';
import { approverEntries } from '../../procedures/tracker/approvers.js';

export interface LocalStack {
  core: BotCore;
  /** The warehouse as the bot's role sees it (the core's connection). */
  warehouse: LocalWarehouse;
  /** The same warehouse through the administrator's role, for seeding what the bot may not write. */
  admin: Warehouse;
  agent: Agent;
  storageDir: string;
  close(): Promise<void>;
}

export async function startLocalStack(
  opts: { settings?: Partial<CoreSettings>; agent?: (warehouse: Warehouse) => Agent; seed?: boolean } = {},
): Promise<LocalStack> {
  const storageDir = await mkdtemp(path.join(tmpdir(), 'dea-test-'));
  if (opts.seed !== false) await seedSampleBucket(storageDir);
  const settings: CoreSettings = {
    approvers: [],
    allowSelfApproval: false,
    openApproval: true,
    planTtlMs: 3_600_000,
    database: 'LEILA_APP',
    schema: 'PUBLIC',
    progressIntervalMs: 0,
    ...opts.settings,
  };
  const warehouse = await LocalWarehouse.open({
    path: ':memory:',
    storageDir,
    database: 'LEILA_APP',
    schema: 'PUBLIC',
    role: 'bot',
    approvers: approverEntries(settings.approvers, settings.allowSelfApproval, settings.openApproval),
  });
  const agent = opts.agent
    ? opts.agent(warehouse)
    : new LocalAgent({ callTool: (tool, input) => warehouse.call(tool, positionalArgs(tool, input)) });
  const core = createBotCore({
    warehouse,
    agent,
    logger: createLogger({ level: 'silent', pretty: false }),
    settings,
  });
  return {
    core,
    warehouse,
    admin: warehouse.asRole('owner'),
    agent,
    storageDir,
    close: async () => {
      await core.idle();
      await warehouse.close();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}

export const ORDERS_REQUEST =
  'I have CSV files with a header row in s3://acme-sample/orders/ with columns order_id, customer, amount, order_date. Role arn:aws:iam::123456789012:role/snowflake';

/** The README's second and third examples (issue 17): they share the bucket's integration with the first. */
export const EVENTS_REQUEST =
  'JSON files in s3://acme-sample/events/, infer the columns. Role arn:aws:iam::123456789012:role/snowflake';
export const SALES_REQUEST =
  'Parquet files in s3://acme-sample/sales/ partitioned by date, infer the columns. Role arn:aws:iam::123456789012:role/snowflake';
