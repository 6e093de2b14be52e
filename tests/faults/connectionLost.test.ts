/**
 * The warehouse connection is lost mid-execution, right after the approval claimed the row: the approver gets a
 * clear message in the thread, and the row does not stay EXECUTING — the next start reconciles it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seedSampleBucket } from '../../adapters/local/seed/index.js';
import { LocalWarehouse } from '../../adapters/local/warehouse/index.js';
import { type RunningBot, startBot } from '../../bot/app.js';
import type { PlanView } from '../../bot/core/messages.js';
import { RecordingReply } from '../../bot/core/recordingReply.js';
import { createLogger } from '../../bot/log/logger.js';
import { localAccess, localWarehouseFile } from '../../bot/runtime.js';
import { localConfig, ORDERS_REQUEST } from './support/botConfig.js';
import { isClaim, recordStatements } from './support/statementLog.js';

const silent = () => createLogger({ level: 'silent', pretty: false });
let bots: RunningBot[] = [];
let dataDir: string | undefined;
afterEach(async () => {
  for (const b of bots) await b.shutdown('test end').catch(() => undefined);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  bots = [];
  dataDir = undefined;
});

describe('warehouse connection lost after the claim', () => {
  it('tells the approver clearly, and the row ends FAILED (interrupted) at the next start', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'dea-fault-conn-'));
    const config = localConfig(dataDir);
    await seedSampleBucket(config.localStorageDir);
    const warehouse = await LocalWarehouse.open({
      path: localWarehouseFile(config),
      storageDir: config.localStorageDir,
      database: config.database,
      schema: config.schema,
      ...localAccess(config),
    });
    const log = recordStatements(warehouse);
    let lost = false;
    log.before = (sql) => {
      if (lost) throw new Error('Network error: the connection to the warehouse was lost (ECONNRESET)');
      if (isClaim(sql)) {
        // The claim itself reaches the warehouse; everything after it finds the connection gone.
        queueMicrotask(() => {
          lost = true;
        });
      }
    };
    const first = await startBot(config, { warehouse, logger: silent() });
    bots.push(first);
    const reply = new RecordingReply();
    const thread = { channel: 'local' as const, id: 'conn-1' };
    await first.core.handleMessage(
      { thread, user: { channel: 'local', id: 'alice' }, text: ORDERS_REQUEST },
      reply,
    );
    const card = reply.messages.find((m) => m.message.kind === 'plan')?.message as
      | { plan: PlanView }
      | undefined;
    expect(card).toBeDefined();
    const { pipelineId, hash } = card!.plan;

    const outcome = await first.core.decide(
      { pipelineId, hash, verb: 'approve', user: { channel: 'local', id: 'bob' } },
      reply,
    );
    expect(outcome.kind).toBe('accepted');
    if (outcome.kind !== 'accepted') return;
    expect(await outcome.completion).toBeNull();
    expect(lost).toBe(true);

    // A clear message: which pipeline, what went wrong, what to do — never a silent progress line.
    const last = reply.messages.at(-1)?.message;
    expect(last?.kind).toBe('error');
    const text = JSON.stringify(last);
    expect(text).toContain(pipelineId);
    expect(text).toMatch(/connection to the warehouse was lost/);
    expect(text).toMatch(/tracker show/);
    // The procedure did try to go on after the claim (reading the row back); every attempt failed.
    const after = log.statements.slice(log.statements.findIndex((s) => isClaim(s.sql)) + 1);
    expect(after.length).toBeGreaterThan(0);

    // The connection comes back with the next process: the interrupted row is reconciled.
    lost = false;
    log.before = undefined;
    // Until then the row is EXECUTING: a running process does not guess whether the procedure is still going.
    expect((await first.core.getPipeline(pipelineId))?.STATUS).toBe('EXECUTING');
    await first.shutdown('connection lost');
    bots = [];
    const second = await startBot(config, { logger: silent(), reconcileAfterMs: 0 });
    bots.push(second);
    const row = await second.core.getPipeline(pipelineId);
    expect(row?.STATUS).toBe('FAILED');
    expect(row?.DECISION_REASON).toMatch(/interrupted/);
    expect((await second.core.listPipelines({ status: 'EXECUTING' })).total).toBe(0);
    expect(await second.warehouse.query("SHOW STORAGE INTEGRATIONS LIKE 'ACME_SAMPLE_INT'")).toHaveLength(0);
  }, 300_000);
});
