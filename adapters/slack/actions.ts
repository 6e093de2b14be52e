/**
 * Approve / Reject buttons. The button value only points at a plan; `core.decide` re-reads it and re-checks the
 * clicker, the hash and the expiry, and only one caller ever wins. Accepted: the card is rewritten at once with
 * the decision and no buttons. Refused: the clicker alone is told why, and the card stays as it is.
 * Reject first asks for an optional reason in a small modal (empty is fine).
 *
 * "Check again" on a verification message: `core.recheck` runs the read-only checks and posts the new
 * verification to the thread itself; only a refusal (no such pipeline, not SUCCESS) is answered here, to the
 * clicker alone. A second click on the same pipeline while one recheck is running is ignored.
 */
import type { App, BlockAction, ButtonAction, types } from '@slack/bolt';
import type { PlanView } from '../../bot/core/messages.js';
import { renderMessage } from './blocks/message.js';
import { APPROVE_ACTION, type DecisionValue, parseDecisionValue, REJECT_ACTION } from './blocks/plan.js';
import { CHECK_AGAIN_ACTION, parseRecheckValue } from './blocks/verification.js';
import type { SlackContext } from './context.js';
import { type SlackThread, userRef } from './refs.js';

export const REJECT_CALLBACK = 'dea_reject_reason';

interface CardRef {
  team: string;
  channel: string;
  /** The card message itself. */
  messageTs: string;
  /** Its thread root. */
  threadTs: string;
}

export function registerActions(app: App, ctx: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(APPROVE_ACTION, async ({ ack, body, action }) => {
    await ack();
    const card = cardOf(body);
    const value = parseDecisionValue(action.value);
    if (!card) return;
    ctx.background('slack approve', () => decide(ctx, card, value, 'approve', body.user.id));
  });

  app.action<BlockAction<ButtonAction>>(REJECT_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    const card = cardOf(body);
    const value = parseDecisionValue(action.value);
    if (!card) return;
    // trigger_id is only valid for ~3 s: open the modal before anything slow.
    await client.views.open({
      trigger_id: body.trigger_id,
      view: rejectView({ ...card, ...(value ?? { pipelineId: '', hash: '' }) }),
    });
  });

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

  app.view(REJECT_CALLBACK, async ({ ack, view, body }) => {
    await ack();
    const meta = JSON.parse(view.private_metadata) as CardRef & DecisionValue;
    const reasonValue = (view.state.values as Record<string, Record<string, { value?: string | null }>>)
      .reason?.value?.value;
    const reason = reasonValue?.trim() || undefined;
    const value = meta.pipelineId ? { pipelineId: meta.pipelineId, hash: meta.hash } : null;
    ctx.background('slack reject', () => decide(ctx, meta, value, 'reject', body.user.id, reason));
  });
}

function cardOf(body: BlockAction): CardRef | null {
  const channel = body.channel?.id ?? body.container?.channel_id;
  const message = body.message as { ts?: string; thread_ts?: string } | undefined;
  const messageTs = message?.ts ?? body.container?.message_ts;
  if (!channel || !messageTs) return null;
  return {
    team: body.team?.id ?? body.user.team_id ?? 'T',
    channel,
    messageTs,
    threadTs: message?.thread_ts ?? messageTs,
  };
}

async function decide(
  ctx: SlackContext,
  card: CardRef,
  value: DecisionValue | null,
  verb: 'approve' | 'reject',
  userId: string,
  reason?: string,
): Promise<void> {
  const thread: SlackThread = { team: card.team, channel: card.channel, ts: card.threadTs };
  const reply = ctx.replyFor(thread);
  const user = userRef(userId);
  if (!value) {
    await reply.notifyUser(user, { kind: 'text', text: 'This button does not belong to a plan I know.' });
    return;
  }
  const outcome = await ctx.core.decide({ ...value, verb, user, ...(reason ? { reason } : {}) }, reply);
  if (outcome.kind === 'refused') {
    ctx.logger.info(
      { pipelineId: value.pipelineId, verb, reason: outcome.reason },
      'slack: decision refused',
    );
    await reply.notifyUser(user, { kind: 'error', title: `Could not ${verb}`, text: outcome.reason });
    return;
  }
  await rewriteCard(ctx, card, outcome.plan);
  // Approve: execution goes on in the core, which posts the result to the thread; waiting here keeps it tracked.
  await outcome.completion;
  if (verb === 'approve') {
    // Concurrent clicks can all pass the checks while only one wins the claim in the warehouse: the card is
    // rewritten from the tracker so it names the approver who actually ran it.
    const settled = await ctx.core.getPlanView(value.pipelineId);
    if (settled) await rewriteCard(ctx, card, settled);
  }
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

async function rewriteCard(ctx: SlackContext, card: CardRef, plan: PlanView): Promise<void> {
  const m = renderMessage({ kind: 'plan', plan, actionable: false });
  await ctx.web.chat.update({ channel: card.channel, ts: card.messageTs, text: m.text, blocks: m.blocks });
}

function rejectView(meta: CardRef & DecisionValue): types.View {
  return {
    type: 'modal',
    callback_id: REJECT_CALLBACK,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: 'Reject plan' },
    submit: { type: 'plain_text', text: 'Reject' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: 'reason',
        optional: true,
        label: { type: 'plain_text', text: `Why reject ${meta.pipelineId || 'this plan'}?` },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 500 },
      },
    ],
  };
}
