/**
 * Counts the requests a server is answering, so background work can let the receiver go first: a burst of Slack
 * events is acknowledged before the turns it started compete with it for the one event loop.
 */
import type { NextFunction, Request, Response } from 'express';

export class InflightRequests {
  private count = 0;
  private readonly idleWaiters = new Set<() => void>();

  /** Express middleware; mount it first. A response counts until it is finished or its connection closed. */
  readonly middleware = (_req: Request, res: Response, next: NextFunction): void => {
    this.count++;
    res.once('close', () => {
      this.count--;
      if (this.count === 0) for (const w of [...this.idleWaiters]) w();
    });
    next();
  };

  get current(): number {
    return this.count;
  }

  /**
   * Resolves once no request is being answered (after letting requests already on their way in be read), or after
   * `maxWaitMs` however busy the server is: background work is delayed a little, never starved.
   */
  async whenIdle(maxWaitMs: number): Promise<void> {
    await new Promise<void>((r) => setImmediate(r));
    if (this.count === 0) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.idleWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      this.idleWaiters.add(done);
    });
  }
}
