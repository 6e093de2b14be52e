/**
 * Issue 16, reproductions 2 and 3, kept as they were found — now each fails safe with a clear sentence:
 * 2. u1 asks, u3 (not an approver) edits the plan in the thread, and u1 tries to approve the revision.
 * 3. The bot's own role tries to skip approval: the seed's bare form, the tracker written directly, the approvers
 *    table read or rewritten.
 * Real core, local agent and embedded warehouse (the bot connected with its own role).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PlanView } from '../../bot/core/messages.js';
import { RecordingReply } from '../../bot/core/recordingReply.js';
import { type LocalStack, ORDERS_REQUEST, startLocalStack } from '../helpers/localStack.js';

const u = (id: string) => ({ channel: 'local' as const, id });
const THREAD = { channel: 'local' as const, id: 'repro-2' };
const TRACKER = 'LEILA_APP.PUBLIC.DATA_PIPELINE_TRACKER';
const FMT = 'CREATE FILE FORMAT LEILA_APP.PUBLIC.BYPASS_FMT TYPE = CSV';

let stack: LocalStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

function lastPlan(reply: RecordingReply): PlanView {
  const plan = reply.messages
    .map((m) => m.message)
    .filter((m) => m.kind === 'plan')
    .at(-1);
  if (plan?.kind !== 'plan') throw new Error('no plan was posted');
  return plan.plan;
}

async function errorOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error('expected the warehouse to refuse');
}

describe('reproduction 2: self-approval after someone else edited the plan', () => {
  it('refuses u1 on the revision u3 made of u1 request, by the bot and by the procedure; u2 may approve', async () => {
    stack = await startLocalStack({
      settings: { approvers: ['local:u1', 'local:u2'], openApproval: false },
    });
    const reply = new RecordingReply();
    await stack.core.handleMessage({ thread: THREAD, user: u('u1'), text: ORDERS_REQUEST }, reply);
    const first = lastPlan(reply);
    await stack.core.handleMessage(
      { thread: THREAD, user: u('u3'), text: 'use a pipe as the delimiter' },
      reply,
    );
    const revised = lastPlan(reply);
    expect(revised.pipelineId).not.toBe(first.pipelineId);
    const row = await stack.core.getPipeline(revised.pipelineId);
    expect(row?.REQUESTED_BY).toBe('local:u3');
    expect(row?.CONTRIBUTORS).toEqual(['local:u3', 'local:u1']);

    const byU1 = await stack.core.decide(
      { pipelineId: revised.pipelineId, hash: revised.hash, verb: 'approve', user: u('u1') },
      reply,
    );
    expect(byU1).toMatchObject({
      kind: 'refused',
      reason: `You edited pipeline ${revised.pipelineId} in its thread, so another approver must approve it.`,
    });
    // Straight to the procedure, as a holder of the bot's credentials would: the same refusal, nothing runs.
    const direct = (await stack.warehouse.call('EXECUTE_DDL_AND_TRACK', [
      revised.pipelineId,
      revised.hash,
      'local:u1',
    ])) as { reason: string; message: string; steps: unknown[] };
    expect(direct).toMatchObject({ reason: 'own_plan', steps: [] });
    expect(direct.message).toBe(
      `local:u1 requested or edited pipeline ${revised.pipelineId}, so another approver must approve it; nothing was executed`,
    );
    expect((await stack.core.getPipeline(revised.pipelineId))?.STATUS).toBe('PROPOSED');
    expect(await stack.warehouse.query('SHOW INTEGRATIONS')).toEqual([]);

    const byU2 = await stack.core.decide(
      { pipelineId: revised.pipelineId, hash: revised.hash, verb: 'approve', user: u('u2') },
      reply,
    );
    expect(byU2.kind).toBe('accepted');
    if (byU2.kind === 'accepted') expect((await byU2.completion)?.status).toBe('SUCCESS');
  }, 60_000);

  it('keeps the contributors of a plan that expired before the edit (the thread remembers who asked)', async () => {
    stack = await startLocalStack({
      settings: { approvers: ['local:u1', 'local:u2'], openApproval: false, planTtlMs: 1 },
    });
    const reply = new RecordingReply();
    await stack.core.handleMessage({ thread: THREAD, user: u('u1'), text: ORDERS_REQUEST }, reply);
    const first = lastPlan(reply);
    await new Promise((r) => setTimeout(r, 20));
    const expired = await stack.core.decide(
      { pipelineId: first.pipelineId, hash: first.hash, verb: 'approve', user: u('u2') },
      reply,
    );
    expect(expired.kind).toBe('refused');
    await stack.core.handleMessage(
      { thread: THREAD, user: u('u3'), text: 'use a pipe as the delimiter' },
      reply,
    );
    const revised = lastPlan(reply);
    expect(revised.pipelineId).not.toBe(first.pipelineId);
    const contributors = (await stack.core.getPipeline(revised.pipelineId))?.CONTRIBUTORS as string[];
    expect(contributors).toEqual(expect.arrayContaining(['local:u1', 'local:u3']));
  }, 60_000);
});

describe("reproduction 3: the bot's role cannot skip approval", () => {
  it('refuses the seed bare form on EXECUTE_DDL_AND_TRACK with a sentence; nothing runs, nothing is recorded', async () => {
    stack = await startLocalStack();
    const [row] = await stack.warehouse.query<Record<string, { reason: string; message: string }>>(
      `CALL EXECUTE_DDL_AND_TRACK(DDL_STATEMENTS => ['${FMT}'])`,
    );
    const summary = row?.EXECUTE_DDL_AND_TRACK;
    expect(summary).toMatchObject({ reason: 'not_permitted', status: null, steps: [] });
    expect(summary?.message).toMatch(/runs only an approved plan.*nothing was executed.*EXECUTE_DDL_DIRECT/);
    expect(await stack.warehouse.query("SHOW FILE FORMATS LIKE 'BYPASS_FMT'")).toEqual([]);
    expect((await stack.core.listPipelines({})).total).toBe(0);
  });

  it("refuses EXECUTE_DDL_DIRECT to the bot's role (caller's rights), and lets the administrator run it", async () => {
    stack = await startLocalStack();
    const [asBot] = await stack.warehouse.query<Record<string, { reason: string; message: string }>>(
      `CALL EXECUTE_DDL_DIRECT(DDL_STATEMENTS => ['${FMT}'])`,
    );
    expect(asBot?.EXECUTE_DDL_DIRECT).toMatchObject({ reason: 'not_permitted', status: null, steps: [] });
    expect(asBot?.EXECUTE_DDL_DIRECT?.message).toMatch(
      /runs with the caller's privileges, and this role cannot record the run.*nothing was executed/s,
    );
    expect(await stack.warehouse.query("SHOW FILE FORMATS LIKE 'BYPASS_FMT'")).toEqual([]);
    expect((await stack.core.listPipelines({})).total).toBe(0);

    const [asAdmin] = await stack.admin.query<Record<string, { status: string }>>(
      `CALL EXECUTE_DDL_DIRECT(DDL_STATEMENTS => ['${FMT}'])`,
    );
    expect(asAdmin?.EXECUTE_DDL_DIRECT?.status).toBe('SUCCESS');
    expect(await stack.warehouse.query("SHOW FILE FORMATS LIKE 'BYPASS_FMT'")).toHaveLength(1);
  });

  it('refuses every direct write to the tracker and any access to DEA_APPROVERS', async () => {
    stack = await startLocalStack();
    const reply = new RecordingReply();
    await stack.core.handleMessage({ thread: THREAD, user: u('u1'), text: ORDERS_REQUEST }, reply);
    const plan = lastPlan(reply);
    const attempts = [
      `UPDATE ${TRACKER} SET REQUESTED_BY = 'local:nobody', APPROVED_BY = 'local:u2' WHERE PIPELINE_ID = '${plan.pipelineId}'`,
      `UPDATE ${TRACKER} SET STATUS = 'PROPOSED' WHERE STATUS <> 'PROPOSED'`,
      `INSERT INTO ${TRACKER} (PIPELINE_ID, STATUS) VALUES ('P-forged', 'PROPOSED')`,
      `DELETE FROM ${TRACKER}`,
      `MERGE INTO ${TRACKER} t USING (SELECT 1 AS X) s ON FALSE WHEN NOT MATCHED THEN INSERT (PIPELINE_ID) VALUES ('P-x')`,
    ];
    for (const sql of attempts)
      expect(await errorOf(stack.warehouse.execute(sql))).toMatch(
        /Insufficient privileges to operate on table 'DATA_PIPELINE_TRACKER'/,
      );
    for (const sql of [
      'SELECT * FROM LEILA_APP.PUBLIC.DEA_APPROVERS',
      "INSERT INTO LEILA_APP.PUBLIC.DEA_APPROVERS (PRINCIPAL, KIND, MAY_APPROVE_OWN) VALUES ('local:x', 'anyone', TRUE)",
      'DELETE FROM DEA_APPROVERS',
    ])
      expect(await errorOf(stack.warehouse.execute(sql))).toMatch(
        /'DEA_APPROVERS' does not exist or not authorized/,
      );
    expect(await errorOf(stack.warehouse.execute(FMT))).toMatch(/Insufficient privileges/);
    expect(await errorOf(stack.warehouse.execute(`DROP TABLE ${TRACKER}`))).toMatch(
      /Insufficient privileges/,
    );
    const row = await stack.core.getPipeline(plan.pipelineId);
    expect(row).toMatchObject({ STATUS: 'PROPOSED', REQUESTED_BY: 'local:u1', APPROVED_BY: null });
    expect((await stack.core.listPipelines({})).total).toBe(1);
  }, 60_000);

  it("cannot end a plan another replica is running: RECONCILE_INTERRUPTED keeps the administrator's floor", async () => {
    stack = await startLocalStack();
    const reply = new RecordingReply();
    await stack.core.handleMessage({ thread: THREAD, user: u('u1'), text: ORDERS_REQUEST }, reply);
    const plan = lastPlan(reply);
    // As in Snowflake after `dea sql setup`: 15 minutes; a replica claimed the plan ten minutes ago.
    await stack.admin.execute(
      "UPDATE DEA_SETTINGS SET VALUE = '900' WHERE NAME = 'INTERRUPTED_AFTER_SECONDS'",
    );
    const running = (agoSeconds: number) =>
      stack!.admin.execute(
        `UPDATE ${TRACKER} SET STATUS = 'EXECUTING', UPDATED_AT = DATEADD(second, -${agoSeconds}, CURRENT_TIMESTAMP()) WHERE PIPELINE_ID = ?`,
        [plan.pipelineId],
      );
    await running(600);
    const asked = (await stack.warehouse.call('RECONCILE_INTERRUPTED', [0])) as Record<string, unknown>;
    expect(asked).toMatchObject({ ok: true, count: 0, staleSeconds: 900 });
    expect((await stack.core.getPipeline(plan.pipelineId))?.STATUS).toBe('EXECUTING');
    // Nor can the bot's role read, lower or remove the floor.
    for (const sql of [
      'SELECT * FROM LEILA_APP.PUBLIC.DEA_SETTINGS',
      "UPDATE DEA_SETTINGS SET VALUE = '0'",
      'DELETE FROM LEILA_APP.PUBLIC.DEA_SETTINGS',
      'DROP TABLE "DEA_SETTINGS"',
    ])
      expect(await errorOf(stack.warehouse.execute(sql))).toMatch(
        /'DEA_SETTINGS' does not exist or not authorized/,
      );
    // Left EXECUTING past the floor, the plan was interrupted: any caller may end it.
    await running(901);
    expect(await stack.warehouse.call('RECONCILE_INTERRUPTED', [0])).toMatchObject({ ok: true, count: 1 });
    expect((await stack.core.getPipeline(plan.pipelineId))?.STATUS).toBe('FAILED');
  }, 60_000);
});
