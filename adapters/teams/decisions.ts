/**
 * Approve / Reject / refresh clicks (`adaptiveCard/action` invokes), answered in the HTTP response.
 *
 * - approve / reject: `core.decide` re-reads the plan, checks the clicker, the hash and the expiry; only the
 *   caller that wins the tracker's conditional update executes (across replicas too). Within this replica,
 *   clicks on one pipeline are taken one at a time and a plan accepted here is remembered until its execution
 *   settles, so a Teams retry or a burst of clicks gets the current card instead of a second `decide`.
 *   Accepted: the clicker gets the decided card (no buttons) at once, the shared card is rewritten for
 *   everyone, and the execution result arrives later through the connector. Refused: the clicker's card says
 *   why; nothing changes.
 * - refresh: the card as this user should see it (buttons only for someone who may decide).
 */
import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationReference,
  TurnContext,
} from 'botbuilder';
import { z } from 'zod';
import type { BotCore } from '../../bot/core/api.js';
import { principalOf, type UserRef } from '../../bot/core/contracts.js';
import type { PlanView } from '../../bot/core/messages.js';
import type { Logger } from '../../bot/log/logger.js';
import { type AdaptiveCard, CARD_CONTENT_TYPE } from './cards/elements.js';
import {
  type Notice,
  planCard,
  REASON_INPUT,
  VERB_APPROVE,
  VERB_REFRESH,
  VERB_REJECT,
} from './cards/planCard.js';
import type { People } from './people.js';
import type { TeamsReplyTarget } from './reply.js';

const dataSchema = z
  .object({
    pipelineId: z.string().min(1).max(100),
    hash: z.string().min(1).max(200),
    [REASON_INPUT]: z.string().max(2_000).optional(),
  })
  .loose();

export interface DecisionDeps {
  core: BotCore;
  logger: Logger;
  people: People;
  replyFor(reference: Partial<ConversationReference>): TeamsReplyTarget;
  /** Replaces the shared card message for everyone in the conversation. */
  updateCard(reference: Partial<ConversationReference>, messageId: string, card: AdaptiveCard): Promise<void>;
  /** Work that outlives the invoke (execution, card rewrites), tracked for shutdown. */
  background(label: string, work: () => Promise<unknown>): void;
}

export class Decisions {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly accepted = new Map<string, PlanView>();

  constructor(private readonly deps: DecisionDeps) {}

  async handle(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const activity = context.activity;
    this.deps.people.learn(activity);
    const verb = value?.action?.verb;
    const data = dataSchema.safeParse(value?.action?.data);
    if (!data.success) return messageResponse('This button does not belong to a plan I know.');
    const who = this.deps.people.identify(activity);
    if (!who.ok) {
      this.deps.logger.warn(
        { channelId: activity.channelId },
        'teams: decision from an unverified identity refused',
      );
      return messageResponse(who.reason);
    }
    const user = who.user;
    const { pipelineId, hash } = data.data;
    if (verb === VERB_REFRESH) return this.refresh(pipelineId, hash, user);
    if (verb !== VERB_APPROVE && verb !== VERB_REJECT) {
      return {
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'BadRequest', message: `unknown verb ${String(verb)}` },
      } as unknown as AdaptiveCardInvokeResponse;
    }
    const reference = TurnContext.getConversationReference(activity);
    const cardMessageId = activity.replyToId;
    const reason = data.data[REASON_INPUT]?.trim() || undefined;
    return this.exclusive(pipelineId, () =>
      this.decide({ pipelineId, hash, verb, user, reason, reference, cardMessageId }),
    );
  }

  /** The card for `user`: buttons only while the plan is open and they may decide it. */
  async viewFor(plan: PlanView, user: UserRef, shownHash?: string, notice?: Notice): Promise<AdaptiveCard> {
    const approver = await this.deps.core.isApprover(user);
    const open = plan.status === 'PROPOSED' && (!plan.expiresAt || Date.parse(plan.expiresAt) > Date.now());
    const current = !shownHash || shownHash === plan.hash;
    const actionable = open && approver && current;
    let note = notice;
    if (!note && open && !current)
      note = {
        tone: 'warning',
        text: 'This card is out of date: the plan changed. Decide on the latest card.',
      };
    if (!note && open && !approver) {
      note =
        plan.requestedBy === principalOf(user)
          ? { tone: 'info', text: 'Waiting for an approver to approve or reject your plan.' }
          : { tone: 'info', text: 'Only approvers can approve or reject this plan.' };
    }
    return planCard(plan, {
      actionable,
      ...(note ? { notice: note } : {}),
      nameOf: this.deps.people.nameOf,
      refreshUserIds: await this.refreshUserIds(plan),
    });
  }

  /** MRIs of the requester and of every known person who may approve, for Teams' per-user refresh. */
  async refreshUserIds(plan: PlanView): Promise<string[]> {
    const ids: string[] = [];
    const requester = this.deps.people.mriOf(plan.requestedBy);
    if (requester) ids.push(requester);
    for (const p of this.deps.people.all().reverse()) {
      if (ids.length >= 60) break;
      const [channel, ...rest] = p.principal.split(':');
      if (channel !== 'teams') continue;
      if (await this.deps.core.isApprover({ channel: 'teams', id: rest.join(':') })) ids.push(p.mri);
    }
    return [...new Set(ids)];
  }

  private async refresh(
    pipelineId: string,
    hash: string,
    user: UserRef,
  ): Promise<AdaptiveCardInvokeResponse> {
    const plan = this.accepted.get(pipelineId) ?? (await this.deps.core.getPlanView(pipelineId));
    if (!plan) return messageResponse(`There is no pipeline ${pipelineId}.`);
    return cardResponse(await this.viewFor(plan, user, hash));
  }

  private async decide(req: {
    pipelineId: string;
    hash: string;
    verb: 'approve' | 'reject';
    user: UserRef;
    reason?: string;
    reference: Partial<ConversationReference>;
    cardMessageId?: string;
  }): Promise<AdaptiveCardInvokeResponse> {
    const { core, logger } = this.deps;
    const earlier = this.accepted.get(req.pipelineId);
    if (earlier) {
      // A retry or a second click while the first one's execution is still going: never decide twice.
      const now = await core.getPlanView(req.pipelineId);
      const plan = now && now.status !== 'PROPOSED' ? now : earlier;
      logger.info(
        { pipelineId: req.pipelineId, verb: req.verb },
        'teams: repeated decision answered with the current card',
      );
      return cardResponse(
        await this.viewFor(plan, req.user, undefined, {
          tone: 'info',
          text: 'This plan has already been decided; it runs at most once.',
        }),
      );
    }
    const reply = this.deps.replyFor(req.reference);
    const outcome = await core.decide(
      {
        pipelineId: req.pipelineId,
        hash: req.hash,
        verb: req.verb,
        user: req.user,
        ...(req.reason ? { reason: req.reason } : {}),
      },
      reply,
    );
    if (outcome.kind === 'refused') {
      logger.info(
        { pipelineId: req.pipelineId, verb: req.verb, reason: outcome.reason },
        'teams: decision refused',
      );
      if (!outcome.plan) return messageResponse(outcome.reason);
      return cardResponse(
        await this.viewFor(outcome.plan, req.user, req.hash, { tone: 'error', text: outcome.reason }),
      );
    }
    const plan = outcome.plan;
    this.accepted.set(req.pipelineId, plan);
    const shared = planCard(plan, {
      actionable: false,
      nameOf: this.deps.people.nameOf,
      refreshUserIds: await this.refreshUserIds(plan),
    });
    const messageId = req.cardMessageId;
    this.deps.background(`teams ${req.verb} ${req.pipelineId}`, async () => {
      try {
        if (messageId)
          await this.deps
            .updateCard(req.reference, messageId, shared)
            .catch((err) => logger.warn({ err }, 'teams: shared card update failed'));
        await outcome.completion;
        // Show the final state on the shared card too (the result itself is its own message).
        const final = await core.getPlanView(req.pipelineId);
        if (messageId && final && final.status !== plan.status) {
          const card = planCard(final, { actionable: false, nameOf: this.deps.people.nameOf });
          await this.deps
            .updateCard(req.reference, messageId, card)
            .catch((err) => logger.warn({ err }, 'teams: final card update failed'));
        }
      } finally {
        this.accepted.delete(req.pipelineId);
      }
    });
    const doneText =
      req.verb === 'approve'
        ? 'You approved this plan. It is running now; the result will be posted here.'
        : 'You rejected this plan.';
    return cardResponse(
      planCard(plan, {
        actionable: false,
        notice: { tone: 'info', text: doneText },
        nameOf: this.deps.people.nameOf,
        refreshUserIds: await this.refreshUserIds(plan),
      }),
    );
  }

  /** One decision per pipeline at a time in this replica; different pipelines do not wait for each other. */
  private exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const run = previous.then(work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.chains.set(key, settled);
    void settled.then(() => {
      if (this.chains.get(key) === settled) this.chains.delete(key);
    });
    return run;
  }
}

function cardResponse(card: AdaptiveCard): AdaptiveCardInvokeResponse {
  return {
    statusCode: 200,
    type: CARD_CONTENT_TYPE,
    value: card as unknown as AdaptiveCardInvokeResponse['value'],
  };
}

export function messageResponse(text: string): AdaptiveCardInvokeResponse {
  return {
    statusCode: 200,
    type: 'application/vnd.microsoft.activity.message',
    value: text as unknown as AdaptiveCardInvokeResponse['value'],
  };
}
