/** The local chat's "Check again" over real HTTP: approve → checks (no files) → files arrive → POST /api/chat/rechecks. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfHeaders, type Harness, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ webChat: true, cacheMs: 0 });
});
afterAll(async () => {
  await h?.close();
});

interface Item {
  id: string;
  to?: string;
  html: string;
  message: { kind: string; plan?: { pipelineId: string; hash: string }; verification?: { ok: boolean } };
}

const post = async (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await csrfHeaders(h.url)), ...headers },
    body: JSON.stringify(body),
  });

async function thread(id: string, user?: string): Promise<Item[]> {
  const res = await fetch(`${h.url}/api/chat/threads/${id}${user ? `?user=${user}` : ''}`);
  return ((await res.json()) as { messages: Item[] }).messages;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const verifications = async (t: string) => (await thread(t)).filter((m) => m.message.kind === 'verification');

describe('dashboard chat: Check again', () => {
  it('posts the new checks to the thread; the button shows only while something needs attention', async () => {
    const t = 'recheck-1';
    const sent = await post('/api/chat/messages', {
      thread: t,
      user: 'alice',
      text: 'Load CSV files with a header from s3://chat-recheck/sales/ with columns id NUMBER, label VARCHAR. Role arn:aws:iam::123456789012:role/snowflake-read',
    });
    expect(sent.status).toBe(202);
    const plan = await until(
      'plan',
      async () => (await thread(t)).find((m) => m.message.kind === 'plan')?.message.plan,
    );
    const decided = await post('/api/chat/decisions', {
      thread: t,
      user: 'bob',
      pipelineId: plan.pipelineId,
      hash: plan.hash,
      verb: 'approve',
    });
    expect(decided.status).toBe(200);
    const [first] = await until('first checks', async () => {
      const v = await verifications(t);
      return v.length ? v : undefined;
    });
    expect(first!.message.verification?.ok).toBe(false);
    expect(first!.html).toContain(`data-recheck="${plan.pipelineId}"`);
    expect(first!.html).toContain('0 files');

    const dir = join(h.storageDir, 's3', 'chat-recheck', 'sales');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.csv'), 'id,label\n1,plain\n2,<b>7</b>\n');
    const table = (await h.core.getPipeline(plan.pipelineId))!.TABLE_NAME!;
    await h.warehouse.execute(`ALTER EXTERNAL TABLE ${table} REFRESH`);

    const res = await post('/api/chat/rechecks', { thread: t, user: 'carol', pipelineId: plan.pipelineId });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { outcome: string; verification: { ok: boolean } };
    expect(body.outcome, JSON.stringify(body)).toBe('checked');
    expect(body.verification.ok, JSON.stringify(body)).toBe(true);
    const all = await verifications(t);
    expect(all).toHaveLength(2);
    const latest = all[1]!.html;
    expect(latest).toContain('✓ all passed');
    expect(latest).not.toContain('data-recheck');
    expect(latest).toContain('<th scope="col">ID</th>');
    // A sample value is data, shown as text.
    expect(latest).toContain('&lt;b&gt;7&lt;/b&gt;');
    expect(latest).not.toContain('<b>7</b>');

    const page = await (await fetch(`${h.url}/pipelines/${plan.pipelineId}`)).text();
    expect(page).toContain('Checks after apply');
    expect(page).toContain('✓ All checks passed');

    // Without a thread, the checks go to the pipeline's own chat thread.
    const scripted = await post('/api/chat/rechecks', { user: 'carol', pipelineId: plan.pipelineId });
    expect(scripted.status).toBe(200);
    expect(await verifications(t)).toHaveLength(3);
  });

  it('validates the body, refuses other sites, and tells only the clicker why a recheck was refused', async () => {
    const bad = await post('/api/chat/rechecks', { thread: 'bad thread!', user: '', extra: 1 });
    expect(bad.status).toBe(400);
    const issues = ((await bad.json()) as { issues: { field: string }[] }).issues.map((i) => i.field).sort();
    expect(issues).toEqual(['extra', 'pipelineId', 'thread', 'user']);
    const cross = await post(
      '/api/chat/rechecks',
      { thread: 't1', user: 'a', pipelineId: 'P-1' },
      { origin: 'http://evil.example' },
    );
    expect(cross.status).toBe(403);
    const crossSite = await post(
      '/api/chat/rechecks',
      { thread: 't1', user: 'a', pipelineId: 'P-1' },
      { 'sec-fetch-site': 'cross-site' },
    );
    expect(crossSite.status).toBe(403);

    const refused = await post('/api/chat/rechecks', {
      thread: 'refused-1',
      user: 'dave',
      pipelineId: 'P-nope',
    });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { reason: string }).reason).toContain('There is no pipeline P-nope');
    const mine = await thread('refused-1', 'dave');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.to).toBe('local:dave');
    expect(mine[0]!.html).toContain('Could not check P-nope again');
    expect(await thread('refused-1', 'erin')).toHaveLength(0);

    const noThread = await post('/api/chat/rechecks', { user: 'dave', pipelineId: 'P-nope' });
    expect(noThread.status).toBe(409);
  });
});
