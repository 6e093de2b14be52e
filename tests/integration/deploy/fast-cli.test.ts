/**
 * bin/dea.js runs compiled JavaScript, and never stale JavaScript: a checkout in miniature (bin/, a bot/cli.ts,
 * this repository's node_modules) where sources are edited, added and removed between runs.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'dea-fastcli-'));

beforeAll(() => {
  cpSync(path.join(root, 'bin'), path.join(work, 'bin'), { recursive: true });
  writeFileSync(path.join(work, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'));
  mkdirSync(path.join(work, 'bot'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

let tick = Date.now() / 1000;
/** Writes a source with a modification time later than anything before it, as an editor would. */
function writeSource(rel: string, text: string): void {
  const file = path.join(work, rel);
  writeFileSync(file, text);
  tick += 5;
  utimesSync(file, tick, tick);
}

function cli(source: string): string {
  // Says which code ran: a compiled file lives under dist/.
  return `import { word } from './word.js';\nconst how: string = import.meta.url.includes('/dist/') ? 'compiled' : 'source';\nconsole.log(${JSON.stringify(source)}, word, how);\n`;
}

function dea(env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['bin/dea.js'], {
    cwd: work,
    env: { PATH: process.env.PATH ?? '', HOME: work, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
}

const check = () => spawnSync(process.execPath, ['bin/build.js', '--check'], { cwd: work }).status;

describe('the compiled command line', () => {
  it('compiles on first use and runs the compiled code', () => {
    writeSource('bot/word.ts', "export const word: string = 'alpha';\n");
    writeSource('bot/cli.ts', cli('v1'));
    expect(check()).toBe(1);
    expect(dea()).toMatchObject({ code: 0, stdout: 'v1 alpha compiled' });
    expect(existsSync(path.join(work, 'dist/bot/cli.js'))).toBe(true);
    expect(check()).toBe(0);
  });

  it('picks up an edited source on the next run', () => {
    writeSource('bot/word.ts', "export const word: string = 'beta';\n");
    expect(check()).toBe(1);
    expect(dea().stdout).toBe('v1 beta compiled');
    expect(check()).toBe(0);
  });

  it('picks up a source whose time went backwards (a checkout of an older commit) and a removed source', () => {
    const file = path.join(work, 'bot/word.ts');
    writeFileSync(file, "export const word: string = 'gamma';\n");
    utimesSync(file, 1_000_000, 1_000_000);
    expect(dea().stdout).toBe('v1 gamma compiled');
    writeSource('bot/extra.ts', 'export const extra = 1;\n');
    expect(dea().stdout).toBe('v1 gamma compiled');
    rmSync(path.join(work, 'bot/extra.ts'));
    expect(check()).toBe(1);
    expect(dea().code).toBe(0);
    expect(check()).toBe(0);
  });

  it('runs the TypeScript through tsx on request, and when the sources do not compile', () => {
    expect(dea({ DEA_USE_TSX: '1' }).stdout).toBe('v1 gamma source');
    writeSource('bot/word.ts', "export const word: string = 'delta'\nexport const = ;\n");
    const broken = dea();
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toMatch(/word\.ts/);
    // The failed compile left no stamp claiming the build is fresh.
    expect(check()).toBe(1);
    writeSource('bot/word.ts', "export const word: string = 'epsilon';\n");
    expect(dea().stdout).toBe('v1 epsilon compiled');
  });

  it('an install without sources (the image) runs dist/ as it is', () => {
    const image = mkdtempSync(path.join(tmpdir(), 'dea-fastcli-image-'));
    try {
      cpSync(path.join(work, 'bin'), path.join(image, 'bin'), { recursive: true });
      cpSync(path.join(work, 'dist'), path.join(image, 'dist'), { recursive: true });
      writeFileSync(path.join(image, 'package.json'), '{ "type": "module" }\n');
      const r = spawnSync(process.execPath, ['bin/dea.js'], { cwd: image, encoding: 'utf8' });
      expect(r.stdout.trim()).toBe('v1 epsilon compiled');
      expect(JSON.parse(readFileSync(path.join(image, 'dist/.dea-build.json'), 'utf8'))).toMatchObject({
        builtBy: 'esbuild',
      });
    } finally {
      rmSync(image, { recursive: true, force: true });
    }
  });
});
