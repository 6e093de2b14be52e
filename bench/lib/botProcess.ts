/** `node bin/dea.js start` as a child process in local mode, on a temporary data dir and a free loopback port. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from './stats.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface BotProcess {
  child: ChildProcess;
  url: string;
  /** ms from spawn to the first 200 of /readyz. */
  readyMs: number;
  stop(): Promise<void>;
}

/** Only what local mode needs: no Slack, Teams or Snowflake settings of the machine leak into the measurement. */
function cleanEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    NO_PROXY: '127.0.0.1,localhost',
    DEA_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // Measure what ships: the compiled build (bench/run.ts compiles it first), not the TypeScript sources under tsx.
    DEA_USE_DIST: '1',
  };
}

export async function startBotProcess(timeoutMs = 30_000): Promise<BotProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'dea-bench-bot-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/dea.js'), 'start'], {
    cwd: dataDir,
    env: cleanEnv(dataDir, port),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + String(d)).slice(-4_000);
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  while (performance.now() - t0 < timeoutMs) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${url}/readyz`);
      await res.arrayBuffer();
      if (res.status === 200) return { child, url, readyMs: performance.now() - t0, stop };
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
  await stop();
  throw new Error(
    `dea start did not become ready within ${timeoutMs} ms (exit ${child.exitCode}): ${stderr}`,
  );
}
