/** Local mode's Quick Setup: the form posts here; a valid form becomes a plan in a new chat thread. */
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { QuickSetupInput } from '../../bot/core/api.js';
import { type DashboardContext, sendHtml } from '../context.js';
import { csrfToken, requireCsrf, sameOriginOnly, securityHeaders } from '../security.js';
import { errorPage, page } from '../views/layout.js';
import { EMPTY_SETUP, FORMATS, type SetupErrors, type SetupValues, setupBody } from '../views/setup.js';
import { actingUser, localUser, NOT_SIGNED_IN, newThreadId, userName } from './chat.js';

const form = express.urlencoded({ extended: false, limit: '32kb' });

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`).default('');

const setupForm = z.object({
  user: userName,
  location: text(1000).pipe(z.string().min(1, 'is required')),
  format: z.enum(FORMATS, { error: `must be one of ${FORMATS.join(', ')}` }),
  csvDelimiter: text(10),
  csvHeader: z.enum(['yes', 'no']).default('yes'),
  columns: text(5000).pipe(z.string().min(1, 'is required')),
  awsRoleArn: text(300),
  azureTenantId: text(100),
  namesIntegration: text(255),
  namesFormat: text(255),
  namesStage: text(255),
  namesTable: text(255),
});

/** Which form field a core error names. */
const FIELD_OF_CORE: Record<string, keyof SetupErrors> = {
  location: 'location',
  format: 'format',
  columns: 'columns',
  awsRoleArn: 'awsRoleArn',
  azureTenantId: 'azureTenantId',
  csv: 'csvDelimiter',
  names: 'names',
};

function valuesOf(body: unknown): SetupValues {
  const values = { ...EMPTY_SETUP };
  if (body && typeof body === 'object') {
    for (const key of Object.keys(values) as (keyof SetupValues)[]) {
      const v = (body as Record<string, unknown>)[key];
      if (typeof v === 'string') values[key] = v.slice(0, 5000);
    }
  }
  return values;
}

function addError(errors: SetupErrors, field: keyof SetupErrors, message: string): void {
  const list = errors[field] ?? [];
  if (!list.includes(message)) list.push(message);
  errors[field] = list;
}

export function setupRoutes(router: Router, ctx: DashboardContext): void {
  const render = (req: Request, res: Response, status: number, values: SetupValues, errors: SetupErrors) =>
    sendHtml(
      res,
      status,
      page({
        title: 'Quick Setup',
        section: 'setup',
        webChat: true,
        body: setupBody(values, errors, csrfToken(req, res)),
      }),
    );

  router.get('/setup', securityHeaders, (req: Request, res: Response) => {
    const user = userName.safeParse(req.query.user);
    render(req, res, 200, { ...EMPTY_SETUP, user: user.success ? user.data : '' }, {});
  });

  router.post(
    '/setup',
    securityHeaders,
    sameOriginOnly,
    form,
    requireCsrf,
    async (req: Request, res: Response) => {
      const values = valuesOf(req.body);
      const parsed = setupForm.safeParse(values);
      if (!parsed.success) {
        const errors: SetupErrors = {};
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? 'form') as keyof SetupErrors;
          addError(errors, field in EMPTY_SETUP ? field : 'form', issue.message);
        }
        return render(req, res, 400, values, errors);
      }
      const f = parsed.data;
      const names: NonNullable<QuickSetupInput['names']> = {};
      if (f.namesIntegration) names.integration = f.namesIntegration;
      if (f.namesFormat) names.format = f.namesFormat;
      if (f.namesStage) names.stage = f.namesStage;
      if (f.namesTable) names.table = f.namesTable;
      const input: QuickSetupInput = { location: f.location, format: f.format, columns: f.columns };
      if (f.awsRoleArn) input.awsRoleArn = f.awsRoleArn;
      if (f.azureTenantId) input.azureTenantId = f.azureTenantId;
      if (f.format === 'CSV')
        input.csv = {
          header: f.csvHeader === 'yes',
          ...(f.csvDelimiter ? { delimiter: f.csvDelimiter } : {}),
        };
      if (Object.keys(names).length) input.names = names;

      const thread = newThreadId('setup');
      const acting = actingUser(ctx, req, f.user);
      if (acting === null)
        return sendHtml(
          res,
          403,
          errorPage({ title: 'Not signed in', message: NOT_SIGNED_IN.message, webChat: ctx.webChat }),
        );
      const user = localUser(acting);
      try {
        const result = await ctx.core.quickSetup(
          input,
          { thread: { channel: 'local', id: thread }, user },
          ctx.chat.replyTarget(thread),
        );
        ctx.cache.clear();
        if (result.ok) {
          res.redirect(303, `/chat?thread=${encodeURIComponent(thread)}&user=${encodeURIComponent(f.user)}`);
          return;
        }
        const errors: SetupErrors = {};
        for (const e of result.errors) addError(errors, FIELD_OF_CORE[e.field] ?? 'form', e.message);
        // A plan the core refused to propose explains itself in the thread; show that explanation here.
        for (const m of ctx.chat.get(thread)?.messages ?? [])
          if (m.message.kind === 'error') addError(errors, 'form', `${m.message.title}: ${m.message.text}`);
        render(req, res, 400, values, errors);
      } catch (err) {
        ctx.logger.error({ err }, 'dashboard: quick setup failed');
        render(req, res, 503, values, { form: ['The plan could not be built just now; try again.'] });
      }
    },
  );
}
