/**
 * What the channel reads from a Teams activity: the shape it must have (anything else is a 400), the thread,
 * the person, and the message text without the bot's @mention.
 */
import type { Activity } from 'botbuilder';
import { z } from 'zod';
import type { ThreadRef, UserRef } from '../../bot/core/contracts.js';

const account = z.object({
  id: z.string().min(1).max(1_000),
  name: z.string().max(1_000).optional(),
  aadObjectId: z.string().max(200).optional(),
});

/**
 * Every field the bot reads, with the type it must have; checked before botbuilder sees the body, so a field of
 * the wrong type (a `text` that is an object, say) is a 400 instead of an exception deep in a handler.
 */
const activityShape = z.object({
  type: z.string().min(1).max(100),
  id: z.string().max(1_000).optional(),
  serviceUrl: z.string().url(),
  channelId: z.string().min(1).max(100),
  conversation: z
    .object({
      id: z.string().min(1).max(1_000),
      conversationType: z.string().max(100).optional(),
      tenantId: z.string().max(200).optional(),
    })
    .loose(),
  from: account.loose(),
  recipient: account.loose().optional(),
  text: z.string().max(100_000).optional(),
  replyToId: z.string().max(1_000).optional(),
  name: z.string().max(200).optional(),
  entities: z
    .array(z.object({ type: z.string().optional() }).loose())
    .max(100)
    .optional(),
  channelData: z
    .object({
      tenant: z
        .object({ id: z.string().max(200).optional() })
        .loose()
        .optional(),
    })
    .loose()
    .optional(),
  value: z.unknown().optional(),
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

/** Which tenants' users the bot acts for: DEA_TEAMS_TENANTS, else the app's own tenant. */
export interface IdentityPolicy {
  /** Tenant ids; undefined or empty means "no tenant configured". */
  allowedTenants?: readonly string[];
  /**
   * Whether requests are authenticated (an app id is set). Without authentication and without a tenant list
   * (local testing only: refused at start in Snowflake mode) the tenant is not checked.
   */
  authenticated: boolean;
}

export type Identity = { ok: true; user: UserRef } | { ok: false; reason: string };

function tenantOf(activity: Pick<Activity, 'conversation' | 'channelData'>): string | undefined {
  const fromData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const t = activity.conversation?.tenantId ?? (typeof fromData === 'string' ? fromData : undefined);
  return t?.trim() || undefined;
}

/**
 * The person behind an activity, only when Teams vouches for them: the Microsoft Teams channel (`msteams`; Web
 * Chat and Direct Line let the client choose `from.id`), an AAD object id (the id approvers are configured
 * with; never the channel account id instead) and a tenant the bot serves.
 */
export function identityOf(
  activity: Pick<Activity, 'from' | 'channelId' | 'conversation' | 'channelData'>,
  policy: IdentityPolicy,
): Identity {
  if (activity.channelId !== 'msteams')
    return {
      ok: false,
      reason: `This bot acts only on Microsoft Teams users; requests from the ${String(activity.channelId).slice(0, 40)} channel are refused.`,
    };
  const aad = activity.from?.aadObjectId?.trim();
  if (!aad)
    return {
      ok: false,
      reason:
        'Your Teams account did not come with a Microsoft Entra ID (AAD) object id, so I cannot tell who you are.',
    };
  const tenants = policy.allowedTenants ?? [];
  if (tenants.length > 0 || policy.authenticated) {
    const tenant = tenantOf(activity);
    const allowed = tenants.map((t) => t.toLowerCase());
    if (!tenant || !allowed.includes(tenant.toLowerCase()))
      return {
        ok: false,
        reason:
          tenants.length === 0
            ? 'No Microsoft tenant is allowed to use this bot yet: set MICROSOFT_APP_TENANT_ID or DEA_TEAMS_TENANTS.'
            : 'Your Microsoft tenant is not one this bot serves.',
      };
  }
  const name = activity.from.name;
  return { ok: true, user: { channel: 'teams', id: aad, ...(name ? { name } : {}) } };
}

/**
 * The user's ref once `identityOf` accepted the activity (it then has an AAD object id). Never a fallback to the
 * channel account id: without an AAD id the ref is `unverified:…`, which matches no approver.
 */
export function userOf(activity: Pick<Activity, 'from'>): UserRef {
  const from = activity.from;
  return {
    channel: 'teams',
    id: from.aadObjectId?.trim() || `unverified:${from.id}`,
    ...(from.name ? { name: from.name } : {}),
  };
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
