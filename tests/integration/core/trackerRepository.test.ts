/**
 * The bot's side of the transition table: TrackerRepository checks each write it asks for against the table before
 * calling a procedure, and with the bot's role the tracker itself can only be read.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalWarehouse } from '../../../adapters/local/warehouse/index.js';
import type { PipelineRow } from '../../../bot/core/api.js';
import { TrackerRepository } from '../../../bot/core/tracker.js';
import { planHash } from '../../../procedures/execute/planHash.js';
import { approverEntries } from '../../../procedures/tracker/approvers.js';
import { TrackerTransitionError } from '../../../procedures/tracker/transitions.js';

const TRACKER = 'LEILA_APP.PUBLIC.DATA_PIPELINE_TRACKER';
const PLAN = [{ kind: 'FILE_FORMAT', name: 'F', sql: 'CREATE FILE FORMAT F TYPE = CSV', change: 'new' }];
const ID = 'P-0000000000f1';

let dir: string;
let wh: LocalWarehouse;
let repo: TrackerRepository;
const calls: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dea-repo-'));
  wh = await LocalWarehouse.open({
    path: ':memory:',
    storageDir: path.join(dir, 'storage'),
    role: 'bot',
    approvers: approverEntries(['local:bob'], false),
  });
  const call = wh.call.bind(wh);
  wh.call = async (procedure, args) => {
    calls.push(procedure);
    return call(procedure, args);
  };
  repo = new TrackerRepository(wh, TRACKER);
  await repo.insertProposed({
    pipelineId: ID,
    dataSourceType: null,
    integrationName: null,
    stageName: null,
    fileFormatName: 'F',
    tableName: null,
    statements: PLAN,
    requestedBy: 'local:alice',
    contributors: ['local:carol'],
    channel: 'local',
    threadRef: 't-1',
    planHash: planHash(PLAN),
    ttlMs: 60_000,
    agentUsage: null,
    replaces: null,
  });
});
afterAll(async () => {
  await wh.close();
  await rm(dir, { recursive: true, force: true });
});

describe('TrackerRepository', () => {
  it('records a proposal through RECORD_PROPOSAL, with its contributors', async () => {
    const row = await repo.get(ID);
    expect(row).toMatchObject({ STATUS: 'PROPOSED', REQUESTED_BY: 'local:alice' });
    expect(row?.CONTRIBUTORS).toEqual(['local:alice', 'local:carol']);
    expect(calls).toEqual(['RECORD_PROPOSAL']);
  });

  it('refuses, before any call, a write the transition table does not allow for the row it read', async () => {
    const row = (await repo.get(ID)) as PipelineRow;
    const done = { ...row, STATUS: 'SUCCESS' } as PipelineRow;
    const before = calls.length;
    await expect(repo.reject(done, 'local:bob', row.PLAN_HASH as string, null, null)).rejects.toThrow(
      TrackerTransitionError,
    );
    await expect(repo.expire(done)).rejects.toThrow(/does not allow expire from SUCCESS/);
    await expect(repo.setVerification(row, { checks: [] })).rejects.toThrow(/record_checks from PROPOSED/);
    await expect(
      repo.reserveApproval({ ...row, STATUS: 'REJECTED' }, 'local:bob', 'h', null),
    ).rejects.toThrow(TrackerTransitionError);
    expect(calls.length).toBe(before);
    expect((await repo.get(ID))?.STATUS).toBe('PROPOSED');
  });

  it("answers a procedure's refusal as a result, and the row stays as it was", async () => {
    const row = (await repo.get(ID)) as PipelineRow;
    const out = await repo.reserveApproval(row, 'local:carol', row.PLAN_HASH as string, null);
    expect(out).toMatchObject({ ok: false, reason: 'not_approver' });
    const own = await repo.reserveApproval(row, 'local:alice', row.PLAN_HASH as string, null);
    expect(own.ok).toBe(false);
    expect((await repo.get(ID))?.APPROVED_BY).toBeNull();
  });

  it('reads the tracker, and cannot write it directly with the bot role', async () => {
    expect((await repo.list({})).total).toBe(1);
    await expect(wh.execute(`UPDATE ${TRACKER} SET STATUS = 'REJECTED'`)).rejects.toThrow(
      /Insufficient privileges/,
    );
  });
});
