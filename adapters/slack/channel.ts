/**
 * The Slack channel: a Bolt 5 app in Socket Mode (app token set) or HTTP mode (an ExpressReceiver mounted on the
 * process's one Express app at /slack/events, signatures checked by Bolt with its 5-minute window).
 *
 * Bolt never calls auth.test here: an `authorize` function hands it the identity learned by `IdentityProbe`
 * with a bounded timeout, so a dead Slack makes readiness fail with a reason instead of hanging startup.
 */
import { App, ExpressReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Express } from 'express';
import type { BotCore } from '../../bot/core/api.js';
import type { Logger } from '../../bot/log/logger.js';
import { registerAssistant } from './assistant.js';
import { boltLogger } from './boltLogger.js';
import { registerCommands } from './commands.js';
import type { SlackContext } from './context.js';
import { registerDecisions } from './decisions.js';
import { registerEvents } from './events.js';
import { refuseFutureRequests } from './freshness.js';
import { GroupMembers } from './groups.js';
import { describe, IdentityProbe } from './identity.js';
import { registerRechecks } from './rechecks.js';
import type { SlackThread } from './refs.js';
import { SlackReplyTarget, type SlackUpdate, type TurnContext, updateWriter } from './reply.js';
import { ThreadMemory } from './threads.js';
import { UpdateThrottle } from './throttle.js';

export interface SlackSettings {
  mode: 'socket' | 'http';
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  /** Web API base, `https://slack.com/api/` by default (SLACK_API_URL). */
  apiUrl?: string;
  /** Retries of failed Web API calls (429s included); tests use 0. Default: @slack/web-api's own policy. */
  retries?: number;
  /** Bound on auth.test at startup and in readiness checks. */
  authTimeoutMs?: number;
  /** Minimum time between two chat.update calls on one message. */
  updateIntervalMs?: number;
}

export interface SlackChannelOptions {
  settings: SlackSettings;
  core: BotCore;
  logger: Logger;
  /** The process's Express app (HTTP mode mounts /slack/events on it). */
  app?: Express;
}

export interface SlackChannel {
  start(): Promise<void>;
  stop(): Promise<void>;
  readiness(): Promise<{ ok: boolean; reason?: string }>;
  /**
   * Resolves once the background work of every event acknowledged so far has finished, work those events started
   * meanwhile included. The core's queue is separate: a turn handed to it may still be running (`core.idle()`).
   */
  idle(): Promise<void>;
  groups: { membersOf(principal: string): Promise<string[]> };
}

const SLACK_EVENTS_PATH = '/slack/events';
const STOP_DRAIN_MS = 10_000;

export function createSlackChannel(opts: SlackChannelOptions): SlackChannel {
  const { settings, core } = opts;
  const logger = opts.logger.child({ channel: 'slack', mode: settings.mode });
  const slackApiUrl = settings.apiUrl;
  const clientOptions: webApi.WebClientOptions = {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    ...(settings.retries !== undefined ? { retryConfig: { retries: settings.retries } } : {}),
    logger: boltLogger(logger),
  };
  const web = new webApi.WebClient(settings.botToken, clientOptions);
  const identity = new IdentityProbe(
    settings.botToken,
    slackApiUrl,
    settings.authTimeoutMs ?? 2_500,
    boltLogger(logger),
  );
  const throttle = new UpdateThrottle<SlackUpdate>(settings.updateIntervalMs ?? 1_000, updateWriter(web));
  const threads = new ThreadMemory(web, logger, () => identity.known?.botUserId);
  const groups = new GroupMembers(web);
  const inflight = new Set<Promise<unknown>>();

  const ctx: SlackContext = {
    core,
    logger,
    web,
    identity,
    threads,
    replyFor: (thread: SlackThread, turn?: TurnContext) =>
      new SlackReplyTarget(
        thread,
        {
          web,
          logger,
          throttle,
          onPosted: (t) => threads.remember(t),
          intervalMs: settings.updateIntervalMs ?? 1_000,
        },
        turn,
      ),
    background(what, work) {
      // setImmediate: the ack's HTTP response is written before any of the work starts.
      const p = new Promise<void>((resolve) => setImmediate(resolve))
        .then(work)
        .catch((err) => logger.error({ err, what }, 'slack: background work failed'))
        .finally(() => inflight.delete(p));
      inflight.add(p);
    },
  };

  let socket: SocketModeReceiver | undefined;
  let receiver: ExpressReceiver | SocketModeReceiver;
  if (settings.mode === 'socket') {
    if (!settings.appToken) throw new Error('Slack Socket Mode needs SLACK_APP_TOKEN');
    socket = new SocketModeReceiver({
      appToken: settings.appToken,
      logger: boltLogger(logger),
      installerOptions: {
        clientOptions: { ...(slackApiUrl ? { slackApiUrl } : {}), retryConfig: { retries: 0 } },
      },
    });
    receiver = socket;
  } else {
    if (!settings.signingSecret) throw new Error('Slack HTTP mode needs SLACK_SIGNING_SECRET');
    if (!opts.app) throw new Error('Slack HTTP mode needs the shared Express app');
    opts.app.post(SLACK_EVENTS_PATH, refuseFutureRequests());
    receiver = new ExpressReceiver({
      signingSecret: settings.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      app: opts.app,
      logger: boltLogger(logger),
      processBeforeResponse: false,
    });
  }

  const bolt = new App({
    receiver,
    authorize: async () => {
      const id = await identity.get();
      return {
        botToken: settings.botToken,
        botId: id.botId,
        botUserId: id.botUserId,
        ...(id.teamId ? { teamId: id.teamId } : {}),
      };
    },
    clientOptions,
    logger: boltLogger(logger),
    convoStore: false,
  });
  bolt.error(async (error) => {
    logger.error({ err: error }, 'slack: listener failed');
  });
  // Before the generic message listener: Bolt's assistant middleware claims assistant-thread messages only.
  registerAssistant(bolt, ctx);
  registerEvents(bolt, ctx);
  registerDecisions(bolt, ctx);
  registerRechecks(bolt, ctx);
  registerCommands(bolt, ctx);

  let connected = false;
  let connectError: string | undefined;
  let stopping = false;
  let retryTimer: NodeJS.Timeout | undefined;
  socket?.client.on('connected', () => {
    connected = true;
    connectError = undefined;
  });
  socket?.client.on('disconnected', () => {
    connected = false;
  });
  socket?.client.on('reconnecting', () => {
    connected = false;
  });

  /** Socket Mode start; a refused or unreachable apps.connections.open is retried with a growing delay. */
  const connect = async (attempt = 1): Promise<void> => {
    if (!socket || stopping) return;
    try {
      await bolt.start();
      logger.info('slack: Socket Mode connected');
    } catch (err) {
      connectError = describe(err);
      const delay = Math.min(60_000, 2_000 * 2 ** (attempt - 1));
      logger.warn({ err: connectError, retryInMs: delay }, 'slack: Socket Mode connection failed');
      if (!stopping) retryTimer = setTimeout(() => void connect(attempt + 1), delay);
    }
  };

  return {
    groups,
    async start() {
      try {
        const id = await identity.get();
        logger.info({ botUserId: id.botUserId }, 'slack: authenticated');
      } catch (err) {
        logger.warn({ err: describe(err) }, 'slack: not authenticated yet (readiness reports it)');
      }
      if (socket) {
        // Bounded: the first connection normally takes well under a second; a slow one continues in the background.
        await Promise.race([connect(), new Promise((r) => setTimeout(r, 10_000).unref())]);
      }
    },
    async stop() {
      stopping = true;
      clearTimeout(retryTimer);
      if (socket) await bolt.stop().catch((err) => logger.warn({ err }, 'slack: stop failed'));
      // Let work already acknowledged finish (replies, executions), bounded.
      await Promise.race([
        Promise.allSettled([...inflight]),
        new Promise((r) => setTimeout(r, STOP_DRAIN_MS).unref()),
      ]);
    },
    async idle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
    async readiness() {
      try {
        await identity.get({ fresh: true });
      } catch (err) {
        return { ok: false, reason: describe(err) };
      }
      if (socket && !connected)
        return { ok: false, reason: `Socket Mode not connected${connectError ? `: ${connectError}` : ''}` };
      return { ok: true };
    },
  };
}
