/**
 * Added latency of `dea relay` on loopback: the same activity POSTed N times straight to the (fake) SPCS ingress
 * with a valid Snowflake token, then N times through the relay (Bot Framework JWT check, cached Snowflake token,
 * forward). Both paths end at the same stand-in bot. Prints one JSON object.
 *
 *   npx tsx bench/relay.ts [--requests 500]
 */
import { invoke, message, startWorld } from '../tests/integration/relay/harness.js';

const argIndex = process.argv.indexOf('--requests');
const N = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 500;
const WARMUP = 50;

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[i] as number) * 1000) / 1000;
}

function summary(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: percentile(s, 100) };
}

async function timed(fn: () => Promise<Response>): Promise<number> {
  const t = performance.now();
  const res = await fn();
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`unexpected status ${res.status}`);
  return performance.now() - t;
}

async function main(): Promise<void> {
  const world = await startWorld({ env: { LOG_LEVEL: 'silent' } });
  try {
    const bearer = await world.bearer();
    const token = await world.relay.tokens.get();
    const bodies = [Buffer.from(message('load sales csv from s3')), Buffer.from(invoke('approve'))];
    const direct = () =>
      fetch(`${world.ingress.url}/api/messages`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Snowflake Token="${token}"`,
          'x-dea-bot-authorization': bearer,
        },
        body: bodies[0],
      });
    const viaRelay = (i: number) =>
      fetch(`${world.relay.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: bearer },
        body: bodies[i % 2],
      });

    for (let i = 0; i < WARMUP; i++) {
      await timed(direct);
      await timed(() => viaRelay(i));
    }
    // Interleaved so that drift (GC, CPU frequency) affects both series alike.
    const d: number[] = [];
    const r: number[] = [];
    for (let i = 0; i < N; i++) {
      d.push(await timed(direct));
      r.push(await timed(() => viaRelay(i)));
    }
    const ds = summary(d);
    const rs = summary(r);
    process.stdout.write(
      `${JSON.stringify(
        {
          bench: 'relay',
          unit: 'ms',
          requests: N,
          warmup: WARMUP,
          direct: ds,
          relay: rs,
          added: {
            p50: Math.round((rs.p50 - ds.p50) * 1000) / 1000,
            p95: Math.round((rs.p95 - ds.p95) * 1000) / 1000,
          },
          snowflakeExchanges: world.oauth.successfulExchanges,
          node: process.version,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await world.close();
  }
}

await main();
