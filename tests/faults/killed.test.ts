/**
 * The bot is killed (SIGKILL) while a plan is EXECUTING: the next start on the same warehouse file reconciles the
 * row — FAILED as interrupted, with what the log holds — and nothing stays EXECUTING.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalWarehouse } from '../../adapters/local/warehouse/index.js';
import { type RunningBot, startBot } from '../../bot/app.js';
import { createLogger } from '../../bot/log/logger.js';
import { localWarehouseFile } from '../../bot/runtime.js';
import { localConfig } from './support/botConfig.js';

const CHILD = fileURLToPath(new URL('./support/killChild.ts', import.meta.url));

let child: ChildProcess | undefined;
let bot: RunningBot | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  child?.kill('SIGKILL');
  await bot?.shutdown('test end');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  child = bot = dataDir = undefined;
});

function waitForPause(c: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`no pause within ${timeoutMs} ms: ${out} ${err}`)),
      timeoutMs,
    );
    c.stdout?.on('data', (d) => {
      out += String(d);
      const m = /paused (P-[0-9a-f]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    c.stderr?.on('data', (d) => {
      err += String(d);
    });
    c.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bot process exited (${code}) before pausing: ${err}`));
    });
  });
}

async function trackerRow(file: string, storageDir: string, id: string) {
  const wh = await LocalWarehouse.open({ path: file, storageDir });
  try {
    const rows = await wh.query<{ STATUS: string }>(
      'SELECT STATUS FROM LEILA_APP.PUBLIC.DATA_PIPELINE_TRACKER WHERE PIPELINE_ID = ?',
      [id],
    );
    return rows[0];
  } finally {
    await wh.close();
  }
}

describe('bot killed while a plan is executing', () => {
  it('a restart marks the row FAILED as interrupted and leaves nothing EXECUTING', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'dea-fault-kill-'));
    const config = localConfig(dataDir);
    child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir], {
      env: { ...process.env, LOG_LEVEL: 'silent', NO_PROXY: '127.0.0.1,localhost' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pipelineId = await waitForPause(child, 25_000);
    const exited = new Promise((r) => child?.once('exit', r));
    child.kill('SIGKILL');
    await exited;

    // What the killed process left behind: the claim is durable, the row EXECUTING.
    const file = localWarehouseFile(config);
    expect((await trackerRow(file, config.localStorageDir, pipelineId))?.STATUS).toBe('EXECUTING');

    // Local mode has one writer: a plain restart knows every EXECUTING row was interrupted.
    bot = await startBot(config, { logger: createLogger({ level: 'silent', pretty: false }) });
    const row = await bot.core.getPipeline(pipelineId);
    expect(row).toMatchObject({ STATUS: 'FAILED', APPROVED_BY: 'local:bob', REQUESTED_BY: 'local:alice' });
    expect(row?.DECISION_REASON).toMatch(/interrupted/);
    expect(Array.isArray(row?.EXECUTION_LOG)).toBe(true);
    expect((await bot.core.listPipelines({ status: 'EXECUTING' })).total).toBe(0);
    // The interrupted statement never ran: the integration does not exist.
    const shown = await bot.warehouse.query("SHOW STORAGE INTEGRATIONS LIKE 'ACME_SAMPLE_INT'");
    expect(shown).toHaveLength(0);
  }, 300_000);

  it('with a staleness bound (Snowflake mode: several replicas) a recent EXECUTING row is left alone', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'dea-fault-kill-'));
    const config = localConfig(dataDir);
    child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir], {
      env: { ...process.env, LOG_LEVEL: 'silent', NO_PROXY: '127.0.0.1,localhost' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pipelineId = await waitForPause(child, 25_000);
    const exited = new Promise((r) => child?.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    bot = await startBot(config, {
      logger: createLogger({ level: 'silent', pretty: false }),
      reconcileAfterMs: 15 * 60_000,
    });
    expect((await bot.core.getPipeline(pipelineId))?.STATUS).toBe('EXECUTING');
  }, 300_000);
});
