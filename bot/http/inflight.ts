/**
 * Counts the requests a server is answering, so background work can let the receiver go first: a burst of Slack
 * events is acknowledged before the turns it started compete with it for the one event loop.
 *
 * "Idle" means no request is being answered and none has started for a quiet period. A burst from another machine
 * arrives as a trickle: each request is answered before the next one is read, so the count alone touches zero after
 * almost every request and released the burst's turns in the middle of it (docs/performance.md#the-receivers-quiet-period).
 */
import type { NextFunction, Request, Response } from 'express';

/**
 * How long no request may have started before the receiver counts as idle. Requests of a burst arrive 0.5–2 ms apart
 * here, with the odd gap of 5–15 ms when the sender stalls; every quiet period also delays each reply by as much.
 * 5, 10 and 20 ms were measured (docs/performance.md#the-receivers-quiet-period).
 */
export const RECEIVER_QUIET_MS = 10;

export class InflightRequests {
  private count = 0;
  private lastStartedAt = Number.NEGATIVE_INFINITY;
  private readonly idleWaiters = new Set<() => void>();
  private quietTimer: NodeJS.Timeout | undefined;

  constructor(private readonly quietMs = RECEIVER_QUIET_MS) {}

  /** Express middleware; mount it first. A response counts until it is finished or its connection closed. */
  readonly middleware = (_req: Request, res: Response, next: NextFunction): void => {
    this.count++;
    this.lastStartedAt = performance.now();
    res.once('close', () => {
      this.count--;
      this.wakeWhenQuiet();
    });
    next();
  };

  get current(): number {
    return this.count;
  }

  /**
   * Resolves once the receiver is idle (after letting requests already on their way in be read), or after
   * `maxWaitMs` however busy the server is: background work is delayed a little, never starved.
   */
  async whenIdle(maxWaitMs: number): Promise<void> {
    await new Promise<void>((r) => setImmediate(r));
    if (this.untilQuietMs() === 0) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.idleWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      this.idleWaiters.add(done);
      this.wakeWhenQuiet();
    });
  }

  /** 0 when idle now; Infinity while a request is being answered. */
  private untilQuietMs(): number {
    if (this.count > 0) return Number.POSITIVE_INFINITY;
    return Math.max(0, this.lastStartedAt + this.quietMs - performance.now());
  }

  /** One timer for all waiters; a request starting meanwhile pushes the moment back, its close re-arms it. */
  private wakeWhenQuiet(): void {
    if (this.idleWaiters.size === 0 || this.quietTimer) return;
    const wait = this.untilQuietMs();
    if (wait === Number.POSITIVE_INFINITY) return;
    if (wait === 0) {
      for (const w of [...this.idleWaiters]) w();
      return;
    }
    this.quietTimer = setTimeout(() => {
      this.quietTimer = undefined;
      this.wakeWhenQuiet();
    }, Math.ceil(wait));
  }
}
