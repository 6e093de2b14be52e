/**
 * The local chat's threads, in memory: the page is a local-mode convenience on one process, and the tracker (not
 * this store) is the record of every plan. Bounded so a long-running local server does not grow without limit.
 */
import type { MessageHandle, ReplyTarget } from '../bot/core/api.js';
import { principalOf, type UserRef } from '../bot/core/contracts.js';
import type { BotMessage } from '../bot/core/messages.js';

export interface ChatMessage {
  id: string;
  /** Who wrote it: the bot, or the local principal (`local:alice`). */
  author: 'bot' | string;
  /** Set for a note only one principal should see (an unauthorized click, for example). */
  to?: string;
  /** Increases on each in-place update, so a poller re-renders only what changed. */
  rev: number;
  at: string;
  message: BotMessage;
}

export interface ChatThread {
  id: string;
  version: number;
  messages: ChatMessage[];
  touched: number;
}

export interface ChatStoreOptions {
  maxThreads?: number;
  maxMessages?: number;
  now?: () => number;
}

export class ChatStore {
  private readonly threads = new Map<string, ChatThread>();
  private readonly maxThreads: number;
  private readonly maxMessages: number;
  private readonly now: () => number;
  private seq = 0;

  constructor(opts: ChatStoreOptions = {}) {
    this.maxThreads = opts.maxThreads ?? 200;
    this.maxMessages = opts.maxMessages ?? 500;
    this.now = opts.now ?? Date.now;
  }

  get(id: string): ChatThread | undefined {
    return this.threads.get(id);
  }

  /** The thread's messages as `principal` may see them (private notes of others left out). */
  visible(id: string, principal: string | undefined): { version: number; messages: ChatMessage[] } {
    const thread = this.threads.get(id);
    if (!thread) return { version: 0, messages: [] };
    return { version: thread.version, messages: thread.messages.filter((m) => !m.to || m.to === principal) };
  }

  add(threadId: string, author: string, message: BotMessage, to?: string): ChatMessage {
    const thread = this.thread(threadId);
    const entry: ChatMessage = {
      id: `m${++this.seq}`,
      author,
      rev: 1,
      at: new Date(this.now()).toISOString(),
      message,
    };
    if (to) entry.to = to;
    thread.messages.push(entry);
    if (thread.messages.length > this.maxMessages)
      thread.messages.splice(0, thread.messages.length - this.maxMessages);
    thread.version++;
    return entry;
  }

  update(threadId: string, id: string, message: BotMessage): boolean {
    const thread = this.threads.get(threadId);
    const entry = thread?.messages.find((m) => m.id === id);
    if (!thread || !entry) return false;
    entry.message = message;
    entry.rev++;
    thread.version++;
    thread.touched = this.now();
    return true;
  }

  /** The message holding a pipeline's plan card (to show the decision on it). */
  findPlan(threadId: string, pipelineId: string): ChatMessage | undefined {
    return this.threads
      .get(threadId)
      ?.messages.findLast((m) => m.message.kind === 'plan' && m.message.plan.pipelineId === pipelineId);
  }

  /** The ReplyTarget the core answers this thread through. */
  replyTarget(threadId: string): ReplyTarget {
    return {
      post: async (message: BotMessage): Promise<MessageHandle> => ({
        id: this.add(threadId, 'bot', message).id,
      }),
      update: async (handle: MessageHandle, message: BotMessage): Promise<void> => {
        // A message trimmed away by the bound is posted again rather than lost.
        if (!this.update(threadId, handle.id, message)) this.add(threadId, 'bot', message);
      },
      notifyUser: async (user: UserRef, message: BotMessage): Promise<void> => {
        this.add(threadId, 'bot', message, principalOf(user));
      },
    };
  }

  private thread(id: string): ChatThread {
    let thread = this.threads.get(id);
    if (!thread) {
      thread = { id, version: 0, messages: [], touched: this.now() };
      this.threads.set(id, thread);
      if (this.threads.size > this.maxThreads) {
        const oldest = [...this.threads.values()].sort((a, b) => a.touched - b.touched)[0];
        if (oldest && oldest.id !== id) this.threads.delete(oldest.id);
      }
    }
    thread.touched = this.now();
    return thread;
  }
}
