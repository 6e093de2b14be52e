/**
 * One run's cancellation: the caller's AbortSignal, the overall budget and the idle timeout all end the
 * same fetch, and the first reason wins so the run reports why it stopped.
 */
import type { AgentEvent } from '../../bot/core/contracts.js';

export type StopReason = 'aborted' | 'overall_timeout' | 'idle_timeout';

export class RunControl {
  private readonly controller = new AbortController();
  private reasonValue: StopReason | undefined;
  private readonly overallTimer: NodeJS.Timeout;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly onUserAbort = () => this.stop('aborted');

  constructor(
    private readonly user: AbortSignal,
    private readonly overallMs: number,
    private readonly idleMs: number,
  ) {
    this.overallTimer = setTimeout(() => this.stop('overall_timeout'), overallMs);
    if (user.aborted) this.stop('aborted');
    else user.addEventListener('abort', this.onUserAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get reason(): StopReason | undefined {
    return this.reasonValue;
  }

  /** Something arrived (or we start waiting for the server): restart the idle clock. */
  touch(): void {
    if (this.reasonValue) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stop('idle_timeout'), this.idleMs);
  }

  /** While we wait on ourselves (backoff) or on the consumer, server silence is not idleness. */
  pauseIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  stop(reason: StopReason): void {
    if (this.reasonValue) return;
    this.reasonValue = reason;
    this.controller.abort(new Error(reason));
  }

  dispose(): void {
    clearTimeout(this.overallTimer);
    clearTimeout(this.idleTimer);
    this.user.removeEventListener('abort', this.onUserAbort);
    if (!this.controller.signal.aborted) this.controller.abort(new Error('run finished'));
  }

  /** The error event for the reason the run was stopped. */
  errorEvent(): AgentEvent {
    switch (this.reasonValue) {
      case 'overall_timeout':
        return {
          type: 'error',
          code: 'timeout',
          message: `The Cortex agent did not finish within ${seconds(this.overallMs)} (its run budget); the run was stopped.`,
          retryable: true,
        };
      case 'idle_timeout':
        return {
          type: 'error',
          code: 'idle_timeout',
          message: `The Cortex agent sent nothing for ${seconds(this.idleMs)}; the run was stopped.`,
          retryable: true,
        };
      default:
        return { type: 'error', code: 'aborted', message: 'The run was cancelled.', retryable: false };
    }
  }
}

function seconds(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** setTimeout as a promise that rejects as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
