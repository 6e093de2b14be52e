/**
 * Slack answers chat.postMessage with 429 and `Retry-After: 1`: the Slack channel (its Web API client with the
 * production retry policy) waits at least that long, retries, and the reply is delivered in the thread.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackChannel, type SlackChannel } from '../../adapters/slack/index.js';
import type { Agent, AgentEvent } from '../../bot/core/contracts.js';
import { createHttpServer, type HttpServer } from '../../bot/http/server.js';
import { createLogger } from '../../bot/log/logger.js';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/fake-slack-api.js';
import { eventBody, postSigned } from '../fakes/slack/sign.js';
import { type LocalStack, startLocalStack } from '../helpers/localStack.js';
import { type RateLimitProxy, startRateLimitProxy } from './support/rateLimitProxy.js';

const SECRET = 'fault-suite-signing-secret-0001';
const ANSWER = 'Tell me where your files are, their format and columns.';

/** Answers every turn with one line of text at once: the reply's delivery is what is under test. */
const textAgent: Agent = {
  async *run(): AsyncIterable<AgentEvent> {
    yield { type: 'done', text: ANSWER };
  },
};

let fake: FakeSlackApi | undefined;
let proxy: RateLimitProxy | undefined;
let stack: LocalStack | undefined;
let http: HttpServer | undefined;
let channel: SlackChannel | undefined;
afterEach(async () => {
  await channel?.stop();
  await stack?.close();
  await http?.close();
  await proxy?.close();
  await fake?.close();
  fake = proxy = stack = http = channel = undefined;
});

describe('Slack Web API rate limit', () => {
  it('honours Retry-After on chat.postMessage and delivers the message', async () => {
    fake = await startFakeSlackApi();
    proxy = await startRateLimitProxy({
      target: fake.url,
      method: 'chat.postMessage',
      times: 1,
      retryAfterSeconds: 1,
    });
    stack = await startLocalStack({ agent: () => textAgent });
    const logger = createLogger({ level: 'silent', pretty: false });
    http = createHttpServer({ logger });
    // No `retries` setting: the client's own production policy is what must honour Retry-After.
    channel = createSlackChannel({
      settings: { mode: 'http', botToken: 'xoxb-fault', signingSecret: SECRET, apiUrl: proxy.url },
      core: stack.core,
      logger,
      app: http.app,
    });
    const { url } = await http.listen(0, '127.0.0.1');
    await channel.start();

    const ts = '1820000000.000100';
    const ev = {
      type: 'app_mention',
      user: 'U0ALICE',
      text: '<@U0BOT> hello',
      ts,
      channel: 'C0FAULT',
      event_ts: ts,
    };
    const ack = await postSigned(
      `${url}/slack/events`,
      SECRET,
      eventBody(ev, 'EvFAULT429'),
      'application/json',
    );
    expect(ack.status).toBe(200);

    await fake.waitUntil(
      () => fake?.thread('C0FAULT', ts).some((m) => m.text.includes(ANSWER)) ?? false,
      'the answer in the thread',
      15_000,
    );
    const posts = proxy.attempts.filter((a) => a.method === 'chat.postMessage');
    expect(posts[0]?.limited).toBe(true);
    const retry = posts[1];
    expect(retry?.limited).toBe(false);
    expect((retry?.at ?? 0) - (posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
    // Delivered once: the limited attempt stored nothing, the retry stored one message.
    expect(fake.thread('C0FAULT', ts).filter((m) => m.thread_ts === ts)).toHaveLength(1);
  }, 300_000);
});
