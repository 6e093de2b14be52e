/**
 * "Check again" on a verification message: `core.recheck` runs the read-only checks and posts the new
 * verification to the thread itself; only a refusal (no such pipeline, not SUCCESS) is answered here, to the
 * clicker alone. A second click on the same pipeline while one recheck is running is ignored.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { CHECK_AGAIN_ACTION, parseRecheckValue } from './blocks/verification.js';
import type { SlackContext } from './context.js';
import { type CardRef, cardOf, userRef } from './refs.js';

export function registerRechecks(app: App, ctx: SlackContext): void {
  const rechecking = new Set<string>();
  app.action<BlockAction<ButtonAction>>(CHECK_AGAIN_ACTION, async ({ ack, body, action }) => {
    await ack();
    const card = cardOf(body);
    if (!card) return;
    const value = parseRecheckValue(action.value);
    const key = `${card.channel}:${value?.pipelineId ?? ''}`;
    if (rechecking.has(key)) return;
    rechecking.add(key);
    ctx.background('slack check again', () =>
      recheck(ctx, card, value?.pipelineId ?? null, body.user.id).finally(() => rechecking.delete(key)),
    );
  });
}

async function recheck(
  ctx: SlackContext,
  card: CardRef,
  pipelineId: string | null,
  userId: string,
): Promise<void> {
  const reply = ctx.replyFor({ team: card.team, channel: card.channel, ts: card.threadTs });
  const user = userRef(userId);
  if (!pipelineId) {
    await reply.notifyUser(user, { kind: 'text', text: 'This button does not belong to a pipeline I know.' });
    return;
  }
  let outcome: Awaited<ReturnType<SlackContext['core']['recheck']>>;
  try {
    outcome = await ctx.core.recheck({ pipelineId, user }, reply);
  } catch (err) {
    ctx.logger.error({ err, pipelineId }, 'slack: recheck failed');
    outcome = { ok: false, reason: 'The checks could not run just now; try again in a moment.' };
  }
  if (!outcome.ok) {
    ctx.logger.info({ pipelineId, reason: outcome.reason }, 'slack: recheck refused');
    await reply.notifyUser(user, { kind: 'error', title: 'Could not check again', text: outcome.reason });
  }
}
