/**
 * The core's `ReplyTarget` for one Slack thread. Posts go into the thread; updates are throttled per message
 * (≤ 1/s, last state always written); private notes are ephemeral messages.
 */
import type { types, webApi } from '@slack/bolt';
import type { MessageHandle, ReplyTarget, TurnSurface } from '../../bot/core/api.js';
import type { UserRef } from '../../bot/core/contracts.js';
import type { BotMessage } from '../../bot/core/messages.js';
import { progressSurface } from '../../bot/core/turnSurface.js';
import type { Logger } from '../../bot/log/logger.js';
import { renderMessage } from './blocks/message.js';
import { describe } from './identity.js';
import type { SlackThread } from './refs.js';
import type { UpdateThrottle } from './throttle.js';
import { SlackTurn } from './turn.js';

export interface SlackUpdate {
  channel: string;
  ts: string;
  message: BotMessage;
}

export function handleId(channel: string, ts: string): string {
  return `${channel}:${ts}`;
}

function parseHandle(handle: MessageHandle): { channel: string; ts: string } {
  const i = handle.id.indexOf(':');
  if (i <= 0) throw new Error(`not a Slack message handle: ${handle.id}`);
  return { channel: handle.id.slice(0, i), ts: handle.id.slice(i + 1) };
}

export interface ReplyDeps {
  web: webApi.WebClient;
  logger: Logger;
  throttle: UpdateThrottle<SlackUpdate>;
  /** Called with each thread the bot posts in, so replies there are recognised as part of a conversation. */
  onPosted(thread: SlackThread): void;
  /** Minimum time between two writes to one live message (updates, stream appends, statuses). */
  intervalMs: number;
}

/** Who a turn answers, and whether the thread is one of Slack's assistant threads (the AI app surface). */
export interface TurnContext {
  /** The person who wrote the message the turn answers (stream recipient). */
  user: string;
  /** Set in assistant threads: the thread is titled after the plan. */
  assistant?: boolean;
}

export class SlackReplyTarget implements ReplyTarget {
  /** Kinds of message posted through this target (the Quick Setup flow checks whether the core posted the plan). */
  readonly posted: BotMessage['kind'][] = [];

  constructor(
    private readonly thread: SlackThread,
    private readonly deps: ReplyDeps,
    private readonly turn?: TurnContext,
  ) {}

  /** A streamed turn where the message came from a person; commands and button clicks keep the progress message. */
  startTurn(): TurnSurface {
    const fallback = () =>
      progressSurface(this, this.deps.intervalMs, (err) =>
        this.deps.logger.warn({ err }, 'slack: progress update failed'),
      );
    if (!this.turn) return fallback();
    return new SlackTurn({
      web: this.deps.web,
      logger: this.deps.logger,
      thread: this.thread,
      recipient: { user: this.turn.user, team: this.thread.team },
      intervalMs: this.deps.intervalMs,
      fallback,
      post: async (message, extra) => {
        await this.post(message, extra);
      },
      onStreamed: () => this.deps.onPosted(this.thread),
    });
  }

  async post(message: BotMessage, extraBlocks: types.KnownBlock[] = []): Promise<MessageHandle> {
    const m = renderMessage(message);
    const res = await this.deps.web.chat.postMessage({
      channel: this.thread.channel,
      thread_ts: this.thread.ts,
      text: m.text,
      blocks: [...m.blocks, ...extraBlocks],
      unfurl_links: false,
      unfurl_media: false,
    });
    this.posted.push(message.kind);
    this.deps.onPosted(this.thread);
    const ts = res.ts;
    if (!ts) throw new Error('chat.postMessage returned no ts');
    if (m.overflow) await this.attach(m.overflow);
    if (message.kind === 'plan' && this.turn?.assistant) await this.title(message.plan);
    return { id: handleId(res.channel ?? this.thread.channel, ts) };
  }

  /** Names an assistant thread after its pipeline, so the history list says what each conversation built. */
  private async title(plan: { pipelineId: string; summary: string }): Promise<void> {
    const title = `${plan.pipelineId}: ${plan.summary}`.replace(/\s+/g, ' ').slice(0, 100);
    try {
      await this.deps.web.assistant.threads.setTitle({
        channel_id: this.thread.channel,
        thread_ts: this.thread.ts,
        title,
      });
    } catch (err) {
      this.deps.logger.debug({ err: describe(err) }, 'slack: setTitle refused');
    }
  }

  update(handle: MessageHandle, message: BotMessage): Promise<void> {
    const { channel, ts } = parseHandle(handle);
    return this.deps.throttle.submit(handle.id, { channel, ts, message });
  }

  async notifyUser(user: UserRef, message: BotMessage): Promise<void> {
    const m = renderMessage(message);
    if (user.channel !== 'slack') {
      await this.post(message);
      return;
    }
    await this.deps.web.chat.postEphemeral({
      channel: this.thread.channel,
      user: user.id,
      thread_ts: this.thread.ts,
      text: m.text,
      blocks: m.blocks,
    });
  }

  /** The full DDL as a file in the thread; if that fails the card already points to `dea tracker show`. */
  private async attach(file: { filename: string; content: string }): Promise<void> {
    try {
      await this.deps.web.filesUploadV2({
        channel_id: this.thread.channel,
        thread_ts: this.thread.ts,
        filename: file.filename,
        title: file.filename,
        content: file.content,
        snippet_type: 'sql',
      });
    } catch (err) {
      this.deps.logger.warn({ err, file: file.filename }, 'slack: could not attach the full DDL');
    }
  }
}

/** The writer behind the throttle: one chat.update with the newest state. */
export function updateWriter(web: webApi.WebClient): (key: string, u: SlackUpdate) => Promise<void> {
  return async (_key, u) => {
    const m = renderMessage(u.message);
    await web.chat.update({ channel: u.channel, ts: u.ts, text: m.text, blocks: m.blocks });
  };
}
