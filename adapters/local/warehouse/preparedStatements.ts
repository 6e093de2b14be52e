/**
 * Prepared statements kept per connection, by SQL text. The bot sends the same few parameterized statements on
 * every turn (claim an event, read a conversation, record a proposal…); DuckDB's `conn.run(sql, binds)` parses,
 * binds and plans each one again and then throws it away, about a third of a point lookup's time
 * (docs/performance.md#prepared-statements). DuckDB re-binds a prepared statement by itself when the catalog
 * changes under it, so a cached statement sees a table altered, dropped or created again.
 *
 * Only statements with binds are cached, as those are the ones prepared today, and only single statements (a
 * script with `;` runs as DuckDB runs it). Callers hold the connection exclusively (DuckSession), so a statement
 * is never bound by two callers at once.
 */
import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';

/** Distinct statement texts kept per connection; the least recently used is destroyed past it. */
export const PREPARED_STATEMENTS_KEPT = 128;

const caches = new WeakMap<DuckDBConnection, Map<string, DuckDBPreparedStatement>>();

/** The cached statement for `sql`, preparing it on first use; null when `sql` holds several statements. */
export async function preparedFor(
  conn: DuckDBConnection,
  sql: string,
): Promise<DuckDBPreparedStatement | null> {
  let cache = caches.get(conn);
  if (!cache) {
    cache = new Map();
    caches.set(conn, cache);
  }
  const hit = cache.get(sql);
  if (hit) {
    cache.delete(sql);
    cache.set(sql, hit);
    return hit;
  }
  const extracted = await conn.extractStatements(sql);
  if (extracted.count !== 1) return null;
  const prepared = await extracted.prepare(0);
  cache.set(sql, prepared);
  if (cache.size > PREPARED_STATEMENTS_KEPT) {
    const [oldest, statement] = cache.entries().next().value as [string, DuckDBPreparedStatement];
    cache.delete(oldest);
    statement.destroySync();
  }
  return prepared;
}

/** How many statements are cached for `conn` (tests). */
export function preparedCount(conn: DuckDBConnection): number {
  return caches.get(conn)?.size ?? 0;
}
