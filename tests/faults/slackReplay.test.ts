/**
 * Issue 16 point 8: a signed Slack request dated in the future could be replayed until that date plus five
 * minutes (Bolt only refuses old ones). Real signed HTTP against the Slack channel: more than five minutes ahead
 * is refused with 401 and runs nothing; a little clock skew is still accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventBody, signSlack } from '../fakes/slack/sign.js';
import { CHANNEL, SECRET, type Stack, startStack } from '../integration/slack/harness.js';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.close();
});

function mentionBody(id: string): string {
  return eventBody(
    {
      type: 'app_mention',
      user: 'U0ALICE',
      text: '<@U0BOT> hi',
      ts: `${id}.1`,
      channel: CHANNEL,
      event_ts: `${id}.1`,
    },
    `Ev${id}`,
  );
}

describe('Slack replay window in the future', () => {
  it('refuses a request dated 10 minutes ahead (401) and runs nothing', async () => {
    const runs = s.agent.runs.length;
    const body = mentionBody('1800000001');
    const now = Math.floor(Date.now() / 1000);
    const res = await fetch(`${s.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signSlack(SECRET, body, now + 10 * 60) },
      body,
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { message: string }).message).toMatch(/more than 5 minutes in the future/);
    await s.core.idle();
    expect(s.agent.runs.length).toBe(runs);
  });

  it('accepts a correctly signed request with a minute of clock skew', async () => {
    const body = mentionBody('1800000002');
    const now = Math.floor(Date.now() / 1000);
    const res = await fetch(`${s.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signSlack(SECRET, body, now + 60) },
      body,
    });
    expect(res.status).toBe(200);
  });
});
