/** "Check again" end to end: approve → checks posted (files missing) → files arrive → click → new checks pass. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../fakes/fake-slack-api.js';
import { blocksOf, CHANNEL, pipelineIdOf, REQUEST, type Stack, startStack } from './harness.js';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.close();
});

const checksIn = (thread: string, id: string): StoredMessage[] =>
  s.fake
    .thread(CHANNEL, thread)
    .filter((m) => blocksOf(m).includes(`pipeline ${id}`) && blocksOf(m).includes('Checks '));

describe('Slack: Check again', () => {
  it('runs the read-only checks again and posts the new result in the thread', async () => {
    const m = await s.mention(REQUEST.replace('acme-data/', 'acme-recheck/'));
    const card = await s.waitForCard(m.ts);
    const id = pipelineIdOf(card);
    await s.core.idle();
    await s.click(card, 'dea_approve', 'U0BOB');
    await s.fake.waitUntil(() => checksIn(m.ts, id).length === 1, 'first checks posted', 60_000);
    const first = checksIn(m.ts, id)[0]!;
    expect(blocksOf(first)).toContain('Checks need attention');
    expect(blocksOf(first)).toContain('0 files');
    expect(blocksOf(first)).toContain('dea_check_again');

    // The files arrive in the bucket (the local stand-in for s3://acme-recheck/sales/).
    const dir = join(s.storageDir, 's3', 'acme-recheck', 'sales');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'part-1.csv'),
      'id,amount,sold_at\n1,10.50,2026-01-01 10:00:00\n2,7.25,2026-01-02 11:30:00\n',
    );
    // What the advice says to do when files arrive after the table was created.
    const table = (await s.core.getPipeline(id))!.TABLE_NAME!;
    await s.warehouse.asRole('owner').execute(`ALTER EXTERNAL TABLE ${table} REFRESH`);

    // Anyone in the thread may ask; the answer to the click comes at once, the checks follow.
    const click = await s.click(first, 'dea_check_again', 'U0MALLORY');
    expect(click.status).toBe(200);
    await s.fake.waitUntil(() => checksIn(m.ts, id).length === 2, 'second checks posted', 60_000);
    const second = checksIn(m.ts, id)[1]!;
    expect(second.thread_ts).toBe(m.ts);
    expect(blocksOf(second)).toContain('✓ *files in the stage*: 1 file');
    expect(blocksOf(second)).toContain('✓ *rows in the table*');
    expect(blocksOf(second)).toContain('10.5');
    expect(blocksOf(second)).toContain('Checks passed');
    expect(blocksOf(second)).not.toContain('dea_check_again');
    const row = await s.core.getPipeline(id);
    expect((row!.VERIFICATION as { checks: { ok: boolean }[] }).checks.every((c) => c.ok)).toBe(true);
    expect(s.fake.callsOf('chat.postEphemeral').filter((c) => c.args.user === 'U0MALLORY')).toHaveLength(0);
  });

  it('a refused recheck is answered to the clicker alone', async () => {
    // A verification message whose pipeline never succeeded (still PROPOSED): the core refuses.
    const m = await s.mention(REQUEST.replace('acme-data/', 'acme-refused/'));
    const card = await s.waitForCard(m.ts);
    const id = pipelineIdOf(card);
    await s.core.idle();
    const fakeChecks: StoredMessage = {
      ...card,
      blocks: [
        {
          type: 'actions',
          elements: [
            { type: 'button', action_id: 'dea_check_again', value: JSON.stringify({ pipelineId: id }) },
          ],
        },
      ],
    };
    const before = s.fake.thread(CHANNEL, m.ts).length;
    await s.click(fakeChecks, 'dea_check_again', 'U0CAROL');
    await s.fake.waitUntil(
      () => s.fake.callsOf('chat.postEphemeral').some((c) => c.args.user === 'U0CAROL'),
      'ephemeral to carol',
    );
    const note = s.fake.callsOf('chat.postEphemeral').find((c) => c.args.user === 'U0CAROL')!;
    expect(String(note.args.text)).toContain('Could not check again');
    expect(String(note.args.text)).toContain(id);
    expect(note.args.thread_ts).toBe(m.ts);
    expect(s.fake.thread(CHANNEL, m.ts)).toHaveLength(before);
  });
});
