/**
 * "Check again" (Action.Execute verb `recheck`) end to end: approve → checks posted (no files yet) → files arrive
 * → click → the invoke answers with a short message and the new checks arrive once, as a posted card.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorCall } from '../../fakes/fake-connector.js';
import {
  BOB,
  CAROL,
  cardOf,
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

const bucket = `recheck-${process.pid}`;

async function propose(text: string) {
  const root = nextId('root');
  const conversation = channelConversation(root);
  const before = h.connector.calls.length;
  await h.post(message(h, { id: root, text, conversation }));
  const plan = await waitForPlanCard(h, conversation.id, before);
  return { conversation, ...plan };
}

const checkCards = (calls: ConnectorCall[], conversationId: string, id: string) =>
  calls.filter(
    (c) =>
      c.method === 'POST' &&
      c.conversationId === conversationId &&
      cardText(cardOf(c.body) ?? {}).includes(`Checks `) &&
      cardText(cardOf(c.body) ?? {}).includes(`pipeline ${id}`),
  );

interface InvokeAnswer {
  statusCode: number;
  type: string;
  value: unknown;
}

describe('Teams: Check again', () => {
  it('answers the invoke with a short message and posts the new checks once', async () => {
    const { conversation, data, messageId } = await propose(
      `csv files with a header in gcs://${bucket}/p/ columns a1, b1`,
    );
    await h.post(invoke(h, { verb: 'approve', data, from: BOB, conversation, replyToId: messageId }));
    await h.channel.idle();
    const [first] = checkCards(h.connector.calls, conversation.id, data.pipelineId);
    expect(first).toBeDefined();
    const firstCard = cardOf(first!.body);
    expect(cardText(firstCard)).toContain('⚠ Checks need attention');
    expect(firstCard.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Check again',
        verb: 'recheck',
        data: { pipelineId: data.pipelineId },
      },
    ]);

    const row = await h.core.getPipeline(data.pipelineId);
    // The embedded warehouse's stand-in for gcs://<bucket>/p/.
    const dir = join(h.warehouse.storageDir, 'gcs', bucket, 'p');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'part-1.csv'), 'a1,b1\nhello,42\nworld,43\n');
    await h.warehouse.asRole('owner').execute(`ALTER EXTERNAL TABLE ${row!.TABLE_NAME} REFRESH`);

    const before = h.connector.calls.length;
    const r = await h.post(
      invoke(h, {
        verb: 'recheck',
        data: firstCard.actions[0].data,
        from: CAROL, // anyone in the conversation may ask
        conversation,
        replyToId: first!.id!,
      }),
    );
    expect(r.status).toBe(200);
    const answer = r.body as InvokeAnswer;
    expect(answer.statusCode).toBe(200);
    expect(answer.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(answer.value)).toContain(`Checked pipeline ${data.pipelineId} again: all checks passed`);

    await h.channel.idle();
    const after = h.connector.calls.slice(before);
    const posted = checkCards(after, conversation.id, data.pipelineId);
    expect(posted).toHaveLength(1);
    const card = cardOf(posted[0]!.body);
    expect(cardText(card)).toContain('✅ Checks passed');
    expect(cardText(card)).toContain('✓ files in the stage: 1 file');
    expect(cardText(card)).toContain('hello');
    expect(card.actions).toBeUndefined();
    // The clicked card is left as the record of the earlier checks.
    expect(after.filter((c) => c.method === 'PUT')).toHaveLength(0);
  });

  it('a refused recheck is answered in the invoke and posts nothing', async () => {
    const { conversation, data } = await propose(
      `csv files with a header in gcs://${bucket}-refused/p/ columns a1, b1`,
    );
    await h.channel.idle();
    const before = h.connector.calls.length;
    const r = await h.post(
      invoke(h, { verb: 'recheck', data: { pipelineId: data.pipelineId }, from: CAROL, conversation }),
    );
    const answer = r.body as InvokeAnswer;
    expect(answer.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(answer.value)).toContain('Could not check again');
    expect(String(answer.value)).toContain(data.pipelineId);
    await h.channel.idle();
    expect(h.connector.calls.slice(before)).toHaveLength(0);

    const bad = await h.post(invoke(h, { verb: 'recheck', data: { nope: 1 }, from: CAROL, conversation }));
    expect(String((bad.body as InvokeAnswer).value)).toContain('does not belong to a pipeline');
  });
});
