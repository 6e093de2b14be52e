/**
 * Teams' streaming protocol in a one-to-one chat, against the fake connector: informative updates, streamed
 * text, the final message, in order with their sequence numbers and the stream id; the Stop button (403
 * ContentStreamNotAllowed) honoured; channels keep the typing indicator and the progress card updated in place.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../bot/core/contracts.js';
import type { ConnectorCall } from '../../fakes/fake-connector.js';
import {
  cardOf,
  channelConversation,
  type Harness,
  message,
  nextId,
  planText,
  startHarness,
  waitForPlanCard,
} from './harness.js';

/** The local agent answers in microseconds; a model takes its time. Each event is paced past the stream interval. */
function paced(inner: Agent): Agent {
  return {
    async *run(turn) {
      for await (const ev of inner.run(turn)) {
        await new Promise((r) => setTimeout(r, 40));
        yield ev;
      }
    },
  };
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ streamIntervalMs: 20, wrapAgent: paced });
});
afterAll(async () => {
  await h?.close();
});

interface StreamInfo {
  type: string;
  streamType: 'informative' | 'streaming' | 'final';
  streamSequence: number;
  streamId?: string;
}

/**
 * The stream fields as they reach the connector. The bot writes them in a `streaminfo` entity and in channelData;
 * botbuilder's serializer keeps only `type` of a custom entity, so channelData is what arrives (and what Teams
 * reads from botbuilder bots).
 */
function infoOf(c: ConnectorCall): StreamInfo | undefined {
  const data = c.body?.channelData as Partial<StreamInfo> | undefined;
  if (!data?.streamType) return undefined;
  expect((c.body?.entities as { type: string }[] | undefined)?.some((e) => e.type === 'streaminfo')).toBe(
    true,
  );
  return { type: 'streaminfo', ...data } as StreamInfo;
}

function personal() {
  return { id: `a:personal-${nextId()}`, conversationType: 'personal', tenantId: 'tenant-1' };
}

describe('Teams streaming', () => {
  it('streams a one-to-one answer: informative updates, streamed text, final message, then the plan card', async () => {
    const conversation = personal();
    const before = h.connector.calls.length;
    const r = await h.post(message(h, { text: planText(), conversation, mention: false }));
    expect(r.status).toBe(200);
    const { call: cardCall } = await waitForPlanCard(h, conversation.id, before);
    await h.channel.idle();

    const mine = h.connector.calls.slice(before).filter((c) => c.conversationId === conversation.id);
    const streamed = mine.filter((c) => infoOf(c));
    const kinds = streamed.map((c) => infoOf(c)!.streamType);
    // The documented order: informative updates first, then streaming text, then exactly one final.
    expect(kinds[0]).toBe('informative');
    expect(kinds.at(-1)).toBe('final');
    expect(kinds.filter((k) => k === 'final')).toHaveLength(1);
    const firstStreaming = kinds.indexOf('streaming');
    expect(firstStreaming).toBeGreaterThan(0);
    expect(kinds.slice(firstStreaming, -1).every((k) => k === 'streaming')).toBe(true);
    expect(kinds.slice(0, firstStreaming).every((k) => k === 'informative')).toBe(true);

    // Sequence numbers count up from 1; after the first activity every one carries the stream id it got back.
    expect(streamed.map((c) => infoOf(c)!.streamSequence)).toEqual(streamed.map((_, i) => i + 1));
    const streamId = streamed[0]!.id;
    expect(streamId).toBeDefined();
    expect(infoOf(streamed[0]!)!.streamId).toBeUndefined();
    for (const c of streamed.slice(1)) {
      expect(infoOf(c)!.streamId).toBe(streamId);
    }
    // Typing activities up to the final message; streamed text only grows.
    for (const c of streamed.slice(0, -1)) expect(c.body.type).toBe('typing');
    const texts = streamed
      .filter((c) => infoOf(c)!.streamType === 'streaming')
      .map((c) => String(c.body.text));
    for (let i = 1; i < texts.length; i++) expect(texts[i]!.startsWith(texts[i - 1]!)).toBe(true);
    const final = streamed.at(-1)!;
    expect(final.body.type).toBe('message');
    expect(String(final.body.text)).toContain(texts.at(-1)!.split('\n')[0]!);
    // Informative messages stay within Teams' 1,000 characters.
    for (const c of streamed.filter((x) => infoOf(x)!.streamType === 'informative'))
      expect(String(c.body.text).length).toBeLessThanOrEqual(1000);

    // The plan card is its own message, after the stream; no repeated typing indicator in a one-to-one chat.
    expect(mine.indexOf(cardCall)).toBeGreaterThan(mine.indexOf(final));
    expect(mine.filter((c) => c.body?.type === 'typing' && !infoOf(c))).toHaveLength(0);
  });

  it("streams the agent's prose without links, each update still extending the one before", async () => {
    // An agent repeating a user's text, its deltas cut inside the link syntax.
    const chunks = [
      'You asked for [Approve here]',
      '(https://evil.example/a) and <',
      'https://evil.example/b>',
      '.',
    ];
    const hostile: Agent = {
      async *run() {
        yield { type: 'status', text: 'Reading [Approve](https://evil.example/status)' };
        for (const delta of chunks) {
          await new Promise((r) => setTimeout(r, 40));
          yield { type: 'text', delta };
        }
        yield { type: 'done', text: chunks.join('') };
      },
    };
    const other = await startHarness({ streamIntervalMs: 20, wrapAgent: () => hostile });
    try {
      const conversation = personal();
      const r = await other.post(message(other, { text: 'hello', conversation, mention: false }));
      expect(r.status).toBe(200);
      await other.connector.waitUntil((cs) =>
        cs.some((c) => c.conversationId === conversation.id && infoOf(c)?.streamType === 'final'),
      );
      await other.channel.idle();
      const streamed = other.connector.calls.filter((c) => c.conversationId === conversation.id && infoOf(c));
      const texts = streamed.map((c) => String(c.body.text));
      expect(texts.filter((t) => /\]\(|<[a-z][a-z0-9+.-]*:/i.test(t))).toEqual([]);
      const growing = streamed
        .filter((c) => infoOf(c)!.streamType === 'streaming')
        .map((c) => String(c.body.text));
      expect(growing.length).toBeGreaterThan(1);
      for (let i = 1; i < growing.length; i++) expect(growing[i]!.startsWith(growing[i - 1]!)).toBe(true);
      expect(texts.at(-1)).toContain(
        '[Approve here] (https://evil.example/a) and < https://evil.example/b>.',
      );
    } finally {
      await other.close();
    }
  });

  it('honours the Stop button: no further updates, no final message, no plan', async () => {
    const conversation = personal();
    h.connector.refuse = (c) =>
      c.conversationId === conversation.id && infoOf(c)?.streamType === 'streaming'
        ? {
            status: 403,
            body: {
              error: { code: 'ContentStreamNotAllowed', message: 'Content stream was cancelled by user.' },
            },
          }
        : undefined;
    try {
      const before = h.connector.calls.length;
      const pipelines = (await h.core.listPipelines({})).total;
      await h.post(message(h, { text: planText(), conversation, mention: false }));
      await h.connector.waitUntil((cs) => cs.slice(before).some((c) => c.refused === 403));
      await h.channel.idle();
      const mine = h.connector.calls.slice(before).filter((c) => c.conversationId === conversation.id);
      const refusedAt = mine.findIndex((c) => c.refused === 403);
      // Nothing after the refusal: no more stream updates, no final, no plan card.
      expect(mine.slice(refusedAt + 1)).toEqual([]);
      expect(mine.some((c) => infoOf(c)?.streamType === 'final')).toBe(false);
      expect(mine.some((c) => cardOf(c.body)?.actions)).toBe(false);
      expect((await h.core.listPipelines({})).total).toBe(pipelines);
    } finally {
      h.connector.refuse = undefined;
    }
  });

  it('answers with a normal message where streaming is not enabled', async () => {
    const conversation = personal();
    h.connector.refuse = (c) =>
      c.conversationId === conversation.id && infoOf(c)
        ? { status: 400, body: { error: { code: 'BadArgument', message: 'streaming api is not enabled' } } }
        : undefined;
    try {
      const before = h.connector.calls.length;
      await h.post(message(h, { text: planText(), conversation, mention: false }));
      await waitForPlanCard(h, conversation.id, before);
      await h.channel.idle();
      const mine = h.connector.calls.slice(before).filter((c) => c.conversationId === conversation.id);
      const accepted = mine.filter((c) => !c.refused);
      // The answer arrived as a plain message without stream info, before the card.
      expect(accepted.some((c) => c.body?.type === 'message' && !infoOf(c) && !cardOf(c.body))).toBe(true);
    } finally {
      h.connector.refuse = undefined;
    }
  });

  it('channels keep the typing indicator and a progress card updated in place, no stream', async () => {
    const root = nextId('root');
    const conversation = channelConversation(root);
    const before = h.connector.calls.length;
    await h.post(message(h, { id: root, text: planText(), conversation }));
    await waitForPlanCard(h, conversation.id, before);
    await h.channel.idle();
    const mine = h.connector.calls.slice(before).filter((c) => c.conversationId === conversation.id);
    expect(mine.some((c) => infoOf(c))).toBe(false);
    expect(mine.some((c) => c.body?.type === 'typing')).toBe(true);
    expect(mine.some((c) => c.method === 'PUT')).toBe(true);
  });
});
