/**
 * Approve / Reject buttons. The button value only points at a plan; `core.decide` re-reads it and re-checks the
 * clicker, the hash and the expiry, and only one caller ever wins. Accepted: the card is rewritten at once with
 * the decision and no buttons. Refused: the clicker alone is told why, and the card stays as it is.
 * Reject first asks for an optional reason in a small modal (empty is fine).
 */
import type { App, BlockAction, ButtonAction, types } from '@slack/bolt';
import type { PlanView } from '../../bot/core/messages.js';
import { renderMessage } from './blocks/message.js';
import {
  APPROVE_ACTION,
  type DecisionValue,
  parseDecisionValue,
  REJECT_ACTION,
} from './blocks/planBlocks.js';
import type { SlackContext } from './context.js';
import { type CardRef, cardOf, type SlackThread, userRef } from './refs.js';

const REJECT_CALLBACK = 'dea_reject_reason';

export function registerDecisions(app: App, ctx: SlackContext): void {
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
