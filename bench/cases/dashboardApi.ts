/**
 * Dashboard JSON API with 10,000 tracker rows and 20 concurrent viewers: latency of GET /api/pipelines and the
 * warehouse queries the viewers caused (counted by wrapping the warehouse).
 */
import { createHttpServer } from '../../bot/http/server.js';
import { createLogger } from '../../bot/log/logger.js';
import { createDashboard } from '../../dashboard/dashboard.js';
import { CountingWarehouse } from '../lib/countingWarehouse.js';
import { openBenchStack } from '../lib/localStack.js';
import type { CaseResult } from '../lib/result.js';
import { distribution, round, sleep } from '../lib/stats.js';

const ROWS = 10_000;
const VIEWERS = 20;
const REFRESH_MS = 5_000;
const POLLED_INTERVALS = 4;
const HAMMER_MS = 5_000;
const TRACKER = 'LEILA_APP.PUBLIC.DATA_PIPELINE_TRACKER';

async function get(url: string): Promise<{ ms: number; status: number }> {
  const t0 = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  return { ms: performance.now() - t0, status: res.status };
}

/** The polled figures count only when the viewers made requests and every one was answered 200. */
const POLLED_OK: { metric: string; op: '<=' | '>='; value: number }[] = [
  { metric: 'polledRequests', op: '>=', value: 1 },
  { metric: 'errors', op: '<=', value: 0 },
];

export async function dashboardApi(): Promise<CaseResult> {
  let counting: CountingWarehouse | undefined;
  const stack = await openBenchStack({
    wrap: (wh) => {
      counting = new CountingWarehouse(wh);
      return counting;
    },
  });
  const wh = counting as CountingWarehouse;
  const seedStart = performance.now();
  for (let i = 0; i < ROWS; i++) {
    // Seeded as the administrator: the bot's role may not write the tracker (it records plans only through
    // RECORD_PROPOSAL), so seeding through it fails with 003001.
    await stack.admin.execute(
      `INSERT INTO ${TRACKER} (PIPELINE_ID, CREATED_AT, DATA_SOURCE_TYPE, INTEGRATION_NAME, STAGE_NAME, FILE_FORMAT_NAME, TABLE_NAME, STATUS, DDL_STATEMENTS, EXECUTION_LOG, REQUESTED_BY, CHANNEL, THREAD_REF, PLAN_HASH, EXPIRES_AT, UPDATED_AT) SELECT ?, CURRENT_TIMESTAMP(), 'S3', ?, ?, ?, ?, 'PROPOSED', PARSE_JSON(?), PARSE_JSON('[]'), ?, 'slack', ?, ?, DATEADD(hour, 24, CURRENT_TIMESTAMP()), CURRENT_TIMESTAMP()`,
      [
        `P-${String(i).padStart(12, '0')}`,
        `LEILA_APP.PUBLIC.BUCKET_${i % 50}_INT`,
        `LEILA_APP.PUBLIC.BUCKET_${i}_STAGE`,
        `LEILA_APP.PUBLIC.BUCKET_${i}_CSV_FORMAT`,
        `LEILA_APP.PUBLIC.BUCKET_${i}_EXT`,
        JSON.stringify([
          {
            kind: 'STAGE',
            name: `BUCKET_${i}_STAGE`,
            sql: `CREATE STAGE BUCKET_${i}_STAGE URL = 's3://b/${i}/'`,
          },
        ]),
        `slack:U${i % 97}`,
        `T0001:C0:${i}`,
        'a'.repeat(64),
      ],
    );
  }
  // The statuses mixed as a real tracker's are; a failure here fails the case rather than measuring a uniform list.
  await stack.admin.execute(
    `UPDATE ${TRACKER} SET STATUS = CASE MOD(CAST(SUBSTR(PIPELINE_ID, 3) AS INTEGER), 5) WHEN 0 THEN 'PROPOSED' WHEN 1 THEN 'SUCCESS' WHEN 2 THEN 'FAILED' WHEN 3 THEN 'REJECTED' ELSE 'EXPIRED' END`,
  );
  const seedMs = performance.now() - seedStart;

  const logger = createLogger({ level: 'silent', pretty: false });
  const http = createHttpServer({ logger });
  http.app.use(createDashboard({ core: stack.core, logger, webChat: false, refreshIntervalMs: REFRESH_MS }));
  const { url } = await http.listen(0, '127.0.0.1');
  const listUrl = `${url}/api/pipelines`;
  const trackerReads = () => wh.count((s) => /^\s*SELECT/i.test(s) && s.includes('DATA_PIPELINE_TRACKER'));
  const metrics: CaseResult['metrics'] = { rows: ROWS, seedSec: round(seedMs / 1000, 1) };
  try {
    await get(listUrl); // warm-up

    // Viewers as browsers behave: each polls the list once per refresh interval, at its own phase.
    await sleep(REFRESH_MS);
    wh.reset();
    const polled: number[] = [];
    let errors = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: VIEWERS }, async (_, v) => {
        await sleep((v / VIEWERS) * REFRESH_MS);
        for (let k = 0; k < POLLED_INTERVALS; k++) {
          const r = await get(listUrl);
          polled.push(r.ms);
          if (r.status !== 200) errors++;
          await sleep(Math.max(0, REFRESH_MS - r.ms));
        }
      }),
    );
    const intervals = (performance.now() - t0) / REFRESH_MS;
    const reads = trackerReads();
    const p = distribution(polled);
    Object.assign(metrics, {
      polledRequests: p.n,
      polledP50Ms: p.p50,
      polledP95Ms: p.p95,
      trackerReads: reads,
      trackerReadsPerInterval: round(reads / intervals, 2),
      // The list is one page + one COUNT: two statements per load.
      loadsPerInterval: round(reads / 2 / intervals, 2),
      errors,
    });

    // Worst case: 20 viewers reloading back to back.
    wh.reset();
    const hammered: number[] = [];
    const h0 = performance.now();
    await Promise.all(
      Array.from({ length: VIEWERS }, async () => {
        while (performance.now() - h0 < HAMMER_MS) hammered.push((await get(listUrl)).ms);
      }),
    );
    const h = distribution(hammered);
    Object.assign(metrics, {
      hammerRequests: h.n,
      hammerRps: round((h.n / (performance.now() - h0)) * 1000, 0),
      hammerP50Ms: h.p50,
      hammerP95Ms: h.p95,
      hammerTrackerReads: trackerReads(),
    });
    // An uncached load: what a viewer waits for when the cache has expired.
    const uncached: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await stack.core.listPipelines({ limit: 25 });
      uncached.push(performance.now() - t);
    }
    metrics.uncachedLoadP50Ms = distribution(uncached).p50;
  } finally {
    await http.close();
    await stack.close();
  }
  return {
    name: 'dashboard-api',
    title: `Dashboard API: ${ROWS} tracker rows, ${VIEWERS} viewers`,
    metrics,
    targets: [
      { metric: 'polledP95Ms', op: '<=', value: 200, unit: 'ms', requires: POLLED_OK },
      // Failed requests read nothing, so they would lower the loads; they void the figure instead.
      { metric: 'loadsPerInterval', op: '<=', value: 1, unit: 'loads/refresh', requires: POLLED_OK },
    ],
    notes: [
      `dashboard defaults except refresh ${REFRESH_MS} ms (its cache ttl 2 s); LocalWarehouse :memory:, statuses mixed`,
      `polled: ${VIEWERS} viewers each GET /api/pipelines once per refresh interval, phases spread, ${POLLED_INTERVALS} intervals`,
      `hammer: ${VIEWERS} viewers back to back for ${HAMMER_MS} ms`,
      'a load = one page SELECT + one COUNT(*) on the tracker; loadsPerInterval is what the ≤ 1 target reads',
      `seeding ${ROWS} rows by INSERT as the administrator (not counted)`,
    ],
    durationMs: 0,
  };
}
