/**
 * `dea start` as a user runs it: through `npm start` and directly. It must stop on SIGTERM/SIGINT (npm's own
 * included: npm signals its shell, so the script `exec`s node), answer 200 on /readyz only once every route is
 * mounted (checked under CPU load, posting at the first 200), and refuse a taken port or data directory with exit 1
 * and one sentence. Waits are on conditions with generous bounds; how fast this is belongs to `npm run bench`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function envFor(dataDir: string, port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: dataDir,
    DEA_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NO_PROXY: '127.0.0.1',
  };
}

interface Started {
  child: ChildProcess;
  url: string;
  dataDir: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

function launch(command: string, args: string[], dataDir?: string, port?: Promise<number>): Promise<Started> {
  return (async () => {
    const dir = dataDir ?? mkdtempSync(path.join(tmpdir(), 'dea-startstop-'));
    if (!dataDir) dirs.push(dir);
    const p = await (port ?? freePort());
    const child = spawn(command, args, {
      cwd: root,
      env: envFor(dir, p),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    let err = '';
    child.stderr?.on('data', (d) => {
      err += String(d);
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    return { child, url: `http://127.0.0.1:${p}`, dataDir: dir, exited, stderr: () => err };
  })();
}

/** Polls /readyz until 200 (or the child exits); returns the status of the last answer. */
async function waitReady(s: Started, everyMs = 50): Promise<void> {
  for (;;) {
    if (s.child.exitCode !== null || s.child.signalCode !== null)
      throw new Error(`dea start exited before it was ready: ${s.stderr()}`);
    try {
      const res = await fetch(`${s.url}/readyz`);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number): Promise<void> {
  while (alive(pid)) await new Promise((r) => setTimeout(r, 25));
}

describe('dea start stops on a signal', () => {
  it('under `npm start`, SIGTERM to npm stops the bot itself, and npm exits with it', async () => {
    const s = await launch('npm', ['start', '--silent']);
    await waitReady(s);
    const server = JSON.parse(readFileSync(path.join(s.dataDir, 'server.json'), 'utf8')) as { pid: number };
    expect(server.pid).not.toBe(s.child.pid);
    s.child.kill('SIGTERM');
    expect(await s.exited).toEqual({ code: 0, signal: null });
    await gone(server.pid);
    expect(existsSync(path.join(s.dataDir, 'server.json'))).toBe(false);
  }, 120_000);

  it('run directly, SIGINT shuts down cleanly with exit 0 and releases the data directory', async () => {
    const s = await launch(process.execPath, ['bin/dea.js', 'start']);
    await waitReady(s);
    s.child.kill('SIGINT');
    expect(await s.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(path.join(s.dataDir, 'server.json'))).toBe(false);
    // The DuckDB file is free again: a second start on the same directory comes up.
    const again = await launch(process.execPath, ['bin/dea.js', 'start'], s.dataDir);
    await waitReady(again);
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
  }, 120_000);

  it('a signal during start-up stops the bot once it is up, instead of killing it half-started', async () => {
    const s = await launch(process.execPath, ['bin/dea.js', 'start']);
    // As soon as the process exists: well before it has opened the warehouse or listened.
    await new Promise((r) => setTimeout(r, 100));
    s.child.kill('SIGTERM');
    const end = await s.exited;
    // Either node's default action came first (no handler yet: nothing was opened) or the bot stopped cleanly.
    expect(end.code === 0 || end.signal === 'SIGTERM').toBe(true);
    expect(existsSync(path.join(s.dataDir, 'server.json'))).toBe(false);
  }, 120_000);
});

describe('ready means ready', () => {
  it('under CPU load, a POST sent at the first 200 from /readyz reaches the chat API', async () => {
    // Busy children on every core slow the start so readiness and the mounting of routes interleave.
    const busy = [0, 1].map(() => {
      const c = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
      children.push(c);
      return c;
    });
    try {
      const s = await launch(process.execPath, ['bin/dea.js', 'start']);
      await waitReady(s, 2);
      // As the chat page does: its CSRF cookie and token come with the page.
      const page = await fetch(`${s.url}/chat`);
      const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const token = /data-csrf="([0-9a-f]{64})"/.exec(await page.text())?.[1] ?? '';
      const res = await fetch(`${s.url}/api/chat/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': token },
        body: JSON.stringify({ thread: 'first', user: 'alice', text: 'hello' }),
      });
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.status).toBe(202);
      await res.arrayBuffer();
      const unknown = await fetch(`${s.url}/api/no-such-thing`, { method: 'POST' });
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('content-type')).toMatch(/^application\/json/);
      expect(((await unknown.json()) as { error: string }).error).toBe(
        'no such API endpoint: POST /api/no-such-thing',
      );
      s.child.kill('SIGTERM');
      expect((await s.exited).code).toBe(0);
    } finally {
      for (const c of busy) c.kill('SIGKILL');
    }
  }, 120_000);
});

describe('dea start refuses what a user can fix with exit 1 and one sentence', () => {
  it('a port already in use', async () => {
    const port = await freePort();
    const taken: Server = createServer();
    await new Promise<void>((r) => taken.listen(port, '127.0.0.1', r));
    try {
      const s = await launch(process.execPath, ['bin/dea.js', 'start'], undefined, Promise.resolve(port));
      const end = await s.exited;
      expect(end.code).toBe(1);
      expect(s.stderr()).toBe(
        `dea start: the address 127.0.0.1:${port} is already in use by another process; stop it or set PORT to a free port.\n`,
      );
      // Nothing is left behind: the next start on the same data directory works.
      expect(existsSync(path.join(s.dataDir, 'server.json'))).toBe(false);
      const again = await launch(process.execPath, ['bin/dea.js', 'start'], s.dataDir);
      await waitReady(again);
      again.child.kill('SIGTERM');
      expect((await again.exited).code).toBe(0);
    } finally {
      await new Promise<void>((r) => taken.close(() => r()));
    }
  }, 120_000);

  it('a data directory held by another process', async () => {
    const first = await launch(process.execPath, ['bin/dea.js', 'start']);
    await waitReady(first);
    // A stale server.json must not matter here: the file lock is what tells.
    const second = await launch(process.execPath, ['bin/dea.js', 'start'], first.dataDir);
    const end = await second.exited;
    expect(end.code).toBe(1);
    const lines = second.stderr().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^dea start: the data directory ${first.dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by another process \\(pid \\d+\\); stop it, or set DEA_DATA_DIR to another directory\\.$`,
      ),
    );
    // The first bot is unharmed.
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
  }, 120_000);
});
