/**
 * Where the local agent keeps each thread's facts between turns. The bot core can pass a warehouse-backed
 * store so any replica continues any thread; the in-memory default serves a single process and tests.
 */
import type { ThreadRef } from '../../../bot/core/contracts.js';
import type { ThreadState } from './facts.js';

export interface ThreadStateStore {
  get(threadKey: string): Promise<ThreadState | undefined>;
  set(threadKey: string, state: ThreadState): Promise<void>;
  delete(threadKey: string): Promise<void>;
}

export function threadKey(thread: ThreadRef): string {
  return `${thread.channel}:${thread.id}`;
}

/**
 * Stores JSON text rather than objects, so it behaves like the warehouse-backed store would: callers never
 * share mutable state, and anything that would not survive serialisation fails here first.
 */
export class InMemoryThreadStateStore implements ThreadStateStore {
  readonly #states = new Map<string, string>();

  async get(key: string): Promise<ThreadState | undefined> {
    const raw = this.#states.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as ThreadState);
  }

  async set(key: string, state: ThreadState): Promise<void> {
    this.#states.set(key, JSON.stringify(state));
  }

  async delete(key: string): Promise<void> {
    this.#states.delete(key);
  }

  get size(): number {
    return this.#states.size;
  }
}
