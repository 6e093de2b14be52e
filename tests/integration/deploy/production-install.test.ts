import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'dea-prod-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * What the image does: compile, install production dependencies only, copy dist/bin/sql — then the compiled entry
 * point must start (in check mode) without tsx or any other dev dependency.
 */
describe('production install', () => {
  it('builds and starts the compiled entry point with production dependencies only', () => {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', path.join(work, 'dist')], {
      cwd: root,
      stdio: 'pipe',
    });
    for (const f of ['package.json', 'package-lock.json', 'bin', 'sql', 'dashboard/static']) {
      if (existsSync(path.join(root, f))) cpSync(path.join(root, f), path.join(work, f), { recursive: true });
    }
    execFileSync(
      'npm',
      ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'],
      {
        cwd: work,
        stdio: 'pipe',
        timeout: 240_000,
      },
    );
    expect(existsSync(path.join(work, 'node_modules/tsx'))).toBe(false);
    expect(existsSync(path.join(work, 'node_modules/vitest'))).toBe(false);
    const r = spawnSync(process.execPath, ['bin/dea.js', 'start', '--check'], {
      cwd: work,
      env: { PATH: process.env.PATH ?? '', HOME: work, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ mode: 'local', sqlFiles: 4 });
  }, 300_000);
});
