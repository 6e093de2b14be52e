/**
 * The command line as a script or a person calls it: wall time of whole `node bin/dea.js …` processes (dist/
 * fresh, as after `npm ci`), alternating with the floor of a bare `node -e 0` in the same run so a slow or busy
 * machine shows in the ratio.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from '../../bin/build.js';
import type { CaseResult } from '../lib/result.js';
import { distribution, round } from '../lib/stats.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUNS = 15;

function wall(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(performance.now() - t0);
      else reject(new Error(`node ${args.join(' ')} exited ${code}`));
    });
  });
}

export async function cli(): Promise<CaseResult> {
  await buildIfStale({ quiet: true });
  const dir = await mkdtemp(path.join(tmpdir(), 'dea-bench-cli-'));
  const env = { PATH: process.env.PATH, HOME: dir, DEA_DATA_DIR: dir, LOG_LEVEL: 'warn' };
  const sqlFile = path.join(dir, 'one.sql');
  await writeFile(sqlFile, "CREATE FILE FORMAT F TYPE = CSV SKIP_HEADER = 1 FIELD_DELIMITER = ',';\n");
  const commands = {
    floor: ['-e', '0'],
    version: ['bin/dea.js', '--version'],
    validate: ['bin/dea.js', 'validate', sqlFile],
    trackerList: ['bin/dea.js', 'tracker', 'list'],
  };
  const samples: Record<keyof typeof commands, number[]> = {
    floor: [],
    version: [],
    validate: [],
    trackerList: [],
  };
  try {
    // Warm-up: the first tracker call creates the DuckDB file and seeds the sample bucket.
    for (const args of Object.values(commands)) await wall(args, env);
    for (let i = 0; i < RUNS; i++)
      for (const [name, args] of Object.entries(commands) as [keyof typeof commands, string[]][])
        samples[name].push(await wall(args, env));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const d = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, distribution(v)])) as Record<
    keyof typeof commands,
    ReturnType<typeof distribution>
  >;
  const ratio = (v: number) => (d.floor.p50 > 0 ? round(v / d.floor.p50) : null);
  return {
    name: 'cli',
    title: 'dea command wall time (whole process)',
    metrics: {
      nodeFloorP50Ms: d.floor.p50,
      versionP50Ms: d.version.p50,
      validateP50Ms: d.validate.p50,
      validateMaxMs: d.validate.max,
      validateFloorRatio: ratio(d.validate.p50),
      trackerListP50Ms: d.trackerList.p50,
      trackerListMaxMs: d.trackerList.max,
      trackerListFloorRatio: ratio(d.trackerList.p50),
    },
    targets: [
      { metric: 'validateP50Ms', op: '<=', value: 300, unit: 'ms' },
      { metric: 'trackerListP50Ms', op: '<=', value: 400, unit: 'ms' },
    ],
    notes: [
      `${RUNS} runs of each, interleaved (floor, --version, validate, tracker list), after one warm-up round`,
      'validate: one CREATE FILE FORMAT statement from a file; tracker list: the embedded warehouse opened from its file (no bot running)',
      'floor: `node -e 0`, the least any Node command costs on this machine at this moment',
    ],
    durationMs: 0,
  };
}
