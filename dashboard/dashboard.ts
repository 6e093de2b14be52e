/**
 * The dashboard (docs/architecture.md#rooms-and-arrows): tracker pages and JSON API for every deployment, plus the local chat and Quick Setup
 * when `webChat` is on. It talks to the bot only through `BotCore`; it never imports an adapter.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import type { Logger } from 'pino';
import type { BotCore } from '../bot/core/api.js';
import { type CacheStats, QueryCache } from './cache.js';
import { ChatStore } from './chatStore.js';
import type { DashboardContext } from './context.js';
import { chatRoutes } from './routes/chat.js';
import { pipelineRoutes } from './routes/pipelines.js';
import { setupRoutes } from './routes/setup.js';
import { securityHeaders } from './security.js';

export interface DashboardOptions {
  core: BotCore;
  logger: Logger;
  /** Local mode: serve /chat, /setup and /api/chat/*; otherwise those paths are not handled (404). */
  webChat: boolean;
  /**
   * Header that names the signed-in user, set by a trusted proxy (SPCS ingress: `sf-context-current-user`). When
   * set, the chat and Quick Setup act as that user instead of a typed name, and refuse requests without it.
   */
  trustedUserHeader?: string;
  /** How often open list pages reload their results. */
  refreshIntervalMs?: number;
  /** How long one tracker read is reused for identical requests. */
  cacheMs?: number;
  /** Clock of the cache and of the "Updated" times (tests). */
  now?: () => number;
  /** Folder of the static assets; found next to this module (or in the image's dashboard/static) when omitted. */
  staticDir?: string;
}

export type DashboardRouter = Router & {
  cacheStats(): CacheStats;
  clearCache(): void;
};

function findStaticDir(): string {
  // Source (tsx, vitest): dashboard/static next to this file. Compiled (dist/dashboard): the image copies
  // dashboard/static beside dist/.
  const candidates = [
    new URL('./static/', import.meta.url),
    new URL('../../dashboard/static/', import.meta.url),
  ];
  for (const url of candidates) {
    const dir = fileURLToPath(url);
    if (existsSync(dir)) return dir;
  }
  return fileURLToPath(candidates[0]!);
}

export function createDashboard(opts: DashboardOptions): DashboardRouter {
  const now = opts.now ?? Date.now;
  const ctx: DashboardContext = {
    core: opts.core,
    logger: opts.logger.child({ component: 'dashboard' }),
    webChat: opts.webChat,
    trustedUserHeader: opts.trustedUserHeader?.toLowerCase(),
    refreshIntervalMs: Math.max(1_000, opts.refreshIntervalMs ?? 5_000),
    // One warehouse query per refresh interval at most, however many viewers: the cache lives as long as the interval.
    cache: new QueryCache({ ttlMs: opts.cacheMs ?? Math.max(1_000, opts.refreshIntervalMs ?? 5_000), now }),
    chat: new ChatStore({ now }),
    now,
  };
  const router = Router() as DashboardRouter;
  router.use(
    '/static',
    securityHeaders,
    express.static(opts.staticDir ?? findStaticDir(), { index: false, maxAge: '10m', fallthrough: true }),
  );
  pipelineRoutes(router, ctx);
  if (ctx.webChat) {
    chatRoutes(router, ctx);
    setupRoutes(router, ctx);
  }
  // Body parser errors of the dashboard's POSTs: a clear JSON answer instead of an HTML stack page.
  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const e = err as { type?: string; status?: number };
    if (e?.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'invalid_json', message: 'The body is not valid JSON.' });
      return;
    }
    if (e?.type === 'entity.too.large') {
      res.status(413).json({ error: 'too_large', message: 'The body is too large.' });
      return;
    }
    next(err);
  });
  router.cacheStats = () => ctx.cache.stats();
  router.clearCache = () => ctx.cache.clear();
  return router;
}
