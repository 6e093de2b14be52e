/** The JSON API and pages over real HTTP: validation, 404s, pagination over 10,000 rows, security headers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfHeaders, type Harness, insertRows, type SeedRow, startHarness } from './harness.js';

const ROWS = 10_000;
const STATUSES = ['SUCCESS', 'FAILED', 'REJECTED', 'EXPIRED', 'PROPOSED'] as const;
let h: Harness;

function seedRows(): SeedRow[] {
  const base = Date.UTC(2025, 0, 1);
  return Array.from({ length: ROWS }, (_, i) => ({
    id: `P-${String(i).padStart(12, '0')}`,
    status: STATUSES[i % STATUSES.length]!,
    // One minute apart: row i is newer than row i-1, so the newest first is P-…9999.
    createdAt: new Date(base + i * 60_000).toISOString(),
    source: i % 2 ? 'S3' : 'GCS',
    table: `LEILA_APP.PUBLIC.TABLE_${i}`,
    requestedBy: `local:user${i % 7}`,
  }));
}

interface ApiAnswer {
  error?: string;
  message?: string;
  reason?: string;
  issues?: { field: string; message: string }[];
  rows?: { PIPELINE_ID: string; STATUS: string }[];
  total?: number;
  nextOffset?: number | null;
  pipeline?: { PIPELINE_ID: string; STATUS: string; TABLE_NAME: string };
}

async function getJson(path: string): Promise<{ status: number; body: ApiAnswer }> {
  const res = await fetch(`${h.url}${path}`);
  return { status: res.status, body: (await res.json()) as ApiAnswer };
}

async function answer(res: Response): Promise<ApiAnswer> {
  return (await res.json()) as ApiAnswer;
}

beforeAll(async () => {
  h = await startHarness({ webChat: true, cacheMs: 0 });
  const t0 = performance.now();
  await insertRows(h.warehouse, seedRows(), 1_000);
  console.log(`inserted ${ROWS} tracker rows in ${Math.round(performance.now() - t0)} ms`);
}, 300_000);

afterAll(async () => {
  await h?.close();
});

describe('GET /api/pipelines validation', () => {
  it.each([
    ['limit=101', 'limit', 'must be at most 100'],
    ['limit=0', 'limit', 'must be at least 1'],
    ['limit=ten', 'limit', 'must be a whole number'],
    ['offset=-5', 'offset', 'must be a whole number'],
    ['status=DONE', 'status', 'must be one of PROPOSED'],
    ['status=SUCCESS&status=FAILED', 'status', 'must be one of'],
    ['q=a&q=b', 'q', 'must be given once'],
    [`q=${'x'.repeat(201)}`, 'q', 'must be at most 200 characters'],
    ['stauts=SUCCESS', 'stauts', 'unknown parameter'],
  ])('%s → 400 naming %s', async (query, field, message) => {
    const { status, body } = await getJson(`/api/pipelines?${query}`);
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_query');
    const issue = body.issues?.find((i: { field: string }) => i.field === field);
    expect(issue?.message).toContain(message);
    expect(body.message).toContain(`${field}:`);
  });

  it('a page with an invalid filter answers 400 with the problem, escaped', async () => {
    const res = await fetch(`${h.url}/?status=%3Cb%3Ebad`);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('status: must be one of');
    expect(text).not.toContain('<b>bad');
  });
});

describe('404s', () => {
  it('unknown pipeline: JSON 404 and an HTML 404 page with the id escaped', async () => {
    const api = await getJson('/api/pipelines/P-doesnotexist');
    expect(api.status).toBe(404);
    expect(api.body).toEqual({ error: 'not_found', message: 'There is no pipeline P-doesnotexist.' });
    const page = await fetch(`${h.url}/pipelines/${encodeURIComponent('<svg onload=x>')}`);
    expect(page.status).toBe(404);
    const text = await page.text();
    expect(text).toContain('&lt;svg onload=x&gt;');
    expect(text).not.toContain('<svg');
  });

  it('known pipeline: the row with the tracker column names', async () => {
    const { status, body } = await getJson('/api/pipelines/P-000000000042');
    expect(status).toBe(200);
    expect(body.pipeline?.PIPELINE_ID).toBe('P-000000000042');
    expect(body.pipeline?.STATUS).toBe('REJECTED');
    expect(body.pipeline?.TABLE_NAME).toBe('LEILA_APP.PUBLIC.TABLE_42');
  });
});

describe('pagination over 10,000 rows', () => {
  it('pages newest first with total and nextOffset, using LIMIT/OFFSET', async () => {
    const first = await getJson('/api/pipelines?limit=100');
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(ROWS);
    expect(first.body.rows).toHaveLength(100);
    expect(first.body.rows?.[0]?.PIPELINE_ID).toBe('P-000000009999');
    expect(first.body.nextOffset).toBe(100);
    const sql = h.warehouse.queries.filter((q) => q.includes('DATA_PIPELINE_TRACKER')).join('\n');
    expect(sql).toMatch(/LIMIT 100 OFFSET 0/);
    expect(sql).toMatch(/COUNT\(\*\)/);

    const last = await getJson('/api/pipelines?limit=100&offset=9950');
    expect(last.body.rows).toHaveLength(50);
    expect(last.body.rows?.at(-1)?.PIPELINE_ID).toBe('P-000000000000');
    expect(last.body.nextOffset).toBeNull();
  });

  it('filters by status and search together with a correct total', async () => {
    const { body } = await getJson('/api/pipelines?status=FAILED&q=table_99&limit=100');
    // TABLE_99, TABLE_990…999, TABLE_9900…9999 whose index % 5 == 1 (FAILED).
    const expected = Array.from({ length: ROWS }, (_, i) => i).filter(
      (i) => i % 5 === 1 && `TABLE_${i}`.includes('TABLE_99'),
    );
    expect(body.total).toBe(expected.length);
    expect(body.rows?.every((r: { STATUS: string }) => r.STATUS === 'FAILED')).toBe(true);
  });

  it('pages through 10,000 rows: first, middle and last HTML pages render (timing lives in the bench)', async () => {
    for (const offset of [0, 5_000, 9_975]) {
      const res = await fetch(`${h.url}/?offset=${offset}`);
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(text).toContain(`of 10,000 pipelines`);
    }
    const last = await (await fetch(`${h.url}/?offset=9975`)).text();
    expect(last).toContain('Page 400 of 400');
    expect(last).toContain('P-000000000000');
  });
});

describe('headers and local-mode routes', () => {
  it('sends a strict Content-Security-Policy with no inline script or style', async () => {
    const res = await fetch(`${h.url}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const text = await res.text();
    expect(text).toMatch(/<html lang="en">/);
    expect(text).not.toMatch(/<script>(?!\s*$)|<script(?![^>]*\bsrc=)/);
    expect(text).not.toMatch(/\sstyle="/);
    expect(text).not.toMatch(/\son[a-z]+="/);
  });

  it('chat API: validates bodies and refuses cross-site posts', async () => {
    const csrf = await csrfHeaders(h.url);
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${h.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...csrf, ...headers },
        body: JSON.stringify(body),
      });
    const bad = await post('/api/chat/messages', { thread: 'bad thread!', user: '', text: '' });
    expect(bad.status).toBe(400);
    const fields = ((await answer(bad)).issues ?? []).map((i) => i.field).sort();
    expect(fields).toEqual(['text', 'thread', 'user']);
    const badVerb = await post('/api/chat/decisions', {
      thread: 't1',
      user: 'a',
      pipelineId: 'P-1',
      hash: 'h',
      verb: 'delete',
    });
    expect(badVerb.status).toBe(400);
    expect((await answer(badVerb)).message).toContain('verb: must be approve or reject');
    const notJson = await fetch(`${h.url}/api/chat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...csrf },
      body: '{',
    });
    expect(notJson.status).toBe(400);
    expect((await answer(notJson)).error).toBe('invalid_json');
    const cross = await post(
      '/api/chat/messages',
      { thread: 't1', user: 'a', text: 'hi' },
      { origin: 'http://evil.example' },
    );
    expect(cross.status).toBe(403);
    const unknown = await post('/api/chat/decisions', {
      thread: 't1',
      user: 'a',
      pipelineId: 'P-nope',
      hash: 'h',
      verb: 'approve',
    });
    expect(unknown.status).toBe(409);
    expect((await answer(unknown)).reason).toContain('There is no pipeline P-nope');
  });

  it('without webChat, /chat, /setup and /api/chat/* are 404 while the tracker pages work', async () => {
    const off = await startHarness({ webChat: false });
    try {
      for (const path of ['/chat', '/setup', '/api/chat/threads/t1'])
        expect((await fetch(`${off.url}${path}`)).status).toBe(404);
      const post = await fetch(`${off.url}/api/chat/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ thread: 't1', user: 'a', text: 'hi' }),
      });
      expect(post.status).toBe(404);
      const home = await fetch(`${off.url}/`);
      expect(home.status).toBe(200);
      expect(await home.text()).not.toContain('href="/chat"');
    } finally {
      await off.close();
    }
  });
});
