/**
 * The read-through cache under load: many viewers of the same list cost one tracker load per interval, and a
 * decision is visible at once (the cache is cleared).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, insertRows, startHarness } from './harness.js';

const REFRESH_MS = 5_000;
const CACHE_MS = 2_000;
let clock = 1_000_000;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ refreshIntervalMs: REFRESH_MS, cacheMs: CACHE_MS, now: () => clock });
  await insertRows(
    h.warehouse,
    Array.from({ length: 300 }, (_, i) => ({
      id: `P-c${String(i).padStart(5, '0')}`,
      status: i % 2 ? 'SUCCESS' : 'FAILED',
      createdAt: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
    })),
  );
}, 300_000);

afterAll(async () => {
  await h?.close();
});

/** `viewers` browsers refreshing the same page at once. */
async function viewers(n: number, path: string): Promise<number[]> {
  return Promise.all(
    Array.from({ length: n }, () =>
      fetch(`${h.url}${path}`).then(async (r) => {
        await r.text();
        return r.status;
      }),
    ),
  );
}

describe('dashboard cache', () => {
  it('20 concurrent viewers, several refresh intervals: one list load (rows + count) per interval', async () => {
    h.dashboard.clearCache();
    h.warehouse.reset();
    const before = h.dashboard.cacheStats();
    const intervals = 4;
    for (let i = 0; i < intervals; i++) {
      const statuses = await viewers(20, '/?status=SUCCESS');
      expect(statuses.every((s) => s === 200)).toBe(true);
      // The same viewers polling the JSON API within the TTL reuse the stored answer.
      const api = await viewers(20, '/api/pipelines?status=SUCCESS');
      expect(api.every((s) => s === 200)).toBe(true);
      clock += REFRESH_MS;
    }
    const after = h.dashboard.cacheStats();
    const loads = after.loads - before.loads;
    // Page and API share one key per query only when the query is the same: the page's default limit is 25, like the API's.
    // Per interval: the list, and the drift of the SUCCESS pipelines shown (one report for every viewer).
    expect(loads).toBe(intervals * 2);
    // The list = the page of rows plus its COUNT(*); drift = one read of the live pipelines: three tracker reads.
    expect(h.warehouse.trackerReads).toBe(intervals * 3);
    // Only the HTML page shows drift: 20 page views share one drift load, 40 views share one list load.
    expect(after.shared + after.hits - (before.shared + before.hits)).toBe(
      intervals * 40 - intervals + intervals * 19,
    );
    console.log(
      `20 viewers × ${intervals} intervals × (page + API): ${loads} loads, ${h.warehouse.trackerReads} tracker queries, ` +
        `${after.shared - before.shared} joined in flight, ${after.hits - before.hits} cache hits`,
    );
  });

  it('within the TTL answers come from the cache; after it the next request loads again', async () => {
    h.dashboard.clearCache();
    h.warehouse.reset();
    await viewers(1, '/api/pipelines?status=FAILED');
    clock += CACHE_MS - 1;
    await viewers(5, '/api/pipelines?status=FAILED');
    expect(h.warehouse.trackerReads).toBe(2);
    clock += 2;
    await viewers(5, '/api/pipelines?status=FAILED');
    expect(h.warehouse.trackerReads).toBe(4);
  });

  it('distinct queries are distinct keys; detail reads are cached too', async () => {
    h.dashboard.clearCache();
    h.warehouse.reset();
    await Promise.all([
      viewers(10, '/api/pipelines?limit=10'),
      viewers(10, '/api/pipelines?limit=20'),
      viewers(10, '/pipelines/P-c00001'),
    ]);
    // Two lists, one detail page, and the drift report the SUCCESS detail page shows.
    expect(h.warehouse.trackerReads).toBe(2 + 2 + 1 + 1);
  });

  it('a failed load is not stored: every viewer gets 503 and the next request tries again', async () => {
    h.dashboard.clearCache();
    const original = h.warehouse.inner.query.bind(h.warehouse.inner);
    let fail = true;
    h.warehouse.inner.query = (async (sql: string, binds?: unknown[]) => {
      if (fail && sql.includes('DATA_PIPELINE_TRACKER')) throw new Error('warehouse down');
      return original(sql, binds);
    }) as typeof h.warehouse.inner.query;
    try {
      const statuses = await viewers(10, '/api/pipelines?q=down');
      expect(statuses.every((s) => s === 503)).toBe(true);
      fail = false;
      expect((await viewers(1, '/api/pipelines?q=down'))[0]).toBe(200);
    } finally {
      h.warehouse.inner.query = original as typeof h.warehouse.inner.query;
    }
  });
});
