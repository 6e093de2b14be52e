import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Runs vitest itself on small throwaway projects so the closing line is checked as CI reads it.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const vitestBin = path.join(repoRoot, 'node_modules/vitest/vitest.mjs');
const reporter = path.join(repoRoot, 'tests/summaryReporter.ts');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function runProject(files: Record<string, string>): { status: number | null; out: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'dea-reporter-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  writeFileSync(
    path.join(dir, 'vitest.config.mjs'),
    `export default { test: { include: ['*.test.mjs'], reporters: [${JSON.stringify(reporter)}] } };\n`,
  );
  const r = spawnSync(process.execPath, [vitestBin, 'run', '--root', dir, '--config', 'vitest.config.mjs'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    timeout: 180_000,
  });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

const passing = `import { it, expect } from 'vitest';\nit('ok', () => { expect(1).toBe(1); });\n`;

describe('summary reporter', () => {
  it('counts a file that fails to load as a failure and exits non-zero', () => {
    const r = runProject({
      'a.test.mjs': passing,
      'b.test.mjs': `import { readFileSync } from 'node:fs';\nreadFileSync('/no/such/fixture.json');\n`,
    });
    expect(r.out).toMatch(/^Tests: 1 passed, 1 failed$/m);
    expect(r.out).toMatch(/1 failed file/);
    expect(r.status).not.toBe(0);
  });

  it('counts a suite whose beforeAll throws', () => {
    const r = runProject({
      'c.test.mjs': `import { describe, beforeAll, it } from 'vitest';\ndescribe('s', () => {\n  beforeAll(() => { throw new Error('boom'); });\n  it('x', () => {});\n});\n`,
    });
    expect(r.out).toMatch(/^Tests: 0 passed, [1-9]\d* failed/m);
    expect(r.status).not.toBe(0);
  });

  it('prints an all-green line and exits 0 when everything passes', () => {
    const r = runProject({ 'a.test.mjs': passing });
    expect(r.out).toMatch(/^Tests: 1 passed, 0 failed$/m);
    expect(r.status).toBe(0);
  });
});
