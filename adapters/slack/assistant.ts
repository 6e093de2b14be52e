/**
 * Slack's AI app surface (the "Agents & AI Apps" feature, manifest `features.assistant_view`): Bolt's `Assistant`
 * (https://docs.slack.dev/tools/bolt-js/concepts/ai-apps). A new assistant thread is greeted with suggested
 * prompts (`assistant.threads.setSuggestedPrompts`); a message in it is a turn like any DM, streamed with a live
 * status (turn.ts), and the thread is titled after the plan it produced (reply.ts). Bolt's assistant middleware
 * only claims messages of assistant threads (DM threads); channel mentions, plain DMs and /dea are handled as
 * before (events.ts, commands.ts).
 *
 * Feedback: the thumbs up / down under an answer (turn.ts) are recorded with the conversation (core.recordFeedback)
 * and the clicker gets a private thank-you.
 */
import { type App, Assistant, type BlockAction } from '@slack/bolt';
import type { SlackContext } from './context.js';
import { accept, type MessageLike, teamOf } from './events.js';
import { describe } from './identity.js';
import { threadRef, userRef } from './refs.js';
import { handleId } from './reply.js';
import { FEEDBACK_ACTION } from './turn.js';

/** What a new assistant thread offers; each title ≤ 75 characters (assistant.threads.setSuggestedPrompts). */
export const SUGGESTED_PROMPTS = [
  { title: 'Quick Setup', message: 'Quick setup: help me create a pipeline step by step.' },
  {
    title: 'CSV files in S3',
    message: 'I have CSV files with a header in s3://my-bucket/path/ — propose a pipeline for them.',
  },
  { title: 'My pipelines', message: 'Show my pipelines.' },
  { title: 'Help', message: 'help' },
] as const;

const GREETING =
  'Hi! Tell me where your files are (for example `s3://bucket/path/`), their format and columns, and I will propose the pipeline for approval. Pick a suggestion below to start.';

export function registerAssistant(app: App, ctx: SlackContext): void {
  app.assistant(
    new Assistant({
      threadStarted: async ({ say, setSuggestedPrompts, event }) => {
        ctx.threads.remember({
          team: (event as { team_id?: string }).team_id ?? 'T',
          channel: event.assistant_thread.channel_id,
          ts: event.assistant_thread.thread_ts,
        });
        try {
          await say(GREETING);
          await setSuggestedPrompts({ prompts: [...SUGGESTED_PROMPTS], title: 'Try one of these:' });
        } catch (err) {
          ctx.logger.warn({ err: describe(err) }, 'slack: could not greet a new assistant thread');
        }
      },
      // The context (which channel the user is looking at) is not used: nothing to store.
      threadContextChanged: async () => undefined,
      userMessage: async ({ message, body }) => {
        const e = message as unknown as MessageLike;
        await accept(ctx, e, teamOf(body, e), (body as { event_id?: string }).event_id, 'assistant', true);
      },
    }),
  );

  app.action<BlockAction>(FEEDBACK_ACTION, async ({ ack, body, action }) => {
    await ack();
    const rating = (action as { value?: string }).value;
    const channel = body.channel?.id ?? body.container?.channel_id;
    const message = body.message as { ts?: string; thread_ts?: string } | undefined;
    const messageTs = message?.ts ?? body.container?.message_ts;
    if ((rating !== 'up' && rating !== 'down') || !channel || !messageTs) return;
    const thread = {
      team: body.team?.id ?? body.user.team_id ?? 'T',
      channel,
      ts: message?.thread_ts ?? messageTs,
    };
    ctx.background('slack feedback', async () => {
      await ctx.core.recordFeedback({
        thread: threadRef(thread),
        user: userRef(body.user.id),
        rating,
        messageId: handleId(channel, messageTs),
      });
      await ctx.web.chat
        .postEphemeral({
          channel,
          user: body.user.id,
          thread_ts: thread.ts,
          text:
            rating === 'up'
              ? 'Thanks, glad it helped.'
              : 'Thanks for telling me. Say in the thread what was wrong and I will try again.',
        })
        .catch((err) => ctx.logger.debug({ err: describe(err) }, 'slack: feedback note not sent'));
    });
  });
}
