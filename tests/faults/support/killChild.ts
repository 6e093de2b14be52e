/**
 * The bot process of the SIGKILL fault test: starts the bot (startBot, local mode, DuckDB file under the data dir
 * given as argv[2]), proposes a plan and approves it. The first CREATE of the execution pauses forever, so the
 * row is EXECUTING when the parent kills this process; `paused <pipeline id>` on stdout says when.
 */
import { seedSampleBucket } from '../../../adapters/local/seed/index.js';
import { LocalWarehouse } from '../../../adapters/local/warehouse/index.js';
import { startBot } from '../../../bot/app.js';
import type { PlanView } from '../../../bot/core/messages.js';
import { RecordingReply } from '../../../bot/core/recordingReply.js';
import { createLogger } from '../../../bot/log/logger.js';
import { localAccess, localWarehouseFile } from '../../../bot/runtime.js';
import { localConfig, ORDERS_REQUEST } from './botConfig.js';
import { recordStatements } from './statementLog.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: killChild.ts <data dir>');
const config = localConfig(dataDir);
await seedSampleBucket(config.localStorageDir);
const warehouse = await LocalWarehouse.open({
  path: localWarehouseFile(config),
  storageDir: config.localStorageDir,
  database: config.database,
  schema: config.schema,
  ...localAccess(config),
});
let pipelineId = '';
const log = recordStatements(warehouse);
log.before = async (sql) => {
  if (/^\s*CREATE\s+(OR\s+REPLACE\s+)?STORAGE\s+INTEGRATION/i.test(sql)) {
    process.stdout.write(`paused ${pipelineId}\n`);
    await new Promise(() => undefined);
  }
};
const bot = await startBot(config, { warehouse, logger: createLogger({ level: 'silent', pretty: false }) });
const reply = new RecordingReply();
await bot.core.handleMessage(
  {
    thread: { channel: 'local', id: 'kill-1' },
    user: { channel: 'local', id: 'alice' },
    text: ORDERS_REQUEST,
  },
  reply,
);
const card = reply.messages.find((m) => m.message.kind === 'plan')?.message as { plan: PlanView } | undefined;
if (!card) throw new Error(`no plan: ${JSON.stringify(reply.messages)}`);
pipelineId = card.plan.pipelineId;
await bot.core.decide(
  { pipelineId, hash: card.plan.hash, verb: 'approve', user: { channel: 'local', id: 'bob' } },
  reply,
);
