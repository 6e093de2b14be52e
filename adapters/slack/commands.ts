/**
 * `/dea new | list | status <id> | help`, the Quick Setup submission and the App Home tab. Every command is
 * acknowledged first; answers go to `response_url` (ephemeral) so slow warehouse reads never miss Slack's 3 s.
 */
import type { App, RespondFn } from '@slack/bolt';
import type { QuickSetupInput } from '../../bot/core/api.js';
import { escapeMrkdwn } from './blocks/limits.js';
import { renderMessage } from './blocks/message.js';
import { HELP_TEXT, homeView, pipelineListBlocks } from './blocks/pipelines.js';
import {
  fieldErrors,
  parseQuickSetup,
  QUICK_SETUP_CALLBACK,
  type QuickSetupOrigin,
  quickSetupView,
  type ViewStateValues,
} from './blocks/quickSetup.js';
import type { SlackContext } from './context.js';
import { describe } from './identity.js';
import { type SlackThread, threadRef, userRef } from './refs.js';

const COMMAND = '/dea';
/** How long a Quick Setup submission may take before the modal is closed and errors go to a private message. */
const SUBMIT_BUDGET_MS = 2_000;

export function registerCommands(app: App, ctx: SlackContext): void {
  app.command(COMMAND, async ({ command, ack, respond, client }) => {
    const [verb = 'help', ...rest] = command.text.trim().split(/\s+/).filter(Boolean);
    switch (verb.toLowerCase()) {
      case 'new': {
        await ack();
        const origin: QuickSetupOrigin = { team: command.team_id, channel: command.channel_id };
        await client.views.open({ trigger_id: command.trigger_id, view: quickSetupView(origin) });
        return;
      }
      case 'list':
        await ack();
        ctx.background('slack /dea list', () => list(ctx, respond));
        return;
      case 'status':
        await ack();
        ctx.background('slack /dea status', () => status(ctx, respond, rest[0]));
        return;
      default:
        await ack({
          response_type: 'ephemeral',
          text:
            verb.toLowerCase() === 'help'
              ? HELP_TEXT
              : `Unknown command \`${escapeMrkdwn(verb)}\`.\n${HELP_TEXT}`,
        });
    }
  });

  app.view(QUICK_SETUP_CALLBACK, async ({ ack, view, body }) => {
    const origin = JSON.parse(view.private_metadata) as QuickSetupOrigin;
    const input = parseQuickSetup(view.state.values as unknown as ViewStateValues);
    const work = quickSetup(ctx, origin, input, body.user.id);
    const outcome = await Promise.race([work, sleep(SUBMIT_BUDGET_MS).then(() => 'late' as const)]);
    if (outcome === 'late') {
      // Too slow to answer inside the modal: close it and report by private message if it fails.
      await ack();
      ctx.background('slack quick setup', async () => {
        const late = await work;
        if (!late.ok) await privately(ctx, origin, body.user.id, late.errors);
      });
      return;
    }
    if (outcome.ok) await ack();
    else await ack({ response_action: 'errors', errors: fieldErrors(outcome.errors) });
  });

  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const page = await ctx.core.listPipelines({ limit: 25 });
    await client.views.publish({ user_id: event.user, view: homeView(page.rows, page.total) });
  });
}

type SetupOutcome = { ok: true } | { ok: false; errors: { field: string; message: string }[] };

/**
 * The plan gets its own thread: a short root message in the channel, then the core's plan card under it. If the
 * form was refused the root message is removed again.
 */
async function quickSetup(
  ctx: SlackContext,
  origin: QuickSetupOrigin,
  input: QuickSetupInput,
  userId: string,
): Promise<SetupOutcome> {
  let rootTs: string | undefined;
  try {
    const root = await ctx.web.chat.postMessage({
      channel: origin.channel,
      text: `:hammer_and_wrench: <@${userId}> asked for a pipeline over \`${escapeMrkdwn(input.location)}\` (${input.format}) with Quick Setup.`,
    });
    rootTs = root.ts;
    if (!rootTs) throw new Error('chat.postMessage returned no ts');
    const thread: SlackThread = { team: origin.team, channel: origin.channel, ts: rootTs };
    ctx.threads.remember(thread);
    const reply = ctx.replyFor(thread);
    const res = await ctx.core.quickSetup(input, { thread: threadRef(thread), user: userRef(userId) }, reply);
    if (!res.ok) {
      // Keep the thread when the core already explained the problem in it.
      if (reply.posted.length === 0)
        await ctx.web.chat.delete({ channel: origin.channel, ts: rootTs }).catch(() => undefined);
      return { ok: false, errors: res.errors };
    }
    if (!reply.posted.includes('plan')) await reply.post({ kind: 'plan', plan: res.plan, actionable: true });
    return { ok: true };
  } catch (err) {
    ctx.logger.error({ err }, 'slack: quick setup failed');
    if (rootTs) await ctx.web.chat.delete({ channel: origin.channel, ts: rootTs }).catch(() => undefined);
    return {
      ok: false,
      errors: [{ field: 'location', message: `Could not propose the plan: ${describe(err)}` }],
    };
  }
}

async function privately(
  ctx: SlackContext,
  origin: QuickSetupOrigin,
  userId: string,
  errors: { field: string; message: string }[],
): Promise<void> {
  const text = `Quick Setup could not propose a plan:\n${errors.map((e) => `• ${e.field}: ${e.message}`).join('\n')}`;
  await ctx.web.chat.postEphemeral({ channel: origin.channel, user: userId, text: escapeMrkdwn(text) });
}

async function list(ctx: SlackContext, respond: RespondFn): Promise<void> {
  const page = await ctx.core.listPipelines({ limit: 20 });
  await respond({
    response_type: 'ephemeral',
    text: `${page.rows.length} of ${page.total} pipelines`,
    blocks: pipelineListBlocks(page.rows, page.total),
  });
}

async function status(ctx: SlackContext, respond: RespondFn, id: string | undefined): Promise<void> {
  if (!id) {
    await respond({ response_type: 'ephemeral', text: 'Usage: `/dea status <pipeline id>`' });
    return;
  }
  const plan = await ctx.core.getPlanView(id);
  if (!plan) {
    await respond({ response_type: 'ephemeral', text: `No pipeline \`${escapeMrkdwn(id)}\`.` });
    return;
  }
  const m = renderMessage({ kind: 'plan', plan, actionable: false });
  await respond({ response_type: 'ephemeral', text: m.text, blocks: m.blocks });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
