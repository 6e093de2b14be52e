/**
 * What channel adapters (Slack, Teams, the dashboard chat, the CLI) call. Adapters know this file, the
 * contracts and the messages — nothing else of the core.
 */
import type { PipelineStatus } from '../../procedures/tracker/columns.js';
import type { ThreadRef, UserRef } from './contracts.js';
import type { PipelineDrift } from './drift.js';
import type { BotMessage, PlanView, ResultView, VerificationView } from './messages.js';

/** An adapter's handle on a message it posted, so the core can update it in place. */
export interface MessageHandle {
  id: string;
}

/** Implemented by each adapter for one conversation. */
export interface ReplyTarget {
  post(message: BotMessage): Promise<MessageHandle>;
  update(handle: MessageHandle, message: BotMessage): Promise<void>;
  /** A note only `user` sees (Slack ephemeral); adapters without private notes post it normally. */
  notifyUser(user: UserRef, message: BotMessage): Promise<void>;
  /**
   * A live view of one agent turn (Slack's status and text streaming, Teams' streaming protocol). Adapters without
   * one get the core's progress message, posted and updated in place (turnSurface.ts).
   */
  startTurn?(): TurnSurface | undefined;
}

/** One tool call as the user sees it: started, then done or failed. */
export interface TaskUpdate {
  /** Stable per tool call (the agent's tool_use id). */
  id: string;
  /** "file format", "external table". */
  title: string;
  state: 'running' | 'done' | 'failed';
}

/**
 * What the core tells a live view while the agent works. Calls never throw and never wait: an adapter buffers and
 * throttles as its platform requires; only `finish` is awaited, and it delivers the turn's last message (the answer
 * or an error) whatever happened to the live view before.
 */
export interface TurnSurface {
  /** What the agent is doing now ("Planning the next steps"), or a warning for the user. */
  status(text: string): void;
  task(update: TaskUpdate): void;
  /** The agent's prose as it arrives. */
  text(delta: string): void;
  finish(message: BotMessage): Promise<void>;
  /** True once the user stopped the answer (Teams' Stop button): the core stops the run and posts no plan. */
  readonly stopped?: boolean;
}

export interface IncomingMessage {
  thread: ThreadRef;
  user: UserRef;
  text: string;
  /** Platform event id (Slack event_id, Teams activity id): a repeat of a seen id is ignored. */
  eventId?: string;
}

export interface DecisionRequest {
  pipelineId: string;
  /** The hash shown on the card the user clicked: approval is bound to it. */
  hash: string;
  verb: 'approve' | 'reject';
  user: UserRef;
  reason?: string;
}

export type DecisionOutcome =
  | {
      kind: 'accepted';
      /** The card as it should look now (decision shown, no buttons). */
      plan: PlanView;
      /** Approve: settles when execution ended (result also posted to the thread). Reject: resolves null. */
      completion: Promise<ResultView | null>;
    }
  | {
      kind: 'refused';
      /** Plain words for the clicker: not an approver, own plan, expired, already decided, changed plan. */
      reason: string;
      /** The current state of the plan, when it exists (for refreshing a stale card). */
      plan?: PlanView;
    };

export interface FeedbackRequest {
  thread: ThreadRef;
  user: UserRef;
  rating: 'up' | 'down';
  /** The rated answer's message (adapter handle id), when the platform says which one. */
  messageId?: string;
}

export interface FeedbackEntry {
  /** `slack:U…`, as elsewhere in the tracker. */
  by: string;
  rating: 'up' | 'down';
  at: string;
  messageId?: string;
}

export interface PipelineFilter {
  status?: PipelineStatus;
  /** Case-insensitive search in names, data source, requester and id. */
  search?: string;
  limit?: number;
  offset?: number;
}

export interface PipelineRow {
  PIPELINE_ID: string;
  CREATED_AT: string;
  DATA_SOURCE_TYPE: string | null;
  INTEGRATION_NAME: string | null;
  STAGE_NAME: string | null;
  FILE_FORMAT_NAME: string | null;
  TABLE_NAME: string | null;
  STATUS: PipelineStatus;
  DDL_STATEMENTS: unknown;
  EXECUTION_LOG: unknown;
  REQUESTED_BY: string | null;
  APPROVED_BY: string | null;
  REJECTED_BY: string | null;
  DECISION_REASON: string | null;
  DECIDED_AT: string | null;
  CHANNEL: string | null;
  THREAD_REF: string | null;
  PLAN_HASH: string | null;
  EXPIRES_AT: string | null;
  UPDATED_AT: string | null;
  AGENT_USAGE: unknown;
  VERIFICATION: unknown;
  /** Everyone who requested or edited the plan (an array of principals); none of them may approve it. */
  CONTRIBUTORS?: unknown;
}

export interface PipelinePage {
  rows: PipelineRow[];
  total: number;
}

/** The Quick Setup form: everything needed for a plan, no language model involved. */
export interface QuickSetupInput {
  location: string;
  format: 'CSV' | 'JSON' | 'PARQUET' | 'AVRO' | 'ORC';
  /** `id NUMBER, name VARCHAR` or `id, name, date` (types inferred from names). */
  columns: string;
  awsRoleArn?: string;
  azureTenantId?: string;
  csv?: { delimiter?: string; header?: boolean; nullIf?: string[] };
  compression?: string;
  names?: { integration?: string; format?: string; stage?: string; table?: string };
}

export interface BotCore {
  /** Queues the message for its thread (one agent run at a time per thread; nothing is dropped). */
  handleMessage(msg: IncomingMessage, reply: ReplyTarget): Promise<void>;
  decide(req: DecisionRequest, reply: ReplyTarget): Promise<DecisionOutcome>;
  quickSetup(
    input: QuickSetupInput,
    ctx: { thread: ThreadRef; user: UserRef },
    reply: ReplyTarget,
  ): Promise<{ ok: true; plan: PlanView } | { ok: false; errors: { field: string; message: string }[] }>;
  listPipelines(filter: PipelineFilter): Promise<PipelinePage>;
  getPipeline(id: string): Promise<PipelineRow | null>;
  /** The plan card of a pipeline as it stands now. */
  getPlanView(id: string): Promise<PlanView | null>;
  /**
   * Runs the read-only checks of a SUCCESS pipeline again ("Check again"), posts them to `reply` and records them in
   * the tracker. Anyone in the conversation may ask; the checks change nothing.
   */
  recheck(
    req: { pipelineId: string; user: UserRef },
    reply: ReplyTarget,
  ): Promise<{ ok: true; verification: VerificationView } | { ok: false; reason: string }>;
  /**
   * Proposes a plan that retires a SUCCESS pipeline: drops what its run created and no other live pipeline uses,
   * table first. The plan is approved like any other; null (with the reason posted) when nothing can be retired.
   */
  retire(
    req: { pipelineId: string; user: UserRef; thread: ThreadRef },
    reply: ReplyTarget,
  ): Promise<PlanView | null>;
  /**
   * Whether each SUCCESS pipeline's objects still exist and match what its run created, keyed by pipeline id.
   * Reads every object once (one SHOW per kind); callers cache it for one refresh interval.
   */
  driftReport(): Promise<Record<string, PipelineDrift>>;
  /** Records a platform event key; false when it was seen before (retries, duplicates, several replicas). */
  claimEvent(key: string): Promise<boolean>;
  /** Whether `user` may approve plans (ignores the self-approval rule, which depends on the plan). */
  isApprover(user: UserRef): Promise<boolean>;
  /**
   * Thumbs up / down on an answer of the agent, kept with the conversation (one rating per user and answer: a
   * second click replaces the first). Shown on the dashboard next to the pipelines of that thread.
   */
  recordFeedback(req: FeedbackRequest): Promise<void>;
  /** The ratings given in a thread, oldest first. */
  feedbackFor(thread: ThreadRef): Promise<FeedbackEntry[]>;
  /** Resolves once every queued turn has finished (tests, shutdown). */
  idle(): Promise<void>;
}
