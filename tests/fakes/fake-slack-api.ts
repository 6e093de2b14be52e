/**
 * A loopback Slack Web API for tests: records every call and keeps the messages the bot posted (per channel,
 * with threads), so chat.update / chat.delete / conversations.replies behave like Slack's. Also a response_url
 * sink and the upload URL of files.uploadV2. WebClient posts form-encoded bodies with nested JSON fields as
 * strings; the token arrives as `Authorization: Bearer`.
 *
 * Text streaming (chat.startStream / appendStream / stopStream) keeps one message per stream: markdown text
 * appended, task updates recorded per task id (last state wins), final blocks added on stop; appending to a
 * stopped stream answers `message_not_in_streaming_state`. With `streaming: false` the three methods answer
 * `unknown_method`, as a workspace without the feature does. assistant.threads.* are recorded and answer ok.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  auth?: string;
  at: number;
}

export type StreamChunk = { type: string; [k: string]: unknown };

export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  user: string;
  text: string;
  blocks: unknown[];
  edits: number;
  /** Streamed messages only. */
  stream?: {
    state: 'streaming' | 'stopped';
    /** Every chunk in arrival order, across start, appends and stop. */
    chunks: StreamChunk[];
    /** Task id → last status. */
    tasks: Record<string, string>;
    recipient?: { user?: string; team?: string };
  };
}

type Handler = (
  args: Record<string, unknown>,
  call: RecordedCall,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

export interface FakeSlackOptions {
  botUserId?: string;
  botId?: string;
  teamId?: string;
  /** usergroup id → member user ids */
  groups?: Record<string, string[]>;
  overrides?: Record<string, Handler>;
  /** false: the streaming methods answer unknown_method. Default true. */
  streaming?: boolean;
}

export interface FakeSlackApi {
  /** For SLACK_API_URL / clientOptions.slackApiUrl (ends with /api/). */
  url: string;
  port: number;
  calls: RecordedCall[];
  messages: StoredMessage[];
  responses: { path: string; body: unknown }[];
  uploads: { path: string; bytes: number }[];
  overrides: Record<string, Handler>;
  responseUrl(id: string): string;
  callsOf(method: string): RecordedCall[];
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<RecordedCall[]>;
  waitUntil(cond: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** The messages of one thread, root first. */
  thread(channel: string, ts: string): StoredMessage[];
  close(): Promise<void>;
}

const JSON_FIELDS = new Set([
  'blocks',
  'attachments',
  'view',
  'metadata',
  'files',
  'chunks',
  'prompts',
  'loading_messages',
]);

export async function startFakeSlackApi(opts: FakeSlackOptions = {}): Promise<FakeSlackApi> {
  const botUserId = opts.botUserId ?? 'U0BOT';
  const botId = opts.botId ?? 'B0BOT';
  const teamId = opts.teamId ?? 'T0001';
  const calls: RecordedCall[] = [];
  const messages: StoredMessage[] = [];
  const responses: { path: string; body: unknown }[] = [];
  const uploads: { path: string; bytes: number }[] = [];
  const overrides: Record<string, Handler> = { ...(opts.overrides ?? {}) };
  const waiters = new Set<() => void>();
  let tsCounter = 1_700_000_000;
  let fileCounter = 0;
  let port = 0;
  const nextTs = () => `${++tsCounter}.000100`;
  const find = (channel: unknown, ts: unknown) => messages.find((m) => m.channel === channel && m.ts === ts);

  const defaults: Record<string, Handler> = {
    'auth.test': () => ({
      ok: true,
      url: 'https://fake.slack.com/',
      team: 'Acme',
      user: 'dea',
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
    }),
    'chat.postMessage': (a) => {
      const m: StoredMessage = {
        channel: String(a.channel),
        ts: nextTs(),
        ...(a.thread_ts ? { thread_ts: String(a.thread_ts) } : {}),
        user: botUserId,
        text: String(a.text ?? ''),
        blocks: (a.blocks as unknown[]) ?? [],
        edits: 0,
      };
      messages.push(m);
      return {
        ok: true,
        channel: m.channel,
        ts: m.ts,
        message: { text: m.text, user: botUserId, bot_id: botId },
      };
    },
    'chat.update': (a) => {
      const m = find(a.channel, a.ts);
      if (!m) return { ok: false, error: 'message_not_found' };
      m.text = String(a.text ?? '');
      m.blocks = (a.blocks as unknown[]) ?? [];
      m.edits++;
      return { ok: true, channel: a.channel, ts: a.ts, text: a.text };
    },
    'chat.delete': (a) => {
      const i = messages.findIndex((m) => m.channel === a.channel && m.ts === a.ts);
      if (i < 0) return { ok: false, error: 'message_not_found' };
      messages.splice(i, 1);
      return { ok: true, channel: a.channel, ts: a.ts };
    },
    'chat.postEphemeral': () => ({ ok: true, message_ts: nextTs() }),
    'chat.startStream': (a) => {
      if (opts.streaming === false) return { ok: false, error: 'unknown_method' };
      const chunks = (a.chunks as StreamChunk[] | undefined) ?? [];
      const m: StoredMessage = {
        channel: String(a.channel),
        ts: nextTs(),
        ...(a.thread_ts ? { thread_ts: String(a.thread_ts) } : {}),
        user: botUserId,
        text: '',
        blocks: [],
        edits: 0,
        stream: {
          state: 'streaming',
          chunks: [],
          tasks: {},
          recipient: {
            ...(a.recipient_user_id ? { user: String(a.recipient_user_id) } : {}),
            ...(a.recipient_team_id ? { team: String(a.recipient_team_id) } : {}),
          },
        },
      };
      applyChunks(m, chunks, a.markdown_text);
      messages.push(m);
      return { ok: true, channel: m.channel, ts: m.ts };
    },
    'chat.appendStream': (a) => {
      if (opts.streaming === false) return { ok: false, error: 'unknown_method' };
      const m = find(a.channel, a.ts);
      if (!m?.stream) return { ok: false, error: 'message_not_found' };
      if (m.stream.state !== 'streaming') return { ok: false, error: 'message_not_in_streaming_state' };
      applyChunks(m, (a.chunks as never) ?? [], a.markdown_text);
      return { ok: true, channel: a.channel, ts: a.ts };
    },
    'chat.stopStream': (a) => {
      if (opts.streaming === false) return { ok: false, error: 'unknown_method' };
      const m = find(a.channel, a.ts);
      if (!m?.stream) return { ok: false, error: 'message_not_found' };
      if (m.stream.state !== 'streaming') return { ok: false, error: 'message_not_in_streaming_state' };
      applyChunks(m, (a.chunks as never) ?? [], a.markdown_text);
      m.blocks = (a.blocks as unknown[]) ?? [];
      m.stream.state = 'stopped';
      return { ok: true, channel: a.channel, ts: a.ts, message: { text: m.text } };
    },
    'conversations.replies': (a) => {
      const root = String(a.ts);
      const list = messages.filter((m) => m.channel === a.channel && (m.ts === root || m.thread_ts === root));
      return {
        ok: true,
        messages: list.map((m) => ({
          type: 'message',
          ts: m.ts,
          thread_ts: m.thread_ts,
          user: m.user,
          text: m.text,
        })),
      };
    },
    'views.open': (a) => ({ ok: true, view: { id: 'V0001', ...(a.view as object) } }),
    'views.update': (a) => ({ ok: true, view: { id: a.view_id ?? 'V0001', ...(a.view as object) } }),
    'views.publish': () => ({ ok: true }),
    'usergroups.users.list': (a) => {
      const users = opts.groups?.[String(a.usergroup)];
      return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
    },
    'files.getUploadURLExternal': () => {
      const id = `F${++fileCounter}`;
      return { ok: true, upload_url: `http://127.0.0.1:${port}/upload/${id}`, file_id: id };
    },
    'files.completeUploadExternal': (a) => ({ ok: true, files: a.files }),
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const path = (req.url ?? '').split('?')[0] ?? '';
        if (path.startsWith('/response/')) {
          responses.push({ path, body: raw ? JSON.parse(raw) : null });
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        } else if (path.startsWith('/upload/')) {
          uploads.push({ path, bytes: Buffer.concat(chunks).length });
          res.writeHead(200, { 'content-type': 'text/plain' }).end('OK - uploaded');
        } else {
          const method = path.replace(/^\/api\//, '');
          let args: Record<string, unknown> = {};
          const ct = req.headers['content-type'] ?? '';
          if (ct.includes('application/json')) args = raw ? JSON.parse(raw) : {};
          else for (const [k, v] of new URLSearchParams(raw)) args[k] = JSON_FIELDS.has(k) ? safeJson(v) : v;
          const call: RecordedCall = { method, args, auth: req.headers.authorization, at: Date.now() };
          calls.push(call);
          const handler = overrides[method] ?? defaults[method] ?? (() => ({ ok: true }));
          try {
            const body = await handler(args, call);
            if (res.destroyed) return;
            res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
          } catch {
            res.destroy();
          }
        }
        for (const w of [...waiters]) w();
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;

  // A bound that only catches a hang: on a busy 2-core machine a plan's execution alone can take seconds.
  const waitUntil = async (cond: () => boolean, what: string, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > deadline)
        throw new Error(`timeout waiting for ${what}; calls: ${calls.map((c) => c.method).join(', ')}`);
      await new Promise<void>((r) => {
        const done = () => {
          waiters.delete(done);
          clearTimeout(t);
          r();
        };
        const t = setTimeout(done, 25);
        waiters.add(done);
      });
    }
  };

  return {
    url: `http://127.0.0.1:${port}/api/`,
    port,
    calls,
    messages,
    responses,
    uploads,
    overrides,
    responseUrl: (id) => `http://127.0.0.1:${port}/response/${id}`,
    callsOf: (method) => calls.filter((c) => c.method === method),
    async waitFor(method, count = 1, timeoutMs = 60_000) {
      await waitUntil(
        () => calls.filter((c) => c.method === method).length >= count,
        `${count}x ${method}`,
        timeoutMs,
      );
      return calls.filter((c) => c.method === method);
    },
    waitUntil,
    thread: (channel, ts) =>
      messages.filter((m) => m.channel === channel && (m.ts === ts || m.thread_ts === ts)),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A streamed message's text is its markdown so far; task updates keep their last status. */
function applyChunks(m: StoredMessage, chunks: StreamChunk[], markdown: unknown): void {
  const all = [...chunks];
  if (typeof markdown === 'string' && markdown) all.unshift({ type: 'markdown_text', text: markdown });
  for (const c of all) {
    m.stream?.chunks.push(c);
    if (c.type === 'markdown_text') m.text += String(c.text ?? '');
    if (c.type === 'task_update' && m.stream) m.stream.tasks[String(c.id)] = String(c.status);
  }
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
