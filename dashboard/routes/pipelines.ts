/** The tracker pages (`/`, `/pipelines/:id`) and their JSON API (`/api/pipelines`, `/api/pipelines/:id`). */
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { FeedbackEntry, PipelineRow } from '../../bot/core/api.js';
import {
  type DashboardContext,
  loadDrift,
  loadList,
  loadPipeline,
  PIPELINE_ID,
  param,
  sendHtml,
  sendJson,
} from '../context.js';
import { apiListQuery, pageListQuery, parseListQuery } from '../query.js';
import { securityHeaders } from '../security.js';
import { detailBody, isLive } from '../views/detail.js';
import { errorPage, page } from '../views/layout.js';
import { listBody } from '../views/list.js';

const UNAVAILABLE = 'The tracker could not be read just now. The page retries on its next refresh.';

export function pipelineRoutes(router: Router, ctx: DashboardContext): void {
  const failed = (res: Response, err: unknown, json: boolean) => {
    ctx.logger.warn({ err }, 'dashboard: tracker read failed');
    if (json) sendJson(res, 503, { error: 'unavailable', message: UNAVAILABLE });
    else
      sendHtml(
        res,
        503,
        errorPage({ title: 'Tracker unavailable', message: UNAVAILABLE, webChat: ctx.webChat }),
      );
  };

  router.get('/', securityHeaders, async (req: Request, res: Response) => {
    const parsed = parseListQuery(pageListQuery, req.query);
    if (!parsed.ok) {
      sendHtml(
        res,
        400,
        errorPage({
          title: 'Invalid filter',
          message: 'The address holds a filter the list cannot use:',
          details: parsed.issues.map((i) => `${i.field}: ${i.message}`),
          webChat: ctx.webChat,
        }),
      );
      return;
    }
    try {
      const { value, loadedAt } = await loadList(ctx, parsed.query);
      const drift = value.rows.some((r) => r.STATUS === 'SUCCESS') ? await loadDrift(ctx) : {};
      sendHtml(
        res,
        200,
        page({
          title: 'Pipelines',
          section: 'pipelines',
          webChat: ctx.webChat,
          refreshMs: ctx.refreshIntervalMs,
          scripts: ['live.js'],
          body: listBody(value, parsed.query, loadedAt, ctx.refreshIntervalMs, drift),
        }),
      );
    } catch (err) {
      failed(res, err, false);
    }
  });

  router.get('/pipelines/:id', securityHeaders, async (req: Request, res: Response) => {
    const id = param(req, 'id');
    const notFound = () =>
      sendHtml(
        res,
        404,
        errorPage({
          title: 'Pipeline not found',
          message: `There is no pipeline ${id}.`,
          webChat: ctx.webChat,
        }),
      );
    if (!PIPELINE_ID.test(id)) return notFound();
    try {
      const { value: row } = await loadPipeline(ctx, id);
      if (!row) return notFound();
      const drift = row.STATUS === 'SUCCESS' ? (await loadDrift(ctx))[row.PIPELINE_ID] : undefined;
      const feedback = await feedbackOf(ctx, row);
      sendHtml(
        res,
        200,
        page({
          title: `Pipeline ${row.PIPELINE_ID}`,
          section: 'pipelines',
          webChat: ctx.webChat,
          // Only a pipeline that can still change refreshes itself.
          refreshMs: isLive(row) ? ctx.refreshIntervalMs : undefined,
          scripts: isLive(row) ? ['live.js'] : [],
          body: detailBody(row, drift, feedback),
        }),
      );
    } catch (err) {
      failed(res, err, false);
    }
  });

  router.get('/api/pipelines', securityHeaders, async (req: Request, res: Response) => {
    const parsed = parseListQuery(apiListQuery, req.query);
    if (!parsed.ok) {
      sendJson(res, 400, {
        error: 'invalid_query',
        message: parsed.issues.map((i) => `${i.field}: ${i.message}`).join('; '),
        issues: parsed.issues,
      });
      return;
    }
    try {
      const { value, loadedAt } = await loadList(ctx, parsed.query);
      const q = parsed.query;
      sendJson(res, 200, {
        rows: value.rows,
        total: value.total,
        limit: q.limit,
        offset: q.offset,
        status: q.status ?? null,
        q: q.q ?? null,
        nextOffset: q.offset + q.limit < value.total ? q.offset + q.limit : null,
        loadedAt: new Date(loadedAt).toISOString(),
      });
    } catch (err) {
      failed(res, err, true);
    }
  });

  router.get('/api/pipelines/:id', securityHeaders, async (req: Request, res: Response) => {
    const id = param(req, 'id');
    const notFound = () => sendJson(res, 404, { error: 'not_found', message: `There is no pipeline ${id}.` });
    if (!PIPELINE_ID.test(id)) return notFound();
    try {
      const { value: row, loadedAt } = await loadPipeline(ctx, id);
      if (!row) return notFound();
      const drift = row.STATUS === 'SUCCESS' ? ((await loadDrift(ctx))[row.PIPELINE_ID] ?? null) : null;
      sendJson(res, 200, { pipeline: row, drift, loadedAt: new Date(loadedAt).toISOString() });
    } catch (err) {
      failed(res, err, true);
    }
  });

  router.get('/api/dashboard/cache', securityHeaders, (_req: Request, res: Response) => {
    sendJson(res, 200, ctx.cache.stats());
  });
}

const channelSchema = z.enum(['slack', 'teams', 'local']);

/** Ratings of the agent's answers in the thread the pipeline was proposed in; none when they cannot be read. */
async function feedbackOf(ctx: DashboardContext, row: PipelineRow): Promise<FeedbackEntry[]> {
  const channel = channelSchema.safeParse(row.CHANNEL);
  if (!channel.success || !row.THREAD_REF) return [];
  return ctx.core.feedbackFor({ channel: channel.data, id: row.THREAD_REF }).catch(() => []);
}
