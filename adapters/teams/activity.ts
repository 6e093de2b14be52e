/**
 * What the channel reads from a Teams activity: the shape it must have (anything else is a 400), the thread,
 * the person, and the message text without the bot's @mention.
 */
import type { Activity } from 'botbuilder';
import { z } from 'zod';
import type { ThreadRef, UserRef } from '../../bot/core/contracts.js';

const account = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
});

/** The minimum every activity we act on carries; checked before botbuilder sees the body. */
export const activityShape = z.object({
  type: z.string().min(1),
  id: z.string().optional(),
  serviceUrl: z.string().url(),
  channelId: z.string().min(1),
  conversation: z.object({ id: z.string().min(1) }).loose(),
  from: account.loose(),
  recipient: account.loose().optional(),
});

export function checkActivity(body: unknown): { ok: true } | { ok: false; reason: string } {
  const r = activityShape.safeParse(body);
  if (r.success) return { ok: true };
  const first = r.error.issues[0];
  return {
    ok: false,
    reason: first ? `${first.path.join('.') || 'body'}: ${first.message}` : 'not an activity',
  };
}

export function threadOf(activity: Activity): ThreadRef {
  return { channel: 'teams', id: activity.conversation.id };
}

/** The AAD object id is the stable id approvers are configured with; the channel account id is a fallback. */
export function userOf(activity: Pick<Activity, 'from'>): UserRef {
  const from = activity.from;
  return { channel: 'teams', id: from.aadObjectId ?? from.id, ...(from.name ? { name: from.name } : {}) };
}

export function isChannelConversation(activity: Activity): boolean {
  return activity.conversation.conversationType === 'channel' || /;messageid=/.test(activity.conversation.id);
}

/** The root post of a channel thread carries its own id after `;messageid=`; replies carry the root's. */
export function isThreadReply(activity: Activity): boolean {
  const m = /;messageid=([^;]+)/.exec(activity.conversation.id);
  return Boolean(m && activity.id && m[1] !== activity.id);
}

export function mentionsBot(activity: Activity): boolean {
  const botId = activity.recipient?.id;
  return (activity.entities ?? []).some(
    (e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === botId,
  );
}

/** The user's words: the bot's `<at>…</at>` removed, HTML entities Teams adds decoded, whitespace trimmed. */
export function messageText(activity: Activity): string {
  let t = activity.text ?? '';
  const botId = activity.recipient?.id;
  for (const e of activity.entities ?? []) {
    const m = e as { type?: string; text?: string; mentioned?: { id?: string } };
    if (m.type === 'mention' && m.mentioned?.id === botId && m.text) t = t.split(m.text).join(' ');
  }
  // A mention whose entity was dropped still arrives as <at>Name</at>; the bot's name is not user text.
  const botName = activity.recipient?.name;
  if (botName) t = t.split(`<at>${botName}</at>`).join(' ');
  return decodeEntities(t)
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

function decodeEntities(s: string): string {
  return s
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
