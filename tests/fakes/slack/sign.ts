/** Signed Slack requests (v0 HMAC-SHA256 of `v0:{ts}:{raw body}`) and the payload shapes Slack sends. */
import { createHmac } from 'node:crypto';

export function signSlack(
  secret: string,
  rawBody: string,
  ts = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const sig = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${rawBody}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig };
}

export async function postSigned(
  url: string,
  secret: string,
  rawBody: string,
  contentType: 'application/json' | 'application/x-www-form-urlencoded',
  extra: Record<string, string> = {},
): Promise<{ status: number; body: string; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType, ...signSlack(secret, rawBody), ...extra },
    body: rawBody,
  });
  const body = await res.text();
  return { status: res.status, body, ms: performance.now() - t0 };
}

export function eventBody(event: Record<string, unknown>, eventId: string, team = 'T0001'): string {
  return JSON.stringify({
    token: 'legacy',
    team_id: team,
    api_app_id: 'A0001',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: team, user_id: 'U0BOT', is_bot: true, is_enterprise_install: false },
    ],
  });
}

export function commandBody(text: string, responseUrl: string, user = 'U0ALICE', channel = 'C0001'): string {
  return new URLSearchParams({
    token: 'legacy',
    team_id: 'T0001',
    team_domain: 'acme',
    channel_id: channel,
    channel_name: 'data',
    user_id: user,
    user_name: user.toLowerCase(),
    command: '/dea',
    text,
    api_app_id: 'A0001',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: `trig-${Math.random().toString(36).slice(2)}`,
  }).toString();
}

function interactivityBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A click on a button of a bot message. */
export function buttonClick(opts: {
  user: string;
  actionId: string;
  value: string;
  channel: string;
  messageTs: string;
  threadTs?: string;
  responseUrl: string;
}): string {
  return interactivityBody({
    type: 'block_actions',
    user: { id: opts.user, username: opts.user.toLowerCase(), team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'legacy',
    container: { type: 'message', message_ts: opts.messageTs, channel_id: opts.channel, is_ephemeral: false },
    trigger_id: `trig-${Math.random().toString(36).slice(2)}`,
    team: { id: 'T0001', domain: 'acme' },
    channel: { id: opts.channel, name: 'data' },
    message: {
      type: 'message',
      ts: opts.messageTs,
      ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}),
      text: 'plan',
      user: 'U0BOT',
      bot_id: 'B0BOT',
    },
    response_url: opts.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: opts.actionId,
        block_id: 'dea_plan_actions',
        value: opts.value,
        text: { type: 'plain_text', text: 'x' },
        action_ts: String(Date.now() / 1000),
      },
    ],
  });
}

export function viewSubmission(opts: {
  user: string;
  callbackId: string;
  privateMetadata: string;
  values: Record<string, unknown>;
}): string {
  return interactivityBody({
    type: 'view_submission',
    team: { id: 'T0001', domain: 'acme' },
    user: { id: opts.user, username: opts.user.toLowerCase(), team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'legacy',
    trigger_id: `trig-${Math.random().toString(36).slice(2)}`,
    view: {
      id: 'V0001',
      team_id: 'T0001',
      type: 'modal',
      callback_id: opts.callbackId,
      private_metadata: opts.privateMetadata,
      state: { values: opts.values },
      hash: 'h',
      title: { type: 'plain_text', text: 'x' },
      blocks: [],
    },
  });
}
