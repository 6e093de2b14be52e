import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksOf, CHANNEL, pipelineIdOf, REQUEST, type Stack, startStack } from './harness.js';

let s: Stack;
/** The fake Slack API reads this object at each usergroups.users.list, so a test can change membership. */
const groups: Record<string, string[]> = { S0OPS: ['U0CAROL'] };
beforeAll(async () => {
  s = await startStack({ groups });
});
afterAll(async () => {
  await s?.close();
});

let n = 0;
/** Each plan reads its own bucket, so names never clash with objects an earlier approval created. */
const fresh = () => REQUEST.replace('acme-data/', `acme-data-${++n}/`);

async function proposed(text = fresh()) {
  const m = await s.mention(text);
  const card = await s.waitForCard(m.ts);
  await s.core.idle();
  return { thread: m.ts, card, id: pipelineIdOf(card) };
}

const ephemeralsTo = (user: string) =>
  s.fake.callsOf('chat.postEphemeral').filter((c) => c.args.user === user);
const cardNow = (card: { ts: string }) => s.fake.messages.find((m) => m.ts === card.ts)!;

describe('Slack approvals (buttons → core.decide → local warehouse)', () => {
  it('Approve runs the statements, marks the tracker SUCCESS and rewrites the card at once', async () => {
    const p = await proposed();
    const click = await s.click(p.card, 'dea_approve', 'U0BOB');
    expect(click.status).toBe(200);
    await s.fake.waitUntil(
      () => blocksOf(cardNow(p.card)).includes('Approved by <@U0BOB>'),
      'card shows the approval',
    );
    expect(blocksOf(cardNow(p.card))).not.toContain('dea_approve');
    await s.fake.waitUntil(
      () => s.fake.thread(CHANNEL, p.thread).some((m) => blocksOf(m).includes(`Pipeline ${p.id} created`)),
      'result in thread',
    );
    const result = s.fake
      .thread(CHANNEL, p.thread)
      .find((m) => blocksOf(m).includes(`Pipeline ${p.id} created`))!;
    expect(blocksOf(result)).toContain('✓ STORAGE INTEGRATION');
    expect(blocksOf(result)).toContain('Query it');
    expect(blocksOf(result)).toContain('External ID'); // S3 trust steps
    const row = await s.core.getPipeline(p.id);
    expect(row?.STATUS).toBe('SUCCESS');
    expect(row?.APPROVED_BY).toBe('slack:U0BOB');
    const tables = await s.warehouse.query(`SHOW EXTERNAL TABLES IN SCHEMA LEILA_APP.PUBLIC`);
    expect(JSON.stringify(tables)).toContain(row!.TABLE_NAME!.split('.').pop());
  });

  it('Reject asks for a reason in a modal and records it', async () => {
    const p = await proposed(
      'Load JSON files from gcs://acme-gcs/events/ with columns id NUMBER, kind VARCHAR',
    );
    expect((await s.click(p.card, 'dea_reject', 'U0BOB')).status).toBe(200);
    const [open] = (await s.fake.waitFor('views.open')).slice(-1);
    const view = open!.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('dea_reject_reason');
    const r = await s.submit(
      view.callback_id,
      view.private_metadata,
      { reason: { value: { type: 'plain_text_input', value: 'wrong bucket' } } },
      'U0BOB',
    );
    expect(r.status).toBe(200);
    await s.fake.waitUntil(
      () => blocksOf(cardNow(p.card)).includes('Rejected by <@U0BOB>'),
      'card shows the rejection',
    );
    expect(blocksOf(cardNow(p.card))).toContain('wrong bucket');
    const row = await s.core.getPipeline(p.id);
    expect(row?.STATUS).toBe('REJECTED');
    expect(row?.DECISION_REASON).toBe('wrong bucket');
  });

  it('an unauthorized click gets a private message and changes nothing', async () => {
    const p = await proposed();
    const before = blocksOf(cardNow(p.card));
    const updates = s.fake.callsOf('chat.update').length;
    await s.click(p.card, 'dea_approve', 'U0MALLORY');
    await s.fake.waitUntil(() => ephemeralsTo('U0MALLORY').length > 0, 'ephemeral to mallory');
    expect(String(ephemeralsTo('U0MALLORY')[0]!.args.text)).toContain('not an approver');
    expect(ephemeralsTo('U0MALLORY')[0]!.args.thread_ts).toBe(p.thread);
    expect(blocksOf(cardNow(p.card))).toBe(before);
    expect(s.fake.callsOf('chat.update').length).toBe(updates);
    expect((await s.core.getPipeline(p.id))?.STATUS).toBe('PROPOSED');
  });

  it('the requester cannot approve their own plan, even as an approver', async () => {
    const p = await proposed();
    await s.click(p.card, 'dea_approve', 'U0ALICE');
    await s.fake.waitUntil(
      () => ephemeralsTo('U0ALICE').some((c) => String(c.args.text).includes(p.id)),
      'ephemeral to alice',
    );
    expect(String(ephemeralsTo('U0ALICE').at(-1)!.args.text)).toContain('another approver');
    expect((await s.core.getPipeline(p.id))?.STATUS).toBe('PROPOSED');
  });

  it('a Slack user-group member may approve (usergroups.users.list)', async () => {
    const p = await proposed(
      'Load PARQUET files from s3://acme-clicks/clicks/ with columns id NUMBER, url VARCHAR. Role arn:aws:iam::123456789012:role/snowflake-read',
    );
    await s.click(p.card, 'dea_approve', 'U0CAROL');
    await s.fake.waitUntil(
      () => blocksOf(cardNow(p.card)).includes('Approved by <@U0CAROL>'),
      'card approved by carol',
    );
    expect(s.fake.callsOf('usergroups.users.list').at(-1)?.args.usergroup).toBe('S0OPS');
  });

  it('reads group membership live at each click: a member removed from the group can no longer approve', async () => {
    const p = await proposed();
    const before = s.fake.callsOf('usergroups.users.list').length;
    groups.S0OPS = [];
    try {
      await s.click(p.card, 'dea_approve', 'U0CAROL');
      await s.fake.waitUntil(
        () => ephemeralsTo('U0CAROL').some((c) => /not an approver/.test(String(c.args.text))),
        'carol is told she is not an approver',
      );
    } finally {
      groups.S0OPS = ['U0CAROL'];
    }
    expect(s.fake.callsOf('usergroups.users.list').length).toBeGreaterThan(before);
    expect((await s.core.getPipeline(p.id))?.STATUS).toBe('PROPOSED');
    // Back in the group, the next click is read again and approves.
    await s.click(p.card, 'dea_approve', 'U0CAROL');
    await s.fake.waitUntil(
      () => blocksOf(cardNow(p.card)).includes('Approved by <@U0CAROL>'),
      'card approved by carol',
    );
  });

  it('20 concurrent Approve clicks execute the plan once and the card names the real approver', async () => {
    const p = await proposed();
    const clicks = Array.from({ length: 20 }, (_, i) =>
      s.click(p.card, 'dea_approve', i % 2 ? 'U0BOB' : 'U0CAROL'),
    );
    const answers = await Promise.all(clicks);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    // How fast each click is answered is measured by the bench (slack-ack), not asserted here.
    await s.fake.waitUntil(
      () => s.fake.thread(CHANNEL, p.thread).some((m) => blocksOf(m).includes(`Pipeline ${p.id} created`)),
      'result',
    );
    await new Promise((r) => setTimeout(r, 300));
    await s.core.idle();
    const row = await s.core.getPipeline(p.id);
    expect(row?.STATUS).toBe('SUCCESS');
    const results = s.fake
      .thread(CHANNEL, p.thread)
      .filter((m) => blocksOf(m).includes(`Pipeline ${p.id} created`));
    expect(results).toHaveLength(1);
    const steps = row?.EXECUTION_LOG as unknown[];
    expect(
      Array.isArray(steps) ? steps.filter((x) => JSON.stringify(x).includes('EXTERNAL_TABLE')).length : 1,
    ).toBeGreaterThanOrEqual(1);
    const approver = row!.APPROVED_BY!.replace('slack:', '');
    await s.fake.waitUntil(
      () => blocksOf(cardNow(p.card)).includes(`Approved by <@${approver}>`),
      'card names the winner',
      5000,
    );
  });

  it('an expired plan cannot be approved', async () => {
    const p = await proposed();
    // Time passing is the administrator's act here: the bot's role cannot write the tracker.
    await s.warehouse
      .asRole('owner')
      .execute('UPDATE LEILA_APP.PUBLIC.DATA_PIPELINE_TRACKER SET EXPIRES_AT = ? WHERE PIPELINE_ID = ?', [
        new Date(Date.now() - 60_000).toISOString(),
        p.id,
      ]);
    await s.click(p.card, 'dea_approve', 'U0BOB');
    await s.fake.waitUntil(
      () => ephemeralsTo('U0BOB').some((c) => String(c.args.text).includes(p.id)),
      'ephemeral about expiry',
    );
    expect(String(ephemeralsTo('U0BOB').at(-1)!.args.text)).toMatch(/expired|no longer open/);
    expect((await s.core.getPipeline(p.id))?.STATUS).toBe('EXPIRED');
  });

  it('a failing statement is reported with what was undone', async () => {
    const p = await proposed();
    const row = await s.core.getPipeline(p.id);
    // Someone (an administrator) creates the external table between proposal and approval: the last statement fails.
    const admin = s.warehouse.asRole('owner');
    const table = row!.TABLE_NAME!;
    const stmts = row!.DDL_STATEMENTS as { kind: string; sql: string }[];
    for (const st of stmts.filter((x) => x.kind !== 'EXTERNAL_TABLE')) await admin.execute(st.sql);
    await admin.execute(stmts.find((x) => x.kind === 'EXTERNAL_TABLE')!.sql);
    for (const st of stmts.filter((x) => x.kind !== 'EXTERNAL_TABLE').reverse())
      await admin
        .execute(
          `DROP ${st.kind.replace('_', ' ')} ${st.sql.match(/(?:INTEGRATION|FORMAT|STAGE)\s+(\S+)/)![1]}`,
        )
        .catch(() => undefined);
    await s.click(p.card, 'dea_approve', 'U0BOB');
    await s.fake.waitUntil(
      () => s.fake.thread(CHANNEL, p.thread).some((m) => blocksOf(m).includes(`Pipeline ${p.id} failed`)),
      'failure result',
      10_000,
    );
    const result = s.fake
      .thread(CHANNEL, p.thread)
      .find((m) => blocksOf(m).includes(`Pipeline ${p.id} failed`))!;
    expect(blocksOf(result)).toContain('✗ EXTERNAL TABLE');
    expect(blocksOf(result)).toContain('Undone');
    expect(blocksOf(result)).toContain('dropped');
    expect((await s.core.getPipeline(p.id))?.STATUS).toBe('FAILED');
    expect(table).toMatch(/_EXT$/);
  });
});
