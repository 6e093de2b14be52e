/**
 * One agent turn in a Slack thread, shown the way Slack's AI apps show it:
 *
 * - `assistant.threads.setStatus` with rotating loading messages while the agent works
 *   (https://docs.slack.dev/reference/methods/assistant.threads.setStatus; the status clears when the app replies);
 * - the prose streamed into one message with `chat.startStream` / `chat.appendStream` / `chat.stopStream`, each tool
 *   call a `task_update` chunk (in_progress → complete | error) in a timeline
 *   (https://docs.slack.dev/messaging/sending-and-scheduling-messages#text-streaming). startStream is Tier 2 and
 *   appendStream Tier 4, so chunks are buffered and sent at most once per interval;
 * - thumbs up / down (`feedback_buttons` in a `context_actions` block,
 *   https://docs.slack.dev/reference/block-kit/block-elements/feedback-buttons-element) under the finished answer.
 *
 * Where the workspace or app cannot stream (chat.startStream answers an error such as `unknown_method`,
 * `not_allowed` or `missing_scope`), the turn falls back to the core's progress message updated in place — what the
 * bot did before — and replays what already happened into it. A stream that breaks midway is stopped and the
 * answer is posted as a normal message: the user always gets the last message of the turn.
 */
import type { types, webApi } from '@slack/bolt';
import type { TaskUpdate, TurnSurface } from '../../bot/core/api.js';
import type { BotMessage } from '../../bot/core/messages.js';
import type { Logger } from '../../bot/log/logger.js';
import { describe } from './identity.js';
import type { SlackThread } from './refs.js';

type Chunk = NonNullable<webApi.ChatAppendStreamArguments['chunks']>[number];

export const FEEDBACK_ACTION = 'dea_feedback';
const FEEDBACK_BLOCK = 'dea_feedback';

/** Markdown a streamed message may hold: a markdown block takes 12,000 characters; a margin for the cut note. */
const STREAM_TEXT_LIMIT = 11_000;
/** Loading messages rotate under the status; Slack shows a handful. */
const LOADING_MESSAGES = 10;
const DEFAULT_STATUS = 'is working on your pipeline…';

/** The thumbs up / down under an answer; the value says which answer and which way. */
function feedbackBlock(): types.KnownBlock {
  return {
    type: 'context_actions',
    block_id: FEEDBACK_BLOCK,
    elements: [
      {
        type: 'feedback_buttons',
        action_id: FEEDBACK_ACTION,
        positive_button: {
          text: { type: 'plain_text', text: 'Good answer' },
          accessibility_label: 'This answer was helpful',
          value: 'up',
        },
        negative_button: {
          text: { type: 'plain_text', text: 'Bad answer' },
          accessibility_label: 'This answer was not helpful',
          value: 'down',
        },
      },
    ],
  } as types.KnownBlock;
}

/**
 * The agent's prose is the model's text and may quote the user: Slack's special sequences (`<!channel>`,
 * `<@U…>`, `<#C…>`) must not become real mentions. A zero-width space after `<` keeps them as text; `prev` is
 * the last character already streamed, since a sequence can be split across two deltas.
 */
export function neutralize(text: string, prev?: string): string {
  const out = text.replace(/<([!@#])/g, '<\u200b$1');
  return prev === '<' && /^[!@#]/.test(out) ? `\u200b${out}` : out;
}

export interface SlackTurnDeps {
  web: webApi.WebClient;
  logger: Logger;
  thread: SlackThread;
  /** Who the stream is for; Slack requires it outside DMs. */
  recipient?: { user: string; team: string };
  /** Minimum time between two appendStream calls and between two setStatus calls. */
  intervalMs: number;
  /** Today's progress message, used when streaming is not available. */
  fallback(): TurnSurface;
  /** Posts a finished message normally (chat.postMessage), with extra blocks appended. */
  post(message: BotMessage, extraBlocks?: types.KnownBlock[]): Promise<void>;
  /** Called with the streamed message's ts once the stream exists. */
  onStreamed?(ts: string): void;
}

type Step = { kind: 'status'; text: string } | { kind: 'task'; task: TaskUpdate };

export class SlackTurn implements TurnSurface {
  private mode: 'idle' | 'streaming' | 'fallback' | 'broken' = 'idle';
  private streamTs: string | undefined;
  private pending: Chunk[] = [];
  /** Prose handed to the stream (sent or queued), as sent. */
  private streamed = '';
  /** The same prose as the agent wrote it (before neutralize and the length cut). */
  private received = '';
  private cut = false;
  private readonly history: Step[] = [];
  private fallbackSurface: TurnSurface | undefined;
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private lastFlush = Number.NEGATIVE_INFINITY;
  private readonly loading: string[] = [];
  private statusOn = true;
  private statusShown = false;
  private statusTimer: NodeJS.Timeout | undefined;
  private lastStatus = Number.NEGATIVE_INFINITY;
  private statusChain: Promise<void> = Promise.resolve();

  constructor(private readonly deps: SlackTurnDeps) {
    this.showStatus();
  }

  status(text: string): void {
    this.history.push({ kind: 'status', text });
    this.noteLoading(text.endsWith('…') ? text : `${text}…`);
    if (this.mode === 'fallback') this.fallbackSurface?.status(text);
  }

  task(t: TaskUpdate): void {
    this.history.push({ kind: 'task', task: t });
    if (t.state === 'running') this.noteLoading(`Generating the ${t.title}…`);
    if (this.mode === 'fallback') {
      this.fallbackSurface?.task(t);
      return;
    }
    this.enqueue({
      type: 'task_update',
      id: t.id,
      title: `Generate the ${t.title}`,
      status: t.state === 'running' ? 'in_progress' : t.state === 'done' ? 'complete' : 'error',
    });
  }

  text(delta: string): void {
    if (this.mode === 'fallback') {
      this.fallbackSurface?.text(delta);
      return;
    }
    if (this.cut || delta === '') return;
    this.received += delta;
    let piece = neutralize(delta, this.streamed.at(-1));
    if (this.streamed.length + piece.length > STREAM_TEXT_LIMIT) {
      piece = `${piece.slice(0, Math.max(0, STREAM_TEXT_LIMIT - this.streamed.length))}…`;
      this.cut = true;
    }
    this.streamed += piece;
    this.enqueue({ type: 'markdown_text', text: piece });
  }

  async finish(message: BotMessage): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain;
    // Tasks still buffered when nothing was streamed yet open the stream now, so the timeline is complete.
    if (this.mode === 'idle' && this.pending.length > 0) await this.flush();
    clearTimeout(this.statusTimer);
    this.statusOn = false;
    await this.statusChain;
    if (this.mode === 'fallback' && this.fallbackSurface) {
      await this.fallbackSurface.finish(message);
      return;
    }
    const feedback = message.kind === 'text' ? [feedbackBlock()] : [];
    if (this.mode === 'streaming' && this.streamTs) {
      const chunks = this.pending.splice(0);
      if (message.kind === 'text' && !this.cut) {
        const rest = message.text.startsWith(this.received)
          ? message.text.slice(this.received.length)
          : this.received.trim() === ''
            ? message.text
            : '';
        if (rest)
          chunks.push({
            type: 'markdown_text',
            text: neutralize(rest, this.streamed.at(-1)).slice(0, STREAM_TEXT_LIMIT),
          });
      }
      try {
        await this.deps.web.chat.stopStream({
          channel: this.deps.thread.channel,
          ts: this.streamTs,
          ...(chunks.length ? { chunks } : {}),
          ...(feedback.length ? { blocks: feedback } : {}),
        });
        // A text answer now stands in the streamed message; anything else follows it.
        if (message.kind === 'text') return;
        await this.deps.post(message);
        return;
      } catch (err) {
        this.deps.logger.warn({ err: describe(err) }, 'slack: chat.stopStream failed; posting the answer');
      }
    } else if (this.mode === 'broken' && this.streamTs) {
      await this.deps.web.chat
        .stopStream({ channel: this.deps.thread.channel, ts: this.streamTs })
        .catch(() => undefined);
    }
    try {
      await this.deps.post(message, feedback);
    } catch (err) {
      if (feedback.length === 0) throw err;
      // A workspace that does not know context_actions refuses the whole message: the answer matters more.
      this.deps.logger.info(
        { err: describe(err) },
        'slack: answer refused with feedback buttons; posting without',
      );
      await this.deps.post(message);
    }
    await this.clearStatus();
  }

  // ------------------------------------------------------------------ status

  private noteLoading(line: string): void {
    this.loading.push(line);
    if (this.loading.length > LOADING_MESSAGES) this.loading.shift();
    this.showStatus();
  }

  /** At most one setStatus per interval, the newest state always sent. */
  private showStatus(): void {
    if (!this.statusOn || this.statusTimer) return;
    const wait = Math.max(0, this.lastStatus + this.deps.intervalMs - Date.now());
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined;
      if (!this.statusOn) return;
      this.lastStatus = Date.now();
      const loading = this.loading.length ? [...this.loading].reverse() : undefined;
      this.statusChain = this.statusChain.then(() => this.setStatus(DEFAULT_STATUS, loading));
    }, wait);
  }

  private async setStatus(status: string, loading?: string[]): Promise<void> {
    try {
      await this.deps.web.assistant.threads.setStatus({
        channel_id: this.deps.thread.channel,
        thread_ts: this.deps.thread.ts,
        status,
        ...(loading ? { loading_messages: loading } : {}),
      });
      this.statusShown = status !== '';
    } catch (err) {
      // Not an assistant thread, or the scope is missing: the turn goes on without a status.
      this.statusOn = false;
      this.deps.logger.debug({ err: describe(err) }, 'slack: setStatus refused; no status for this turn');
    }
  }

  /** The status clears when the app posts; a turn that ended without a new message clears it itself. */
  private async clearStatus(): Promise<void> {
    if (!this.statusShown) return;
    this.statusShown = false;
    await this.deps.web.assistant.threads
      .setStatus({ channel_id: this.deps.thread.channel, thread_ts: this.deps.thread.ts, status: '' })
      .catch(() => undefined);
  }

  // ------------------------------------------------------------------ stream

  private enqueue(chunk: Chunk): void {
    if (this.mode === 'broken') return;
    const last = this.pending.at(-1);
    if (chunk.type === 'markdown_text' && last?.type === 'markdown_text') last.text += chunk.text;
    else this.pending.push(chunk);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlush + this.deps.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.chain = this.chain.then(() => this.flush());
    }, wait);
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0 || this.mode === 'fallback' || this.mode === 'broken') return;
    const chunks = this.pending.splice(0);
    this.lastFlush = Date.now();
    const { channel, ts } = this.deps.thread;
    if (!this.streamTs) {
      try {
        const res = await this.deps.web.chat.startStream({
          channel,
          thread_ts: ts,
          ...(this.deps.recipient
            ? { recipient_user_id: this.deps.recipient.user, recipient_team_id: this.deps.recipient.team }
            : {}),
          task_display_mode: 'timeline',
          chunks,
        });
        if (!res.ts) throw new Error('chat.startStream returned no ts');
        this.streamTs = res.ts;
        this.mode = 'streaming';
        this.deps.onStreamed?.(res.ts);
      } catch (err) {
        this.deps.logger.info(
          { err: describe(err) },
          'slack: streaming not available here; updating a progress message instead',
        );
        this.startFallback();
      }
      return;
    }
    try {
      await this.deps.web.chat.appendStream({ channel, ts: this.streamTs, chunks });
    } catch (err) {
      this.deps.logger.warn(
        { err: describe(err) },
        'slack: chat.appendStream failed; the answer follows as a message',
      );
      this.mode = 'broken';
      this.pending = [];
    }
    if (this.pending.length > 0) this.schedule();
  }

  private startFallback(): void {
    this.mode = 'fallback';
    this.pending = [];
    const fb = this.deps.fallback();
    this.fallbackSurface = fb;
    for (const step of this.history) {
      if (step.kind === 'status') fb.status(step.text);
      else fb.task(step.task);
    }
  }
}
