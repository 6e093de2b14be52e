/**
 * Messages: an @mention starts (or continues) a conversation in its thread; plain replies continue it only in
 * threads the bot is part of; every DM message is for the bot. Edits, deletions, other bots and the bot itself
 * are ignored, and a Slack retry or duplicate delivery of an event never starts a second agent run
 * (`core.claimEvent`, durable in the warehouse so it holds across replicas).
 */
import type { App } from '@slack/bolt';
import type { SlackContext } from './context.js';
import { mentions, type SlackThread, stripMention, threadRef, userRef } from './refs.js';

/** The fields of `message` / `app_mention` events used here. */
export interface MessageLike {
  type: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  channel_type?: string;
  team?: string;
}

/** Subtypes that are still a person writing in the conversation. */
const HUMAN_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share']);

/**
 * Messages and mentions are most of what Slack sends (every message in every channel the bot is in), so they are
 * taken in one global middleware, after the assistant's, rather than as two listeners: Bolt runs the matchers of
 * every listener for every event it dispatches, and those ten runs were most of what an acknowledgement cost beyond
 * a bare Bolt app's (docs/performance.md#the-receivers-quiet-period). Everything else goes on to the listeners.
 */
export function registerEvents(app: App, ctx: SlackContext): void {
  app.use(async ({ body, next }) => {
    const envelope = body as { type?: string; event?: MessageLike; event_id?: string };
    const e = envelope.type === 'event_callback' ? envelope.event : undefined;
    const handle = e ? ROUTED_EVENTS.get(e.type) : undefined;
    if (e && handle) return handle(ctx, e, body, envelope.event_id);
    await next();
  });
}

type EventHandler = (
  ctx: SlackContext,
  e: MessageLike,
  body: unknown,
  eventId: string | undefined,
) => Promise<void>;

/** The event types taken ahead of Bolt's listeners, by their handler (the manifest subscribes to each). */
export const ROUTED_EVENTS: ReadonlyMap<string, EventHandler> = new Map<string, EventHandler>([
  ['app_mention', (ctx, e, body, eventId) => accept(ctx, e, teamOf(body, e), eventId, 'mention')],
  ['message', onMessage],
]);

async function onMessage(
  ctx: SlackContext,
  e: MessageLike,
  body: unknown,
  eventId: string | undefined,
): Promise<void> {
  const bot = ctx.identity.known?.botUserId;
  if (e.channel_type !== 'im') {
    // Mentions also arrive as app_mention, which is the one acted on.
    if (mentions(e.text, bot)) return;
    if (!e.thread_ts) return;
  }
  if (!isHuman(e, bot)) return;
  const team = teamOf(body, e);
  const thread: SlackThread = { team, channel: e.channel, ts: e.thread_ts ?? e.ts };
  if (e.channel_type !== 'im' && !(await ctx.threads.isOurs(thread))) return;
  await accept(ctx, e, team, eventId, e.channel_type === 'im' ? 'dm' : 'reply');
}

function isHuman(e: MessageLike, botUserId: string | undefined): boolean {
  if (!HUMAN_SUBTYPES.has(e.subtype)) return false;
  if (e.bot_id || !e.user) return false;
  return e.user !== botUserId;
}

export function teamOf(body: unknown, e: MessageLike): string {
  return (body as { team_id?: string }).team_id ?? e.team ?? 'T';
}

export async function accept(
  ctx: SlackContext,
  e: MessageLike,
  team: string,
  eventId: string | undefined,
  how: string,
  assistant = false,
): Promise<void> {
  const bot = ctx.identity.known?.botUserId;
  if (!isHuman(e, bot) || !e.user) return;
  const key = `slack:${eventId ?? `${e.channel}:${e.ts}`}`;
  const thread: SlackThread = { team, channel: e.channel, ts: e.thread_ts ?? e.ts };
  const text = stripMention(e.text ?? '', bot);
  const reply = ctx.replyFor(thread, { user: e.user, assistant });
  const user = userRef(e.user);
  // Everything after the ack, the duplicate check included, runs in the background so acks stay as fast as Bolt's own.
  ctx.background('slack message', async () => {
    if (!(await ctx.core.claimEvent(key))) {
      ctx.logger.info(
        { eventId, channel: e.channel },
        'slack: event seen before (retry or duplicate), ignored',
      );
      return;
    }
    ctx.threads.remember(thread);
    ctx.logger.info({ how, channel: e.channel, thread: thread.ts }, 'slack: message for the bot');
    if (text.length === 0) {
      await reply.post({
        kind: 'text',
        text: 'Hi! Tell me where your files are (for example `s3://bucket/path/`), their format and columns, and I will propose the pipeline. `/dea help` lists the commands.',
      });
      return;
    }
    await ctx.core.handleMessage({ thread: threadRef(thread), user, text }, reply);
  });
}
