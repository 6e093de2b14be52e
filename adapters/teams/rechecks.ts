/**
 * "Check again" on a verification card (`adaptiveCard/action`, verb `recheck`, data `{pipelineId}`).
 *
 * The core runs the read-only checks and posts the new verification card to the conversation itself, so the
 * invoke is answered with a short message for the clicker only — never with the card, which would show the same
 * result twice (once replacing the clicked card, once as the posted message). The clicked card stays as it was:
 * it is the record of the earlier checks.
 *
 * The invoke waits for the checks up to a budget (Teams expects the answer within seconds): done in time, the
 * answer says how they went, or why they could not run; otherwise it says they are running and a refusal that
 * comes later is posted to the conversation. Clicks on a pipeline whose recheck is still running here are
 * answered without starting another.
 */
import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationReference,
  TurnContext,
} from 'botbuilder';
import { z } from 'zod';
import type { BotCore } from '../../bot/core/api.js';
import type { UserRef } from '../../bot/core/contracts.js';
import type { VerificationView } from '../../bot/core/messages.js';
import type { Logger } from '../../bot/log/logger.js';
import { messageResponse } from './decisions.js';
import type { People } from './people.js';
import type { TeamsReplyTarget } from './reply.js';

const dataSchema = z.object({ pipelineId: z.string().min(1).max(100) }).loose();

type Outcome = { ok: true; verification: VerificationView } | { ok: false; reason: string };

export interface RecheckDeps {
  core: BotCore;
  logger: Logger;
  people: People;
  replyFor(reference: Partial<ConversationReference>): TeamsReplyTarget;
  /** Work that outlives the invoke, tracked for shutdown. */
  background(label: string, work: () => Promise<unknown>): void;
  /** How long the invoke waits for the checks before answering "running" (default 5 s). */
  budgetMs?: number;
}

export class Rechecks {
  private readonly running = new Set<string>();

  constructor(private readonly deps: RecheckDeps) {}

  async handle(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const activity = context.activity;
    this.deps.people.learn(activity);
    const data = dataSchema.safeParse(value?.action?.data);
    if (!data.success) return messageResponse('This button does not belong to a pipeline I know.');
    const { pipelineId } = data.data;
    if (this.running.has(pipelineId))
      return messageResponse(
        `Already checking pipeline ${pipelineId} again; the result will be posted here.`,
      );
    const who = this.deps.people.identify(activity);
    if (!who.ok) return messageResponse(who.reason);
    const user = who.user;
    const reply = this.deps.replyFor(TurnContext.getConversationReference(activity));
    this.running.add(pipelineId);
    const work = this.run(pipelineId, user, reply);
    let late = false;
    this.deps.background(`teams recheck ${pipelineId}`, async () => {
      try {
        const outcome = await work;
        // Answered "running" already: a refusal found later still has to reach the clicker.
        if (late && !outcome.ok)
          await reply.notifyUser(user, {
            kind: 'error',
            title: 'Could not check again',
            text: outcome.reason,
          });
      } finally {
        this.running.delete(pipelineId);
      }
    });
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([
      work,
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), this.deps.budgetMs ?? 5_000);
      }),
    ]);
    clearTimeout(timer);
    if (!inTime) {
      late = true;
      return messageResponse(`Checking pipeline ${pipelineId} again; the result will be posted here.`);
    }
    if (!inTime.ok) return messageResponse(`Could not check again: ${inTime.reason}`);
    const v = inTime.verification;
    return messageResponse(
      `Checked pipeline ${pipelineId} again: ${v.ok ? 'all checks passed' : 'something needs attention'}. The new checks are posted below.`,
    );
  }

  private async run(pipelineId: string, user: UserRef, reply: TeamsReplyTarget): Promise<Outcome> {
    try {
      const outcome = await this.deps.core.recheck({ pipelineId, user }, reply);
      if (!outcome.ok)
        this.deps.logger.info({ pipelineId, reason: outcome.reason }, 'teams: recheck refused');
      return outcome;
    } catch (err) {
      this.deps.logger.error({ err, pipelineId }, 'teams: recheck failed');
      return { ok: false, reason: 'The checks could not run just now; try again in a moment.' };
    }
  }
}
