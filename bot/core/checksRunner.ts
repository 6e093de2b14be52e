/**
 * The checks runner: the read-only checks after a pipeline ran (and "Check again"), recorded with the pipeline,
 * and the drift report of every live pipeline's objects (docs/architecture.md#one-request-end-to-end).
 */
import type { PipelineRow, ReplyTarget } from './api.js';
import { principalOf, type UserRef } from './contracts.js';
import { driftReport } from './drift.js';
import { Inventory } from './existing/inventory.js';
import { liveRows } from './existing/usage.js';
import type { TrustSteps } from './messages.js';
import type { CoreServices } from './services.js';
import { trustOf } from './trustSteps.js';
import { verifyPipeline } from './verification.js';

export class ChecksRunner {
  constructor(private readonly services: CoreServices) {}

  /** Runs the read-only checks, records them with the pipeline and posts them; a failure offers "Check again". */
  async verifyAndPost(row: PipelineRow, trust: TrustSteps | undefined, reply: ReplyTarget) {
    const { warehouse, tracker, log } = this.services;
    const storedTrust = trust ?? trustOf(row);
    const verification = await verifyPipeline(warehouse, row, storedTrust);
    await tracker
      .setVerification(row, {
        ...(storedTrust ? { trust: storedTrust } : {}),
        checks: verification.checks,
        checkedAt: verification.checkedAt,
      })
      .catch((err) => log.warn({ err }, 'could not store the checks'));
    await reply.post({ kind: 'verification', verification, actionable: !verification.ok });
    return verification;
  }

  async recheck(req: { pipelineId: string; user: UserRef }, reply: ReplyTarget) {
    const row = await this.services.tracker.get(req.pipelineId);
    if (!row) return { ok: false as const, reason: `There is no pipeline ${req.pipelineId}.` };
    if (row.STATUS !== 'SUCCESS' || !row.TABLE_NAME)
      return {
        ok: false as const,
        reason: `Pipeline ${row.PIPELINE_ID} has no table to check (${row.STATUS}).`,
      };
    const verification = await this.verifyAndPost(row, undefined, reply);
    this.services.log.info(
      { pipelineId: row.PIPELINE_ID, by: principalOf(req.user), ok: verification.ok },
      'checks run again',
    );
    return { ok: true as const, verification };
  }

  async driftReport() {
    const { warehouse, settings, tables } = this.services;
    const live = await liveRows(warehouse, tables.tracker);
    const report = await driftReport(live, new Inventory(warehouse), {
      database: settings.database,
      schema: settings.schema,
    });
    return Object.fromEntries(report);
  }
}
