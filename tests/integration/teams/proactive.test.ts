/**
 * With no in-turn budget the HTTP answer goes back at once and every reply travels through
 * continueConversationAsync with the kept ConversationReference — the path used for anything the core posts
 * after the turn (long agent runs, execution results).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  cardOf,
  channelConversation,
  type Harness,
  message,
  nextId,
  planText,
  startHarness,
} from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ inTurnBudgetMs: 0 });
});
afterAll(async () => {
  await h?.close();
});

it('answers the request before the agent finishes and still delivers the plan into the thread', async () => {
  const root = nextId('root');
  const conversation = channelConversation(root);
  const r = await h.post(message(h, { id: root, text: planText(), conversation }));
  expect(r.status).toBe(200);
  const atAnswer = h.connector.calls.filter(
    (c) => c.conversationId === conversation.id && cardOf(c.body)?.actions,
  ).length;
  await h.channel.idle();
  const calls = h.connector.calls.filter((c) => c.conversationId === conversation.id);
  const plan = calls.find((c) => cardOf(c.body)?.actions);
  expect(plan).toBeDefined();
  expect(atAnswer).toBe(0);
  // Proactive posts still reply into the same channel thread (conversation id with ;messageid=).
  expect(plan!.conversationId).toBe(conversation.id);
  expect(plan!.path.startsWith(`/v3/conversations/${encodeURIComponent(conversation.id)}/activities`)).toBe(
    true,
  );
  expect(plan!.body.from.id).toBe('28:dea-bot');
});
