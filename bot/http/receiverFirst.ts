/**
 * The core as the chat channels see it: the work an incoming event starts (its duplicate check, then its turn)
 * waits once until the HTTP receiver is idle (`InflightRequests`: nothing answered, nothing started for a quiet
 * period), at most `maxWaitMs`. Bolt and the Bot Framework
 * acknowledge before that work runs; this keeps the work of earlier events from delaying later acknowledgements in
 * a burst. Everything else passes straight through.
 */
import type { BotCore } from '../core/api.js';

export interface ReceiverGate {
  whenIdle(maxWaitMs: number): Promise<void>;
}

/**
 * Longer than a burst takes to arrive: 200 events at once trickle in over 150–250 ms on a 2-core machine, and work
 * released halfway through delays the rest of the burst's acknowledgements (docs/performance.md).
 */
const RECEIVER_FIRST_MAX_WAIT_MS = 500;

export function receiverFirst(
  core: BotCore,
  gate: ReceiverGate,
  maxWaitMs = RECEIVER_FIRST_MAX_WAIT_MS,
): BotCore {
  const after = async <T>(work: () => Promise<T>): Promise<T> => {
    await gate.whenIdle(maxWaitMs);
    return work();
  };
  return new Proxy(core, {
    get(target, prop, receiver) {
      if (prop === 'claimEvent') return (key: string) => after(() => target.claimEvent(key));
      // One wait per event: a message whose duplicate check already waited (Slack claims it first) goes on at once;
      // one that carries its event id (its check runs inside) waits here instead.
      if (prop === 'handleMessage')
        return (...args: Parameters<BotCore['handleMessage']>) =>
          args[0].eventId ? after(() => target.handleMessage(...args)) : target.handleMessage(...args);
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
