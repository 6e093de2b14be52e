/**
 * The production Agent: runs the Cortex agent object over REST and streams its answer as AgentEvents.
 * Each turn sends only the new user message plus the Cortex thread id and the last assistant message id
 * (Cortex keeps the history), creating the thread on the first turn.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { TokenProvider } from '../../bot/core/contracts.js';
import { type Agent, type AgentEvent, type AgentTurn, agentEventSchema } from '../../bot/core/contracts.js';
import { abortableSleep, RunControl } from './control.js';
import { type ErrorEvent, type HttpDeps, messageOf, postWithRetry } from './http.js';
import { RunStream } from './stream.js';
import { createThreadResponseSchema } from './wire.js';

export interface AgentRef {
  database: string;
  schema: string;
  name: string;
}

export interface CortexLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface CortexAgentOptions {
  /** `https://<account host>` (SNOWFLAKE_HOST in SPCS). */
  baseUrl: string;
  agent: AgentRef;
  auth: TokenProvider;
  logger?: CortexLogger;
  /** overallMs defaults to 900 s (the agent's budget), idleMs to 120 s between events. */
  timeouts?: { overallMs?: number; idleMs?: number };
  /** Retries of 429/5xx/network failures before the stream starts (defaults: 3 attempts, 500 ms base, 30 s cap). */
  retry?: { attempts?: number; baseMs?: number; maxDelayMs?: number };
  fetch?: typeof fetch;
  /** Waits between retries; injectable so tests can observe delays without spending them. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** `origin_application` of created threads (at most 16 bytes). */
  originApplication?: string;
}

const silent: CortexLogger = { debug() {}, info() {}, warn() {}, error() {} };
const DIGITS = /^\d+$/;

export class CortexAgent implements Agent {
  private readonly base: string;
  private readonly agent: AgentRef;
  private readonly http: HttpDeps;
  private readonly logger: CortexLogger;
  private readonly overallMs: number;
  private readonly idleMs: number;
  private readonly origin: string;

  constructor(opts: CortexAgentOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
    if (!/^https?:\/\//.test(this.base))
      throw new Error(`Cortex baseUrl must be http(s)://…, got ${opts.baseUrl}`);
    this.agent = opts.agent;
    this.logger = opts.logger ?? silent;
    this.overallMs = opts.timeouts?.overallMs ?? 900_000;
    this.idleMs = opts.timeouts?.idleMs ?? 120_000;
    this.origin = opts.originApplication ?? 'dea';
    if (Buffer.byteLength(this.origin) > 16) throw new Error('originApplication is limited to 16 bytes');
    this.http = {
      fetch: opts.fetch ?? globalThis.fetch,
      auth: opts.auth,
      retry: {
        attempts: Math.max(1, opts.retry?.attempts ?? 3),
        baseMs: opts.retry?.baseMs ?? 500,
        maxDelayMs: opts.retry?.maxDelayMs ?? 30_000,
      },
      sleep: opts.sleep ?? abortableSleep,
      logger: this.logger,
    };
  }

  /** `DB.SCHEMA.NAME` as users see it in messages. */
  get agentName(): string {
    return `${this.agent.database}.${this.agent.schema}.${this.agent.name}`;
  }

  /** Every event leaves through agentEventSchema, whichever path produced it. */
  async *run(turn: AgentTurn): AsyncGenerator<AgentEvent, void, undefined> {
    for await (const event of this.runUnchecked(turn)) yield agentEventSchema.parse(event);
  }

  private async *runUnchecked(turn: AgentTurn): AsyncGenerator<AgentEvent, void, undefined> {
    const ctl = new RunControl(turn.signal, this.overallMs, this.idleMs);
    try {
      if (ctl.reason) {
        yield ctl.errorEvent();
        return;
      }
      let threadId = turn.agentThreadId;
      let parentId = turn.agentMessageId ?? '0';
      if (threadId !== undefined && (!DIGITS.test(threadId) || !DIGITS.test(parentId))) {
        yield invalidState(threadId, parentId);
        return;
      }
      if (threadId === undefined) {
        const created = await this.createThread(ctl);
        if (typeof created !== 'string') {
          yield created;
          return;
        }
        threadId = created;
        parentId = '0';
      }
      const posted = await postWithRetry(
        this.http,
        {
          url: `${this.base}/api/v2/databases/${seg(this.agent.database)}/schemas/${seg(this.agent.schema)}/agents/${seg(this.agent.name)}:run`,
          body: runBody(threadId, parentId, turn.text),
          accept: 'text/event-stream',
          target: `agent ${this.agentName}`,
          notFoundHint: `agent not found or no USAGE privilege on ${this.agentName}`,
        },
        ctl,
      );
      if (!posted.ok) {
        yield posted.error;
        return;
      }
      const stream = new RunStream(
        {
          agentThreadId: threadId,
          ...(turn.agentMessageId === undefined ? {} : { previousMessageId: parentId }),
        },
        this.logger,
      );
      yield* this.consume(posted.response, stream, ctl);
    } finally {
      ctl.dispose();
    }
  }

  /** Reads the SSE body; from here on nothing is retried (the agent may already have called tools). */
  private async *consume(res: Response, stream: RunStream, ctl: RunControl): AsyncGenerator<AgentEvent> {
    if (!res.body) {
      yield interrupted('the response has no body');
      return;
    }
    const pending: EventSourceMessage[] = [];
    const parser = createParser({
      onEvent: (m) => pending.push(m),
      onComment: () => ctl.touch(),
    });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    const drain = function* (): Generator<AgentEvent> {
      while (pending.length > 0) {
        const m = pending.shift() as EventSourceMessage;
        yield* stream.handle(m.event, m.data);
        if (stream.outcome.finished) return;
      }
    };
    try {
      for (;;) {
        ctl.touch();
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (err) {
          yield ctl.reason ? ctl.errorEvent() : interrupted(messageOf(err));
          return;
        }
        if (chunk.done) {
          parser.reset({ consume: true });
        } else {
          parser.feed(chunk.value);
        }
        ctl.pauseIdle();
        for (const ev of drain()) {
          yield ev;
          if (stream.outcome.finished) return;
          if (ctl.reason) {
            // The caller aborted while holding the last event: say so once and stop.
            yield ctl.errorEvent();
            return;
          }
        }
        if (stream.outcome.finished) return;
        if (chunk.done) {
          yield interrupted('the stream ended before the final response');
          return;
        }
      }
    } finally {
      reader.cancel().catch(() => {});
    }
  }

  private async createThread(ctl: RunControl): Promise<string | ErrorEvent> {
    const posted = await postWithRetry(
      this.http,
      {
        url: `${this.base}/api/v2/cortex/threads`,
        body: JSON.stringify({ origin_application: this.origin }),
        accept: 'application/json',
        target: 'the Cortex threads API',
        notFoundHint:
          'cannot create a Cortex thread (threads API not available or not allowed for this role)',
      },
      ctl,
    );
    if (!posted.ok) return posted.error;
    let text: string;
    try {
      text = await posted.response.text();
    } catch (err) {
      return ctl.reason ? (ctl.errorEvent() as ErrorEvent) : interrupted(messageOf(err));
    }
    // Ids are 64-bit: take the digits from the raw text so JSON.parse cannot round them.
    const raw = /^\s*"?(\d+)"?\s*$/.exec(text)?.[1] ?? /"thread_id"\s*:\s*"?(\d+)/.exec(text)?.[1];
    let parsed = false;
    try {
      parsed = createThreadResponseSchema.safeParse(JSON.parse(text)).success;
    } catch {
      parsed = false;
    }
    if (!raw || !parsed) {
      return {
        type: 'error',
        code: 'bad_response',
        message: 'The Cortex threads API answered without a thread id.',
        retryable: true,
      };
    }
    this.logger.debug({ threadId: raw }, 'cortex: thread created');
    return raw;
  }
}

function seg(s: string): string {
  return encodeURIComponent(s);
}

/** thread_id and parent_message_id are integers on the wire; written from digits so 64-bit ids stay exact. */
function runBody(threadId: string, parentId: string, text: string): string {
  const rest = JSON.stringify({
    messages: [{ role: 'user', content: [{ type: 'text', text }] }],
    tool_choice: { type: 'auto' },
  });
  return `{"thread_id":${threadId},"parent_message_id":${parentId},${rest.slice(1)}`;
}

function interrupted(why: string): ErrorEvent {
  return {
    type: 'error',
    code: 'stream_interrupted',
    message: `The Cortex agent's answer was interrupted (${why}). Ask again to retry.`,
    retryable: true,
  };
}

function invalidState(threadId: string, parentId: string): ErrorEvent {
  return {
    type: 'error',
    code: 'invalid_thread_state',
    message: `Saved Cortex thread state is not numeric (thread ${JSON.stringify(threadId)}, message ${JSON.stringify(parentId)}).`,
    retryable: false,
  };
}
