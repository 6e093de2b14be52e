/** What every Slack handler shares. */
import type { webApi } from '@slack/bolt';
import type { BotCore } from '../../bot/core/api.js';
import type { Logger } from '../../bot/log/logger.js';
import type { IdentityProbe } from './identity.js';
import type { SlackThread } from './refs.js';
import type { SlackReplyTarget, TurnContext } from './reply.js';
import type { ThreadMemory } from './threads.js';

export interface SlackContext {
  core: BotCore;
  logger: Logger;
  /** Web API client with the bot token, pointed at SLACK_API_URL. */
  web: webApi.WebClient;
  identity: IdentityProbe;
  threads: ThreadMemory;
  /** `turn` is set when the reply answers a person's message: that turn streams (SlackTurn). */
  replyFor(thread: SlackThread, turn?: TurnContext): SlackReplyTarget;
  /** Runs work after the ack; stop() waits for it. Errors are logged, never thrown into Bolt. */
  background(what: string, work: () => Promise<unknown>): void;
}
