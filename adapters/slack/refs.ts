/** Slack identities in the core's terms. */
import type { BlockAction } from '@slack/bolt';
import type { ThreadRef, UserRef } from '../../bot/core/contracts.js';

export interface SlackThread {
  team: string;
  channel: string;
  /** The thread's root message ts. */
  ts: string;
}

export function threadRef(t: SlackThread): ThreadRef {
  return { channel: 'slack', id: `${t.team}:${t.channel}:${t.ts}` };
}

export function parseThreadRef(ref: ThreadRef | string): SlackThread | null {
  const id = typeof ref === 'string' ? ref : ref.id;
  const [team, channel, ts, ...rest] = id.split(':');
  if (!team || !channel || !ts || rest.length > 0) return null;
  return { team, channel, ts };
}

export function userRef(id: string, name?: string): UserRef {
  return name ? { channel: 'slack', id, name } : { channel: 'slack', id };
}

/** `<@U123>` and `<@U123|name>` of the bot itself are addressing, not content. */
export function stripMention(text: string, botUserId: string | undefined): string {
  if (!botUserId) return text.trim();
  return text
    .replace(new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g'), ' ')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

export function mentions(text: string | undefined, botUserId: string | undefined): boolean {
  return !!text && !!botUserId && text.includes(`<@${botUserId}`);
}

/** The message a button was clicked on. */
export interface CardRef {
  team: string;
  channel: string;
  /** The card message itself. */
  messageTs: string;
  /** Its thread root. */
  threadTs: string;
}

/** The card a block action came from, or null when Slack sent no message to point at. */
export function cardOf(body: BlockAction): CardRef | null {
  const channel = body.channel?.id ?? body.container?.channel_id;
  const message = body.message as { ts?: string; thread_ts?: string } | undefined;
  const messageTs = message?.ts ?? body.container?.message_ts;
  if (!channel || !messageTs) return null;
  return {
    team: body.team?.id ?? body.user.team_id ?? 'T',
    channel,
    messageTs,
    threadTs: message?.thread_ts ?? messageTs,
  };
}
