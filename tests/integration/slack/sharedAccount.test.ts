/**
 * Issue 17 through the Slack adapter (signed HTTP requests, loopback Slack API): the "extends existing" card for a
 * second folder of a bucket, "nothing to do" for a repeated request, and "retire P-…" approved with a button.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksOf, CHANNEL, pipelineIdOf, type Stack, startStack } from './harness.js';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.close();
});

const ROLE = 'arn:aws:iam::123456789012:role/snowflake-read';
const request = (folder: string) =>
  `Load CSV files with a header from s3://acme-shared/${folder}/ with columns id NUMBER, amount NUMBER(10,2). Role ${ROLE}`;

async function propose(text: string) {
  const m = await s.mention(text);
  const card = await s.waitForCard(m.ts);
  return { thread: m.ts, card, id: pipelineIdOf(card) };
}

async function approved(p: Awaited<ReturnType<typeof propose>>) {
  expect((await s.click(p.card, 'dea_approve', 'U0BOB')).status).toBe(200);
  await s.fake.waitUntil(
    () =>
      s.fake
        .thread(CHANNEL, p.thread)
        .some((m) =>
          new RegExp(`Pipeline ${p.id} (created|done: pipeline P-[0-9a-f]+ retired)`).test(blocksOf(m)),
        ),
    'result in thread',
  );
  return s.core.getPipeline(p.id);
}

describe('Slack on a shared account', () => {
  it('widens the bucket integration, answers "nothing to do" to a repeat, and retires by button', async () => {
    const first = await propose(request('orders'));
    expect((await approved(first))?.STATUS).toBe('SUCCESS');

    const second = await propose(request('events'));
    const blocks = blocksOf(second.card);
    expect(blocks).toContain(':heavy_plus_sign: extends existing');
    expect(blocks).toContain('ALTER STORAGE INTEGRATION ACME_SHARED_INT SET STORAGE_ALLOWED_LOCATIONS');
    expect(blocks).toContain('trust policy stays valid');
    expect((await approved(second))?.STATUS).toBe('SUCCESS');

    const repeat = await s.mention(request('orders'));
    await s.fake.waitUntil(
      () =>
        s.fake
          .thread(CHANNEL, repeat.ts)
          .some((m) => String(m.text).includes('Already exists — nothing to do')),
      'nothing to do',
    );
    expect(s.cards(repeat.ts)).toHaveLength(0);

    const retire = await propose(`retire ${first.id}`);
    const retireBlocks = blocksOf(retire.card);
    expect(retireBlocks).toContain(`Retire plan for pipeline ${first.id}`);
    expect(retireBlocks).toContain(':wastebasket: drops');
    expect(retireBlocks).not.toContain('DROP STORAGE INTEGRATION');
    expect((await approved(retire))?.STATUS).toBe('SUCCESS');
    expect((await s.core.getPipeline(first.id))?.STATUS).toBe('RETIRED');
    const tables = (await s.warehouse.query<{ name: string }>('SHOW EXTERNAL TABLES')).map((t) => t.name);
    expect(tables).toEqual(['ACME_SHARED_EVENTS_EXT']);
  });
});
