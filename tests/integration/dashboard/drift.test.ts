/**
 * Drift on the dashboard (issue 17, point 9): a stage replaced outside the bot is shown as drifted on the list
 * and the detail page, and however many viewers load them in one refresh interval, the objects are read once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingReply } from '../../../bot/core/recordingReply.js';
import { type Harness, startHarness } from './harness.js';

let clock = 5_000_000;
let h: Harness;
let id = '';

const REQUEST =
  'I have CSV files with a header row in s3://acme-drift/orders/ with columns id, amount. Role arn:aws:iam::123456789012:role/snowflake';

beforeAll(async () => {
  h = await startHarness({ refreshIntervalMs: 5_000, cacheMs: 5_000, now: () => clock });
  const reply = new RecordingReply();
  await h.core.handleMessage(
    { thread: { channel: 'local', id: 'd' }, user: { channel: 'local', id: 'alice' }, text: REQUEST },
    reply,
  );
  const plan = reply.messages.flatMap((m) => (m.message.kind === 'plan' ? [m.message.plan] : [])).at(-1)!;
  id = plan.pipelineId;
  const out = await h.core.decide(
    { pipelineId: id, hash: plan.hash, verb: 'approve', user: { channel: 'local', id: 'bob' } },
    new RecordingReply(),
  );
  if (out.kind !== 'accepted') throw new Error(out.reason);
  expect((await out.completion)?.status).toBe('SUCCESS');
  await h.warehouse.inner.execute(
    "CREATE OR REPLACE STAGE ACME_DRIFT_ORDERS_STAGE URL = 's3://acme-drift/orders/2026/' STORAGE_INTEGRATION = ACME_DRIFT_INT",
  );
}, 30_000);

afterAll(async () => {
  await h?.close();
});

describe('drift on the dashboard', () => {
  it('the list and the detail page show the replaced stage; viewers share one read per interval', async () => {
    h.warehouse.reset();
    const pages = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        fetch(`${h.url}${i % 2 ? `/pipelines/${id}` : '/'}`).then((r) => r.text()),
      ),
    );
    const list = pages[0]!;
    const detail = pages[1]!;
    expect(list).toContain('⚠ drifted');
    expect(detail).toContain('Drift');
    expect(detail).toMatch(/ACME_DRIFT_ORDERS_STAGE (changed|was created again)/);
    const stageShows = h.warehouse.queries.filter((q) => /^SHOW STAGES/.test(q));
    expect(stageShows).toHaveLength(1);

    const api = (await (await fetch(`${h.url}/api/pipelines/${id}`)).json()) as {
      drift: { drifted: boolean };
    };
    expect(api.drift.drifted).toBe(true);
    expect(h.warehouse.queries.filter((q) => /^SHOW STAGES/.test(q))).toHaveLength(1);

    // The next refresh interval reads again, once.
    clock += 6_000;
    await Promise.all([fetch(`${h.url}/`).then((r) => r.text()), fetch(`${h.url}/`).then((r) => r.text())]);
    expect(h.warehouse.queries.filter((q) => /^SHOW STAGES/.test(q))).toHaveLength(2);
  });
});
