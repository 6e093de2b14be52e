/**
 * The activity handler: messages go to the core, `adaptiveCard/action` invokes to the decisions ("Check again"
 * to the rechecks).
 *
 * A message is handed to the core at once and the turn waits for it only up to a budget: the Bot Framework
 * expects the HTTP answer within about 15 seconds and redelivers slow ones, while an agent run can take
 * longer. What the core posts after the budget goes through the kept ConversationReference. A typing
 * indicator is repeated while the core works.
 */
import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import type { BotCore } from '../../bot/core/api.js';
import type { Logger } from '../../bot/log/logger.js';
import {
  isChannelConversation,
  isThreadReply,
  mentionsBot,
  messageText,
  threadOf,
  userOf,
} from './activity.js';
import { VERB_RECHECK } from './cards/verification.js';
import type { Decisions } from './decisions.js';
import type { People } from './people.js';
import type { Rechecks } from './rechecks.js';
import type { TeamsReplyTarget } from './reply.js';

export interface BotDeps {
  core: BotCore;
  logger: Logger;
  people: People;
  decisions: Decisions;
  rechecks: Rechecks;
  replyFor(
    reference: ReturnType<typeof TurnContext.getConversationReference>,
    live?: TurnContext,
  ): TeamsReplyTarget;
  background(label: string, work: () => Promise<unknown>): Promise<unknown>;
  /** How long a message turn waits for the core before answering the HTTP request. */
  inTurnBudgetMs: number;
  typingIntervalMs: number;
}

const HINT =
  'Tell me where your files are and what they look like, e.g. "parquet files in s3://bucket/events/ with columns id, ts, amount".';

/** Channel threads this replica has been addressed in; replies there need no new @mention (RSC setups). */
const MAX_THREADS = 10_000;

export class DeaTeamsBot extends TeamsActivityHandler {
  private readonly threads = new Set<string>();

  constructor(private readonly deps: BotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.message(context);
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    if (value?.action?.verb === VERB_RECHECK) return this.deps.rechecks.handle(context, value);
    return this.deps.decisions.handle(context, value);
  }

  private async message(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const { core, logger, people } = this.deps;
    people.learn(activity);
    if (activity.value && !activity.text) {
      logger.debug('teams: card submit without text ignored (cards use Action.Execute)');
      return;
    }
    const thread = threadOf(activity);
    if (
      isChannelConversation(activity) &&
      !mentionsBot(activity) &&
      !(isThreadReply(activity) && this.threads.has(thread.id))
    ) {
      logger.debug({ conversation: thread.id }, 'teams: channel message not addressed to the bot ignored');
      return;
    }
    this.remember(thread.id);
    const reference = TurnContext.getConversationReference(activity);
    const reply = this.deps.replyFor(reference, context);
    const text = messageText(activity);
    const who = people.identify(activity);
    if (!who.ok) {
      logger.warn({ channelId: activity.channelId }, 'teams: message from an unverified identity refused');
      await context.sendActivity({ type: 'message', text: who.reason });
      return;
    }
    if (!text) {
      await context.sendActivity({ type: 'message', text: HINT });
      return;
    }
    const user = userOf(activity);
    // One-to-one chats stream the answer (informative updates replace the typing indicator); elsewhere the
    // indicator is repeated while the core works.
    const streams = activity.conversation?.conversationType === 'personal';
    if (!streams) await reply.typing().catch((err) => logger.warn({ err }, 'teams: typing indicator failed'));
    const work = this.deps.background('teams message', async () => {
      const typing = streams
        ? undefined
        : setInterval(() => void reply.typing().catch(() => undefined), this.deps.typingIntervalMs);
      try {
        await core.handleMessage(
          { thread, user, text, ...(activity.id ? { eventId: `teams:${activity.id}` } : {}) },
          reply,
        );
      } finally {
        clearInterval(typing);
      }
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      work,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.deps.inTurnBudgetMs);
      }),
    ]);
    clearTimeout(timer);
    await reply.endTurn();
  }

  private remember(threadId: string): void {
    this.threads.delete(threadId);
    this.threads.add(threadId);
    if (this.threads.size > MAX_THREADS) {
      const oldest = this.threads.values().next().value;
      if (oldest !== undefined) this.threads.delete(oldest);
    }
  }
}
