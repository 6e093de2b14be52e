#!/usr/bin/env node
// The command line's fast path: every TypeScript source of the bot compiled file by file into dist/ (the same
// layout `tsc -p tsconfig.build.json` writes, which the image uses), plus a stamp recording which sources it was
// built from. bin/dea.js runs dist/ only while the stamp still matches the sources, so an edited checkout never
// runs stale code. esbuild only strips types (the typecheck is `npm run typecheck`): ~0.3 s instead of tsc's ~15 s.
//
//   node bin/build.js            build when stale (what `npm ci` runs through `prepare`)
//   node bin/build.js --force    build even when fresh
//   node bin/build.js --check    exit 0 when fresh, 1 when stale, printing nothing
//
// It needs no network, and it quietly does nothing where there is nothing to build: in the image's install step
// (no sources copied yet, or no esbuild in a production install).
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = path.join(ROOT, 'dist');
const STAMP_FILE = '.dea-build.json';
/** The trees tsconfig.build.json compiles, minus its build-time-only scripts (`dea sql setup` needs setupSql.ts). */
const TREES = ['bot', 'adapters', 'procedures', 'dashboard'];
const EXCLUDED = new Set(['procedures/build/bundle.ts', 'adapters/cortex/writeAgentSql.ts']);

/** Every compiled source, relative to the root with forward slashes, sorted. */
export function listSources(root = ROOT) {
  const out = [];
  const walk = (rel) => {
    let entries;
    try {
      entries = readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'static') walk(child);
      } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && !EXCLUDED.has(child)) {
        out.push(child);
      }
    }
  };
  for (const t of TREES) walk(t);
  return out.sort();
}

/**
 * What the build depends on, cheap enough to compute on every `dea` call (a stat per file, a few ms): the file
 * list and each file's size and modification time. Any edit, new file, deletion or checkout changes it.
 */
export function fingerprint(root = ROOT, files = listSources(root)) {
  let h = 0x811c9dc5;
  const mix = (s) => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  };
  for (const f of files) {
    const st = statSync(path.join(root, f));
    mix(`${f}\0${st.size}\0${Math.trunc(st.mtimeMs)}\n`);
  }
  // The zod bundle is part of the build: a different zod rebuilds it.
  mix(zodVersion(root));
  return `${files.length}-${h.toString(16)}`;
}

function zodVersion(root) {
  try {
    return JSON.parse(readFileSync(path.join(root, 'node_modules', 'zod', 'package.json'), 'utf8')).version;
  } catch {
    return 'none';
  }
}

function readStamp(outDir) {
  try {
    return JSON.parse(readFileSync(path.join(outDir, STAMP_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}

/** True when dist/ holds a build of exactly the current sources. */
export function isFresh(root = ROOT) {
  const outDir = path.join(root, 'dist');
  const stamp = readStamp(outDir);
  if (!stamp || typeof stamp.fingerprint !== 'string') return false;
  if (!existsSync(path.join(outDir, 'bot', 'cli.js'))) return false;
  return stamp.fingerprint === fingerprint(root);
}

/** True when this checkout has the sources to build (the image's install step has not copied them yet). */
export function hasSources(root = ROOT) {
  return existsSync(path.join(root, 'bot', 'cli.ts'));
}

/**
 * Compiles every source into dist/. Each file is written beside its final name and renamed into place, so a
 * `dea` started meanwhile reads either the old or the new file, never half of one; the stamp goes last.
 */
export async function build({ quiet = true, root = ROOT, outDir = path.join(root, 'dist') } = {}) {
  const started = performance.now();
  const files = listSources(root);
  const print = fingerprint(root, files);
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: files,
    outdir: outDir,
    outbase: '.',
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    write: false,
    logLevel: 'silent',
    // Only the compiler options matter here (target, module syntax); the file list is ours.
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true, target: 'ES2022' } },
  });
  const vendorZod = path.join(outDir, 'vendor', 'zod.js');
  const vendor = await esbuild.build({
    absWorkingDir: root,
    stdin: { contents: ZOD_ENTRY, resolveDir: root, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: vendorZod,
    write: false,
    logLevel: 'silent',
  });
  const outputs = [
    ...result.outputFiles.map((out) => ({
      path: out.path,
      contents: out.path.endsWith('.js')
        ? Buffer.from(useVendoredZod(out.text, out.path, vendorZod))
        : out.contents,
    })),
    ...vendor.outputFiles.map((out) => ({ path: out.path, contents: out.contents })),
  ];
  const tmpSuffix = `.tmp-${process.pid}`;
  for (const out of outputs) {
    mkdirSync(path.dirname(out.path), { recursive: true });
    writeFileSync(out.path + tmpSuffix, out.contents);
    renameSync(out.path + tmpSuffix, out.path);
  }
  const stamp = path.join(outDir, STAMP_FILE);
  writeFileSync(
    stamp + tmpSuffix,
    `${JSON.stringify({ builtBy: 'esbuild', fingerprint: print, files: files.length })}\n`,
  );
  renameSync(stamp + tmpSuffix, stamp);
  const ms = Math.round(performance.now() - started);
  if (!quiet) process.stderr.write(`dea: compiled ${files.length} sources into dist/ in ${ms} ms\n`);
  return { files: files.length, ms };
}

/**
 * zod in one file. Imported from its package it is ~100 modules, 60–80 ms of every `dea` call; bundled, ~30 ms
 * (docs/performance.md#the-recorded-run). One bundle for the three entry points the sources use, so they share one
 * zod core (toJSONSchema reads schemas the classic API built).
 */
const ZOD_ENTRY =
  "export { z } from 'zod'; export * as mini from 'zod/mini'; export { toJSONSchema } from 'zod/v4/core';";

/** Points the compiled file's zod imports at the bundle; any other form of zod import fails the build. */
export function useVendoredZod(code, file, vendorFile) {
  let rel = path.relative(path.dirname(file), vendorFile).split(path.sep).join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  const out = code
    .replace(/import \{ z \} from "zod";/g, `import { z } from "${rel}";`)
    .replace(/import \* as (\w+) from "zod\/mini";/g, `import { mini as $1 } from "${rel}";`)
    .replace(/import \{ toJSONSchema \} from "zod\/v4\/core";/g, `import { toJSONSchema } from "${rel}";`);
  if (/["']zod(\/[^"']*)?["']/.test(out))
    throw new Error(`${file}: a zod import of a form bin/build.js does not rewrite`);
  return out;
}

/** Builds when stale; says why it did nothing when it cannot build here. */
export async function buildIfStale({ force = false, quiet = true, root = ROOT } = {}) {
  if (!hasSources(root)) return { built: false, reason: 'no sources (an install without the checkout)' };
  if (!force && isFresh(root)) return { built: false, reason: 'fresh' };
  try {
    await import('esbuild');
  } catch {
    return { built: false, reason: 'esbuild is not installed (a production install); dea runs through tsx' };
  }
  return { built: true, ...(await build({ quiet, root })) };
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const args = process.argv.slice(2);
  if (args.includes('--check')) {
    process.exitCode = hasSources() && isFresh() ? 0 : 1;
  } else {
    try {
      const r = await buildIfStale({ force: args.includes('--force'), quiet: false });
      if (!r.built) process.stderr.write(`dea: nothing compiled: ${r.reason}\n`);
    } catch (err) {
      // A failed build must not fail `npm ci`: dea falls back to tsx, which shows the same error on use.
      process.stderr.write(
        `dea: could not compile the sources (dea will run them through tsx): ${err.message}\n`,
      );
      if (args.includes('--strict')) process.exitCode = 1;
    }
  }
}
