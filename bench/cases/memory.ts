/**
 * Resident memory of the bot over many conversations: idle after start, after 1,000 and after 5,000
 * conversations driven over the dashboard chat API (each a request in a new thread until its plan card shows).
 * A leak shows as growth between 1,000 and 5,000: every cache on the way is bounded.
 */
import { buildIfStale } from '../../bin/build.js';
import { startBotProcess } from '../lib/botProcess.js';
import type { CaseResult } from '../lib/result.js';
import { pool, round, rssMb, sleep } from '../lib/stats.js';

const CHECKPOINTS = [1_000, 5_000];
const CONCURRENCY = 4;
const BUDGET_MS = 480_000;
const SETTLE_MS = 3_000;
const REQUEST =
  'I have CSV files with a header row in s3://acme-sample/orders/ with columns order_id, customer, amount, order_date. Role arn:aws:iam::123456789012:role/snowflake';

/** The chat page's CSRF cookie and token, taken once as a browser would (every chat POST needs them). */
const sessions = new Map<string, Promise<Record<string, string>>>();
function csrf(url: string): Promise<Record<string, string>> {
  let s = sessions.get(url);
  if (!s) {
    s = fetch(`${url}/chat`).then(async (page) => ({
      cookie: (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
      'x-csrf-token': /data-csrf="([0-9a-f]{64})"/.exec(await page.text())?.[1] ?? '',
    }));
    sessions.set(url, s);
  }
  return s;
}

async function conversation(url: string, i: number): Promise<boolean> {
  const thread = `bench-${i}`;
  const res = await fetch(`${url}/api/chat/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await csrf(url)) },
    body: JSON.stringify({ thread, user: 'alice', text: REQUEST }),
  });
  await res.arrayBuffer();
  if (res.status !== 202) return false;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const r = await fetch(`${url}/api/chat/threads/${thread}`);
    const body = (await r.json()) as { messages: { message: { kind: string } }[] };
    // An error answer ends the conversation too, but it is a failed one: it did not do the work measured.
    if (body.messages.some((m) => m.message.kind === 'plan')) return true;
    if (body.messages.some((m) => m.message.kind === 'error')) return false;
    await sleep(20);
  }
  return false;
}

/** A checkpoint's figure counts only when that many conversations ran and every one ended in a plan card. */
function planned(count: number): { metric: string; op: '<=' | '>='; value: number }[] {
  return [
    { metric: `conversationsAt${count}`, op: '>=', value: count },
    { metric: 'conversationsFailed', op: '<=', value: 0 },
  ];
}

export async function memory(): Promise<CaseResult> {
  await buildIfStale({ quiet: true });
  // As a user starts it: `npm start`, which gives node the small young generation the image also uses.
  const bot = await startBotProcess({ via: 'npm' });
  const metrics: CaseResult['metrics'] = {};
  const started = performance.now();
  try {
    const pid = bot.botPid;
    await sleep(SETTLE_MS);
    metrics.idleRssMb = await rssMb(pid);
    let done = 0;
    let ok = 0;
    for (const target of CHECKPOINTS) {
      const left = BUDGET_MS - (performance.now() - started);
      const t0 = performance.now();
      let peak = 0;
      const sampler = setInterval(() => {
        void rssMb(pid).then((mb) => {
          peak = Math.max(peak, mb);
        });
      }, 500);
      const outcomes = await pool(target - done, CONCURRENCY, (i) => conversation(bot.url, done + i), left);
      clearInterval(sampler);
      ok += outcomes.filter(Boolean).length;
      done += outcomes.length;
      metrics[`conversationsPerSecTo${target}`] = round(
        (outcomes.length / (performance.now() - t0)) * 1000,
        1,
      );
      await sleep(SETTLE_MS);
      metrics[`rssAfter${target}Mb`] = await rssMb(pid);
      metrics[`peakRssTo${target}Mb`] = peak;
      metrics[`conversationsAt${target}`] = done;
      if (done < target) break;
    }
    metrics.conversationsOk = ok;
    metrics.conversationsFailed = done - ok;
    const a = metrics.rssAfter1000Mb;
    const b = metrics.rssAfter5000Mb;
    // Only a run that reached 5,000 says anything about growth up to 5,000.
    const reached = metrics.conversationsAt5000 === CHECKPOINTS[1];
    metrics.growth1000To5000Mb =
      reached && typeof a === 'number' && typeof b === 'number' ? round(b - a, 1) : null;
  } finally {
    await bot.stop();
  }
  return {
    name: 'memory',
    title: 'RSS idle, after 1,000 and after 5,000 conversations',
    metrics,
    targets: [
      { metric: 'idleRssMb', op: '<=', value: 150, unit: 'MB' },
      // After 1,000 conversations means 1,000 that ended in a plan card.
      { metric: 'rssAfter1000Mb', op: '<=', value: 150, unit: 'MB', requires: planned(1_000) },
      { metric: 'growth1000To5000Mb', op: '<=', value: 10, unit: 'MB', requires: planned(5_000) },
    ],
    notes: [
      '`npm start` (`node --max-semi-space-size=2 --optimize-for-size bin/dea.js start` with MALLOC_ARENA_MAX=2 and 64 kB malloc mmap/trim thresholds, as the image runs it; compiled, local mode, fresh DEA_DATA_DIR); RSS of the bot process',
      `conversations over POST /api/chat/messages + polling GET /api/chat/threads/:id, ${CONCURRENCY} at a time, each a new thread ending in a plan card; bounded at ${CHECKPOINTS.at(-1)} or ${BUDGET_MS / 1000} s`,
      `RSS from /proc/<pid>/status (VmRSS) of the bot process, ${SETTLE_MS / 1000} s after each checkpoint`,
    ],
    durationMs: 0,
  };
}
