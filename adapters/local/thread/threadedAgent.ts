/**
 * The local agent as the core sees it when it runs on the local thread: each turn is posted there, and its events
 * come back one by one, each checked against the AgentEvent schema. A cancelled turn is cancelled there too; a
 * thread that dies ends the turn with its error.
 */
import {
  type Agent,
  type AgentEvent,
  type AgentTurn,
  agentEventSchema,
} from '../../../bot/core/contracts.js';
import type { StreamListener, ThreadedLocalWarehouse } from './threadedWarehouse.js';

type Item = { kind: 'event'; event: AgentEvent } | { kind: 'end' } | { kind: 'fail'; error: Error };

export class ThreadedAgent implements Agent {
  constructor(private readonly thread: ThreadedLocalWarehouse) {}

  async *run(turn: AgentTurn): AsyncIterable<AgentEvent> {
    const items: Item[] = [];
    let wake: (() => void) | undefined;
    const push = (item: Item): void => {
      items.push(item);
      wake?.();
    };
    const listener: StreamListener = {
      event: (event) => {
        const parsed = agentEventSchema.safeParse(event);
        if (parsed.success) push({ kind: 'event', event: parsed.data });
        else push({ kind: 'fail', error: new Error('The local agent answered a malformed event.') });
      },
      end: () => push({ kind: 'end' }),
      fail: (error) => push({ kind: 'fail', error }),
    };
    const { thread, user, text, agentThreadId, agentMessageId } = turn;
    const id = this.thread.stream(
      {
        op: 'agentRun',
        turn: {
          thread,
          user,
          text,
          ...(agentThreadId === undefined ? {} : { agentThreadId }),
          ...(agentMessageId === undefined ? {} : { agentMessageId }),
        },
      },
      listener,
    );
    const onAbort = (): void => this.thread.abortTurn(id);
    if (turn.signal.aborted) onAbort();
    else turn.signal.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        const item = items.shift();
        if (!item) {
          await new Promise<void>((r) => {
            wake = r;
          });
          wake = undefined;
          continue;
        }
        if (item.kind === 'end') return;
        if (item.kind === 'fail') throw item.error;
        yield item.event;
      }
    } finally {
      turn.signal.removeEventListener('abort', onAbort);
    }
  }
}
