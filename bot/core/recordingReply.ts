/** A ReplyTarget that keeps a conversation's messages in memory (the CLI, tests). Updates replace in place. */
import type { MessageHandle, ReplyTarget } from './api.js';
import type { UserRef } from './contracts.js';
import type { BotMessage } from './messages.js';

export interface RecordedMessage {
  id: string;
  message: BotMessage;
  /** Set for private notes. */
  to?: UserRef;
}

export class RecordingReply implements ReplyTarget {
  readonly messages: RecordedMessage[] = [];
  private next = 1;

  constructor(private readonly onChange?: (m: RecordedMessage) => void) {}

  async post(message: BotMessage): Promise<MessageHandle> {
    const entry = { id: `m${this.next++}`, message };
    this.messages.push(entry);
    this.onChange?.(entry);
    return { id: entry.id };
  }

  async update(handle: MessageHandle, message: BotMessage): Promise<void> {
    const entry = this.messages.find((m) => m.id === handle.id);
    if (!entry) throw new Error(`no message ${handle.id} to update`);
    entry.message = message;
    this.onChange?.(entry);
  }

  async notifyUser(user: UserRef, message: BotMessage): Promise<void> {
    const entry = { id: `m${this.next++}`, message, to: user };
    this.messages.push(entry);
    this.onChange?.(entry);
  }
}
