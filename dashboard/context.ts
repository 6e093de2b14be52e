/** What every route of the dashboard shares. */
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { BotCore, PipelinePage, PipelineRow } from '../bot/core/api.js';
import type { PipelineDrift } from '../bot/core/drift.js';
import type { QueryCache } from './cache.js';
import type { ChatStore } from './chatStore.js';
import type { SafeHtml } from './html.js';
import { type ListQuery, queryString } from './query.js';

export interface DashboardContext {
  core: BotCore;
  logger: Logger;
  webChat: boolean;
  /** Header naming the signed-in user (Snowflake's ingress); when set, the chat acts as that user. */
  trustedUserHeader?: string;
  refreshIntervalMs: number;
  cache: QueryCache;
  chat: ChatStore;
  now: () => number;
}

export interface Loaded<T> {
  value: T;
  /** When the warehouse answered (shown as "Updated …"). */
  loadedAt: number;
}

/** The list through the cache: one key per canonical query. */
export function loadList(ctx: DashboardContext, query: ListQuery): Promise<Loaded<PipelinePage>> {
  return ctx.cache.get(`list?${queryString(query, false)}`, async () => ({
    value: await ctx.core.listPipelines({
      status: query.status,
      search: query.q,
      limit: query.limit,
      offset: query.offset,
    }),
    loadedAt: ctx.now(),
  }));
}

export function loadPipeline(ctx: DashboardContext, id: string): Promise<Loaded<PipelineRow | null>> {
  return ctx.cache.get(`pipeline:${id}`, async () => ({
    value: await ctx.core.getPipeline(id),
    loadedAt: ctx.now(),
  }));
}

/**
 * Drift of every SUCCESS pipeline, under one cache key: however many viewers and pages, the warehouse sees one
 * round of SHOW/DESC reads per refresh interval. A failed read shows no drift rather than failing the page.
 */
export async function loadDrift(ctx: DashboardContext): Promise<Record<string, PipelineDrift>> {
  try {
    return (
      await ctx.cache.get('drift', async () => ({ value: await ctx.core.driftReport(), loadedAt: ctx.now() }))
    ).value;
  } catch (err) {
    ctx.logger.warn({ err }, 'dashboard: drift could not be read');
    return {};
  }
}

/** Pipeline ids the bot writes are `P-` + hex; anything outside this shape cannot exist and costs no query. */
export const PIPELINE_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

export function sendHtml(res: Response, status: number, body: SafeHtml): void {
  res.status(status).set('Cache-Control', 'no-store').type('html').send(body.value);
}

export function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status).set('Cache-Control', 'no-store').json(body);
}

export function param(req: Request, name: string): string {
  const v = req.params[name];
  return typeof v === 'string' ? v : '';
}
