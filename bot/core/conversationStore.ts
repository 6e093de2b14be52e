/**
 * Platform thread ↔ agent thread, kept in the warehouse so any replica can serve any event. A small in-memory
 * cache sits in front; the warehouse stays the truth.
 */
import type { ThreadRef, Warehouse } from './contracts.js';
import { parseVariant } from './tracker.js';

export interface ConversationState {
  agentThreadId?: string;
  agentMessageId?: string;
  /** Free JSON the core keeps per thread (the open plan, the local agent's facts). */
  state: Record<string, unknown>;
}

/**
 * Explicit bounds of the in-memory caches (the warehouse stays the truth): conversations recently active, each
 * holding its open plan and the agent's facts (about 10 kB on the heap, so 256 of them are ~2.5 MB; a thousand
 * kept ~10 MB after 1,000 conversations, docs/performance.md#memory), and platform event ids recently claimed (tens
 * of bytes each). A conversation older than the cache is read again from the warehouse, one point lookup.
 */
export const CONVERSATION_CACHE_ENTRIES = 256;
export const EVENT_KEYS_REMEMBERED = 5_000;

export class ConversationStore {
  private readonly cache = new Map<string, ConversationState>();

  constructor(
    private readonly warehouse: Warehouse,
    private readonly table: string,
  ) {}

  private key(thread: ThreadRef): string {
    return `${thread.channel}\u0000${thread.id}`;
  }

  async get(thread: ThreadRef): Promise<ConversationState | null> {
    const cached = this.cache.get(this.key(thread));
    if (cached) return cached;
    const rows = await this.warehouse.query<Record<string, unknown>>(
      `SELECT AGENT_THREAD_ID, AGENT_MESSAGE_ID, STATE FROM ${this.table} WHERE CHANNEL = ? AND THREAD_REF = ?`,
      [thread.channel, thread.id],
    );
    const row = rows[0];
    if (!row) return null;
    const state = parseVariant(row.STATE);
    const value: ConversationState = {
      agentThreadId: (row.AGENT_THREAD_ID as string | null) ?? undefined,
      agentMessageId: (row.AGENT_MESSAGE_ID as string | null) ?? undefined,
      state: state && typeof state === 'object' ? (state as Record<string, unknown>) : {},
    };
    this.remember(thread, value);
    return value;
  }

  async save(thread: ThreadRef, value: ConversationState): Promise<void> {
    await this.warehouse.execute(
      `MERGE INTO ${this.table} AS T USING (SELECT ? AS CHANNEL, ? AS THREAD_REF, ? AS AGENT_THREAD_ID, ? AS AGENT_MESSAGE_ID, PARSE_JSON(?) AS STATE) AS S
ON T.CHANNEL = S.CHANNEL AND T.THREAD_REF = S.THREAD_REF
WHEN MATCHED THEN UPDATE SET AGENT_THREAD_ID = S.AGENT_THREAD_ID, AGENT_MESSAGE_ID = S.AGENT_MESSAGE_ID, STATE = S.STATE, UPDATED_AT = CURRENT_TIMESTAMP()
WHEN NOT MATCHED THEN INSERT (CHANNEL, THREAD_REF, AGENT_THREAD_ID, AGENT_MESSAGE_ID, STATE, UPDATED_AT) VALUES (S.CHANNEL, S.THREAD_REF, S.AGENT_THREAD_ID, S.AGENT_MESSAGE_ID, S.STATE, CURRENT_TIMESTAMP())`,
      [
        thread.channel,
        thread.id,
        value.agentThreadId ?? null,
        value.agentMessageId ?? null,
        JSON.stringify(value.state),
      ],
    );
    this.remember(thread, value);
  }

  private remember(thread: ThreadRef, value: ConversationState): void {
    const key = this.key(thread);
    this.cache.delete(key);
    this.cache.set(key, value);
    if (this.cache.size > CONVERSATION_CACHE_ENTRIES)
      this.cache.delete(this.cache.keys().next().value as string);
  }
}

/** Platform event ids already handled (Slack retries, Teams duplicates), shared by every replica. */
export class EventLog {
  private readonly recent = new Set<string>();

  constructor(
    private readonly warehouse: Warehouse,
    private readonly table: string,
  ) {}

  async claim(key: string): Promise<boolean> {
    if (this.recent.has(key)) return false;
    this.recent.add(key);
    if (this.recent.size > EVENT_KEYS_REMEMBERED)
      this.recent.delete(this.recent.values().next().value as string);
    const { rowsAffected } = await this.warehouse.execute(
      `MERGE INTO ${this.table} AS T USING (SELECT ? AS EVENT_KEY) AS S ON T.EVENT_KEY = S.EVENT_KEY
WHEN NOT MATCHED THEN INSERT (EVENT_KEY, SEEN_AT) VALUES (S.EVENT_KEY, CURRENT_TIMESTAMP())`,
      [key],
    );
    return rowsAffected === 1;
  }
}

/**
 * A key → JSON store in the conversations table (channel `agent-state`), for agents that keep their own per-thread
 * facts (the local agent). Same table, so any replica continues any thread.
 */
export class WarehouseKeyValueStore<T> {
  constructor(
    private readonly warehouse: Warehouse,
    private readonly table: string,
    private readonly channel = 'agent-state',
  ) {}

  async get(key: string): Promise<T | undefined> {
    const rows = await this.warehouse.query<{ STATE: unknown }>(
      `SELECT STATE FROM ${this.table} WHERE CHANNEL = ? AND THREAD_REF = ?`,
      [this.channel, key],
    );
    const v = rows[0] ? parseVariant(rows[0].STATE) : undefined;
    return v === undefined || v === null ? undefined : (v as T);
  }

  async set(key: string, value: T): Promise<void> {
    await this.warehouse.execute(
      `MERGE INTO ${this.table} AS T USING (SELECT ? AS CHANNEL, ? AS THREAD_REF, PARSE_JSON(?) AS STATE) AS S
ON T.CHANNEL = S.CHANNEL AND T.THREAD_REF = S.THREAD_REF
WHEN MATCHED THEN UPDATE SET STATE = S.STATE, UPDATED_AT = CURRENT_TIMESTAMP()
WHEN NOT MATCHED THEN INSERT (CHANNEL, THREAD_REF, STATE, UPDATED_AT) VALUES (S.CHANNEL, S.THREAD_REF, S.STATE, CURRENT_TIMESTAMP())`,
      [this.channel, key, JSON.stringify(value)],
    );
  }

  async delete(key: string): Promise<void> {
    await this.warehouse.execute(`DELETE FROM ${this.table} WHERE CHANNEL = ? AND THREAD_REF = ?`, [
      this.channel,
      key,
    ]);
  }
}
