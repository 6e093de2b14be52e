/**
 * Where the core's messages go in one Teams conversation. While the incoming turn is still open, posts use
 * its TurnContext (a reply to the user's message); afterwards — the agent ran past the in-turn budget, or an
 * approval's execution finished minutes later — they go through `continueConversationAsync` with the
 * ConversationReference kept from that turn. In a channel the reference's conversation id carries
 * `;messageid=<root>`, so later posts land in the same thread.
 */
import type { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { MessageHandle, ReplyTarget, TurnSurface } from '../../bot/core/api.js';
import { principalOf, type UserRef } from '../../bot/core/contracts.js';
import { type BotMessage, fallbackText } from '../../bot/core/messages.js';
import type { Logger } from '../../bot/log/logger.js';
import type { People } from './people.js';
import { TeamsStream } from './turn.js';

export interface ReplyDeps {
  adapter: CloudAdapter;
  appId: string;
  logger: Logger;
  people: People;
  render(message: BotMessage): Promise<Partial<Activity>>;
  /** Minimum time between two stream updates in a one-to-one chat. */
  streamIntervalMs: number;
}

export class TeamsReplyTarget implements ReplyTarget {
  private live: TurnContext | undefined;
  private readonly inTurn = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: ReplyDeps,
    private readonly reference: Partial<ConversationReference>,
    live?: TurnContext,
  ) {
    this.live = live;
  }

  /** Called before the turn returns: later writes go proactive; writes already on the turn are awaited. */
  async endTurn(): Promise<void> {
    this.live = undefined;
    await Promise.allSettled([...this.inTurn]);
  }

  /** One-to-one chats stream the answer (turn.ts); elsewhere the core's progress card is used. */
  startTurn(): TurnSurface | undefined {
    if (this.reference.conversation?.conversationType !== 'personal') return undefined;
    return new TeamsStream({
      send: async (activity) => (await this.withContext((ctx) => ctx.sendActivity(activity)))?.id,
      post: async (message) => {
        await this.post(message);
      },
      render: this.deps.render,
      logger: this.deps.logger,
      intervalMs: this.deps.streamIntervalMs,
    });
  }

  async post(message: BotMessage): Promise<MessageHandle> {
    const activity = await this.deps.render(message);
    const sent = await this.withContext((ctx) => ctx.sendActivity(activity));
    if (!sent?.id) throw new Error('Teams did not return an id for the posted message');
    return { id: sent.id };
  }

  async update(handle: MessageHandle, message: BotMessage): Promise<void> {
    const activity = await this.deps.render(message);
    await this.withContext((ctx) => ctx.updateActivity({ ...activity, id: handle.id }));
  }

  /**
   * Teams has no per-user message in a shared conversation, so the note is posted to the conversation and
   * @mentions the person when their account id is known.
   */
  async notifyUser(user: UserRef, message: BotMessage): Promise<void> {
    const mri = this.deps.people.mriOf(principalOf(user));
    const body = fallbackText(message);
    if (!mri) {
      await this.withContext((ctx) =>
        ctx.sendActivity({ type: 'message', text: `${user.name ?? 'Note'}: ${body}` }),
      );
      return;
    }
    const tag = `<at>${escapeXml(user.name ?? 'you')}</at>`;
    await this.withContext((ctx) =>
      ctx.sendActivity({
        type: 'message',
        text: `${tag} ${body}`,
        entities: [{ type: 'mention', text: tag, mentioned: { id: mri, name: user.name ?? '' } }],
      }),
    );
  }

  async typing(): Promise<void> {
    await this.withContext((ctx) => ctx.sendActivity({ type: 'typing' }));
  }

  private async withContext<T>(work: (ctx: TurnContext) => Promise<T>): Promise<T> {
    const live = this.live;
    if (live) {
      const p = work(live);
      this.inTurn.add(p);
      try {
        return await p;
      } finally {
        this.inTurn.delete(p);
      }
    }
    let out: T | undefined;
    await this.deps.adapter.continueConversationAsync(this.deps.appId, this.reference, async (ctx) => {
      out = await work(ctx);
    });
    return out as T;
  }
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
