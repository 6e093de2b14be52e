/**
 * The decision runner: approve, reject and execute. The approver rules are checked here for a clear answer and
 * again by the owner's-rights procedures, which decide (docs/architecture.md#where-the-privileges-are).
 */
import { executionSummarySchema } from '../../procedures/execute/summarySchema.js';
import type { DecisionOutcome, DecisionRequest, PipelineRow, ReplyTarget } from './api.js';
import { checkDecision, describeState } from './approval.js';
import type { ChecksRunner } from './checksRunner.js';
import { principalOf } from './contracts.js';
import { wantsInference } from './inference.js';
import type { ResultView } from './messages.js';
import { label } from './planDrafts.js';
import { ProgressMessage } from './progress.js';
import type { Proposer } from './proposer.js';
import type { CoreServices } from './services.js';
import { trustSteps } from './trustSteps.js';
import { planView, resultView, storedStatements } from './views.js';

export class DecisionRunner {
  constructor(
    private readonly services: CoreServices,
    private readonly checks: ChecksRunner,
    private readonly proposer: Proposer,
  ) {}

  async decide(req: DecisionRequest, reply: ReplyTarget): Promise<DecisionOutcome> {
    const { tracker, settings, groups, log, track } = this.services;
    let row = await tracker.get(req.pipelineId);
    if (!row) return { kind: 'refused', reason: `There is no pipeline ${req.pipelineId}.` };
    if (row.STATUS === 'PROPOSED' && row.EXPIRES_AT && Date.parse(row.EXPIRES_AT) <= Date.now()) {
      await tracker.expire(row);
      row = (await tracker.get(req.pipelineId)) ?? row;
    }
    const check = await checkDecision(row, req.verb, req.user, req.hash, settings, groups);
    if (!check.ok) {
      log.info(
        { pipelineId: row.PIPELINE_ID, user: principalOf(req.user), verb: req.verb, reason: check.reason },
        'decision refused',
      );
      return { kind: 'refused', reason: check.reason, plan: planView(row) };
    }
    const by = principalOf(req.user);
    if (req.verb === 'reject') {
      const reason = req.reason?.trim() ? req.reason.trim().slice(0, 2_000) : null;
      const result = await tracker.reject(row, by, req.hash, check.viaGroup, reason);
      if (!result.ok) return this.refusedBy(row, result);
      const now = (await tracker.get(row.PIPELINE_ID)) ?? row;
      log.info({ pipelineId: row.PIPELINE_ID, by }, 'plan rejected');
      return { kind: 'accepted', plan: planView(now), completion: Promise.resolve(null) };
    }
    const reserved = await tracker.reserveApproval(row, by, req.hash, check.viaGroup);
    if (!reserved.ok) return this.refusedBy(row, reserved);
    const approved = row;
    const shown = planView(approved);
    shown.status = 'EXECUTING';
    shown.decision = { verb: 'approved', by, at: new Date().toISOString() };
    const completion = track(() => this.execute(approved, req, check.viaGroup, reply)).catch((err) => {
      log.error({ err, pipelineId: approved.PIPELINE_ID }, 'execution failed');
      void reply
        .post({
          kind: 'error',
          title: `Pipeline ${approved.PIPELINE_ID} could not be run`,
          text: err instanceof Error ? err.message : String(err),
          next: `Check its state with \`dea tracker show ${approved.PIPELINE_ID}\`; nothing runs twice.`,
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
    const now = (await this.services.tracker.get(row.PIPELINE_ID)) ?? row;
    this.services.log.info(
      { pipelineId: row.PIPELINE_ID, reason: result.reason },
      'decision refused by the tracker',
    );
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
    const { warehouse, tracker, settings, log } = this.services;
    const by = principalOf(req.user);
    const todo = storedStatements(row).filter((s) => s.change !== 'exists');
    const progress = new ProgressMessage(reply, settings.progressIntervalMs ?? 1_000);
    progress.show({
      kind: 'progress',
      title: `Running pipeline ${row.PIPELINE_ID} (approved by ${by})…`,
      lines: todo.map((s) => `… ${label(s.kind)} ${s.name}`),
    });
    let raw: unknown;
    try {
      raw = await warehouse.call('EXECUTE_DDL_AND_TRACK', [row.PIPELINE_ID, req.hash, by, viaGroup]);
    } catch (err) {
      // The procedure may not have claimed the plan; give it back so it can be approved again.
      await tracker.releaseApproval(row, by).catch(() => undefined);
      throw err;
    }
    const summary = executionSummarySchema.parse(typeof raw === 'string' ? JSON.parse(raw) : raw);
    if (summary.reason === 'claim_lost' || summary.reason === 'already_decided') {
      // Another click (or replica) won the claim; it reports the outcome.
      log.info({ pipelineId: row.PIPELINE_ID, by }, 'approval lost the claim; not executing');
      await progress.finish({
        kind: 'text',
        text: describeState((await tracker.get(row.PIPELINE_ID)) ?? row),
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
    const fresh = (await tracker.get(row.PIPELINE_ID)) ?? row;
    const integStep = summary.steps.find((s) => s.kind === 'STORAGE_INTEGRATION');
    const trust =
      summary.status === 'SUCCESS' && fresh.INTEGRATION_NAME && (!integStep || integStep.ok)
        ? await trustSteps(warehouse, fresh.INTEGRATION_NAME)
        : undefined;
    // Kept with the pipeline so the dashboard can show the cloud-side values later without a DESC INTEGRATION.
    if (trust)
      await tracker
        .setVerification(fresh, { trust })
        .catch((err) => log.warn({ err }, 'could not store trust steps'));
    const view = resultView(fresh, summary, by, trust);
    await progress.finish({ kind: 'result', result: view });
    log.info({ pipelineId: row.PIPELINE_ID, status: view.status, by }, 'pipeline executed');
    if (view.status === 'SUCCESS') {
      if (fresh.TABLE_NAME) await this.checks.verifyAndPost(fresh, trust, reply);
      else if (wantsInference(fresh)) await this.proposer.proposeInferredTable(fresh, reply);
    }
    return view;
  }
}
