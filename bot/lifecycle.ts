/**
 * Graceful shutdown: stop taking events, let running turns finish (or abort them) within the bound, then close
 * channels, agent streams and the warehouse in that order.
 */
import type { Logger } from './log/logger.js';

const SHUTDOWN_BOUND_MS = 10_000;

type Step = { name: string; run: () => Promise<void> | void };

export class Lifecycle {
  private readonly running = new Set<{ controller: AbortController; done: Promise<unknown> }>();
  private readonly stopIntake: Step[] = [];
  private readonly closers: Step[] = [];
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly boundMs = SHUTDOWN_BOUND_MS,
  ) {}

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  /** Runs `work` as a tracked unit (an agent turn, an execution); its signal aborts when shutdown runs out of patience. */
  track<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.stopping) return Promise.reject(new Error('shutting down: not accepting new work'));
    const controller = new AbortController();
    const done = work(controller.signal);
    const entry = { controller, done };
    this.running.add(entry);
    const forget = () => this.running.delete(entry);
    done.then(forget, forget);
    return done;
  }

  get runningCount(): number {
    return this.running.size;
  }

  /** Called first: stop accepting new events (HTTP intake, sockets). */
  onStopIntake(name: string, run: Step['run']): void {
    this.stopIntake.push({ name, run });
  }

  /** Called after running work settled, in registration order (register channels, then agent, then warehouse). */
  onClose(name: string, run: Step['run']): void {
    this.closers.push({ name, run });
  }

  shutdown(reason: string): Promise<void> {
    this.stopping ??= this.doShutdown(reason);
    return this.stopping;
  }

  private async doShutdown(reason: string): Promise<void> {
    const started = Date.now();
    const deadline = started + this.boundMs;
    this.logger.info({ reason, running: this.running.size }, 'shutting down');
    await this.runSteps(this.stopIntake, deadline);
    // Give running turns most of the bound, keeping time for the closers.
    const graceMs = Math.max(0, deadline - Date.now() - Math.min(2_000, this.boundMs / 4));
    const settled = Promise.allSettled([...this.running].map((r) => r.done));
    const finished = await Promise.race([settled.then(() => true), sleep(graceMs).then(() => false)]);
    if (!finished) {
      this.logger.warn({ running: this.running.size }, 'aborting running work');
      for (const r of this.running) r.controller.abort(new Error('shutting down'));
      await Promise.race([settled, sleep(Math.max(0, deadline - Date.now() - 500))]);
    }
    await this.runSteps(this.closers, deadline);
    this.logger.info({ ms: Date.now() - started }, 'shutdown complete');
  }

  private async runSteps(steps: Step[], deadline: number): Promise<void> {
    for (const step of steps) {
      const left = deadline - Date.now();
      if (left <= 0) {
        this.logger.warn({ step: step.name }, 'shutdown bound reached; skipping');
        continue;
      }
      try {
        await Promise.race([
          Promise.resolve().then(step.run),
          sleep(left).then(() => {
            throw new Error(`did not finish within ${left} ms`);
          }),
        ]);
      } catch (err) {
        this.logger.warn({ step: step.name, err }, 'shutdown step failed');
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
