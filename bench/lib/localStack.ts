/** A core over an in-memory LocalWarehouse (the same wiring as tests/helpers/localStack.ts, with seeded buckets). */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalAgent } from '../../adapters/local/agent/index.js';
import { ThreadedLocalWarehouse } from '../../adapters/local/thread/index.js';
import { LocalWarehouse } from '../../adapters/local/warehouse/index.js';
import type { SessionRole } from '../../adapters/local/warehouse/privileges.js';
import type { RoleView } from '../../adapters/local/warehouse/roleView.js';
import type { BotCore } from '../../bot/core/api.js';
import type { Agent, Warehouse } from '../../bot/core/contracts.js';
import { type CoreSettings, createBotCore } from '../../bot/core/index.js';
import { positionalArgs } from '../../bot/core/toolArgs.js';
import { createLogger } from '../../bot/log/logger.js';
import { approverEntries } from '../../procedures/tracker/approvers.js';

/** The embedded warehouse, in-process or on its thread: what the bench cases use of it. */
export interface BenchWarehouse extends Warehouse {
  asRole(role: SessionRole): RoleView;
}

/**
 * Where the bench opens the embedded warehouse: in-process, as `npm start` does, or with BENCH_WAREHOUSE=thread on
 * its own thread with the local agent beside it (adapters/local/thread/), the placement measured and not enabled
 * (docs/performance.md). The start, memory and command-line cases run the real bot and always measure what it does.
 */
export const WAREHOUSE_PLACEMENT = process.env.BENCH_WAREHOUSE === 'thread' ? 'thread' : 'in-process';

export interface BenchStack {
  core: BotCore;
  warehouse: BenchWarehouse;
  /** The same warehouse through the administrator's role (EXECUTE_DDL_DIRECT). */
  admin: Warehouse;
  storageDir: string;
  close(): Promise<void>;
}

/** As tests/helpers/localStack.ts: progress written at once (no channel throttle behind the core here). */
const CORE_SETTINGS: CoreSettings = {
  approvers: [],
  allowSelfApproval: false,
  openApproval: true,
  planTtlMs: 3_600_000,
  database: 'LEILA_APP',
  schema: 'PUBLIC',
  progressIntervalMs: 0,
};

/** Writes one small CSV under s3://<bucket>/orders/ in the local storage folder, so plans point at real files. */
export async function seedBucket(storageDir: string, bucket: string): Promise<void> {
  const dir = path.join(storageDir, 's3', bucket, 'orders');
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, 'part-0.csv'),
    'order_id,customer,amount,order_date\n1,acme,10.50,2024-01-02\n2,globex,99.00,2024-01-03\n',
  );
}

export async function openBenchStack(
  opts: {
    agent?: (wh: Warehouse) => Agent;
    wrap?: (wh: BenchWarehouse) => Warehouse;
    settings?: Partial<CoreSettings>;
  } = {},
): Promise<BenchStack> {
  const storageDir = await mkdtemp(path.join(tmpdir(), 'dea-bench-'));
  const settings = { ...CORE_SETTINGS, ...opts.settings };
  // Opened as the bot's role with the approvers installed, as `npm start` does, so approvals are decided by the
  // same owner's-rights procedures as in the product.
  const threaded = WAREHOUSE_PLACEMENT === 'thread';
  const warehouse = await (threaded ? ThreadedLocalWarehouse : LocalWarehouse).open({
    path: ':memory:',
    storageDir,
    database: 'LEILA_APP',
    schema: 'PUBLIC',
    role: 'bot',
    approvers: approverEntries(settings.approvers, settings.allowSelfApproval, settings.openApproval),
  });
  const seen: Warehouse = opts.wrap ? opts.wrap(warehouse) : warehouse;
  const agent = opts.agent
    ? opts.agent(seen)
    : warehouse instanceof ThreadedLocalWarehouse && !opts.wrap
      ? warehouse.localAgent()
      : new LocalAgent({ callTool: (tool, input) => seen.call(tool, positionalArgs(tool, input)) });
  const core = createBotCore({
    warehouse: seen,
    agent,
    logger: createLogger({ level: 'silent', pretty: false }),
    settings,
  });
  return {
    core,
    warehouse,
    admin: warehouse.asRole('owner'),
    storageDir,
    close: async () => {
      await core.idle();
      await warehouse.close();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}
