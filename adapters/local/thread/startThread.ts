/**
 * Starts a worker on one of this package's modules, from the compiled JavaScript (dist/, the image) or from the
 * TypeScript sources (tests, a checkout without a fresh build), where the worker first registers tsx's loader as
 * the main thread has it.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const BOOT = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsxLoader) (await import(workerData.tsxLoader)).register();
  await import(workerData.entry);
})().catch((err) => { setImmediate(() => { throw err; }); });
`;

/** tsx's ESM loader API, for a worker that imports TypeScript; undefined when tsx is not installed. */
function tsxApi(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const root = path.dirname(require.resolve('tsx/package.json'));
    return pathToFileURL(path.join(root, 'dist', 'esm', 'api', 'index.mjs')).href;
  } catch {
    return undefined;
  }
}

/** `entry` is a module URL ending in .js or .ts; `data` reaches it as `workerData` with `entry` and `tsxLoader` added. */
export function startThread(entry: URL, data: Record<string, unknown>): Worker {
  const fromSources = entry.pathname.endsWith('.ts');
  const tsxLoader = fromSources ? tsxApi() : undefined;
  if (fromSources && !tsxLoader)
    throw new Error(`Cannot start ${entry.pathname} in a worker: it is TypeScript and tsx is not installed.`);
  return new Worker(BOOT, {
    eval: true,
    workerData: { ...data, entry: entry.href, tsxLoader },
    // As the main thread under `npm start` (--max-semi-space-size=2): a small nursery, since V8's default keeps tens
    // of MB resident for short-lived garbage.
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
  });
}
