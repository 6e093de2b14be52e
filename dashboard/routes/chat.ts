/**
 * Local mode's chat: the page, and the JSON the page uses. Messages go to the same core as Slack and Teams, with
 * a ReplyTarget that keeps the thread (ChatStore); the page polls the thread and swaps in what changed.
 */
import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { UserRef } from '../../bot/core/contracts.js';
import type { BotMessage } from '../../bot/core/messages.js';
import { type DashboardContext, param, sendHtml, sendJson } from '../context.js';
import { issuesOf } from '../query.js';
import { csrfToken, requireCsrf, sameOriginOnly, securityHeaders } from '../security.js';
import { chatBody, chatMessageItem } from '../views/chat.js';
import { page } from '../views/layout.js';

const THREAD_ID = /^[A-Za-z0-9_-]{1,64}$/;
const threadId = z.string({ error: 'is required' }).regex(THREAD_ID, 'must be 1–64 letters, digits, - or _');
export const userName = z
  .string({ error: 'is required' })
  .trim()
  .min(1, 'is required')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9._@-]+$/, 'may hold letters, digits, dot, dash, underscore or @');

const messageBody = z.strictObject({
  thread: threadId,
  user: userName,
  text: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(4000, 'must be at most 4000 characters'),
});

const decisionBody = z.strictObject({
  thread: threadId,
  user: userName,
  pipelineId: z.string({ error: 'is required' }).min(1, 'is required').max(100),
  hash: z.string({ error: 'is required' }).min(1, 'is required').max(128),
  verb: z.enum(['approve', 'reject'], { error: 'must be approve or reject' }),
  reason: z.string().max(500, 'must be at most 500 characters').optional(),
});

/**
 * "Check again": `thread` is where the new checks are posted; a caller that leaves it out (a script) gets them in
 * the pipeline's own chat thread when it was proposed here.
 */
const recheckBody = z.strictObject({
  thread: threadId.optional(),
  user: userName,
  pipelineId: z.string({ error: 'is required' }).min(1, 'is required').max(100),
});

export const localUser = (name: string): UserRef => ({ channel: 'local', id: name, name });

/**
 * Who is acting. Behind Snowflake's ingress (`trustedUserHeader`, e.g. `sf-context-current-user`, which the SPCS
 * proxy sets for the signed-in user) the typed name is ignored: the chat acts as that Snowflake user, so nobody can
 * approve under someone else's name. Without the header in that setup the request is refused (null).
 */
export function actingUser(ctx: { trustedUserHeader?: string }, req: Request, typed: string): string | null {
  if (!ctx.trustedUserHeader) return typed;
  const signedIn = req.header(ctx.trustedUserHeader)?.trim();
  if (!signedIn) return null;
  return signedIn.replace(/[^A-Za-z0-9._@-]/g, '_').slice(0, 64);
}

export const NOT_SIGNED_IN = {
  error: 'forbidden',
  message: 'Sign in through Snowflake: in this deployment the chat acts as the signed-in Snowflake user.',
};
export const newThreadId = (prefix = 't'): string => `${prefix}-${randomBytes(6).toString('hex')}`;

const json = express.json({ limit: '32kb' });

function invalid(res: Response, error: z.ZodError): void {
  const issues = issuesOf(error);
  sendJson(res, 400, {
    error: 'invalid_request',
    message: issues.map((i) => `${i.field}: ${i.message}`).join('; '),
    issues,
  });
}

export function chatRoutes(router: Router, ctx: DashboardContext): void {
  router.get('/chat', securityHeaders, (req: Request, res: Response) => {
    const asked = typeof req.query.thread === 'string' ? req.query.thread : '';
    const thread = THREAD_ID.test(asked) ? asked : newThreadId();
    const user = userName.safeParse(req.query.user);
    const name = user.success ? user.data : '';
    const { version, messages } = ctx.chat.visible(thread, name ? `local:${name}` : undefined);
    sendHtml(
      res,
      200,
      page({
        title: 'Chat',
        section: 'chat',
        webChat: true,
        scripts: ['chat.js'],
        body: chatBody({ thread, user: name, messages, version, csrf: csrfToken(req, res) }),
      }),
    );
  });

  router.get('/api/chat/threads/:id', securityHeaders, (req: Request, res: Response) => {
    const id = param(req, 'id');
    if (!THREAD_ID.test(id)) {
      sendJson(res, 400, {
        error: 'invalid_request',
        message: 'thread: must be 1–64 letters, digits, - or _',
        issues: [{ field: 'thread', message: 'must be 1–64 letters, digits, - or _' }],
      });
      return;
    }
    const user =
      req.query.user === undefined || req.query.user === '' ? undefined : userName.safeParse(req.query.user);
    if (user && !user.success) return invalid(res, user.error);
    const { version, messages } = ctx.chat.visible(id, user ? `local:${user.data}` : undefined);
    sendJson(res, 200, {
      thread: id,
      version,
      messages: messages.map((m) => ({ ...m, html: chatMessageItem(m).value })),
    });
  });

  router.post(
    '/api/chat/messages',
    securityHeaders,
    sameOriginOnly,
    json,
    requireCsrf,
    (req: Request, res: Response) => {
      const parsed = messageBody.safeParse(req.body ?? {});
      if (!parsed.success) return invalid(res, parsed.error);
      const { thread, text } = parsed.data;
      const user = actingUser(ctx, req, parsed.data.user);
      if (user === null) return sendJson(res, 403, NOT_SIGNED_IN);
      const posted = ctx.chat.add(thread, `local:${user}`, { kind: 'text', text });
      const reply = ctx.chat.replyTarget(thread);
      // The turn runs after the answer: the page shows progress by polling the thread.
      void ctx.core
        .handleMessage({ thread: { channel: 'local', id: thread }, user: localUser(user), text }, reply)
        .catch((err: unknown) => {
          ctx.logger.error({ err, thread }, 'dashboard chat: turn failed');
          return reply.post({
            kind: 'error',
            title: 'The message could not be handled',
            text: 'Something went wrong; send it again.',
          });
        })
        .finally(() => ctx.cache.clear());
      sendJson(res, 202, { accepted: true, thread, id: posted.id });
    },
  );

  router.post(
    '/api/chat/decisions',
    securityHeaders,
    sameOriginOnly,
    json,
    requireCsrf,
    async (req: Request, res: Response) => {
      const parsed = decisionBody.safeParse(req.body ?? {});
      if (!parsed.success) return invalid(res, parsed.error);
      const { thread, pipelineId, hash, verb, reason } = parsed.data;
      const user = actingUser(ctx, req, parsed.data.user);
      if (user === null) return sendJson(res, 403, NOT_SIGNED_IN);
      const reply = ctx.chat.replyTarget(thread);
      const who = localUser(user);
      const showCard = async (plan: Extract<BotMessage, { kind: 'plan' }>) => {
        const card = ctx.chat.findPlan(thread, pipelineId);
        if (card) ctx.chat.update(thread, card.id, plan);
      };
      try {
        const outcome = await ctx.core.decide({ pipelineId, hash, verb, user: who, reason }, reply);
        ctx.cache.clear();
        if (outcome.kind === 'refused') {
          await reply.notifyUser(who, {
            kind: 'error',
            title: `Could not ${verb} ${pipelineId}`,
            text: outcome.reason,
          });
          if (outcome.plan)
            await showCard({
              kind: 'plan',
              plan: outcome.plan,
              actionable: outcome.plan.status === 'PROPOSED',
            });
          sendJson(res, 409, { outcome: 'refused', reason: outcome.reason });
          return;
        }
        await showCard({ kind: 'plan', plan: outcome.plan, actionable: false });
        void outcome.completion
          .then(async () => {
            ctx.cache.clear();
            const now = await ctx.core.getPlanView(pipelineId);
            if (now) await showCard({ kind: 'plan', plan: now, actionable: false });
          })
          .catch((err: unknown) =>
            ctx.logger.warn({ err, pipelineId }, 'dashboard chat: refreshing the plan card failed'),
          );
        sendJson(res, 200, { outcome: 'accepted', plan: outcome.plan });
      } catch (err) {
        ctx.logger.error({ err, pipelineId }, 'dashboard chat: decision failed');
        sendJson(res, 503, {
          error: 'unavailable',
          message: 'The decision could not be recorded; try again.',
        });
      }
    },
  );

  router.post(
    '/api/chat/rechecks',
    securityHeaders,
    sameOriginOnly,
    json,
    requireCsrf,
    async (req: Request, res: Response) => {
      const parsed = recheckBody.safeParse(req.body ?? {});
      if (!parsed.success) return invalid(res, parsed.error);
      const { pipelineId } = parsed.data;
      const user = actingUser(ctx, req, parsed.data.user);
      if (user === null) return sendJson(res, 403, NOT_SIGNED_IN);
      const who = localUser(user);
      try {
        let thread = parsed.data.thread;
        if (!thread) {
          const row = await ctx.core.getPipeline(pipelineId);
          const ref = row?.CHANNEL === 'local' ? (row.THREAD_REF ?? '') : '';
          if (!THREAD_ID.test(ref)) {
            sendJson(res, 409, {
              outcome: 'refused',
              reason: row
                ? `Pipeline ${pipelineId} was not proposed in this chat; say which thread to answer in.`
                : `There is no pipeline ${pipelineId}.`,
            });
            return;
          }
          thread = ref;
        }
        const reply = ctx.chat.replyTarget(thread);
        const outcome = await ctx.core.recheck({ pipelineId, user: who }, reply);
        ctx.cache.clear();
        if (!outcome.ok) {
          await reply.notifyUser(who, {
            kind: 'error',
            title: `Could not check ${pipelineId} again`,
            text: outcome.reason,
          });
          sendJson(res, 409, { outcome: 'refused', reason: outcome.reason });
          return;
        }
        sendJson(res, 200, { outcome: 'checked', thread, verification: outcome.verification });
      } catch (err) {
        ctx.logger.error({ err, pipelineId }, 'dashboard chat: recheck failed');
        sendJson(res, 503, { error: 'unavailable', message: 'The checks could not run; try again.' });
      }
    },
  );
}
