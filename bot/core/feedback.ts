/**
 * Ratings of the agent's answers, kept with the conversation: the conversations table under channel `feedback`,
 * keyed by the thread, so any replica records and reads them and they never race the turn's own state.
 */
import { z } from 'zod';
import type { FeedbackEntry, FeedbackRequest } from './api.js';
import { principalOf, type ThreadRef, type Warehouse } from './contracts.js';
import { WarehouseKeyValueStore } from './conversationStore.js';

/** Enough for any real thread; the oldest ratings go first beyond it. */
const MAX_ENTRIES = 200;

const entriesSchema = z.array(
  z.object({
    by: z.string(),
    rating: z.enum(['up', 'down']),
    at: z.string(),
    messageId: z.string().optional(),
  }),
);

export class FeedbackStore {
  private readonly store: WarehouseKeyValueStore<FeedbackEntry[]>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(warehouse: Warehouse, table: string) {
    this.store = new WarehouseKeyValueStore<FeedbackEntry[]>(warehouse, table, 'feedback');
  }

  private key(thread: ThreadRef): string {
    return `${thread.channel}:${thread.id}`;
  }

  async list(thread: ThreadRef): Promise<FeedbackEntry[]> {
    const parsed = entriesSchema.safeParse((await this.store.get(this.key(thread))) ?? []);
    return parsed.success ? parsed.data : [];
  }

  /** Read-modify-write, one at a time in this process (two quick clicks must not lose one). */
  record(req: FeedbackRequest, now = new Date()): Promise<void> {
    const run = this.queue.then(async () => {
      const by = principalOf(req.user);
      const entries = (await this.list(req.thread)).filter(
        (e) => !(e.by === by && (e.messageId ?? '') === (req.messageId ?? '')),
      );
      entries.push({
        by,
        rating: req.rating,
        at: now.toISOString(),
        ...(req.messageId ? { messageId: req.messageId } : {}),
      });
      await this.store.set(this.key(req.thread), entries.slice(-MAX_ENTRIES));
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
