/**
 * The Teams channel: botbuilder's CloudAdapter behind `POST /api/messages` on the process's Express app.
 *
 * Inbound: the JSON body parser is scoped to this route (size-limited); an `X-Dea-Bot-Authorization` header
 * (set by `dea relay`, whose own `Authorization` carries the Snowflake ingress token) is authenticated exactly
 * as the Bot Framework `Authorization` header would be; a body that is not an activity gets 400 before
 * botbuilder sees it; authentication failures get 401.
 * Outbound: replies through the connector at the activity's serviceUrl, signed with the app's credentials.
 */
import {
  type Activity,
  CloudAdapter,
  type ConfigurationServiceClientCredentialFactory,
  type ConversationReference,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import express, { type Express, type Request, type Response } from 'express';
import type { BotCore } from '../../bot/core/api.js';
import type { BotMessage } from '../../bot/core/messages.js';
import type { Logger } from '../../bot/log/logger.js';
import { checkActivity } from './activity.js';
import { authEnabled, createAuthentication, identityPolicy, type TeamsAuthSettings } from './auth.js';
import { DeaTeamsBot } from './bot.js';
import { type AdaptiveCard, CARD_CONTENT_TYPE } from './cards/elements.js';
import { renderActivity } from './cards/message.js';
import { Decisions } from './decisions.js';
import { People } from './people.js';
import { Rechecks } from './rechecks.js';
import { TeamsReplyTarget } from './reply.js';

const TEAMS_MESSAGES_PATH = '/api/messages';
const RELAYED_AUTH_HEADER = 'x-dea-bot-authorization';

export type TeamsSettings = TeamsAuthSettings;

export interface TeamsChannelOptions {
  settings: TeamsSettings;
  core: BotCore;
  logger: Logger;
  app: Express;
  /** Signs outbound connector calls; by default from the app id/password/tenant (MSAL). Tests and custom credentials. */
  credentialsFactory?: ConfigurationServiceClientCredentialFactory;
  /** Request body limit of /api/messages (express.json syntax). */
  bodyLimit?: string;
  /** How long a message turn waits for the core before the HTTP answer (default 5 s; the Bot Framework allows ~15 s). */
  inTurnBudgetMs?: number;
  typingIntervalMs?: number;
  /** Minimum time between two stream updates in a one-to-one chat (Teams allows about one a second). */
  streamIntervalMs?: number;
  /** How long a "Check again" invoke waits for the checks before answering that they are running (default 5 s). */
  recheckBudgetMs?: number;
  /** How long stop() waits for running work (agent turns, executions) before giving up. */
  drainMs?: number;
}

export interface TeamsChannel {
  start(): Promise<void>;
  stop(): Promise<void>;
  readiness(): Promise<{ ok: boolean; reason?: string }>;
  /** Resolves when no turn, decision follow-up or execution started by this channel is running. */
  idle(): Promise<void>;
}

/** The part of CloudAdapter's processing we drive ourselves, so status codes and logging stay ours. */
class TeamsAdapter extends CloudAdapter {
  handle(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

export function createTeamsChannel(opts: TeamsChannelOptions): TeamsChannel {
  const { settings, core } = opts;
  const logger = opts.logger.child({ channel: 'teams' });
  const appId = settings.appId?.trim() ?? '';
  const adapter = new TeamsAdapter(createAuthentication(settings, opts.credentialsFactory));
  const people = new People(identityPolicy(settings));
  const inflight = new Set<Promise<unknown>>();
  let state: 'created' | 'running' | 'stopping' = 'created';

  const background = (label: string, work: () => Promise<unknown>): Promise<unknown> => {
    const p = work().catch((err) => logger.error({ err, label }, 'teams: background work failed'));
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
    return p;
  };

  let decisions: Decisions;
  const render = async (message: BotMessage): Promise<Partial<Activity>> =>
    renderActivity(message, {
      nameOf: people.nameOf,
      ...(message.kind === 'plan' ? { refreshUserIds: await decisions.refreshUserIds(message.plan) } : {}),
    });
  const replyFor = (reference: Partial<ConversationReference>, live?: TurnContext) =>
    new TeamsReplyTarget(
      { adapter, appId, logger, people, render, streamIntervalMs: opts.streamIntervalMs ?? 1_000 },
      reference,
      live,
    );

  decisions = new Decisions({
    core,
    logger,
    people,
    replyFor: (reference) => replyFor(reference),
    updateCard: async (reference, messageId, card: AdaptiveCard) => {
      await adapter.continueConversationAsync(appId, reference, async (ctx) => {
        await ctx.updateActivity({
          type: 'message',
          id: messageId,
          attachments: [{ contentType: CARD_CONTENT_TYPE, content: card }],
        });
      });
    },
    background: (label, work) => void background(label, work),
  });

  const rechecks = new Rechecks({
    core,
    logger,
    people,
    replyFor: (reference) => replyFor(reference),
    background: (label, work) => void background(label, work),
    ...(opts.recheckBudgetMs !== undefined ? { budgetMs: opts.recheckBudgetMs } : {}),
  });

  const bot = new DeaTeamsBot({
    core,
    logger,
    people,
    decisions,
    rechecks,
    replyFor,
    background,
    inTurnBudgetMs: opts.inTurnBudgetMs ?? 5_000,
    typingIntervalMs: opts.typingIntervalMs ?? 3_000,
  });

  adapter.onTurnError = async (context, err) => {
    logger.error({ err, activityType: context.activity?.type }, 'teams: turn failed');
    if (context.activity?.type === 'message') {
      await context
        .sendActivity({
          type: 'message',
          text: 'Something went wrong while handling that message. Please try again.',
        })
        .catch(() => undefined);
    }
  };

  const parseJson = express.json({ limit: opts.bodyLimit ?? '1mb' });

  const onRequest = async (req: Request, res: Response): Promise<void> => {
    if (state !== 'running') {
      res.status(503).json({ error: 'not accepting Teams activities' });
      return;
    }
    const check = checkActivity(req.body);
    if (!check.ok) {
      res.status(400).json({ error: 'malformed activity', detail: check.reason });
      return;
    }
    const relayed = req.headers[RELAYED_AUTH_HEADER];
    const authHeader = typeof relayed === 'string' && relayed ? relayed : (req.headers.authorization ?? '');
    const activity = normalizeTimestamps(req.body as Activity);
    let turnStarted = false;
    try {
      const invoke = await adapter.handle(authHeader, activity, (ctx) => {
        turnStarted = true;
        return bot.run(ctx);
      });
      if (invoke) res.status(invoke.status).json(invoke.body ?? {});
      else res.status(200).end();
    } catch (err) {
      const status = statusOf(err, turnStarted);
      if (status === 401)
        logger.warn({ type: activity.type, relayed: Boolean(relayed) }, 'teams: request not authenticated');
      else logger.warn({ err }, 'teams: activity could not be processed');
      if (!res.headersSent)
        res
          .status(status)
          .json({ error: status === 401 ? 'unauthorized' : 'activity could not be processed' });
    }
  };

  opts.app.post(
    TEAMS_MESSAGES_PATH,
    (req, res, next) =>
      parseJson(req, res, (err?: unknown) => {
        if (!err) return next();
        const status = (err as { status?: number }).status ?? 400;
        res
          .status(status === 413 ? 413 : 400)
          .json({ error: status === 413 ? 'activity too large' : 'body is not JSON' });
      }),
    (req, res) => {
      void background('teams request', () =>
        onRequest(req, res).catch((err) => {
          logger.error({ err }, 'teams: request failed');
          if (!res.headersSent) res.status(500).json({ error: 'internal error' });
        }),
      );
    },
  );

  logger.info(
    {
      auth: authEnabled(settings) ? 'bot framework jwt' : 'off (no app id: local only)',
      relayHeader: RELAYED_AUTH_HEADER,
    },
    'teams: /api/messages mounted',
  );

  return {
    async start() {
      if (state === 'created') state = 'running';
    },
    async stop() {
      state = 'stopping';
      const drain = Promise.allSettled([...inflight]);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        drain,
        new Promise((r) => {
          timer = setTimeout(r, opts.drainMs ?? 10_000);
        }),
      ]);
      clearTimeout(timer);
    },
    async readiness() {
      if (state !== 'running')
        return {
          ok: false,
          reason: state === 'created' ? 'Teams channel not started' : 'Teams channel stopping',
        };
      return { ok: true };
    },
    async idle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
      await core.idle();
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
  };
}

/**
 * botbuilder signals most authentication failures with a 401 AuthenticationError but lets a bad signature
 * escape as jsonwebtoken's own error; anything thrown before the turn started is authentication.
 */
function statusOf(err: unknown, turnStarted: boolean): number {
  const code = (err as { statusCode?: unknown })?.statusCode;
  if (typeof code === 'number' && code >= 400 && code <= 599) return code;
  return turnStarted ? 500 : 401;
}

/** What botbuilder's own request path does: ISO strings to Date, raw values kept. */
function normalizeTimestamps(activity: Activity): Activity {
  const a = activity as unknown as Record<string, unknown>;
  for (const [key, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    if (typeof a[key] === 'string') {
      a[raw] = a[key];
      a[key] = new Date(a[key] as string);
    }
  }
  return activity;
}
