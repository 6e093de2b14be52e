/**
 * The conversation runner: messages in, one agent turn at a time per thread, the answer out, and a plan proposed
 * from the turn's tool results (docs/architecture.md#one-request-end-to-end).
 */

import { agentErrorMessage, runAgent } from './agentTurn.js';
import type { IncomingMessage, ReplyTarget } from './api.js';
import { principalOf } from './contracts.js';
import { draftFromToolResults, mergeDrafts } from './planDrafts.js';
import { draftsOf } from './proposalRows.js';
import type { Proposer } from './proposer.js';
import { RETIRE_REQUEST } from './retire.js';
import type { CoreServices } from './services.js';
import { progressSurface } from './turnSurface.js';

export class ConversationRunner {
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly services: CoreServices,
    private readonly proposer: Proposer,
  ) {}

  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.allSettled([...this.queues.values()]);
  }

  async handleMessage(msg: IncomingMessage, reply: ReplyTarget): Promise<void> {
    const { events, log, track } = this.services;
    if (msg.eventId && !(await events.claim(msg.eventId))) {
      log.info({ eventId: msg.eventId }, 'duplicate event ignored');
      return;
    }
    const key = `${msg.thread.channel}\u0000${msg.thread.id}`;
    const previous = this.queues.get(key) ?? Promise.resolve();
    // One agent run at a time per thread: a message that arrives during a run waits its turn.
    const turn = previous.then(() => track((signal) => this.runTurn(msg, reply, signal)));
    const settled = turn.then(
      () => undefined,
      (err) => log.error({ err, thread: msg.thread }, 'turn failed'),
    );
    this.queues.set(key, settled);
    void settled.finally(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    await settled;
  }

  private async runTurn(msg: IncomingMessage, reply: ReplyTarget, signal: AbortSignal): Promise<void> {
    const { conversations, log, settings, tracker } = this.services;
    // "retire P-…" is a plan the core builds from the tracker, in any channel and with any agent.
    const retiring = RETIRE_REQUEST.exec(msg.text);
    if (retiring) {
      await this.proposer.retire(
        { pipelineId: retiring[1] as string, user: msg.user, thread: msg.thread },
        reply,
      );
      return;
    }
    const onError = (err: unknown) => log.warn({ err }, 'progress update failed');
    const surface =
      reply.startTurn?.() ?? progressSurface(reply, settings.progressIntervalMs ?? 1_000, onError);
    const conv = (await conversations.get(msg.thread)) ?? { state: {} };
    // Everyone who spoke to the agent in this thread shaped what it proposes next, so each is a contributor.
    const participants = participantsOf(conv.state);
    const me = principalOf(msg.user);
    if (!participants.includes(me)) participants.push(me);
    conv.state.participants = participants;
    const { results, text, warnings, done, failure } = await runAgent(
      this.services,
      msg,
      conv,
      surface,
      signal,
    );
    const save = () =>
      conversations
        .save(msg.thread, conv)
        .catch((err) => log.warn({ err }, 'could not save the conversation'));

    if (surface.stopped) {
      log.info({ thread: msg.thread }, 'the user stopped the answer; no plan proposed');
      await surface.finish({ kind: 'text', text: '' });
      await save();
      return;
    }
    if (done?.tableWishes) conv.state.tableWishes = done.tableWishes;
    if (done?.agentThreadId) conv.agentThreadId = done.agentThreadId;
    if (done?.agentMessageId) conv.agentMessageId = done.agentMessageId;
    // Warnings go under the answer, which replaces the progress lines they were first shown in.
    const answer = [(done?.text || text).trim(), ...warnings.map((w) => `⚠️ ${w}`)]
      .filter(Boolean)
      .join('\n\n');

    if (failure && results.length === 0) {
      await surface.finish(agentErrorMessage(failure, answer));
      await conversations.save(msg.thread, conv);
      return;
    }

    const { statements: drafted, rejected } = draftFromToolResults(results);
    if (rejected.length) log.warn({ rejected }, 'tool results not usable for a plan');
    if (drafted.length === 0) {
      await surface.finish(
        failure
          ? agentErrorMessage(failure, answer)
          : { kind: 'text', text: answer || 'I have nothing to add yet.' },
      );
      await conversations.save(msg.thread, conv);
      return;
    }

    await surface.finish({ kind: 'text', text: answer || 'Here is the plan.' });
    try {
      const previous = await tracker.latestProposedInThread(msg.thread.channel, msg.thread.id);
      const merged = previous ? mergeDrafts(draftsOf(previous), drafted) : drafted;
      const plan = await this.proposer.propose(merged, {
        thread: msg.thread,
        user: msg.user,
        usage: done?.usage ?? null,
        reply,
        previous,
        contributors: participants,
        assumptions: done?.assumptions ?? [],
      });
      conv.state.openPipelineId = plan?.pipelineId ?? conv.state.openPipelineId;
    } catch (err) {
      // The agent's answer stands; say plainly that no plan was recorded instead of leaving the thread silent.
      log.error({ err, thread: msg.thread }, 'could not record the plan');
      await reply.post({
        kind: 'error',
        title: 'I could not record the plan',
        text: err instanceof Error ? err.message : String(err),
        next: 'Nothing was created. Send your message again in this thread once the warehouse answers (/readyz).',
      });
    }
    await save();
  }
}

function participantsOf(state: Record<string, unknown>): string[] {
  const list = state.participants;
  return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
}
