#!/usr/bin/env node
// Runs the TypeScript sources in a checkout (through tsx) and the compiled JavaScript in the image,
// where only dist/ exists. DEA_USE_DIST=1 forces the compiled build in a checkout.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = `${root}bot/cli.ts`;
const compiled = `${root}dist/bot/cli.js`;

if (existsSync(compiled) && (!existsSync(source) || process.env.DEA_USE_DIST === '1')) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
}
