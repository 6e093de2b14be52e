/**
 * @duckdb/node-api loaded with `require`. It is a CommonJS package of ~120 files re-exported from one index; an ESM
 * `import` makes Node lex every one of them for named exports, which costs each `dea` call 60–80 ms before any
 * work. `require` skips that analysis; the types stay those of the package.
 */
import { createRequire } from 'node:module';
import type * as DuckDbApi from '@duckdb/node-api';

export const duckdb: typeof DuckDbApi = createRequire(import.meta.url)('@duckdb/node-api');
