/**
 * Slack over loopback HTTP for the benchmarks: our Slack channel (Bolt ExpressReceiver, HTTP mode) over the real
 * core and LocalWarehouse, or a bare Bolt app on the same receiver type whose listener does nothing (the floor).
 * Both talk to the loopback fake Slack Web API and receive requests signed as Slack signs them.
 */
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import { createSlackChannel, type SlackChannel } from '../../adapters/slack/index.js';
import type { Agent } from '../../bot/core/contracts.js';
import { receiverFirst } from '../../bot/http/receiverFirst.js';
import { createHttpServer, type HttpServer } from '../../bot/http/server.js';
import { createLogger } from '../../bot/log/logger.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../tests/fakes/fake-slack-api.js';
import { eventBody, signSlack } from '../../tests/fakes/slack/sign.js';
import { type BenchStack, openBenchStack } from './localStack.js';
import type { SlackApiEndpoint } from './remoteSlackApi.js';

export const SECRET = 'bench-signing-secret-0123456789ab';
export const CHANNEL = 'C0BENCH';

export interface SlackTarget {
  /** The in-process fake Slack Web API, when the target was started with one (its calls can be inspected). */
  fake: FakeSlackApi | null;
  http: HttpServer;
  eventsUrl: string;
  /** Resolves when background work of acknowledged events has finished (ours), immediately for the floor. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

let seq = 0;
/** A fresh thread root ts (one per mention: each mention is its own thread). */
export const nextTs = () => `${1_900_000_000 + ++seq}.000300`;

/** POSTs a signed `app_mention` and returns the HTTP status and the time to the response (the ack). */
export async function postMention(
  eventsUrl: string,
  text: string,
  ts: string,
): Promise<{ status: number; ms: number; sentAt: number }> {
  const ev = {
    type: 'app_mention',
    user: 'U0ALICE',
    text: `<@U0BOT> ${text}`,
    ts,
    channel: CHANNEL,
    event_ts: ts,
  };
  const body = eventBody(ev, `Ev${ts.replace('.', '')}`);
  const sentAt = Date.now();
  const t0 = performance.now();
  const res = await fetch(eventsUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signSlack(SECRET, body) },
    body,
  });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t0, sentAt };
}

const silent = () => createLogger({ level: 'silent', pretty: false });

/** `api`: an out-of-process fake Slack Web API; without it an in-process one is started (and closed with the target). */
export async function startOurSlack(
  agent: Agent,
  api?: SlackApiEndpoint,
): Promise<SlackTarget & { stack: BenchStack; channel: SlackChannel }> {
  const fake = api ? null : await startFakeSlackApi();
  const apiUrl = api?.url ?? (fake as FakeSlackApi).url;
  // Production's progress interval (1 s, coreSettings leaves it unset): Slack allows about one update a second.
  const stack = await openBenchStack({ agent: () => agent, settings: { progressIntervalMs: 1_000 } });
  const logger = silent();
  const http = createHttpServer({ logger });
  // Wired as bot/app.ts wires it: the channel's background work lets the receiver answer first.
  const channel = createSlackChannel({
    settings: { mode: 'http', botToken: 'xoxb-bench', signingSecret: SECRET, apiUrl, retries: 0 },
    core: receiverFirst(stack.core, http.inflight),
    logger,
    app: http.app,
  });
  const { url } = await http.listen(0, '127.0.0.1');
  await channel.start();
  return {
    fake,
    http,
    stack,
    channel,
    eventsUrl: `${url}/slack/events`,
    // The channel's background work first: it waits for the receiver before it hands a turn to the core, so right
    // after a burst the core's queue can still be empty while every turn of the burst is yet to run.
    drain: async () => {
      await channel.idle();
      await stack.core.idle();
    },
    async close() {
      await channel.stop();
      await http.close();
      await stack.close();
      await fake?.close();
    },
  };
}

/** The floor: Bolt's ExpressReceiver on the same kind of server, an authorize without network, an empty listener. */
export async function startBareBolt(api?: SlackApiEndpoint): Promise<SlackTarget> {
  const fake = api ? null : await startFakeSlackApi();
  const apiUrl = api?.url ?? (fake as FakeSlackApi).url;
  const http = createHttpServer({ logger: silent() });
  const receiver = new ExpressReceiver({
    signingSecret: SECRET,
    endpoints: '/slack/events',
    app: http.app,
    processBeforeResponse: false,
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    receiver,
    authorize: async () => ({ botToken: 'xoxb-bench', botId: 'B0BOT', botUserId: 'U0BOT', teamId: 'T0001' }),
    clientOptions: { slackApiUrl: apiUrl, retryConfig: { retries: 0 } },
    logLevel: LogLevel.ERROR,
  });
  app.event('app_mention', async () => {});
  const { url } = await http.listen(0, '127.0.0.1');
  return {
    fake,
    http,
    eventsUrl: `${url}/slack/events`,
    drain: async () => {},
    async close() {
      await http.close();
      await fake?.close();
    },
  };
}
