/**
 * The proposer: turns drafted statements into a recorded plan and its card. It looks at what exists first (reuse,
 * widen, replace or refuse), and builds the plans nobody drafted in chat: Quick Setup, the inferred table (step 2)
 * and retire (docs/architecture.md#one-request-end-to-end).
 */
import { contributorsOf } from '../../procedures/tracker/approvers.js';
import type { PipelineRow, QuickSetupInput, ReplyTarget } from './api.js';
import { type Assumption, principalOf, type ThreadRef, type UserRef } from './contracts.js';
import { Inventory } from './existing/inventory.js';
import { reconcile } from './existing/reconcile.js';
import { liveRows, usageOf } from './existing/usage.js';
import { inferTable, tableWishesSchema } from './inference.js';
import type { PlanView } from './messages.js';
import { type DraftStatement, dataSourceType, hashOf, label } from './planDrafts.js';
import { assumedFor, namesOf, rowNames } from './proposalRows.js';
import { buildQuickSetupPlan } from './quickSetup.js';
import { buildRetirePlan } from './retire.js';
import { type CoreServices, newPipelineId } from './services.js';
import type { ProposedRow } from './tracker.js';
import { planView } from './views.js';

export interface ProposeContext {
  thread: ThreadRef;
  user: UserRef;
  usage: unknown;
  reply: ReplyTarget;
  previous?: PipelineRow | null;
  /** Step 2 of inference: the step-1 row whose objects the table reads through (its names fill the row). */
  inherit?: PipelineRow;
  /** Everyone else who shaped the plan in this thread; the procedure adds earlier plans' contributors. */
  contributors?: string[];
  assumptions?: readonly Assumption[];
}

export class Proposer {
  constructor(private readonly services: CoreServices) {}

  /**
   * Compares a drafted plan with what exists (reuse, widen, replace or refuse), records it as PROPOSED and posts
   * its card. Records nothing when every object already exists as asked, or when a revision changes nothing
   * (the open plan stands); reports problems instead when the plan is not sound.
   */
  async propose(drafted: DraftStatement[], c: ProposeContext): Promise<PlanView | null> {
    const { warehouse, settings, tables, log } = this.services;
    const { thread, user, reply, previous, inherit, contributors = [], assumptions = [] } = c;
    const ctx = { database: settings.database, schema: settings.schema };
    const inventory = new Inventory(warehouse);
    const live = await liveRows(warehouse, tables.tracker);
    const checked = await reconcile(drafted, { ...ctx, inventory, usage: usageOf(live, ctx, thread) });
    log.debug({ reads: inventory.sent }, 'looked before proposing');
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
    const parsed = editing
      ? checked.parsed.filter((p) => planned.some((v) => v.kind === p.kind))
      : checked.parsed;
    const nameOf = rowNames(parsed, planned, ctx, inherit);
    const view = await this.record(
      {
        pipelineId: newPipelineId(),
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
        ttlMs: settings.planTtlMs,
        agentUsage: c.usage,
        // A revision retires the open plan it replaces, inside RECORD_PROPOSAL (same thread, nobody approving it).
        replaces: previous?.PIPELINE_ID ?? null,
      },
      reply,
    );
    log.info(
      { pipelineId: view.pipelineId, hash, statements: stored.length, requestedBy: principalOf(user) },
      'plan proposed',
    );
    return view;
  }

  async quickSetup(input: QuickSetupInput, ctx: { thread: ThreadRef; user: UserRef }, reply: ReplyTarget) {
    const { warehouse } = this.services;
    const built = await buildQuickSetupPlan(input, (tool, args) => warehouse.call(tool, args));
    if (!built.ok) return built;
    const plan = await this.propose(built.statements, { ...ctx, usage: null, reply });
    if (!plan)
      return {
        ok: false as const,
        errors: [{ field: 'plan', message: 'The plan could not be proposed; see the thread.' }],
      };
    return { ok: true as const, plan };
  }

  /** Step 2 of the inference flow: read sample files through the new stage and propose the table. */
  async proposeInferredTable(row: PipelineRow, reply: ReplyTarget): Promise<void> {
    const thread: ThreadRef = {
      channel: (row.CHANNEL ?? 'local') as ThreadRef['channel'],
      id: row.THREAD_REF ?? row.PIPELINE_ID,
    };
    const conv = await this.services.conversations.get(thread).catch(() => null);
    const wishes = tableWishesSchema.safeParse(conv?.state.tableWishes);
    const outcome = await inferTable(this.services.warehouse, row, wishes.success ? wishes.data : undefined);
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
    await this.propose(outcome.statements, {
      thread,
      user: requester,
      usage: null,
      reply,
      previous: null,
      inherit: row,
      contributors: contributorsOf(row.CONTRIBUTORS, row.REQUESTED_BY),
    });
  }

  async retire(
    req: { pipelineId: string; user: UserRef; thread: ThreadRef },
    reply: ReplyTarget,
  ): Promise<PlanView | null> {
    const { warehouse, settings, tables, tracker, log } = this.services;
    const row = await tracker.get(req.pipelineId);
    if (!row) {
      await reply.post({
        kind: 'error',
        title: 'Nothing to retire',
        text: `There is no pipeline ${req.pipelineId}.`,
      });
      return null;
    }
    const live = await liveRows(warehouse, tables.tracker);
    const built = buildRetirePlan(row, live, { database: settings.database, schema: settings.schema });
    if (!built.ok) {
      await reply.post({
        kind: 'error',
        title: `Pipeline ${row.PIPELINE_ID} cannot be retired`,
        text: built.reason,
      });
      return null;
    }
    const view = await this.record(
      {
        pipelineId: newPipelineId(),
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
        planHash: hashOf(built.statements),
        ttlMs: settings.planTtlMs,
        agentUsage: null,
        replaces: null,
      },
      reply,
    );
    log.info(
      { pipelineId: view.pipelineId, retires: row.PIPELINE_ID, drops: built.statements.length },
      'retire plan proposed',
    );
    return view;
  }

  /** Records a plan through RECORD_PROPOSAL, reads it back as stored and posts its card. */
  private async record(row: ProposedRow, reply: ReplyTarget): Promise<PlanView> {
    const { tracker } = this.services;
    await tracker.insertProposed(row);
    const recorded = await tracker.get(row.pipelineId);
    if (!recorded) throw new Error(`pipeline ${row.pipelineId} was not recorded`);
    const view = planView(recorded);
    await reply.post({ kind: 'plan', plan: view, actionable: true });
    return view;
  }
}
