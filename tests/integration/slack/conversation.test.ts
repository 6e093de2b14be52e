import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blocksOf,
  CHANNEL,
  holdRequestOpen,
  pipelineIdOf,
  REQUEST,
  type Stack,
  startStack,
} from './harness.js';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.close();
});

describe('Slack conversations over HTTP (signed requests, real core, local warehouse)', () => {
  it('an @mention is acknowledged and gets a plan card in its thread (its speed is the slack-ack bench case)', async () => {
    const m = await s.mention(REQUEST);
    expect(m.status).toBe(200);
    const card = await s.waitForCard(m.ts);
    expect(card.thread_ts).toBe(m.ts);
    const blocks = blocksOf(card);
    expect(blocks).toContain('dea_approve');
    expect(blocks).toContain('Requested by <@U0ALICE>');
    expect(blocks).toContain('CREATE STORAGE INTEGRATION');
    expect(card.text).toContain('Pipeline P-');
    // The mention text reached the agent without the bot's own mention.
    expect(s.agent.runs.at(-1)?.text.startsWith('Load CSV')).toBe(true);
    expect(s.agent.runs.at(-1)?.thread).toEqual({ channel: 'slack', id: `T0001:${CHANNEL}:${m.ts}` });
    const row = await s.core.getPipeline(pipelineIdOf(card));
    expect(row?.STATUS).toBe('PROPOSED');
    expect(row?.THREAD_REF).toBe(`T0001:${CHANNEL}:${m.ts}`);
  });

  it('channel.idle() waits for the turns of acknowledged events, which wait for the receiver first', async () => {
    // A request whose body never finishes keeps the receiver busy, so the events' work waits (at most 100 ms)
    // after their acks: right after the acks no turn has reached the core yet.
    const held = await holdRequestOpen(s.url);
    try {
      const mentions = await Promise.all([s.mention(REQUEST), s.mention(REQUEST), s.mention(REQUEST)]);
      expect(mentions.map((m) => m.status)).toEqual([200, 200, 200]);
      await s.channel.idle();
      await s.core.idle();
      // No waiting for cards: every turn has run and posted its plan.
      for (const m of mentions) expect(s.cards(m.ts)).toHaveLength(1);
    } finally {
      held.destroy();
    }
  });

  it('a plain reply in the thread revises the plan; the old plan expires', async () => {
    const m = await s.mention(REQUEST);
    const first = await s.waitForCard(m.ts);
    const runs = s.agent.runs.length;
    const r = await s.message('call the table SALES_2024', { threadTs: m.ts });
    expect(r.status).toBe(200);
    const second = await s.waitForCard(m.ts, 2);
    await s.core.idle();
    expect(s.agent.runs.length).toBe(runs + 1);
    expect(blocksOf(second)).toContain('SALES_2024');
    expect((await s.core.getPipeline(pipelineIdOf(first)))?.STATUS).toBe('EXPIRED');
    expect((await s.core.getPipeline(pipelineIdOf(second)))?.STATUS).toBe('PROPOSED');
  });

  it('ignores edits, deletions, bots, itself, channel chatter and threads it is not part of', async () => {
    const m = await s.mention(REQUEST);
    await s.waitForCard(m.ts);
    await s.core.idle();
    const runs = s.agent.runs.length;
    const repliesBefore = s.fake.callsOf('conversations.replies').length;
    await s.message('edited', { threadTs: m.ts, subtype: 'message_changed' });
    await s.message('gone', { threadTs: m.ts, subtype: 'message_deleted' });
    await s.message('I am a bot', { threadTs: m.ts, botId: 'B0OTHER', user: 'U0OTHERBOT' });
    await s.message('my own echo', { threadTs: m.ts, user: 'U0BOT' });
    await s.message('just chatting in the channel', {});
    await s.message('a thread without the bot', { threadTs: '1699999999.000100' });
    // Mentions also arrive as message events; only app_mention acts on them.
    await s.message('<@U0BOT> again', { threadTs: m.ts });
    await new Promise((r) => setTimeout(r, 300));
    await s.core.idle();
    expect(s.agent.runs.length).toBe(runs);
    // The unknown thread was looked up once; the bot's own thread needed no look-up.
    expect(s.fake.callsOf('conversations.replies').length - repliesBefore).toBe(1);
  });

  it('a retried or duplicated event never starts a second agent run', async () => {
    const runs = s.agent.runs.length;
    const ts = '1810000000.000100';
    const first = await s.mention(REQUEST, { ts, eventId: 'EvRETRY1' });
    const retry1 = await s.mention(REQUEST, { ts, eventId: 'EvRETRY1', retry: 1 });
    const retry2 = await s.mention(REQUEST, { ts, eventId: 'EvRETRY1', retry: 2 });
    expect([first.status, retry1.status, retry2.status]).toEqual([200, 200, 200]);
    await s.waitForCard(ts);
    await new Promise((r) => setTimeout(r, 200));
    await s.core.idle();
    expect(s.agent.runs.length).toBe(runs + 1);
    expect(s.cards(ts)).toHaveLength(1);
  });

  it('answers DMs without a mention', async () => {
    const r = await s.message(REQUEST, { channel: 'D0ALICE', channelType: 'im' });
    expect(r.status).toBe(200);
    await s.fake.waitUntil(
      () => s.fake.thread('D0ALICE', r.ts).some((m) => blocksOf(m).includes('Pipeline plan P-')),
      'plan in DM',
    );
  });

  it('an agent failure is reported clearly and the thread keeps working', async () => {
    const m = await s.mention('please explode');
    await s.fake.waitUntil(
      () =>
        s.fake
          .thread(CHANNEL, m.ts)
          .some((x) => blocksOf(x).includes('The agent could not finish this answer')),
      'agent error message',
    );
    const err = s.fake.thread(CHANNEL, m.ts).find((x) => blocksOf(x).includes('could not finish'))!;
    expect(blocksOf(err)).toContain('503 Service Unavailable');
    expect(err.text).toContain('The agent could not finish this answer');
    await s.message(REQUEST, { threadTs: m.ts });
    await s.waitForCard(m.ts);
  });

  it('rejects requests with a bad or stale signature (401) and runs nothing', async () => {
    const runs = s.agent.runs.length;
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: 'T0001',
      event_id: 'EvBAD',
      event: { type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> hi', ts: '1.1', channel: CHANNEL },
    });
    const bad = await fetch(`${s.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-slack-signature': 'v0=deadbeef',
      },
      body,
    });
    expect(bad.status).toBe(401);
    const { signSlack } = await import('../../fakes/slack/sign.js');
    const stale = await fetch(`${s.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signSlack(
          '8f742231b10e8888abcd99fffff85a5f'.slice(0, 32),
          body,
          Math.floor(Date.now() / 1000) - 6 * 60,
        ),
      },
      body,
    });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(`${s.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(unsigned.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.agent.runs.length).toBe(runs);
  });
});
