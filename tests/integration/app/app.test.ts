import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ThreadedLocalWarehouse } from '../../../adapters/local/thread/index.js';
import type { LocalWarehouse } from '../../../adapters/local/warehouse/index.js';
import { type RunningBot, startBot } from '../../../bot/app.js';
import { loadConfig } from '../../../bot/config/load.js';
import { RecordingReply } from '../../../bot/core/recordingReply.js';
import { createLogger } from '../../../bot/log/logger.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../fakes/fake-slack-api.js';
import { eventBody, postSigned } from '../../fakes/slack/sign.js';

let bot: RunningBot | undefined;
let dir: string | undefined;
let slack: FakeSlackApi | undefined;
afterEach(async () => {
  await bot?.shutdown('test');
  bot = undefined;
  await slack?.close();
  slack = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function start(env: Record<string, string>) {
  dir = mkdtempSync(path.join(tmpdir(), 'dea-app-'));
  const config = loadConfig({ PORT: '0', DEA_DATA_DIR: dir, ...env }, { fileExists: () => false });
  bot = await startBot(config, { logger: createLogger({ level: 'silent', pretty: false }) });
  return bot;
}

describe('the composed bot in local mode', () => {
  it('serves readiness, the dashboard and the local chat on one server, and seeds the sample bucket', async () => {
    const b = await start({});
    const ready = await fetch(`${b.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: { name: string }[] }).checks.map((c) => c.name)).toEqual([
      'warehouse',
    ]);
    expect((await fetch(`${b.url}/`)).status).toBe(200);
    expect((await fetch(`${b.url}/chat`)).status).toBe(200);
    expect(existsSync(path.join(dir!, 'storage', 's3', 'acme-sample'))).toBe(true);
    // Teams is off: its endpoint does not exist.
    expect((await fetch(`${b.url}/api/messages`, { method: 'POST' })).status).toBe(404);
  });

  it('with DEA_LOCAL_THREAD runs the embedded warehouse and the local agent on their own thread, and still plans', async () => {
    const b = await start({ DEA_LOCAL_THREAD: 'true' });
    expect(b.warehouse).toBeInstanceOf(ThreadedLocalWarehouse);
    expect((await fetch(`${b.url}/readyz`)).status).toBe(200);
    const reply = new RecordingReply();
    await b.core.handleMessage(
      {
        thread: { channel: 'local', id: 'thread-1' },
        user: { channel: 'local', id: 'ann' },
        text: 'I have CSV files with a header row in s3://acme-sample/orders/ with columns order_id, customer. Role arn:aws:iam::123456789012:role/x',
      },
      reply,
    );
    expect(reply.messages.map((m) => m.message.kind)).toContain('plan');
  });

  it('serves the Teams endpoint on DEA_TEAMS_PORT only, when set', async () => {
    const teamsPort = await freePort();
    const b = await start({ TEAMS_ENABLED: 'true', DEA_TEAMS_PORT: String(teamsPort) });
    const malformed = await fetch(`http://127.0.0.1:${teamsPort}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"no":"type"}',
    });
    expect(malformed.status).toBe(400);
    expect((await fetch(`${b.url}/api/messages`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${teamsPort}/`)).status).toBe(404);
  });

  it('wires Slack in HTTP mode from the environment: a signed mention gets a plan in its thread, readiness covers Slack', async () => {
    slack = await startFakeSlackApi();
    const secret = 'a'.repeat(32);
    const b = await start({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: slack.url,
    });
    const ready = (await (await fetch(`${b.url}/readyz`)).json()) as {
      checks: { name: string; ok: boolean }[];
    };
    expect(ready.checks).toEqual([
      { name: 'warehouse', ok: true },
      { name: 'slack', ok: true },
    ]);
    const event = {
      type: 'app_mention',
      user: 'U0ALICE',
      channel: 'C0001',
      ts: '1700000000.000100',
      text: '<@U0BOT> I have CSV files with a header row in s3://acme-sample/orders/ with columns order_id, customer. Role arn:aws:iam::123456789012:role/x',
    };
    const res = await postSigned(
      `${b.url}/slack/events`,
      secret,
      eventBody(event, 'Ev0APP'),
      'application/json',
    );
    expect(res.status).toBe(200);
    const s = slack;
    await s.waitUntil(
      () => s.thread('C0001', '1700000000.000100').some((m) => /Approve/.test(JSON.stringify(m.blocks))),
      'a plan card in the thread',
      20_000,
    );
    const rows = await b.core.listPipelines({ status: 'PROPOSED' });
    expect(rows.rows[0]).toMatchObject({ CHANNEL: 'slack', REQUESTED_BY: 'slack:U0ALICE' });
    const bad = await postSigned(
      `${b.url}/slack/events`,
      'b'.repeat(32),
      eventBody(event, 'Ev0BAD'),
      'application/json',
    );
    expect(bad.status).toBe(401);
  });

  it('marks a plan left EXECUTING by a stopped process as FAILED at start', async () => {
    const b = await start({});
    // The stopped process's row, seeded as the administrator (the bot's own role may not write the tracker).
    await (b.warehouse as LocalWarehouse).asRole('owner').execute(
      `INSERT INTO LEILA_APP.PUBLIC.DATA_PIPELINE_TRACKER (PIPELINE_ID, CREATED_AT, STATUS, UPDATED_AT, DDL_STATEMENTS, EXECUTION_LOG)
       SELECT 'P-stale', CURRENT_TIMESTAMP(), 'EXECUTING', TO_TIMESTAMP_LTZ(?), PARSE_JSON('[]'), PARSE_JSON('[]')`,
      [new Date(Date.now() - 3_600_000).toISOString()],
    );
    await b.shutdown('test');
    bot = undefined;
    const config = loadConfig({ PORT: '0', DEA_DATA_DIR: dir! }, { fileExists: () => false });
    bot = await startBot(config, { logger: createLogger({ level: 'silent', pretty: false }) });
    const row = await bot.core.getPipeline('P-stale');
    expect(row?.STATUS).toBe('FAILED');
    expect(row?.DECISION_REASON).toMatch(/interrupted/);
  });
});
