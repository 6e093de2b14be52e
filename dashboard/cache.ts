/**
 * A short read-through cache in front of the core's tracker reads. Viewers of the same page in the same moment
 * share one load (the in-flight promise) and later viewers reuse its answer for `ttlMs`, so the warehouse sees at
 * most one load per query key per TTL, however many browsers are open.
 */
export interface CacheStats {
  /** Answers served from a stored value. */
  hits: number;
  /** Requests that joined a load already in flight. */
  shared: number;
  /** Loads started (each is one call into the core). */
  loads: number;
  /** Loads that failed (not stored: the next request tries again). */
  errors: number;
  /** Keys currently stored. */
  size: number;
}

interface Entry {
  value?: unknown;
  expiresAt: number;
  pending?: Promise<unknown>;
}

export interface QueryCacheOptions {
  ttlMs: number;
  now?: () => number;
  /** Upper bound on stored keys, so many distinct searches cannot grow memory without limit. */
  maxEntries?: number;
}

export class QueryCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly maxEntries: number;
  private counters = { hits: 0, shared: 0, loads: 0, errors: 0 };

  constructor(opts: QueryCacheOptions) {
    this.ttlMs = Math.max(0, opts.ttlMs);
    this.now = opts.now ?? Date.now;
    this.maxEntries = Math.max(1, opts.maxEntries ?? 500);
  }

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry?.pending) {
      this.counters.shared++;
      return entry.pending as Promise<T>;
    }
    if (entry && 'value' in entry && entry.expiresAt > this.now()) {
      this.counters.hits++;
      return Promise.resolve(entry.value as T);
    }
    this.counters.loads++;
    const fresh: Entry = { expiresAt: 0 };
    const pending = new Promise<T>((resolve) => resolve(load())).then(
      (value) => {
        // A clear() during the load dropped this entry on purpose; the answer is returned but not stored.
        if (this.entries.get(key) === fresh)
          this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
        return value;
      },
      (err: unknown) => {
        this.counters.errors++;
        if (this.entries.get(key) === fresh) this.entries.delete(key);
        throw err;
      },
    );
    fresh.pending = pending;
    this.entries.delete(key);
    this.entries.set(key, fresh);
    this.evict();
    return pending;
  }

  /** Drops every stored answer (after a decision, so the next view shows it at once). */
  clear(): void {
    this.entries.clear();
  }

  stats(): CacheStats {
    return { ...this.counters, size: this.entries.size };
  }

  private evict(): void {
    // Map keeps insertion order, and every load re-inserts its key: the first keys are the oldest.
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries) break;
      if (!entry.pending) this.entries.delete(key);
    }
  }
}
