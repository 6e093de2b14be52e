/**
 * `dea start` as a child process in local mode, on a temporary data dir and a free loopback port: run directly
 * (`node bin/dea.js start`) or as a user types it (`npm start`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

interface BotProcess {
  child: ChildProcess;
  /** The bot's own process id (under npm, not the child's). */
  botPid: number;
  url: string;
  /** ms from spawn to the first 200 of /readyz. */
  readyMs: number;
  /** Sends `signal` to the child and resolves with the ms until the child and the bot have both exited. */
  stop(signal?: NodeJS.Signals): Promise<number>;
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
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startBotProcess(
  opts: { via?: 'node' | 'npm'; dataDir?: string; timeoutMs?: number } = {},
): Promise<BotProcess> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'dea-bench-bot-')));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const [command, args] =
    opts.via === 'npm'
      ? ['npm', ['start', '--silent']]
      : [process.execPath, [path.join(ROOT, 'bin/dea.js'), 'start']];
  const t0 = performance.now();
  const child = spawn(command, args as string[], {
    cwd: ROOT,
    env: cleanEnv(dataDir, port),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + String(d)).slice(-4_000);
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let botPid = child.pid as number;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<number> => {
    const s0 = performance.now();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        if (alive(botPid)) process.kill(botPid, 'SIGKILL');
      }, 10_000);
      await exited;
      while (alive(botPid)) await sleep(2);
      clearTimeout(timer);
    }
    const ms = performance.now() - s0;
    if (ownDir) await rm(dataDir, { recursive: true, force: true });
    return ms;
  };
  while (performance.now() - t0 < timeoutMs) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${url}/readyz`);
      await res.arrayBuffer();
      if (res.status === 200) {
        const readyMs = performance.now() - t0;
        const server = JSON.parse(readFileSync(path.join(dataDir, 'server.json'), 'utf8')) as { pid: number };
        botPid = server.pid;
        return { child, botPid, url, readyMs, stop };
      }
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
  await stop('SIGKILL');
  throw new Error(
    `dea start did not become ready within ${timeoutMs} ms (exit ${child.exitCode}): ${stderr}`,
  );
}
