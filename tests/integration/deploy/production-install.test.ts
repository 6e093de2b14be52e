import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../../bin/build.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'dea-prod-'));

// rm(1) unlinks the 25,000 linked files several times faster than a recursive rmSync.
afterAll(() => {
  const r = spawnSync('rm', ['-rf', work]);
  if (r.status !== 0) rmSync(work, { recursive: true, force: true });
});

/** Hard links where the file system allows (no bytes copied), a copy where it does not. */
function linkTree(src: string, dst: string): void {
  mkdirSync(dst, { recursive: true });
  for (const e of readdirSync(src, { withFileTypes: true })) {
    // Nested node_modules are packages of their own in the lockfile, taken (or not) on their own.
    if (e.name === 'node_modules') continue;
    const s = path.join(src, e.name);
    const d = path.join(dst, e.name);
    if (e.isDirectory()) linkTree(s, d);
    else if (e.isSymbolicLink()) symlinkSync(readlinkSync(s), d);
    else {
      try {
        linkSync(s, d);
      } catch {
        copyFileSync(s, d);
      }
    }
  }
}

/**
 * The packages `npm ci --omit=dev` installs: every lockfile entry not marked dev (npm omits exactly those), taken
 * from this checkout's node_modules instead of unpacked again — the same tree in a second instead of half a minute
 * of writing 300 MB. Optional packages for other platforms are absent here as they would be there.
 */
function productionTree(target: string): string[] {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; optional?: boolean }>;
  };
  const taken: string[] = [];
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (!key.startsWith('node_modules/') || entry.dev) continue;
    const from = path.join(root, key);
    if (!existsSync(from)) {
      if (entry.optional) continue;
      throw new Error(`${key} is a production dependency missing from node_modules (run npm ci)`);
    }
    linkTree(from, path.join(target, key));
    taken.push(key);
  }
  return taken;
}

/**
 * What the image does (Dockerfile): install production dependencies only — running our `prepare` step, which must
 * do nothing there — then compile, copy dist/bin/sql/dashboard/static; the compiled entry point must start (in
 * check mode) without tsx, esbuild or any other dev dependency. The compile is the per-file one of bin/build.js:
 * with `isolatedModules` a per-file transpile emits what tsc emits, and the typecheck is `npm run typecheck`.
 */
describe('production install', () => {
  it('starts the compiled entry point with production dependencies only', async () => {
    for (const f of ['package.json', 'package-lock.json', 'bin'])
      cpSync(path.join(root, f), path.join(work, f), { recursive: true });
    const packages = productionTree(work);
    expect(packages).toContain('node_modules/@duckdb/node-api');
    for (const dev of ['tsx', 'vitest', 'esbuild', 'typescript', 'pino-pretty'])
      expect(existsSync(path.join(work, 'node_modules', dev)), dev).toBe(false);

    // `npm ci` runs `prepare` (bin/build.js) in the image before the sources exist, and without esbuild.
    const prepare = spawnSync(process.execPath, ['bin/build.js'], { cwd: work, encoding: 'utf8' });
    expect(prepare.status).toBe(0);
    expect(prepare.stderr).toContain('nothing compiled');
    expect(existsSync(path.join(work, 'dist'))).toBe(false);

    await build({ root, outDir: path.join(work, 'dist') });
    for (const f of ['sql', 'dashboard/static'])
      cpSync(path.join(root, f), path.join(work, f), { recursive: true });

    const r = spawnSync(process.execPath, ['bin/dea.js', 'start', '--check'], {
      cwd: work,
      env: { PATH: process.env.PATH ?? '', HOME: work, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ mode: 'local', sqlFiles: 4 });
    // Commands that render SQL at run time find their modules in the compiled tree too.
    const setup = spawnSync(process.execPath, ['bin/dea.js', 'sql', 'setup', '--database', 'ANALYTICS'], {
      cwd: work,
      env: { PATH: process.env.PATH ?? '', HOME: work, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(setup.stderr).toBe('');
    expect(setup.stdout).toContain('CREATE DATABASE IF NOT EXISTS ANALYTICS');
  }, 300_000);
});
