/**
 * One agent turn in a Teams one-to-one chat, with Teams' streaming protocol
 * (https://learn.microsoft.com/microsoftteams/platform/bots/streaming-ux):
 *
 * 1. informative updates — `typing` activities with `streamType: informative` (≤ 1,000 characters each): what
 *    the agent is doing ("Generating the file format…"); the first one's returned id is the `streamId`;
 * 2. streaming updates — `typing` activities with `streamType: streaming` whose text is everything streamed so far
 *    (Teams refuses a chunk that does not extend the previous one);
 * 3. the final `message` with `streamType: final`, carrying the whole answer.
 *
 * Every activity carries its `streamSequence` (1, 2, 3, … in send order) and, after the first, the `streamId`, in a
 * `streaminfo` entity and in `channelData` (the form of the page's REST examples). Activities go one at a time, at
 * most one per interval (Teams throttles streams at about one update a second).
 *
 * The Stop button: once the user presses it, Teams answers the next update with 403 `ContentStreamNotAllowed`. The
 * turn then sends nothing more for this answer and reports `stopped`, so the core ends the turn without posting a
 * plan. Where streaming is not enabled (`BadArgument … streaming api is not enabled`) or an update fails otherwise,
 * the answer is posted as a normal message.
 *
 * Streaming exists in one-to-one chats only; channels and group chats keep the typing indicator and the progress
 * card updated in place (the core's default, turnSurface.ts).
 */
import type { Activity } from 'botbuilder';
import type { TaskUpdate, TurnSurface } from '../../bot/core/api.js';
import type { BotMessage } from '../../bot/core/messages.js';
import type { Logger } from '../../bot/log/logger.js';
import { inert } from './cards/elements.js';

/** Informative messages must not exceed 1 KB / 1,000 characters. */
const INFORMATIVE_LIMIT = 1_000;
/** A streamed text cannot outgrow a bot message; the final message carries the answer in full anyway. */
const STREAM_TEXT_LIMIT = 20_000;

export type StreamType = 'informative' | 'streaming' | 'final';

export interface TeamsStreamDeps {
  /** Sends one activity into the conversation; resolves with the id Teams gave it. */
  send(activity: Partial<Activity>): Promise<string | undefined>;
  /** Posts a message the normal way (the answer when streaming is unavailable). */
  post(message: BotMessage): Promise<void>;
  render(message: BotMessage): Promise<Partial<Activity>>;
  logger: Logger;
  intervalMs: number;
}

type Outcome = 'ok' | 'stopped' | 'unavailable' | 'failed';

export class TeamsStream implements TurnSurface {
  private streamId: string | undefined;
  private sequence = 0;
  private body = '';
  private sentText = '';
  private informative: string | undefined;
  private state: 'open' | 'stopped' | 'off' = 'open';
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private lastSend = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: TeamsStreamDeps) {}

  /** True once the user pressed Stop: the core ends the turn quietly. */
  get stopped(): boolean {
    return this.state === 'stopped';
  }

  status(text: string): void {
    this.inform(text);
  }

  task(t: TaskUpdate): void {
    this.inform(
      t.state === 'running' ? `Generating the ${t.title}…` : `${t.state === 'done' ? '✓' : '✗'} ${t.title}`,
    );
  }

  text(delta: string): void {
    if (this.state !== 'open' || this.body.length >= STREAM_TEXT_LIMIT) return;
    this.body = (this.body + delta).slice(0, STREAM_TEXT_LIMIT);
    this.schedule();
  }

  async finish(message: BotMessage): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain;
    if (this.state === 'stopped') return;
    if (this.state === 'off' || this.sequence === 0) {
      await this.deps.post(message);
      return;
    }
    const rendered = await this.deps.render(message);
    const final: Partial<Activity> = {
      ...rendered,
      type: 'message',
      ...(message.kind === 'text' ? {} : { text: rendered.text ?? inert(this.sentText) }),
    };
    if (!final.text && !final.attachments?.length) final.text = inert(this.sentText) || 'Done.';
    const outcome = await this.sendStreamed(final, 'final');
    if (outcome === 'unavailable' || outcome === 'failed') await this.deps.post(message);
  }

  private inform(line: string): void {
    if (this.state !== 'open') return;
    // Once text streams, Teams shows the text; informative updates belong before it.
    if (this.sentText || this.body) return;
    this.informative = inert(line).slice(0, INFORMATIVE_LIMIT);
    this.schedule();
  }

  /** One send per interval; the newest informative line or the whole text so far, never stale states. */
  private schedule(): void {
    if (this.timer || this.state !== 'open') return;
    const wait = Math.max(0, this.lastSend + this.deps.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.chain = this.chain.then(() => this.flush());
    }, wait);
  }

  private async flush(): Promise<void> {
    if (this.state !== 'open') return;
    if (this.body && this.body !== this.sentText) {
      const text = this.body;
      // The agent's prose repeats what users wrote: no disguised links. `inert` only adds a space after a character,
      // depending on the next one, so each update still starts with the text of the one before, as Teams requires.
      if ((await this.sendStreamed({ type: 'typing', text: inert(text) }, 'streaming')) === 'ok')
        this.sentText = text;
    } else if (this.informative && !this.sentText) {
      const text = this.informative;
      this.informative = undefined;
      await this.sendStreamed({ type: 'typing', text }, 'informative');
    }
    if (this.state === 'open' && ((this.body && this.body !== this.sentText) || this.informative))
      this.schedule();
  }

  private async sendStreamed(activity: Partial<Activity>, streamType: StreamType): Promise<Outcome> {
    const streamSequence = ++this.sequence;
    const info = {
      streamType,
      streamSequence,
      ...(this.streamId ? { streamId: this.streamId } : {}),
    };
    const out: Partial<Activity> = {
      ...activity,
      ...(this.streamId ? { id: this.streamId } : {}),
      entities: [...(activity.entities ?? []), { type: 'streaminfo', ...info }],
      channelData: { ...(activity.channelData ?? {}), ...info },
    };
    this.lastSend = Date.now();
    try {
      const id = await this.deps.send(out);
      this.streamId ??= id;
      return 'ok';
    } catch (err) {
      const what = errorText(err);
      if (/ContentStreamNotAllowed/i.test(what)) {
        this.deps.logger.info('teams: the user stopped the streamed answer');
        this.state = 'stopped';
        return 'stopped';
      }
      this.state = 'off';
      if (/streaming api is not enabled/i.test(what)) {
        this.deps.logger.info('teams: streaming not enabled here; answering with a normal message');
        return 'unavailable';
      }
      this.deps.logger.warn({ err: what }, 'teams: a stream update failed; answering with a normal message');
      return 'failed';
    }
  }
}

/** botbuilder's RestError carries the connector's error body; the code may be in the message or the body. */
function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const e = err as Error & { code?: unknown; body?: unknown; response?: { bodyAsText?: string } };
  let body = '';
  try {
    body = typeof e.body === 'string' ? e.body : JSON.stringify(e.body ?? '');
  } catch {
    body = '';
  }
  return [e.message, String(e.code ?? ''), body, e.response?.bodyAsText ?? ''].join(' ');
}
