/**
 * Issue 17 through the Teams adapter (signed-in activities against the loopback connector): a second folder of
 * a bucket gets an "extends existing" card with the ALTER, and "retire P-…" gets a card of DROPs that Bob
 * approves like any plan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BOB,
  cardText,
  channelConversation,
  type Harness,
  invoke,
  message,
  nextId,
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

const bucket = `acme-shared-${process.pid}`;

async function ask(text: string) {
  const root = nextId('root');
  const conversation = channelConversation(root);
  const before = h.connector.calls.length;
  expect((await h.post(message(h, { id: root, text, conversation }))).status).toBe(200);
  return { conversation, ...(await waitForPlanCard(h, conversation.id, before)) };
}

async function approveAndWait(plan: Awaited<ReturnType<typeof ask>>) {
  const r = await h.post(
    invoke(h, {
      verb: 'approve',
      data: plan.data,
      from: BOB,
      conversation: plan.conversation,
      replyToId: plan.messageId,
    }),
  );
  expect(r.status).toBe(200);
  await h.channel.idle();
  await h.core.idle();
  for (let i = 0; i < 200; i++) {
    const row = await h.core.getPipeline(plan.data.pipelineId);
    if (row && row.STATUS !== 'EXECUTING' && row.STATUS !== 'PROPOSED') return row;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the plan did not finish');
}

describe('Teams on a shared account', () => {
  it('shows the widened integration as "extends existing" with the ALTER, and retires a pipeline by card', async () => {
    const first = await ask(`parquet gcs://${bucket}/orders/ columns id, amount`);
    expect((await approveAndWait(first)).STATUS).toBe('SUCCESS');

    const second = await ask(`parquet gcs://${bucket}/events/ columns id, kind`);
    const text = cardText(second.card);
    expect(text).toContain('[extends existing]');
    expect(text).toMatch(
      /ALTER STORAGE INTEGRATION \S+ SET STORAGE_ALLOWED_LOCATIONS = \('gcs:\/\/[^']+\/orders\/', 'gcs:\/\/[^']+\/events\/'\)/,
    );
    expect(text).toMatch(/trust policy stays valid/);
    expect((await approveAndWait(second)).STATUS).toBe('SUCCESS');

    const retire = await ask(`retire ${first.data.pipelineId}`);
    const retireText = cardText(retire.card);
    expect(retireText).toContain(`Retire plan for pipeline ${first.data.pipelineId}`);
    expect(retireText).toContain('[drops]');
    expect(retireText).toContain('removes a live object');
    expect(retireText).not.toMatch(/DROP STORAGE INTEGRATION/); // the second pipeline still reads through it
    expect((await approveAndWait(retire)).STATUS).toBe('SUCCESS');
    expect((await h.core.getPipeline(first.data.pipelineId))?.STATUS).toBe('RETIRED');
    // The other pipeline's objects stay: its table is still there, the retired one's is gone.
    const tables = (await h.warehouse.query<{ name: string }>('SHOW EXTERNAL TABLES')).map((t) => t.name);
    const base = bucket.toUpperCase().replace(/-/g, '_');
    expect(tables).toContain(`${base}_EVENTS_EXT`);
    expect(tables).not.toContain(`${base}_ORDERS_EXT`);
  });
});
