/**
 * Compiles the sources into dist/ once before any test file runs (bin/build.js, as `npm ci` does), so the many
 * tests that spawn `node bin/dea.js` run the compiled command line users get, and do not each find dist/ stale
 * and compile it again at the same time.
 */
import { buildIfStale } from '../../bin/build.js';

export default async function setup(): Promise<void> {
  await buildIfStale({ quiet: true });
}
