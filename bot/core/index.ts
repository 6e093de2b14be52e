/**
 * The bot core: conversations, plans, approvals. Channel adapters call it through `BotCore` (api.ts); it talks
 * only to an `Agent` and a `Warehouse` (contracts.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { qualifiedName, resolveObject } from '../../procedures/execute/objects.js';
import type { CreateStatement } from '../../procedures/parser/ast.js';
import { contributorsOf } from '../../procedures/tracker/approvers.js';
import type {
  BotCore,
  DecisionOutcome,
  DecisionRequest,
  FeedbackEntry,
  FeedbackRequest,
  IncomingMessage,
  PipelineFilter,
  PipelineRow,
  QuickSetupInput,
  ReplyTarget,
} from './api.js';
import {
  type ApprovalSettings,
  checkDecision,
  describeState,
  type GroupDirectory,
  isApprover,
} from './approval.js';
import {
  type Agent,
  type AgentEvent,
  type Assumption,
  agentEventSchema,
  principalOf,
  type ThreadRef,
  type UserRef,
  type Warehouse,
} from './contracts.js';
import { ConversationStore, EventLog } from './conversationStore.js';
import { driftReport } from './drift.js';
import { Inventory } from './existing/inventory.js';
import { reconcile } from './existing/reconcile.js';
import { liveRows, usageOf } from './existing/usage.js';
import { FeedbackStore } from './feedback.js';
import { inferTable, tableWishesSchema, wantsInference } from './inference.js';
import type { BotMessage, PlanView, ResultView, TrustSteps } from './messages.js';
import {
  type DraftStatement,
  dataSourceType,
  draftFromToolResults,
  hashOf,
  label,
  mergeDrafts,
  type ToolResultLike,
} from './plan.js';
import { ProgressMessage } from './progress.js';
import { buildQuickSetupPlan } from './quickSetup.js';
import { buildRetirePlan, RETIRE_REQUEST } from './retire.js';
import { botTables } from './sqlNames.js';
import { TrackerRepository } from './tracker.js';
import { progressSurface } from './turnSurface.js';
import { verifyPipeline } from './verification.js';
import { planView, resultView, storedStatements, summarySchema, trustOf, trustSteps } from './views.js';

export interface CoreSettings extends ApprovalSettings {
  planTtlMs: number;
  database: string;
  schema: string;
  /** Minimum time between in-place updates of one progress message. */
  progressIntervalMs?: number;
}

export interface CoreDeps {
  warehouse: Warehouse;
  agent: Agent;
  logger: Logger;
  settings: CoreSettings;
  groups?: GroupDirectory;
  /** Registers long-running work with the process lifecycle (graceful shutdown); defaults to running it as is. */
  track?: <T>(work: (signal: AbortSignal) => Promise<T>) => Promise<T>;
}

export type { BotCore } from './api.js';

export function newPipelineId(): string {
  return `P-${randomBytes(6).toString('hex')}`;
}

export function createBotCore(deps: CoreDeps): BotCore {
  return new Core(deps);
}

class Core implements BotCore {
  private readonly tracker: TrackerRepository;
  private readonly tables: ReturnType<typeof botTables>;
  private readonly conversations: ConversationStore;
  private readonly events: EventLog;
  private readonly feedback: FeedbackStore;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly log: Logger;
  private readonly track: NonNullable<CoreDeps['track']>;

  constructor(private readonly deps: CoreDeps) {
    const tables = botTables(deps.settings.database, deps.settings.schema);
    this.tables = tables;
    this.tracker = new TrackerRepository(deps.warehouse, tables.tracker);
    this.conversations = new ConversationStore(deps.warehouse, tables.conversations);
    this.events = new EventLog(deps.warehouse, tables.events);
    this.feedback = new FeedbackStore(deps.warehouse, tables.conversations);
    this.log = deps.logger.child({ component: 'core' });
    this.track = deps.track ?? ((work) => work(new AbortController().signal));
  }

  claimEvent(key: string): Promise<boolean> {
    return this.events.claim(key);
  }

  isApprover(user: UserRef): Promise<boolean> {
    return isApprover(user, this.deps.settings, this.deps.groups);
  }

  recordFeedback(req: FeedbackRequest): Promise<void> {
    return this.feedback.record(req);
  }

  feedbackFor(thread: ThreadRef): Promise<FeedbackEntry[]> {
    return this.feedback.list(thread);
  }

  listPipelines(filter: PipelineFilter) {
    return this.tracker.list(filter);
  }

  getPipeline(id: string) {
    return this.tracker.get(id);
  }

  async getPlanView(id: string): Promise<PlanView | null> {
    const row = await this.tracker.get(id);
    return row ? planView(row) : null;
  }

  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.allSettled([...this.queues.values()]);
  }

  // ------------------------------------------------------------------ conversation

  async handleMessage(msg: IncomingMessage, reply: ReplyTarget): Promise<void> {
    if (msg.eventId && !(await this.events.claim(msg.eventId))) {
      this.log.info({ eventId: msg.eventId }, 'duplicate event ignored');
      return;
    }
    const key = `${msg.thread.channel}\u0000${msg.thread.id}`;
    const previous = this.queues.get(key) ?? Promise.resolve();
    // One agent run at a time per thread: a message that arrives during a run waits its turn.
    const turn = previous.then(() => this.track((signal) => this.runTurn(msg, reply, signal)));
    const settled = turn.then(
      () => undefined,
      (err) => this.log.error({ err, thread: msg.thread }, 'turn failed'),
    );
    this.queues.set(key, settled);
    void settled.finally(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    await settled;
  }

  private async runTurn(msg: IncomingMessage, reply: ReplyTarget, signal: AbortSignal): Promise<void> {
    // "retire P-…" is a plan the core builds from the tracker, in any channel and with any agent.
    const retiring = RETIRE_REQUEST.exec(msg.text);
    if (retiring) {
      await this.retire({ pipelineId: retiring[1] as string, user: msg.user, thread: msg.thread }, reply);
      return;
    }
    const onError = (err: unknown) => this.log.warn({ err }, 'progress update failed');
    const surface =
      reply.startTurn?.() ?? progressSurface(reply, this.deps.settings.progressIntervalMs ?? 1_000, onError);
    const conv = (await this.conversations.get(msg.thread)) ?? { state: {} };
    // Everyone who spoke to the agent in this thread shaped what it proposes next, so each is a contributor.
    const participants = participantsOf(conv.state);
    const me = principalOf(msg.user);
    if (!participants.includes(me)) participants.push(me);
    conv.state.participants = participants;
    const results: ToolResultLike[] = [];
    let text = '';
    const warnings: string[] = [];
    let done: Extract<AgentEvent, { type: 'done' }> | undefined;
    let failure: Extract<AgentEvent, { type: 'error' }> | undefined;
    try {
      for await (const raw of this.deps.agent.run({
        thread: msg.thread,
        user: msg.user,
        text: msg.text,
        signal,
        agentThreadId: conv.agentThreadId,
        agentMessageId: conv.agentMessageId,
      })) {
        const parsed = agentEventSchema.safeParse(raw);
        if (!parsed.success) {
          this.log.warn({ issues: parsed.error.issues }, 'agent emitted an invalid event; ignored');
          continue;
        }
        const ev = parsed.data;
        // The user pressed Stop: leaving the loop ends the agent's stream (the Cortex request is released).
        if (surface.stopped) break;
        if (ev.type === 'status') {
          surface.status(ev.text);
        } else if (ev.type === 'warning') {
          surface.status(`⚠️ ${ev.text}`);
          warnings.push(ev.text);
        } else if (ev.type === 'text') {
          text += ev.delta;
          surface.text(ev.delta);
        } else if (ev.type === 'tool_use') {
          surface.task({ id: ev.id, title: toolLabel(ev.tool), state: 'running' });
        } else if (ev.type === 'tool_result') {
          results.push(ev);
          surface.task({ id: ev.id, title: toolLabel(ev.tool), state: ev.ok ? 'done' : 'failed' });
        } else if (ev.type === 'error') {
          failure = ev;
        } else if (ev.type === 'done') {
          done = ev;
        }
      }
    } catch (err) {
      failure = {
        type: 'error',
        code: 'agent_failed',
        message: err instanceof Error ? err.message : String(err),
        retryable: true,
      };
    }

    if (surface.stopped) {
      this.log.info({ thread: msg.thread }, 'the user stopped the answer; no plan proposed');
      await surface.finish({ kind: 'text', text: '' });
      await this.conversations
        .save(msg.thread, conv)
        .catch((err) => this.log.warn({ err }, 'could not save the conversation'));
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
      await this.conversations.save(msg.thread, conv);
      return;
    }

    const { statements: drafted, rejected } = draftFromToolResults(results);
    if (rejected.length) this.log.warn({ rejected }, 'tool results not usable for a plan');
    if (drafted.length === 0) {
      await surface.finish(
        failure
          ? agentErrorMessage(failure, answer)
          : { kind: 'text', text: answer || 'I have nothing to add yet.' },
      );
      await this.conversations.save(msg.thread, conv);
      return;
    }

    await surface.finish({ kind: 'text', text: answer || 'Here is the plan.' });
    try {
      const previous = await this.tracker.latestProposedInThread(msg.thread.channel, msg.thread.id);
      const merged = previous ? mergeDrafts(draftsOf(previous), drafted) : drafted;
      const plan = await this.propose(
        merged,
        msg.thread,
        msg.user,
        done?.usage ?? null,
        reply,
        previous,
        undefined,
        participants,
        done?.assumptions ?? [],
      );
      conv.state.openPipelineId = plan?.pipelineId ?? conv.state.openPipelineId;
    } catch (err) {
      // The agent's answer stands; say plainly that no plan was recorded instead of leaving the thread silent.
      this.log.error({ err, thread: msg.thread }, 'could not record the plan');
      await reply.post({
        kind: 'error',
        title: 'I could not record the plan',
        text: err instanceof Error ? err.message : String(err),
        next: 'Nothing was created. Send your message again in this thread once the warehouse answers (/readyz).',
      });
    }
    await this.conversations
      .save(msg.thread, conv)
      .catch((err) => this.log.warn({ err }, 'could not save the conversation'));
  }

  /**
   * Compares a drafted plan with what exists (reuse, widen, replace or refuse), records it as PROPOSED and posts
   * its card. Records nothing when every object already exists as asked, or when a revision changes nothing
   * (the open plan stands); reports problems instead when the plan is not sound.
   */
  private async propose(
    drafted: DraftStatement[],
    thread: ThreadRef,
    user: UserRef,
    usage: unknown,
    reply: ReplyTarget,
    previous?: PipelineRow | null,
    /** Step 2 of inference: the step-1 row whose objects the table reads through (its names fill the row). */
    inherit?: PipelineRow,
    /** Everyone else who shaped the plan in this thread; the procedure adds earlier plans' contributors. */
    contributors: string[] = [],
    assumptions: readonly Assumption[] = [],
  ): Promise<PlanView | null> {
    const { database, schema } = this.deps.settings;
    const ctx = { database, schema };
    const inventory = new Inventory(this.deps.warehouse);
    const live = await liveRows(this.deps.warehouse, this.tables.tracker);
    const checked = await reconcile(drafted, {
      ...ctx,
      inventory,
      usage: usageOf(live, ctx, thread),
    });
    this.log.debug({ reads: inventory.sent }, 'looked before proposing');
    if (checked.problems.length > 0) {
      await reply.post({
        kind: 'error',
        title: 'The plan needs a change before it can be approved',
        text: checked.problems.map((p) => `• ${p}`).join('\n'),
        next: 'Tell me what to change (a name, a location, "use integration X", "replace it") and I will revise the plan.',
      });
      return null;
    }
    if (checked.statements.every((s) => s.change === 'exists')) {
      // Name the pipelines that hold the most of these objects (the one that built them), not every user of a
      // shared integration.
      const score = (r: (typeof live)[number]) =>
        checked.statements.filter((s) => namesOf(r).includes(s.name)).length;
      const best = Math.max(0, ...live.map(score));
      const users = best > 0 ? live.filter((r) => score(r) === best).map((r) => r.PIPELINE_ID) : [];
      await reply.post({
        kind: 'text',
        text: `Already exists — nothing to do: ${checked.statements.map((s) => `${label(s.kind)} ${s.name}`).join(', ')} exist exactly as asked${users.length ? ` (pipeline ${users.join(', ')})` : ''}. Nothing was recorded.`,
      });
      return null;
    }
    // An edit after SUCCESS proposes exactly what changes; the untouched objects are named, not repeated.
    const editing =
      checked.statements.some((s) => s.change === 'replace') &&
      live.some((r) => r.CHANNEL === thread.channel && r.THREAD_REF === thread.id);
    const kept = editing ? checked.statements.filter((s) => s.change === 'exists') : [];
    const planned = editing ? checked.statements.filter((s) => s.change !== 'exists') : checked.statements;
    const stored = planned.map((s) => ({
      kind: s.kind,
      name: s.name,
      sql: s.sql,
      change: s.change,
      warnings: kept.length
        ? [...s.warnings, `Unchanged and kept: ${kept.map((k) => `${label(k.kind)} ${k.name}`).join(', ')}.`]
        : s.warnings,
      ...(s.inferred ? { inferred: s.inferred } : {}),
      // Stated with the statement they shape; outside the plan hash (they describe, they do not run).
      ...assumedFor(s.kind, assumptions),
    }));
    const hash = hashOf(stored);
    if (previous && previous.PLAN_HASH === hash) {
      await reply.post({
        kind: 'text',
        text: `That changes nothing: plan ${previous.PIPELINE_ID} stays as it is and is still waiting for approval.`,
      });
      return planView(previous);
    }
    const pipelineId = newPipelineId();
    const names = new Map<CreateStatement['kind'], string>();
    for (const s of editing
      ? checked.parsed.filter((p) => planned.some((v) => v.kind === p.kind))
      : checked.parsed) {
      try {
        names.set(s.kind, qualifiedName(resolveObject(s.kind, s.name, ctx)));
      } catch {
        names.set(s.kind, s.name.text);
      }
    }
    // A stage read through an integration the plan does not create still names it on the row.
    for (const s of planned) if (!names.has(s.kind)) names.set(s.kind, s.name);
    const inherited: Record<CreateStatement['kind'], string | null | undefined> = {
      STORAGE_INTEGRATION: inherit?.INTEGRATION_NAME,
      FILE_FORMAT: inherit?.FILE_FORMAT_NAME,
      STAGE: inherit?.STAGE_NAME,
      EXTERNAL_TABLE: inherit?.TABLE_NAME,
    };
    const nameOf = (kind: CreateStatement['kind']) => names.get(kind) ?? inherited[kind] ?? null;
    await this.tracker.insertProposed({
      pipelineId,
      dataSourceType:
        dataSourceType(checked.parsed) ?? inherit?.DATA_SOURCE_TYPE ?? previous?.DATA_SOURCE_TYPE ?? null,
      integrationName: nameOf('STORAGE_INTEGRATION'),
      fileFormatName: nameOf('FILE_FORMAT'),
      stageName: nameOf('STAGE'),
      tableName: nameOf('EXTERNAL_TABLE'),
      statements: stored,
      requestedBy: principalOf(user),
      contributors,
      channel: thread.channel,
      threadRef: thread.id,
      planHash: hash,
      ttlMs: this.deps.settings.planTtlMs,
      agentUsage: usage,
      // A revision retires the open plan it replaces, inside RECORD_PROPOSAL (same thread, nobody approving it).
      replaces: previous?.PIPELINE_ID ?? null,
    });
    const row = await this.tracker.get(pipelineId);
    if (!row) throw new Error(`pipeline ${pipelineId} was not recorded`);
    const view = planView(row);
    await reply.post({ kind: 'plan', plan: view, actionable: true });
    this.log.info(
      { pipelineId, hash, statements: stored.length, requestedBy: principalOf(user) },
      'plan proposed',
    );
    return view;
  }

  async retire(
    req: { pipelineId: string; user: UserRef; thread: ThreadRef },
    reply: ReplyTarget,
  ): Promise<PlanView | null> {
    const { database, schema } = this.deps.settings;
    const row = await this.tracker.get(req.pipelineId);
    if (!row) {
      await reply.post({
        kind: 'error',
        title: 'Nothing to retire',
        text: `There is no pipeline ${req.pipelineId}.`,
      });
      return null;
    }
    const live = await liveRows(this.deps.warehouse, this.tables.tracker);
    const built = buildRetirePlan(row, live, { database, schema });
    if (!built.ok) {
      await reply.post({
        kind: 'error',
        title: `Pipeline ${row.PIPELINE_ID} cannot be retired`,
        text: built.reason,
      });
      return null;
    }
    const hash = hashOf(built.statements);
    const pipelineId = newPipelineId();
    await this.tracker.insertProposed({
      pipelineId,
      dataSourceType: row.DATA_SOURCE_TYPE,
      // A retire plan uses nothing: its row names no object, so it never keeps one alive.
      integrationName: null,
      fileFormatName: null,
      stageName: null,
      tableName: null,
      statements: built.statements,
      requestedBy: principalOf(req.user),
      contributors: [],
      channel: req.thread.channel,
      threadRef: req.thread.id,
      planHash: hash,
      ttlMs: this.deps.settings.planTtlMs,
      agentUsage: null,
      replaces: null,
    });
    const recorded = await this.tracker.get(pipelineId);
    if (!recorded) throw new Error(`pipeline ${pipelineId} was not recorded`);
    const view = planView(recorded);
    await reply.post({ kind: 'plan', plan: view, actionable: true });
    this.log.info(
      { pipelineId, retires: row.PIPELINE_ID, drops: built.statements.length },
      'retire plan proposed',
    );
    return view;
  }

  async driftReport() {
    const { database, schema } = this.deps.settings;
    const live = await liveRows(this.deps.warehouse, this.tables.tracker);
    const report = await driftReport(live, new Inventory(this.deps.warehouse), { database, schema });
    return Object.fromEntries(report);
  }

  // ------------------------------------------------------------------ quick setup

  async quickSetup(input: QuickSetupInput, ctx: { thread: ThreadRef; user: UserRef }, reply: ReplyTarget) {
    const built = await buildQuickSetupPlan(input, (tool, args) => this.deps.warehouse.call(tool, args));
    if (!built.ok) return built;
    const plan = await this.propose(built.statements, ctx.thread, ctx.user, null, reply);
    if (!plan)
      return {
        ok: false as const,
        errors: [{ field: 'plan', message: 'The plan could not be proposed; see the thread.' }],
      };
    return { ok: true as const, plan };
  }

  // ------------------------------------------------------------------ decisions

  async decide(req: DecisionRequest, reply: ReplyTarget): Promise<DecisionOutcome> {
    let row = await this.tracker.get(req.pipelineId);
    if (!row) return { kind: 'refused', reason: `There is no pipeline ${req.pipelineId}.` };
    if (row.STATUS === 'PROPOSED' && row.EXPIRES_AT && Date.parse(row.EXPIRES_AT) <= Date.now()) {
      await this.tracker.expire(row);
      row = (await this.tracker.get(req.pipelineId)) ?? row;
    }
    const check = await checkDecision(
      row,
      req.verb,
      req.user,
      req.hash,
      this.deps.settings,
      this.deps.groups,
    );
    if (!check.ok) {
      this.log.info(
        { pipelineId: row.PIPELINE_ID, user: principalOf(req.user), verb: req.verb, reason: check.reason },
        'decision refused',
      );
      return { kind: 'refused', reason: check.reason, plan: planView(row) };
    }
    const by = principalOf(req.user);
    if (req.verb === 'reject') {
      const reason = req.reason?.trim() ? req.reason.trim().slice(0, 2_000) : null;
      const result = await this.tracker.reject(row, by, req.hash, check.viaGroup, reason);
      if (!result.ok) return this.refusedBy(row, result);
      const now = (await this.tracker.get(row.PIPELINE_ID)) ?? row;
      this.log.info({ pipelineId: row.PIPELINE_ID, by }, 'plan rejected');
      return { kind: 'accepted', plan: planView(now), completion: Promise.resolve(null) };
    }
    const reserved = await this.tracker.reserveApproval(row, by, req.hash, check.viaGroup);
    if (!reserved.ok) return this.refusedBy(row, reserved);
    const shown = planView(row);
    shown.status = 'EXECUTING';
    shown.decision = { verb: 'approved', by, at: new Date().toISOString() };
    const completion = this.track(() => this.execute(row, req, check.viaGroup, reply)).catch((err) => {
      this.log.error({ err, pipelineId: row.PIPELINE_ID }, 'execution failed');
      void reply
        .post({
          kind: 'error',
          title: `Pipeline ${row.PIPELINE_ID} could not be run`,
          text: err instanceof Error ? err.message : String(err),
          next: `Check its state with \`dea tracker show ${row.PIPELINE_ID}\`; nothing runs twice.`,
        })
        .catch(() => undefined);
      return null;
    });
    return { kind: 'accepted', plan: shown, completion };
  }

  /** A procedure said no: the row's state in words when it moved on, else the procedure's own sentence. */
  private async refusedBy(
    row: PipelineRow,
    result: { reason?: string; message: string },
  ): Promise<DecisionOutcome> {
    const now = (await this.tracker.get(row.PIPELINE_ID)) ?? row;
    this.log.info({ pipelineId: row.PIPELINE_ID, reason: result.reason }, 'decision refused by the tracker');
    const stateChanged =
      result.reason === 'already_decided' || result.reason === 'claim_lost' || result.reason === 'expired';
    return {
      kind: 'refused',
      reason: stateChanged ? describeState(now) : result.message,
      plan: planView(now),
    };
  }

  private async execute(
    row: PipelineRow,
    req: DecisionRequest,
    viaGroup: string | null,
    reply: ReplyTarget,
  ): Promise<ResultView | null> {
    const by = principalOf(req.user);
    const todo = storedStatements(row).filter((s) => s.change !== 'exists');
    const progress = new ProgressMessage(reply, this.deps.settings.progressIntervalMs ?? 1_000);
    progress.show({
      kind: 'progress',
      title: `Running pipeline ${row.PIPELINE_ID} (approved by ${by})…`,
      lines: todo.map((s) => `… ${label(s.kind)} ${s.name}`),
    });
    let raw: unknown;
    try {
      raw = await this.deps.warehouse.call('EXECUTE_DDL_AND_TRACK', [
        row.PIPELINE_ID,
        req.hash,
        by,
        viaGroup,
      ]);
    } catch (err) {
      // The procedure may not have claimed the plan; give it back so it can be approved again.
      await this.tracker.releaseApproval(row, by).catch(() => undefined);
      throw err;
    }
    const summary = summarySchema.parse(typeof raw === 'string' ? JSON.parse(raw) : raw);
    if (summary.reason === 'claim_lost' || summary.reason === 'already_decided') {
      // Another click (or replica) won the claim; it reports the outcome.
      this.log.info({ pipelineId: row.PIPELINE_ID, by }, 'approval lost the claim; not executing');
      await progress.finish({
        kind: 'text',
        text: describeState((await this.tracker.get(row.PIPELINE_ID)) ?? row),
      });
      return null;
    }
    if (summary.reason && summary.steps.length === 0) {
      await progress.finish({
        kind: 'error',
        title: `Pipeline ${row.PIPELINE_ID} did not run`,
        text: summary.message,
        next: 'Ask for a fresh plan in this thread.',
      });
      return null;
    }
    const fresh = (await this.tracker.get(row.PIPELINE_ID)) ?? row;
    const integStep = summary.steps.find((s) => s.kind === 'STORAGE_INTEGRATION');
    const trust =
      summary.status === 'SUCCESS' && fresh.INTEGRATION_NAME && (!integStep || integStep.ok)
        ? await trustSteps(this.deps.warehouse, fresh.INTEGRATION_NAME)
        : undefined;
    // Kept with the pipeline so the dashboard can show the cloud-side values later without a DESC INTEGRATION.
    if (trust)
      await this.tracker
        .setVerification(fresh, { trust })
        .catch((err) => this.log.warn({ err }, 'could not store trust steps'));
    const view = resultView(fresh, summary, by, trust);
    await progress.finish({ kind: 'result', result: view });
    this.log.info({ pipelineId: row.PIPELINE_ID, status: view.status, by }, 'pipeline executed');
    if (view.status === 'SUCCESS') {
      if (fresh.TABLE_NAME) await this.verifyAndPost(fresh, trust, reply);
      else if (wantsInference(fresh)) await this.proposeInferredTable(fresh, reply);
    }
    return view;
  }

  /** Runs the read-only checks, records them with the pipeline and posts them; a failure offers "Check again". */
  private async verifyAndPost(row: PipelineRow, trust: TrustSteps | undefined, reply: ReplyTarget) {
    const storedTrust = trust ?? trustOf(row);
    const verification = await verifyPipeline(this.deps.warehouse, row, storedTrust);
    await this.tracker
      .setVerification(row, {
        ...(storedTrust ? { trust: storedTrust } : {}),
        checks: verification.checks,
        checkedAt: verification.checkedAt,
      })
      .catch((err) => this.log.warn({ err }, 'could not store the checks'));
    await reply.post({ kind: 'verification', verification, actionable: !verification.ok });
    return verification;
  }

  /** Step 2 of the inference flow: read sample files through the new stage and propose the table. */
  private async proposeInferredTable(row: PipelineRow, reply: ReplyTarget): Promise<void> {
    const thread: ThreadRef = {
      channel: (row.CHANNEL ?? 'local') as ThreadRef['channel'],
      id: row.THREAD_REF ?? row.PIPELINE_ID,
    };
    const conv = await this.conversations.get(thread).catch(() => null);
    const wishes = tableWishesSchema.safeParse(conv?.state.tableWishes);
    const outcome = await inferTable(this.deps.warehouse, row, wishes.success ? wishes.data : undefined);
    if (!outcome.ok) {
      await reply.post({
        kind: 'error',
        title: 'I could not infer the columns yet',
        text: outcome.problem ?? 'No columns found.',
      });
      return;
    }
    const [channel, ...rest] = (row.REQUESTED_BY ?? 'local:unknown').split(':');
    const requester: UserRef = { channel: (channel ?? 'local') as UserRef['channel'], id: rest.join(':') };
    // The table plan continues the same request: whoever shaped the first plan shaped this one.
    await this.propose(
      outcome.statements,
      thread,
      requester,
      null,
      reply,
      null,
      row,
      contributorsOf(row.CONTRIBUTORS, row.REQUESTED_BY),
    );
  }

  async recheck(req: { pipelineId: string; user: UserRef }, reply: ReplyTarget) {
    const row = await this.tracker.get(req.pipelineId);
    if (!row) return { ok: false as const, reason: `There is no pipeline ${req.pipelineId}.` };
    if (row.STATUS !== 'SUCCESS' || !row.TABLE_NAME)
      return {
        ok: false as const,
        reason: `Pipeline ${row.PIPELINE_ID} has no table to check (${row.STATUS}).`,
      };
    const verification = await this.verifyAndPost(row, undefined, reply);
    this.log.info(
      { pipelineId: row.PIPELINE_ID, by: principalOf(req.user), ok: verification.ok },
      'checks run again',
    );
    return { ok: true as const, verification };
  }
}

function participantsOf(state: Record<string, unknown>): string[] {
  const list = state.participants;
  return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
}

/** The drafted CREATEs of an open plan (an ALTER the core derived is derived again from the revision). */
function draftsOf(row: PipelineRow): DraftStatement[] {
  return storedStatements(row)
    .filter((s) => s.change !== 'alter' && /^\s*CREATE\b/i.test(s.sql))
    .map((s) => ({ kind: s.kind, name: s.name, sql: s.sql, warnings: [] }));
}

function namesOf(row: {
  INTEGRATION_NAME: string | null;
  FILE_FORMAT_NAME: string | null;
  STAGE_NAME: string | null;
  TABLE_NAME: string | null;
}): string[] {
  return [row.INTEGRATION_NAME, row.FILE_FORMAT_NAME, row.STAGE_NAME, row.TABLE_NAME]
    .filter((n): n is string => !!n)
    .map((n) => n.split('.').at(-1) ?? n);
}

/** The agent's stated assumptions about one statement kind, as a stored-statement field (absent when none). */
function assumedFor(kind: string, assumptions: readonly Assumption[]): { assumptions?: string[] } {
  const texts = assumptions.filter((a) => a.kind === kind).map((a) => a.text);
  return texts.length > 0 ? { assumptions: texts } : {};
}

function toolLabel(tool: string): string {
  return tool
    .replace(/^GENERATE_/, '')
    .replace(/_DDL$/, '')
    .replace(/EXTERNAL_STAGE/, 'stage')
    .toLowerCase()
    .replace(/_/g, ' ');
}

function agentErrorMessage(failure: Extract<AgentEvent, { type: 'error' }>, partial: string): BotMessage {
  return {
    kind: 'error',
    title: 'The agent could not finish this answer',
    text: `${failure.message}${partial ? `\n\nWhat it said so far: ${partial}` : ''}`,
    next: failure.retryable
      ? 'Send your message again in this thread; the conversation is kept.'
      : 'Rephrase the request or check the bot configuration; the conversation is kept.',
  };
}
