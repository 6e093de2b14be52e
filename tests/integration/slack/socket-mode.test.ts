import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { LocalAgent } from '../../../adapters/local/agent/index.js';
import { LocalWarehouse } from '../../../adapters/local/warehouse/index.js';
import { createSlackChannel } from '../../../adapters/slack/index.js';
import { createBotCore } from '../../../bot/core/index.js';
import { positionalArgs } from '../../../bot/core/toolArgs.js';
import { createLogger } from '../../../bot/log/logger.js';
import { approverEntries } from '../../../procedures/tracker/approvers.js';
import { startFakeSlackApi } from '../../fakes/fake-slack-api.js';
import { REQUEST } from './harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

it('Socket Mode: connects through apps.connections.open, acks envelopes and answers a mention in its thread', async () => {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  cleanups.push(() => new Promise<void>((r) => wss.close(() => r())));
  const wsUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`;
  const fake = await startFakeSlackApi({
    overrides: { 'apps.connections.open': () => ({ ok: true, url: wsUrl }) },
  });
  cleanups.push(() => fake.close());
  const acks: { envelope_id: string; payload?: unknown }[] = [];
  let sock: WebSocket | undefined;
  wss.on('connection', (ws) => {
    sock = ws;
    ws.on('message', (m) => acks.push(JSON.parse(m.toString())));
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0001' } }));
  });

  const storageDir = mkdtempSync(join(tmpdir(), 'dea-slack-sm-'));
  const warehouse = await LocalWarehouse.open({
    path: ':memory:',
    storageDir,
    database: 'LEILA_APP',
    schema: 'PUBLIC',
    role: 'bot',
    approvers: approverEntries(['slack:U0BOB'], false),
  });
  cleanups.push(async () => {
    await warehouse.close();
    rmSync(storageDir, { recursive: true, force: true });
  });
  const logger = createLogger({ level: 'silent', pretty: false });
  const core = createBotCore({
    warehouse,
    agent: new LocalAgent({ callTool: (tool, input) => warehouse.call(tool, positionalArgs(tool, input)) }),
    logger,
    settings: {
      approvers: ['slack:U0BOB'],
      allowSelfApproval: false,
      openApproval: false,
      planTtlMs: 3600_000,
      database: 'LEILA_APP',
      schema: 'PUBLIC',
    },
  });
  const channel = createSlackChannel({
    settings: {
      mode: 'socket',
      botToken: 'xoxb-test',
      appToken: 'xapp-1-test',
      apiUrl: fake.url,
      retries: 0,
    },
    core,
    logger,
  });
  cleanups.push(() => channel.stop());
  await channel.start();
  expect(await channel.readiness()).toEqual({ ok: true });
  const open = fake.callsOf('apps.connections.open')[0]!;
  expect(open.auth).toBe('Bearer xapp-1-test');

  const ts = '1820000000.000100';
  const envelope = {
    envelope_id: 'env-1',
    type: 'events_api',
    accepts_response_payload: false,
    retry_attempt: 0,
    retry_reason: '',
    payload: {
      type: 'event_callback',
      team_id: 'T0001',
      api_app_id: 'A0001',
      event_id: 'EvSM1',
      event_time: 1,
      authorizations: [{ team_id: 'T0001', user_id: 'U0BOT', is_bot: true }],
      event: {
        type: 'app_mention',
        user: 'U0ALICE',
        text: `<@U0BOT> ${REQUEST}`,
        ts,
        channel: 'C0SM',
        event_ts: ts,
      },
    },
  };
  sock!.send(JSON.stringify(envelope));
  // Slack redelivers to another connection when it misses an ack: the same event must not run twice.
  sock!.send(
    JSON.stringify({ ...envelope, envelope_id: 'env-2', retry_attempt: 1, retry_reason: 'timeout' }),
  );
  await fake.waitUntil(
    () => fake.thread('C0SM', ts).some((m) => JSON.stringify(m.blocks).includes('Pipeline plan P-')),
    'plan card via socket mode',
    10_000,
  );
  await fake.waitUntil(() => acks.length >= 2, 'acks');
  expect(acks.map((a) => a.envelope_id).sort()).toEqual(['env-1', 'env-2']);
  await core.idle();
  expect(
    fake.thread('C0SM', ts).filter((m) => JSON.stringify(m.blocks).includes('Pipeline plan P-')),
  ).toHaveLength(1);
  expect(fake.callsOf('chat.postMessage')[0]!.auth).toBe('Bearer xoxb-test');
});
