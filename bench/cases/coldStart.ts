/**
 * Start and stop as a user sees them: spawn → first 200 from /readyz, for `node bin/dea.js start` and for
 * `npm start` (warm checkout: dist/ fresh, data directory already seeded), then SIGTERM or SIGINT → every process
 * gone (under npm: npm and the bot). The floor in the same run is `node -e` of an HTTP server answering /readyz.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIfStale } from '../../bin/build.js';
import { freePort, startBotProcess } from '../lib/botProcess.js';
import type { CaseResult } from '../lib/result.js';
import { distribution, round, sleep } from '../lib/stats.js';

const STARTS = 5;

/** The least any Node HTTP server takes from spawn to a 200: node's own start-up and a listen. */
async function floorStart(): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [
      '-e',
      `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1'); process.on('SIGTERM', () => process.exit(0));`,
    ],
    { stdio: 'ignore' },
  );
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`);
        await res.arrayBuffer();
        if (res.ok) return performance.now() - t0;
      } catch {
        // not yet
      }
      await sleep(5);
    }
  } finally {
    child.kill('SIGTERM');
  }
}

export async function coldStart(): Promise<CaseResult> {
  await buildIfStale({ quiet: true });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'dea-bench-start-'));
  const samples = { node: [] as number[], npm: [] as number[], floor: [] as number[] };
  const stops = { nodeTerm: [] as number[], nodeInt: [] as number[], npmTerm: [] as number[] };
  let firstStartMs = 0;
  try {
    // The first start seeds the sample bucket and creates the DuckDB file; "warm" starts come after it.
    const first = await startBotProcess({ dataDir });
    firstStartMs = first.readyMs;
    await first.stop();
    for (let i = 0; i < STARTS; i++) {
      samples.floor.push(await floorStart());
      const direct = await startBotProcess({ dataDir });
      samples.node.push(direct.readyMs);
      (i % 2 === 0 ? stops.nodeTerm : stops.nodeInt).push(
        await direct.stop(i % 2 === 0 ? 'SIGTERM' : 'SIGINT'),
      );
      const viaNpm = await startBotProcess({ dataDir, via: 'npm' });
      samples.npm.push(viaNpm.readyMs);
      stops.npmTerm.push(await viaNpm.stop('SIGTERM'));
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  const node = distribution(samples.node);
  const npm = distribution(samples.npm);
  const floor = distribution(samples.floor);
  const allStops = distribution([...stops.nodeTerm, ...stops.nodeInt, ...stops.npmTerm]);
  return {
    name: 'cold-start',
    title: 'Start to a 200 from /readyz, and stop on a signal',
    metrics: {
      firstStartMs: round(firstStartMs),
      nodeReadyP50Ms: node.p50,
      nodeReadyMaxMs: node.max,
      npmReadyP50Ms: npm.p50,
      npmReadyMaxMs: npm.max,
      floorReadyP50Ms: floor.p50,
      nodeReadyRatio: floor.p50 > 0 ? round(node.p50 / floor.p50) : null,
      stopSigtermP50Ms: distribution(stops.nodeTerm).p50,
      stopSigintP50Ms: distribution(stops.nodeInt).p50,
      stopNpmSigtermP50Ms: distribution(stops.npmTerm).p50,
      stopMaxMs: allStops.max,
    },
    targets: [
      { metric: 'npmReadyP50Ms', op: '<=', value: 1_500, unit: 'ms' },
      { metric: 'nodeReadyP50Ms', op: '<=', value: 1_500, unit: 'ms' },
      { metric: 'stopMaxMs', op: '<=', value: 1_000, unit: 'ms' },
    ],
    notes: [
      `${STARTS} warm starts each of \`node bin/dea.js start\` and \`npm start\` on one data directory (seeded by a first start, reported apart), alternating with the floor`,
      'floor: `node -e` of a bare node:http server, spawn → first 200',
      'stop: the signal to the spawned process → it and the bot (under npm: npm and the bot) have exited; SIGTERM and SIGINT alternate on the direct starts',
    ],
    durationMs: 0,
  };
}
