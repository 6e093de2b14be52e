/**
 * A message updated in place at most once per interval (Slack allows about one update a second); the last
 * state is always written, so a throttled update is delayed, never lost.
 */
import type { MessageHandle, ReplyTarget } from './api.js';
import type { BotMessage } from './messages.js';

export class ProgressMessage {
  private handle: MessageHandle | undefined;
  private lastWrite = 0;
  private pending: BotMessage | undefined;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly reply: ReplyTarget,
    private readonly intervalMs = 1_000,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  /** Posts the message the first time, then updates it (throttled). */
  show(message: BotMessage): void {
    if (!this.handle && this.lastWrite === 0) {
      this.lastWrite = Date.now();
      this.enqueue(async () => {
        this.handle = await this.reply.post(message);
      });
      return;
    }
    this.pending = message;
    const wait = this.lastWrite + this.intervalMs - Date.now();
    if (wait <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), wait);
  }

  /** Writes `message` now (after any write in flight) and stops further updates. */
  async finish(message: BotMessage): Promise<MessageHandle | undefined> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
    this.enqueue(async () => {
      if (this.handle) await this.reply.update(this.handle, message);
      else this.handle = await this.reply.post(message);
    });
    await this.chain;
    return this.handle;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const message = this.pending;
    if (!message) return;
    this.pending = undefined;
    this.lastWrite = Date.now();
    this.enqueue(async () => {
      if (this.handle) await this.reply.update(this.handle, message);
    });
  }

  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain.then(work).catch(this.onError);
  }
}
