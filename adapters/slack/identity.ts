/**
 * Who the bot is (auth.test), learned with a bounded timeout. Bolt would otherwise call auth.test itself at
 * construction and, with Slack unreachable, retry for half an hour; here a dead Slack shows up as a readiness
 * failure with the reason, and events simply wait for the next successful check.
 */
import { webApi } from '@slack/bolt';

export interface BotIdentity {
  botId: string;
  botUserId: string;
  teamId?: string;
}

const RECHECK_MS = 60_000;

export class IdentityProbe {
  private identity: BotIdentity | undefined;
  private checkedAt = 0;
  private lastError: string | undefined;
  private inflight: Promise<BotIdentity> | undefined;
  private readonly client: webApi.WebClient;

  constructor(
    token: string,
    slackApiUrl: string | undefined,
    private readonly timeoutMs: number,
    logger?: webApi.WebClientOptions['logger'],
  ) {
    this.client = new webApi.WebClient(token, {
      ...(slackApiUrl ? { slackApiUrl } : {}),
      ...(logger ? { logger } : {}),
      // A little longer than the race below, so the reported reason is ours and the socket is still released.
      timeout: timeoutMs + 500,
      retryConfig: { retries: 0 },
    });
  }

  get known(): BotIdentity | undefined {
    return this.identity;
  }

  get error(): string | undefined {
    return this.lastError;
  }

  /** The identity, asking Slack once more if it is unknown or `fresh` and the last check is old. */
  async get(opts: { fresh?: boolean } = {}): Promise<BotIdentity> {
    if (this.identity && !(opts.fresh && Date.now() - this.checkedAt > RECHECK_MS)) return this.identity;
    this.inflight ??= this.check().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async check(): Promise<BotIdentity> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const res = await Promise.race([
        this.client.auth.test(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${this.timeoutMs} ms`)),
            this.timeoutMs,
          );
        }),
      ]);
      if (!res.user_id || !res.bot_id)
        throw new Error('auth.test did not return a bot user (is SLACK_BOT_TOKEN a bot token?)');
      this.identity = {
        botId: res.bot_id,
        botUserId: res.user_id,
        ...(res.team_id ? { teamId: res.team_id } : {}),
      };
      this.checkedAt = Date.now();
      this.lastError = undefined;
      return this.identity;
    } catch (err) {
      const text = describe(err);
      this.lastError = /timed? ?out|aborted/i.test(text) ? `no answer within ${this.timeoutMs} ms` : text;
      throw new Error(`Slack auth.test failed: ${this.lastError}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Error text without request details (the token travels in headers, never in these messages). */
export function describe(err: unknown): string {
  if (err instanceof Error) {
    const data = (err as { data?: { error?: string } }).data;
    return data?.error ? `${err.message}` : err.message;
  }
  return String(err);
}
