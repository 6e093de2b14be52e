/**
 * `<dataDir>/server.json` tells CLI commands that a `dea start` process owns the DuckDB file and how to reach its
 * warehouse router. Written with mode 0600 (it holds the token) and removed on exit.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Router } from 'express';
import { z } from 'zod';
import type { Warehouse } from '../../../bot/core/contracts.js';
import type { LocalWarehouseOptions } from '../warehouse/localWarehouse.js';
import type { StatementResult } from '../warehouse/values.js';
import { RemoteWarehouse } from './remoteWarehouse.js';

const SERVER_FILE = 'server.json';
const DEFAULT_WAREHOUSE_FILE = 'warehouse.duckdb';

const serverFileSchema = z.object({
  pid: z.number().int().positive(),
  url: z.string().url(),
  token: z.string().min(16),
});
type ServerFile = z.infer<typeof serverFileSchema>;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Writes server.json for this process and returns a function that removes it (also run on process exit). */
function writeServerFile(dataDir: string, info: { url: string; token: string }): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, SERVER_FILE);
  const content: ServerFile = { pid: process.pid, url: info.url, token: info.token };
  writeFileSync(path, `${JSON.stringify(content)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  let removed = false;
  const remove = (): void => {
    if (removed) return;
    removed = true;
    process.off('exit', remove);
    try {
      const current = serverFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      if (current.success && current.data.pid === process.pid) rmSync(path, { force: true });
    } catch {
      // already gone
    }
  };
  process.on('exit', remove);
  return remove;
}

export function readServerFile(dataDir: string): ServerFile | undefined {
  const path = join(dataDir, SERVER_FILE);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = serverFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface OpenOptions extends Partial<Omit<LocalWarehouseOptions, 'path'>> {
  dataDir: string;
  /** DuckDB file; defaults to `<dataDir>/warehouse.duckdb`. */
  path?: string;
  probeTimeoutMs?: number;
}

/**
 * The running server's warehouse when server.json names a live process whose router answers, else the DuckDB
 * file opened directly (which fails with LOCAL_LOCKED, never corrupts, if another process holds it).
 */
export async function openLocalWarehouseOrRemote(opts: OpenOptions): Promise<Warehouse> {
  const { dataDir, path, probeTimeoutMs, ...rest } = opts;
  const info = readServerFile(dataDir);
  if (info && info.pid !== process.pid && pidAlive(info.pid)) {
    try {
      const probe = new RemoteWarehouse({
        url: info.url,
        token: info.token,
        timeoutMs: probeTimeoutMs ?? 2_000,
      });
      await probe.query('SELECT 1 AS OK');
      return new RemoteWarehouse({ url: info.url, token: info.token });
    } catch {
      // stale file or a server that does not answer: fall through to the file itself
    }
  }
  // Loaded only here: a process whose warehouse is remote, or on its own thread, never loads DuckDB for it.
  const { LocalWarehouse } = await import('../warehouse/localWarehouse.js');
  return LocalWarehouse.open({
    ...rest,
    path: path ?? join(dataDir, DEFAULT_WAREHOUSE_FILE),
    storageDir: rest.storageDir ?? join(dataDir, 'storage'),
  });
}

const WAREHOUSE_MOUNT_PATH = '/api/local-warehouse';

/** The embedded warehouse, in-process or on its thread: the one kind that answers whole statement results. */
function isEmbedded(
  warehouse: Warehouse,
): warehouse is Warehouse & { run(sql: string, binds?: unknown[]): Promise<StatementResult> } {
  const w = warehouse as { run?: unknown; asRole?: unknown };
  return typeof w.run === 'function' && typeof w.asRole === 'function';
}

/**
 * Mounts the warehouse router on the process's HTTP app and writes server.json so CLI commands reach this
 * process instead of opening the locked DuckDB file. `url` is the server's base URL.
 */
export async function publishLocalServer(opts: {
  app: { use(path: string, router: Router): unknown };
  dataDir: string;
  url: string;
  warehouse: Warehouse;
  mountPath?: string;
}): Promise<{ url: string; remove(): Promise<void> }> {
  if (!isEmbedded(opts.warehouse)) throw new Error('publishLocalServer needs the embedded LocalWarehouse');
  const mount = opts.mountPath ?? WAREHOUSE_MOUNT_PATH;
  const token = newToken();
  // Loaded here, not at the top: CLI commands that open the file themselves never pay for Express.
  const { createWarehouseRouter } = await import('./router.js');
  opts.app.use(mount, createWarehouseRouter(opts.warehouse, { token }));
  const url = `${opts.url.replace(/\/+$/, '')}${mount}`;
  const remove = writeServerFile(opts.dataDir, { url, token });
  return { url, remove: async () => remove() };
}
