/**
 * At most one write per interval per key, and the last state always written. Progress updates arrive much faster
 * than `chat.update` allows (Tier 3, shared by the whole workspace); intermediate states can be dropped, the final
 * one never.
 */
export class UpdateThrottle<T> {
  private readonly slots = new Map<
    string,
    {
      lastAt: number;
      pending?: T;
      timer?: NodeJS.Timeout;
      waiters: { resolve: () => void; reject: (e: unknown) => void }[];
      writing?: Promise<void>;
    }
  >();

  constructor(
    private readonly intervalMs: number,
    private readonly write: (key: string, value: T) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves once `value`, or a newer value for the same key, has been written. */
  submit(key: string, value: T): Promise<void> {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { lastAt: Number.NEGATIVE_INFINITY, waiters: [] };
      this.slots.set(key, slot);
    }
    slot.pending = value;
    const done = new Promise<void>((resolve, reject) => slot.waiters.push({ resolve, reject }));
    this.schedule(key);
    return done;
  }

  private schedule(key: string): void {
    const slot = this.slots.get(key);
    if (!slot || slot.timer || slot.writing) return;
    const wait = Math.max(0, slot.lastAt + this.intervalMs - this.now());
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      void this.flush(key);
    }, wait);
  }

  private async flush(key: string): Promise<void> {
    const slot = this.slots.get(key);
    if (!slot || slot.pending === undefined) return;
    const value = slot.pending;
    const waiters = slot.waiters.splice(0);
    slot.pending = undefined;
    slot.lastAt = this.now();
    slot.writing = this.write(key, value).then(
      () => {
        for (const w of waiters) w.resolve();
      },
      (err) => {
        for (const w of waiters) w.reject(err);
      },
    );
    await slot.writing;
    slot.writing = undefined;
    if (slot.pending !== undefined) this.schedule(key);
    else if (slot.waiters.length === 0) this.maybeForget(key, slot.lastAt);
  }

  /** Keys are messages; forget a quiet one after its interval so the map does not grow forever. */
  private maybeForget(key: string, lastAt: number): void {
    setTimeout(() => {
      const slot = this.slots.get(key);
      if (slot && slot.lastAt === lastAt && slot.pending === undefined && !slot.timer && !slot.writing)
        this.slots.delete(key);
    }, this.intervalMs).unref();
  }
}
