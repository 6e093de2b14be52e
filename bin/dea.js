#!/usr/bin/env node
// Chooses how `dea` runs, fastest first:
//   1. dist/ without sources beside it (the image, a production install): the compiled JavaScript;
//   2. a checkout whose dist/ was built from exactly the current sources (bin/build.js, run by `npm ci`): dist/;
//   3. a checkout whose sources changed since: recompile them into dist/ (a fraction of a second) and run that;
//   4. no esbuild to compile with, or the compile failed: the TypeScript sources through tsx.
// DEA_USE_DIST=1 forces dist/ and DEA_USE_TSX=1 forces tsx (to debug one against the other).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = `${root}bot/cli.ts`;
const compiled = `${root}dist/bot/cli.js`;

async function compiledIsUsable() {
  if (process.env.DEA_USE_TSX === '1') return false;
  if (!existsSync(source) || process.env.DEA_USE_DIST === '1') return existsSync(compiled);
  const { buildIfStale, isFresh } = await import('./build.js');
  if (isFresh()) return true;
  try {
    return (await buildIfStale({ force: true })).built;
  } catch {
    return false;
  }
}

if (await compiledIsUsable()) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
}
