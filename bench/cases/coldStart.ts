/**
 * Cold start of `node bin/dea.js start` (local mode) to a 200 from /readyz, idle RSS, and RSS after 1,000
 * conversations driven over the dashboard chat API (each: a request in a new thread until its plan card shows).
 */

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startBotProcess } from '../lib/botProcess.js';
import type { CaseResult } from '../lib/result.js';
import { distribution, pool, round, rssMb, sleep } from '../lib/stats.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STARTS = 3;
const CONVERSATIONS = 1_000;
const CONCURRENCY = 4;
const BUDGET_MS = 150_000;
const REQUEST =
  'I have CSV files with a header row in s3://acme-sample/orders/ with columns order_id, customer, amount, order_date. Role arn:aws:iam::123456789012:role/snowflake';

async function conversation(url: string, i: number): Promise<boolean> {
  const thread = `bench-${i}`;
  const res = await fetch(`${url}/api/chat/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ thread, user: 'alice', text: REQUEST }),
  });
  await res.arrayBuffer();
  if (res.status !== 202) return false;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const r = await fetch(`${url}/api/chat/threads/${thread}`);
    const body = (await r.json()) as { messages: { message: { kind: string } }[] };
    if (body.messages.some((m) => m.message.kind === 'plan' || m.message.kind === 'error')) return true;
    await sleep(20);
  }
  return false;
}

export async function coldStart(): Promise<CaseResult> {
  // The image runs compiled JavaScript; so does this measurement.
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
  const readies: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const bot = await startBotProcess();
    readies.push(bot.readyMs);
    await bot.stop();
  }
  const bot = await startBotProcess();
  readies.push(bot.readyMs);
  const metrics: CaseResult['metrics'] = {};
  try {
    const pid = bot.child.pid as number;
    await sleep(1_000);
    const idle = await rssMb(pid);
    const t0 = performance.now();
    const outcomes = await pool(CONVERSATIONS, CONCURRENCY, (i) => conversation(bot.url, i), BUDGET_MS);
    const ms = performance.now() - t0;
    const peak = await rssMb(pid);
    await sleep(3_000);
    const settled = await rssMb(pid);
    const d = distribution(readies);
    Object.assign(metrics, {
      firstStartMs: round(readies[0] ?? 0),
      readyP50Ms: d.p50,
      readyMaxMs: d.max,
      idleRssMb: idle,
      conversations: outcomes.length,
      conversationsOk: outcomes.filter(Boolean).length,
      conversationsPerSec: round((outcomes.length / ms) * 1000, 1),
      rssAfterConversationsMb: peak,
      rssSettledMb: settled,
      rssGrowthMb: round(settled - idle, 1),
    });
  } finally {
    await bot.stop();
  }
  return {
    name: 'cold-start',
    title: 'Cold start to /readyz, idle RSS, RSS after 1,000 conversations',
    metrics,
    targets: [
      { metric: 'readyP50Ms', op: '<=', value: 1_500, unit: 'ms' },
      { metric: 'idleRssMb', op: '<=', value: 150, unit: 'MB' },
      { metric: 'rssSettledMb', op: '<=', value: 150, unit: 'MB' },
    ],
    notes: [
      `${STARTS + 1} starts of \`node bin/dea.js start\` (local mode, fresh DEA_DATA_DIR each, tsx from the checkout — no dist/)`,
      `conversations over POST /api/chat/messages + polling GET /api/chat/threads/:id, ${CONCURRENCY} at a time, each a new thread ending in a plan card; bounded at ${CONVERSATIONS} or ${BUDGET_MS / 1000} s`,
      'RSS from /proc/<pid>/status (VmRSS) of the bot process; "settled" is 3 s after the last conversation',
    ],
    durationMs: 0,
  };
}
