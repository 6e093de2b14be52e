import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALICE,
  BOB,
  CAROL,
  cardOf,
  cardText,
  channelConversation,
  type Harness,
  invoke,
  message,
  nextId,
  PLAN_TEXT,
  planText,
  startHarness,
  waitForPlanCard,
} from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Starts a fresh channel thread with a plan proposed by Alice. */
async function proposePlan() {
  const root = nextId('root');
  const conversation = channelConversation(root);
  const before = h.connector.calls.length;
  const r = await h.post(message(h, { id: root, text: planText(), conversation }));
  expect(r.status).toBe(200);
  const plan = await waitForPlanCard(h, conversation.id, before);
  return { root, conversation, ...plan, before };
}

function executions(conversationId: string) {
  return h.connector.calls.filter(
    (c) =>
      c.conversationId === conversationId &&
      c.method === 'POST' &&
      /Running pipeline/.test(cardText(cardOf(c.body)) ?? ''),
  ).length;
}

describe('Teams: message to plan card', () => {
  it('an @mention in a channel gets a typing indicator and a plan card in the same thread', async () => {
    const { root, conversation, call, card, data, before } = await proposePlan();
    const calls = h.connector.calls.slice(before).filter((c) => c.conversationId === conversation.id);
    expect(calls[0]?.body.type).toBe('typing');
    // In-turn replies answer the user's message: POST …/activities/{root}, ids URI-encoded.
    expect(call.path).toBe(`/v3/conversations/${encodeURIComponent(conversation.id)}/activities/${root}`);
    expect(call.body.from.id).toBe('28:dea-bot');
    expect(card.version).toBe('1.5');
    expect(card.actions.map((a: { type: string; verb: string }) => `${a.type}:${a.verb}`)).toEqual([
      'Action.Execute:approve',
      'Action.Execute:reject',
    ]);
    expect(card.refresh.action).toMatchObject({ type: 'Action.Execute', verb: 'refresh', data });
    expect(card.refresh.userIds).toContain(ALICE.id); // the requester gets their own view
    const codeBlocks = JSON.stringify(card).match(/"type":"CodeBlock"/g) ?? [];
    expect(codeBlocks).toHaveLength(4);
    expect(cardText(card)).toContain('CREATE STORAGE INTEGRATION');
    expect(cardText(card)).toContain('Requested by: Alice (teams:aad-alice)');

    const row = await h.core.getPipeline(data.pipelineId);
    expect(row).toMatchObject({
      STATUS: 'PROPOSED',
      REQUESTED_BY: 'teams:aad-alice',
      CHANNEL: 'teams',
      THREAD_REF: conversation.id,
      PLAN_HASH: data.hash,
    });
  });

  it('a root channel post that does not mention the bot is ignored', async () => {
    const root = nextId('root');
    const conversation = channelConversation(root);
    const r = await h.post(message(h, { id: root, text: PLAN_TEXT, conversation, mention: false }));
    expect(r.status).toBe(200);
    await h.channel.idle();
    expect(h.connector.calls.filter((c) => c.conversationId === conversation.id)).toHaveLength(0);
  });

  it('personal and group chats reach the core too', async () => {
    for (const conversation of [
      { id: `a:personal-${nextId()}`, conversationType: 'personal', tenantId: 'tenant-1' },
      { id: `19:group-${nextId()}@thread.v2`, conversationType: 'groupChat', tenantId: 'tenant-1' },
    ]) {
      const before = h.connector.calls.length;
      const r = await h.post(
        message(h, { text: PLAN_TEXT, conversation, mention: conversation.conversationType !== 'personal' }),
      );
      expect(r.status).toBe(200);
      const { data } = await waitForPlanCard(h, conversation.id, before);
      expect((await h.core.getPipeline(data.pipelineId))?.THREAD_REF).toBe(conversation.id);
    }
  });

  it('a redelivered message (same activity id) is handled once', async () => {
    const root = nextId('root');
    const conversation = channelConversation(root);
    const activity = message(h, { id: root, text: PLAN_TEXT, conversation });
    await h.post(activity);
    await h.post(activity);
    await h.channel.idle();
    const plans = h.connector.calls.filter(
      (c) => c.conversationId === conversation.id && cardOf(c.body)?.actions,
    );
    expect(plans).toHaveLength(1);
  });

  it('a follow-up in the reply chain (no new mention) revises the plan and closes the old one', async () => {
    const { conversation, data } = await proposePlan();
    const before = h.connector.calls.length;
    const r = await h.post(message(h, { text: 'call the table p_ext', conversation, mention: false }));
    expect(r.status).toBe(200);
    const revised = await waitForPlanCard(h, conversation.id, before);
    expect(revised.data.pipelineId).not.toBe(data.pipelineId);
    expect(cardText(revised.card)).toContain('P_EXT');
    expect((await h.core.getPipeline(data.pipelineId))?.STATUS).toBe('EXPIRED');
  });
});

describe('Teams: Action.Execute decisions', () => {
  it('approve: executed once, decided card in the invoke response, shared card rewritten, result via the connector', async () => {
    const { conversation, data, messageId } = await proposePlan();
    const before = h.connector.calls.length;
    const r = await h.post(
      invoke(h, { verb: 'approve', data, from: BOB, conversation, replyToId: messageId }),
    );
    expect(r.status).toBe(200);
    const answer = r.body as {
      statusCode: number;
      type: string;
      value: { actions?: unknown; body: unknown };
    };
    expect(answer.statusCode).toBe(200);
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(answer.value.actions).toBeUndefined();
    expect(cardText(answer.value)).toContain('Approved by Bob (teams:aad-bob)');

    await h.channel.idle();
    const after = h.connector.calls.slice(before);
    const sharedUpdate = after.find((c) => c.method === 'PUT' && c.activityId === messageId);
    expect(sharedUpdate).toBeDefined();
    expect(cardOf(sharedUpdate!.body).actions).toBeUndefined();
    // Replaced for everyone: who decided and when, and no buttons left for anyone.
    expect(cardText(cardOf(sharedUpdate!.body))).toMatch(
      /Approved by Bob \(teams:aad-bob\) at \d{4}-\d{2}-\d{2}T/,
    );
    const result = after.find((c) => /✅ Pipeline \S+ created/.test(cardText(cardOf(c.body)) ?? ''));
    expect(result).toBeDefined();
    const resultText = cardText(cardOf(result!.body));
    expect(resultText).toMatch(/✓ Storage integration BUCKET_\d+_\d+_INT \(\d+ ms\)/);
    expect(resultText).toMatch(/SELECT \* FROM LEILA_APP\.PUBLIC\.BUCKET_\d+_\d+_P_EXT/);
    expect(resultText).toContain('Google Cloud');
    // The shared card finally shows the outcome.
    const finalCard = after.filter((c) => c.method === 'PUT' && c.activityId === messageId).at(-1);
    expect(cardText(cardOf(finalCard!.body))).toContain('approved, created');
    expect(executions(conversation.id)).toBe(1);

    const row = await h.core.getPipeline(data.pipelineId);
    expect(row).toMatchObject({ STATUS: 'SUCCESS', APPROVED_BY: 'teams:aad-bob' });
  });

  it('an unauthorized click is told why in its own card and changes nothing', async () => {
    const { conversation, data, messageId } = await proposePlan();
    const before = h.connector.calls.length;
    const r = await h.post(
      invoke(h, { verb: 'approve', data, from: CAROL, conversation, replyToId: messageId }),
    );
    expect(r.status).toBe(200);
    const answer = r.body as { value: { actions?: unknown } };
    expect(answer.value.actions).toBeUndefined();
    expect(cardText(answer.value)).toContain('You are not an approver');
    await h.channel.idle();
    expect(h.connector.calls.slice(before)).toHaveLength(0);
    expect((await h.core.getPipeline(data.pipelineId))?.STATUS).toBe('PROPOSED');
  });

  it('the requester cannot approve their own plan', async () => {
    const { conversation, data, messageId } = await proposePlan();
    const r = await h.post(
      invoke(h, { verb: 'approve', data, from: ALICE, conversation, replyToId: messageId }),
    );
    expect(cardText((r.body as { value: unknown }).value)).toContain('You are not an approver');
    expect((await h.core.getPipeline(data.pipelineId))?.STATUS).toBe('PROPOSED');
  });

  it('the same invoke twice (a Teams retry) executes once and answers the repeat with the current card', async () => {
    const { conversation, data, messageId } = await proposePlan();
    const activity = invoke(h, { verb: 'approve', data, from: BOB, conversation, replyToId: messageId });
    const first = await h.post(activity);
    const second = await h.post(activity);
    for (const r of [first, second]) {
      expect(r.status).toBe(200);
      expect((r.body as { value: { actions?: unknown } }).value.actions).toBeUndefined();
    }
    expect(cardText((second.body as { value: unknown }).value)).toMatch(/already/i);
    await h.channel.idle();
    expect(executions(conversation.id)).toBe(1);
    expect((await h.core.getPipeline(data.pipelineId))?.STATUS).toBe('SUCCESS');
  });

  it('10 concurrent approve clicks execute the plan once', async () => {
    const { conversation, data, messageId } = await proposePlan();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        h.post(invoke(h, { verb: 'approve', data, from: BOB, conversation, replyToId: messageId })),
      ),
    );
    for (const r of answers) {
      expect(r.status).toBe(200);
      expect((r.body as { value: { actions?: unknown } }).value.actions).toBeUndefined();
    }
    await h.channel.idle();
    expect(executions(conversation.id)).toBe(1);
    const results = h.connector.calls.filter(
      (c) =>
        c.conversationId === conversation.id &&
        /✅ Pipeline \S+ created/.test(cardText(cardOf(c.body)) ?? ''),
    );
    expect(results).toHaveLength(1);
    expect((await h.core.getPipeline(data.pipelineId))?.STATUS).toBe('SUCCESS');
  });

  it('reject records the reason typed into the card and runs nothing', async () => {
    const { conversation, data, messageId } = await proposePlan();
    const r = await h.post(
      invoke(h, {
        verb: 'reject',
        data: { ...data, reason: 'use the curated bucket' },
        from: BOB,
        conversation,
        replyToId: messageId,
      }),
    );
    const card = (r.body as { value: { actions?: unknown } }).value;
    expect(card.actions).toBeUndefined();
    expect(cardText(card)).toContain('Rejected by Bob (teams:aad-bob)');
    expect(cardText(card)).toContain('use the curated bucket');
    await h.channel.idle();
    expect(executions(conversation.id)).toBe(0);
    expect(await h.core.getPipeline(data.pipelineId)).toMatchObject({
      STATUS: 'REJECTED',
      REJECTED_BY: 'teams:aad-bob',
      DECISION_REASON: 'use the curated bucket',
    });
  });

  it('a click with a stale hash is refused', async () => {
    const { conversation, data, messageId } = await proposePlan();
    const r = await h.post(
      invoke(h, {
        verb: 'approve',
        data: { ...data, hash: 'f'.repeat(64) },
        from: BOB,
        conversation,
        replyToId: messageId,
      }),
    );
    expect(cardText((r.body as { value: unknown }).value)).toContain('changed since this card was shown');
    expect((await h.core.getPipeline(data.pipelineId))?.STATUS).toBe('PROPOSED');
  });

  it('refresh gives approvers the buttons and everyone else a read-only card', async () => {
    const { conversation, data, messageId } = await proposePlan();
    const forBob = await h.post(
      invoke(h, { verb: 'refresh', data, from: BOB, conversation, replyToId: messageId }),
    );
    const bobCard = (forBob.body as { value: { actions?: { verb: string }[] } }).value;
    expect(bobCard.actions?.map((a) => a.verb)).toEqual(['approve', 'reject']);
    const forCarol = await h.post(
      invoke(h, { verb: 'refresh', data, from: CAROL, conversation, replyToId: messageId }),
    );
    const carolCard = (forCarol.body as { value: { actions?: unknown } }).value;
    expect(carolCard.actions).toBeUndefined();
    expect(cardText(carolCard)).toContain('Only approvers can approve or reject this plan.');
    const forAlice = await h.post(
      invoke(h, { verb: 'refresh', data, from: ALICE, conversation, replyToId: messageId }),
    );
    expect(cardText((forAlice.body as { value: unknown }).value)).toContain('Waiting for an approver');
    // Bob has now been seen, so later cards list his MRI for a per-user refresh.
    expect(await h.core.isApprover({ channel: 'teams', id: BOB.aadObjectId })).toBe(true);
    const next = await proposePlan();
    expect(next.card.refresh.userIds).toEqual(expect.arrayContaining([ALICE.id, BOB.id]));
    expect(next.card.refresh.userIds).not.toContain(CAROL.id);
  });

  it('a button that does not point at a plan gets a message, not a crash', async () => {
    const conversation = channelConversation(nextId('root'));
    const r = await h.post(invoke(h, { verb: 'approve', data: { nope: 1 }, from: BOB, conversation }));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    const missing = await h.post(
      invoke(h, {
        verb: 'approve',
        data: { pipelineId: 'P-000000000000', hash: 'x' },
        from: BOB,
        conversation,
      }),
    );
    expect(missing.body).toMatchObject({
      type: 'application/vnd.microsoft.activity.message',
      value: 'There is no pipeline P-000000000000.',
    });
  });
});

describe('Teams: malformed requests', () => {
  it('answers 400 to bodies that are not activities and keeps serving', async () => {
    expect((await h.post({ id: 'x', serviceUrl: h.connector.serviceUrl })).status).toBe(400);
    expect((await h.post('{not json')).status).toBe(400);
    expect((await h.post('[1,2]')).status).toBe(400);
    expect((await h.post({ type: 'message', text: 'hi' })).status).toBe(400);
    expect((await h.post({ ...message(h, { text: 'hi' }), conversation: null })).status).toBe(400);
    const { status } = await h.post(
      message(h, { text: 'hello', conversation: { id: `a:p-${nextId()}`, conversationType: 'personal' } }),
    );
    expect(status).toBe(200);
  });

  it('answers 413 to an oversized body', async () => {
    const big = message(h, { text: 'x'.repeat(1_100_000) });
    expect((await h.post(big)).status).toBe(413);
  });
});
