/**
 * Which threads are conversations with the bot. A thread is "ours" when the bot has posted in it. The answer is
 * kept in a bounded in-memory cache filled whenever this process posts; on a miss (a restart, or another replica
 * posted: Socket Mode spreads events over connections) one `conversations.replies` call checks whether the bot
 * wrote in the thread, and the answer is cached too. Every thread message in every channel the bot is in would
 * otherwise need a look-up, so misses are cached negatively for a while.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../bot/log/logger.js';
import type { SlackThread } from './refs.js';

const MAX_ENTRIES = 10_000;
const NEGATIVE_TTL_MS = 60_000;

export class ThreadMemory {
  private readonly known = new Map<string, { ours: boolean; at: number }>();

  constructor(
    private readonly web: webApi.WebClient,
    private readonly logger: Logger,
    private readonly botUserId: () => string | undefined,
  ) {}

  remember(t: SlackThread): void {
    this.set(key(t), true);
  }

  async isOurs(t: SlackThread): Promise<boolean> {
    const k = key(t);
    const hit = this.known.get(k);
    if (hit && (hit.ours || Date.now() - hit.at < NEGATIVE_TTL_MS)) return hit.ours;
    const bot = this.botUserId();
    if (!bot) return false;
    try {
      const res = await this.web.conversations.replies({ channel: t.channel, ts: t.ts, limit: 200 });
      const ours = (res.messages ?? []).some((m) => m.user === bot);
      this.set(k, ours);
      return ours;
    } catch (err) {
      this.logger.warn(
        { err, channel: t.channel },
        'slack: could not check whether a thread is a conversation',
      );
      return false;
    }
  }

  private set(k: string, ours: boolean): void {
    this.known.delete(k);
    this.known.set(k, { ours, at: Date.now() });
    if (this.known.size > MAX_ENTRIES) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
  }
}

function key(t: SlackThread): string {
  return `${t.team}:${t.channel}:${t.ts}`;
}
