/**
 * The real stack for Slack tests: Bolt's ExpressReceiver on the process's HTTP server (127.0.0.1), the real core
 * over the embedded LocalWarehouse, the LocalAgent, and a loopback fake Slack Web API. Requests are signed with
 * the signing secret exactly as Slack signs them.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalAgent } from '../../../adapters/local/agent/index.js';
import { LocalWarehouse } from '../../../adapters/local/warehouse/index.js';
import { createSlackChannel, type SlackChannel } from '../../../adapters/slack/index.js';
import type { BotCore } from '../../../bot/core/api.js';
import type { Agent, AgentTurn } from '../../../bot/core/contracts.js';
import { createBotCore } from '../../../bot/core/index.js';
import { positionalArgs } from '../../../bot/core/toolArgs.js';
import { receiverFirst } from '../../../bot/http/receiverFirst.js';
import { createHttpServer, type HttpServer } from '../../../bot/http/server.js';
import { createLogger } from '../../../bot/log/logger.js';
import { approverEntries } from '../../../procedures/tracker/approvers.js';
import { type FakeSlackApi, type StoredMessage, startFakeSlackApi } from '../../fakes/fake-slack-api.js';
import { buttonClick, commandBody, eventBody, postSigned, viewSubmission } from '../../fakes/slack/sign.js';

export const SECRET = '8f742231b10e8888abcd99yyyzzz85a5'.replace(/[yz]/g, 'f');
export const CHANNEL = 'C0DATA';

/** Counts runs and can be told to fail, around the real local agent. */
export class CountingAgent implements Agent {
  runs: AgentTurn[] = [];
  constructor(private readonly inner: Agent) {}
  async *run(turn: AgentTurn) {
    this.runs.push(turn);
    if (turn.text.includes('explode')) throw new Error('the model endpoint answered 503 Service Unavailable');
    yield* this.inner.run(turn);
  }
}

/** Lets time pass after each tool_use event, the time a real tool call takes. */
class PacedAgent implements Agent {
  constructor(
    private readonly inner: Agent,
    private readonly toolCallMs: number,
  ) {}
  async *run(turn: AgentTurn) {
    for await (const ev of this.inner.run(turn)) {
      yield ev;
      if (ev.type === 'tool_use') await new Promise((r) => setTimeout(r, this.toolCallMs));
    }
  }
}

export interface Stack {
  fake: FakeSlackApi;
  /** The folder standing in for s3:// / gcs:// / azure:// (`s3://b/p/` → `<storageDir>/s3/b/p/`). */
  storageDir: string;
  warehouse: LocalWarehouse;
  agent: CountingAgent;
  core: BotCore;
  channel: SlackChannel;
  http: HttpServer;
  url: string;
  post(
    body: string,
    type: 'application/json' | 'application/x-www-form-urlencoded',
    extra?: Record<string, string>,
  ): Promise<{ status: number; body: string; ms: number }>;
  mention(
    text: string,
    opts?: { user?: string; ts?: string; threadTs?: string; eventId?: string; retry?: number },
  ): Promise<{ status: number; ms: number; ts: string }>;
  message(
    text: string,
    opts: {
      user?: string;
      threadTs?: string;
      eventId?: string;
      channelType?: string;
      channel?: string;
      subtype?: string;
      botId?: string;
    },
  ): Promise<{ status: number; ts: string }>;
  command(
    text: string,
    user?: string,
  ): Promise<{ status: number; body: string; ms: number; responseId: string }>;
  click(
    card: StoredMessage,
    action: 'dea_approve' | 'dea_reject' | 'dea_check_again',
    user: string,
  ): Promise<{ status: number; ms: number }>;
  /** A thumbs up / down click on a streamed answer's feedback buttons. */
  feedback(message: StoredMessage, rating: 'up' | 'down', user: string): Promise<{ status: number }>;
  /** Slack's assistant_thread_started for a new assistant (AI app) thread in a DM. */
  assistantThreadStarted(channel: string, threadTs: string, user?: string): Promise<{ status: number }>;
  submit(
    callbackId: string,
    privateMetadata: string,
    values: Record<string, unknown>,
    user?: string,
  ): Promise<{ status: number; body: string; ms: number }>;
  /** Plan cards posted in a thread (with Approve/Reject or a decision), oldest first. */
  cards(threadTs: string): StoredMessage[];
  waitForCard(threadTs: string, count?: number): Promise<StoredMessage>;
  close(): Promise<void>;
}

let seq = 0;
const nextTs = () => `${1_800_000_000 + ++seq}.000200`;

export async function startStack(
  opts: {
    approvers?: string[];
    groups?: Record<string, string[]>;
    agent?: (warehouse: LocalWarehouse) => Agent;
    /** false: the fake Web API answers the streaming methods with unknown_method. */
    streaming?: boolean;
    /**
     * Each tool call takes this long, as a procedure call over the network does in production. The local agent
     * answers in microseconds, so without it every step of a turn falls inside one status/progress interval and
     * tests of what is shown while the agent works would depend on the machine's speed.
     */
    toolCallMs?: number;
  } = {},
): Promise<Stack> {
  const fake = await startFakeSlackApi({
    groups: opts.groups ?? { S0OPS: ['U0CAROL'] },
    ...(opts.streaming === false ? { streaming: false } : {}),
  });
  const storageDir = mkdtempSync(join(tmpdir(), 'dea-slack-'));
  const approvers = opts.approvers ?? ['slack:U0ALICE', 'slack:U0BOB', 'slack-group:S0OPS'];
  const warehouse = await LocalWarehouse.open({
    path: ':memory:',
    storageDir,
    database: 'LEILA_APP',
    schema: 'PUBLIC',
    role: 'bot',
    approvers: approverEntries(approvers, false),
  });
  const inner =
    opts.agent?.(warehouse) ??
    new LocalAgent({ callTool: (tool, input) => warehouse.call(tool, positionalArgs(tool, input)) });
  const agent = new CountingAgent(opts.toolCallMs ? new PacedAgent(inner, opts.toolCallMs) : inner);
  const logger = createLogger({ level: 'silent', pretty: false });
  let channel: SlackChannel | undefined;
  const core = createBotCore({
    warehouse,
    agent,
    logger,
    settings: {
      approvers,
      allowSelfApproval: false,
      openApproval: false,
      planTtlMs: 24 * 3600_000,
      database: 'LEILA_APP',
      schema: 'PUBLIC',
      progressIntervalMs: 50,
    },
    groups: { membersOf: (p) => channel!.groups.membersOf(p) },
  });
  const http = createHttpServer({ logger });
  channel = createSlackChannel({
    settings: {
      mode: 'http',
      botToken: 'xoxb-test-token',
      signingSecret: SECRET,
      apiUrl: fake.url,
      retries: 0,
      updateIntervalMs: 100,
    },
    // Wired as bot/app.ts wires it: an event's work waits for the receiver first.
    core: receiverFirst(core, http.inflight),
    logger,
    app: http.app,
  });
  const { url } = await http.listen(0, '127.0.0.1');
  await channel.start();
  const events = `${url}/slack/events`;
  const post: Stack['post'] = (body, type, extra) => postSigned(events, SECRET, body, type, extra);

  const stack: Stack = {
    fake,
    storageDir,
    warehouse,
    agent,
    core,
    channel,
    http,
    url,
    post,
    async mention(text, o = {}) {
      const ts = o.ts ?? nextTs();
      const ev = {
        type: 'app_mention',
        user: o.user ?? 'U0ALICE',
        text: `<@U0BOT> ${text}`,
        ts,
        channel: CHANNEL,
        event_ts: ts,
        ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
      };
      const extra: Record<string, string> = o.retry
        ? { 'x-slack-retry-num': String(o.retry), 'x-slack-retry-reason': 'http_timeout' }
        : {};
      const r = await post(eventBody(ev, o.eventId ?? `Ev${ts}`), 'application/json', extra);
      return { status: r.status, ms: r.ms, ts };
    },
    async message(text, o) {
      const ts = nextTs();
      const ev: Record<string, unknown> = {
        type: 'message',
        text,
        ts,
        channel: o.channel ?? CHANNEL,
        channel_type: o.channelType ?? 'channel',
        event_ts: ts,
        ...(o.user !== undefined ? { user: o.user } : { user: 'U0ALICE' }),
        ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
        ...(o.subtype ? { subtype: o.subtype } : {}),
        ...(o.botId ? { bot_id: o.botId } : {}),
      };
      const r = await post(eventBody(ev, o.eventId ?? `Ev${ts}`), 'application/json');
      return { status: r.status, ts };
    },
    async command(text, user = 'U0ALICE') {
      const responseId = `cmd${++seq}`;
      const r = await post(
        commandBody(text, fake.responseUrl(responseId), user, CHANNEL),
        'application/x-www-form-urlencoded',
      );
      return { ...r, responseId };
    },
    async click(card, action, user) {
      const blocks = card.blocks as { type: string; elements?: { action_id: string; value: string }[] }[];
      const button = blocks.find((b) => b.type === 'actions')?.elements?.find((e) => e.action_id === action);
      if (!button) throw new Error(`card ${card.ts} has no ${action} button`);
      const r = await post(
        buttonClick({
          user,
          actionId: action,
          value: button.value,
          channel: card.channel,
          messageTs: card.ts,
          ...(card.thread_ts ? { threadTs: card.thread_ts } : {}),
          responseUrl: fake.responseUrl(`act${++seq}`),
        }),
        'application/x-www-form-urlencoded',
      );
      return { status: r.status, ms: r.ms };
    },
    async feedback(message, rating, user) {
      const r = await post(
        buttonClick({
          user,
          actionId: 'dea_feedback',
          value: rating,
          channel: message.channel,
          messageTs: message.ts,
          ...(message.thread_ts ? { threadTs: message.thread_ts } : {}),
          responseUrl: fake.responseUrl(`fb${++seq}`),
        }),
        'application/x-www-form-urlencoded',
      );
      return { status: r.status };
    },
    async assistantThreadStarted(channel, threadTs, user = 'U0ALICE') {
      const ev = {
        type: 'assistant_thread_started',
        assistant_thread: { user_id: user, context: {}, channel_id: channel, thread_ts: threadTs },
        event_ts: threadTs,
      };
      const r = await post(eventBody(ev, `Ev${nextTs()}`), 'application/json');
      return { status: r.status };
    },
    submit(callbackId, privateMetadata, values, user = 'U0ALICE') {
      return post(
        viewSubmission({ user, callbackId, privateMetadata, values }),
        'application/x-www-form-urlencoded',
      );
    },
    cards(threadTs) {
      return fake
        .thread(CHANNEL, threadTs)
        .filter((m) => JSON.stringify(m.blocks).includes('Pipeline plan P-'));
    },
    async waitForCard(threadTs, count = 1) {
      await fake.waitUntil(
        () => stack.cards(threadTs).length >= count,
        `${count} plan card(s) in thread ${threadTs}; thread says: ${JSON.stringify(fake.thread(CHANNEL, threadTs).map((m) => m.text))}`,
        10_000,
      );
      return stack.cards(threadTs)[count - 1]!;
    },
    async close() {
      await channel.stop();
      await core.idle();
      await http.close();
      await warehouse.close();
      await fake.close();
      rmSync(storageDir, { recursive: true, force: true });
    },
  };
  return stack;
}

export const REQUEST =
  'Load CSV files with a header from s3://acme-data/sales/ with columns id NUMBER, amount NUMBER(10,2), sold_at TIMESTAMP. Role arn:aws:iam::123456789012:role/snowflake-read';

export function pipelineIdOf(card: StoredMessage): string {
  const m = /Pipeline plan (P-[0-9a-f]+)/.exec(JSON.stringify(card.blocks));
  if (!m?.[1]) throw new Error('no pipeline id on the card');
  return m[1];
}

/** Opens a POST to the Slack endpoint whose body never arrives: the server counts it as a request being answered. */
export async function holdRequestOpen(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(
    `POST /slack/events HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`,
  );
  // The headers are read and the request counted before the next turn of the event loop of the server's process.
  await new Promise((r) => setTimeout(r, 20));
  return socket;
}

export function blocksOf(m: StoredMessage): string {
  return JSON.stringify(m.blocks);
}
