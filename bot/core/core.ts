/**
 * The core as channels see it (`BotCore`, api.ts): a facade over four runners that share one services object —
 * conversation, proposer, decision, checks (docs/architecture.md#rooms-and-arrows).
 */
import type {
  BotCore,
  DecisionOutcome,
  DecisionRequest,
  FeedbackEntry,
  FeedbackRequest,
  IncomingMessage,
  PipelineFilter,
  QuickSetupInput,
  ReplyTarget,
} from './api.js';
import { isApprover } from './approval.js';
import { ChecksRunner } from './checksRunner.js';
import type { ThreadRef, UserRef } from './contracts.js';
import { ConversationRunner } from './conversationRunner.js';
import { DecisionRunner } from './decisionRunner.js';
import type { PlanView } from './messages.js';
import { Proposer } from './proposer.js';
import { type CoreDeps, type CoreServices, createServices } from './services.js';
import { planView } from './views.js';

export function createBotCore(deps: CoreDeps): BotCore {
  return new Core(createServices(deps));
}

class Core implements BotCore {
  private readonly conversation: ConversationRunner;
  private readonly proposer: Proposer;
  private readonly decisions: DecisionRunner;
  private readonly checks: ChecksRunner;

  constructor(private readonly services: CoreServices) {
    this.proposer = new Proposer(services);
    this.checks = new ChecksRunner(services);
    this.decisions = new DecisionRunner(services, this.checks, this.proposer);
    this.conversation = new ConversationRunner(services, this.proposer);
  }

  handleMessage(msg: IncomingMessage, reply: ReplyTarget): Promise<void> {
    return this.conversation.handleMessage(msg, reply);
  }

  idle(): Promise<void> {
    return this.conversation.idle();
  }

  quickSetup(input: QuickSetupInput, ctx: { thread: ThreadRef; user: UserRef }, reply: ReplyTarget) {
    return this.proposer.quickSetup(input, ctx, reply);
  }

  retire(req: { pipelineId: string; user: UserRef; thread: ThreadRef }, reply: ReplyTarget) {
    return this.proposer.retire(req, reply);
  }

  decide(req: DecisionRequest, reply: ReplyTarget): Promise<DecisionOutcome> {
    return this.decisions.decide(req, reply);
  }

  recheck(req: { pipelineId: string; user: UserRef }, reply: ReplyTarget) {
    return this.checks.recheck(req, reply);
  }

  driftReport() {
    return this.checks.driftReport();
  }

  claimEvent(key: string): Promise<boolean> {
    return this.services.events.claim(key);
  }

  isApprover(user: UserRef): Promise<boolean> {
    return isApprover(user, this.services.settings, this.services.groups);
  }

  recordFeedback(req: FeedbackRequest): Promise<void> {
    return this.services.feedback.record(req);
  }

  feedbackFor(thread: ThreadRef): Promise<FeedbackEntry[]> {
    return this.services.feedback.list(thread);
  }

  listPipelines(filter: PipelineFilter) {
    return this.services.tracker.list(filter);
  }

  getPipeline(id: string) {
    return this.services.tracker.get(id);
  }

  async getPlanView(id: string): Promise<PlanView | null> {
    const row = await this.services.tracker.get(id);
    return row ? planView(row) : null;
  }
}
