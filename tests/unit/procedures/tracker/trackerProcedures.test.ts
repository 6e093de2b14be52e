/**
 * The tracker procedures called DIRECTLY (as a holder of the bot's credentials could), not through the bot: each
 * approval rule is enforced by the procedure itself.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { executeDdlDirect } from '../../../../procedures/execute/directRun.js';
import { executeDdlAndTrack } from '../../../../procedures/execute/executeDdlAndTrack.js';
import { planHash } from '../../../../procedures/execute/planHash.js';
import type { PlanStatement } from '../../../../procedures/execute/types.js';
import { decidePipeline } from '../../../../procedures/tracker/decide.js';
import { recordProposal } from '../../../../procedures/tracker/proposal.js';
import { reconcileInterrupted, recordChecksProcedure } from '../../../../procedures/tracker/upkeep.js';
import { FakeSnowflake } from '../fakeSnowflake.js';

const FMT: PlanStatement = {
  kind: 'FILE_FORMAT',
  name: 'CSV_FMT',
  sql: 'CREATE FILE FORMAT CSV_FMT TYPE = CSV SKIP_HEADER = 1',
  change: 'new',
};
const PLAN = [FMT];
const HASH = planHash(PLAN);
const ID = 'P-00000000000a';
const REVISION = 'P-00000000000b';

let sf: FakeSnowflake;
beforeEach(() => {
  sf = new FakeSnowflake();
  sf.approvers = [
    { PRINCIPAL: 'slack:UALICE', KIND: 'user', MAY_APPROVE_OWN: false },
    { PRINCIPAL: 'slack:UBOB', KIND: 'user', MAY_APPROVE_OWN: false },
    { PRINCIPAL: 'slack-group:SOPS', KIND: 'slack-group', MAY_APPROVE_OWN: false },
  ];
});

function propose(over: Record<string, unknown> = {}) {
  return recordProposal(
    {
      PIPELINE_ID: ID,
      DDL_STATEMENTS: PLAN,
      PLAN_HASH: HASH,
      REQUESTED_BY: 'slack:UALICE',
      CONTRIBUTORS: [],
      CHANNEL: 'slack',
      THREAD_REF: 'T1:C1:1',
      TTL_MS: 3_600_000,
      NAMES: { fileFormatName: 'LEILA_APP.PUBLIC.CSV_FMT' },
      AGENT_USAGE: null,
      REPLACES: null,
      ...over,
    },
    sf,
  );
}

const decide = (verb: string, by: string | null, hash: string | null = HASH, via: string | null = null) =>
  decidePipeline({ PIPELINE_ID: ID, VERB: verb, BY: by, PLAN_HASH: hash, VIA_GROUP: via, REASON: 'no' }, sf);

const run = (by: string, via: string | null = null) =>
  executeDdlAndTrack({ PIPELINE_ID: ID, PLAN_HASH: HASH, APPROVER: by, VIA_GROUP: via }, sf);

describe('RECORD_PROPOSAL', () => {
  it('records a PROPOSED row with the recomputed hash, the expiry and the requester as contributor', () => {
    expect(propose()).toMatchObject({ ok: true, status: 'PROPOSED' });
    expect(sf.tracker.get(ID)).toMatchObject({
      STATUS: 'PROPOSED',
      PLAN_HASH: HASH,
      REQUESTED_BY: 'slack:UALICE',
      CONTRIBUTORS: ['slack:UALICE'],
      EXPIRES_AT: sf.nowMs + 3_600_000,
      FILE_FORMAT_NAME: 'LEILA_APP.PUBLIC.CSV_FMT',
      DDL_STATEMENTS: PLAN,
    });
  });

  it('refuses a hash that does not match the statements, and records nothing', () => {
    const out = propose({ PLAN_HASH: 'f'.repeat(64) });
    expect(out).toMatchObject({ ok: false, reason: 'hash_mismatch' });
    expect(out.message).toContain(HASH);
    expect(sf.tracker.size).toBe(0);
  });

  it.each([
    [{ PIPELINE_ID: 'P-1' }, /PIPELINE_ID/],
    [{ REQUESTED_BY: 'alice' }, /REQUESTED_BY/],
    [{ CONTRIBUTORS: ['ok:x', 42] }, /CONTRIBUTORS/],
    [{ TTL_MS: 0 }, /TTL_MS/],
    [{ TTL_MS: 31 * 24 * 3_600_000 }, /30 days/],
    [{ DDL_STATEMENTS: [{ ...FMT, kind: 'TABLE' }] }, /kind is not one of/],
  ])('refuses malformed input %o with a sentence', (over, message) => {
    const out = propose(over);
    expect(out.ok).toBe(false);
    expect(out.message).toMatch(message);
    expect(sf.tracker.size).toBe(0);
  });

  it('keeps everyone who shaped an earlier plan of the thread as a contributor of the revision, and retires it', () => {
    propose();
    const revised = propose({ PIPELINE_ID: REVISION, REQUESTED_BY: 'slack:UCAROL', REPLACES: ID });
    expect(revised).toMatchObject({ ok: true });
    expect(sf.tracker.get(REVISION)?.CONTRIBUTORS).toEqual(['slack:UCAROL', 'slack:UALICE']);
    expect(sf.tracker.get(ID)).toMatchObject({
      STATUS: 'EXPIRED',
      DECISION_REASON: `replaced by the revised plan ${REVISION}`,
    });
  });

  it('does not retire a plan of another thread named in REPLACES', () => {
    propose();
    propose({ PIPELINE_ID: REVISION, THREAD_REF: 'T1:C1:2', REPLACES: ID });
    expect(sf.tracker.get(ID)?.STATUS).toBe('PROPOSED');
    expect(sf.tracker.get(REVISION)?.CONTRIBUTORS).toEqual(['slack:UALICE']);
  });
});

describe('DECIDE_PIPELINE and EXECUTE_DDL_AND_TRACK refuse, when called directly', () => {
  it('a decision by the requester', () => {
    propose();
    expect(decide('approve', 'slack:UALICE')).toMatchObject({ ok: false, reason: 'own_plan' });
    expect(run('slack:UALICE')).toMatchObject({ reason: 'own_plan', steps: [], status: 'PROPOSED' });
    expect(sf.tracker.get(ID)?.STATUS).toBe('PROPOSED');
    expect(sf.tracker.get(ID)?.APPROVED_BY ?? null).toBeNull();
    expect(sf.ddl()).toEqual([]);
  });

  it('a decision by an editor (a contributor who did not request it) — reproduction 2', () => {
    // u1 (alice) asks; u3 (carol, not an approver) edits in the thread; alice must not approve the revision.
    propose();
    propose({ PIPELINE_ID: REVISION, REQUESTED_BY: 'slack:UCAROL', REPLACES: ID });
    const byAlice = decidePipeline(
      { PIPELINE_ID: REVISION, VERB: 'approve', BY: 'slack:UALICE', PLAN_HASH: HASH },
      sf,
    );
    expect(byAlice).toMatchObject({ ok: false, reason: 'own_plan' });
    expect(byAlice.message).toBe(
      `slack:UALICE requested or edited pipeline ${REVISION}, so another approver must approve it.`,
    );
    expect(
      executeDdlAndTrack({ PIPELINE_ID: REVISION, PLAN_HASH: HASH, APPROVER: 'slack:UALICE' }, sf).reason,
    ).toBe('own_plan');
    expect(sf.ddl()).toEqual([]);
    // A third approver may.
    expect(
      executeDdlAndTrack({ PIPELINE_ID: REVISION, PLAN_HASH: HASH, APPROVER: 'slack:UBOB' }, sf).status,
    ).toBe('SUCCESS');
  });

  it('a decision by an unlisted approver, and a group the table does not list', () => {
    propose();
    expect(decide('approve', 'slack:UMALLORY')).toMatchObject({ ok: false, reason: 'not_approver' });
    expect(decide('reject', 'slack:UMALLORY').reason).toBe('not_approver');
    expect(decide('approve', 'slack:UMALLORY', HASH, 'slack-group:SOTHER').reason).toBe('not_approver');
    // A group entry lets only Slack users through.
    expect(decide('approve', 'teams:mallory', HASH, 'slack-group:SOPS').reason).toBe('not_approver');
    expect(run('slack:UMALLORY')).toMatchObject({ reason: 'not_approver', steps: [] });
    expect(sf.tracker.get(ID)?.STATUS).toBe('PROPOSED');
    expect(sf.ddl()).toEqual([]);
  });

  it('nobody at all when DEA_APPROVERS is empty', () => {
    sf.approvers = [];
    propose();
    const out = decide('approve', 'slack:UBOB');
    expect(out).toMatchObject({ ok: false, reason: 'not_approver' });
    expect(out.message).toMatch(/No approvers are configured/);
  });

  it('a stale hash', () => {
    propose();
    const stale = planHash([{ ...FMT, sql: `${FMT.sql} COMPRESSION = GZIP` }]);
    expect(decide('approve', 'slack:UBOB', stale)).toMatchObject({ ok: false, reason: 'hash_mismatch' });
    expect(decide('reject', 'slack:UBOB', stale).reason).toBe('hash_mismatch');
    expect(executeDdlAndTrack({ PIPELINE_ID: ID, PLAN_HASH: stale, APPROVER: 'slack:UBOB' }, sf).reason).toBe(
      'hash_mismatch',
    );
    expect(sf.tracker.get(ID)?.STATUS).toBe('PROPOSED');
  });

  it('an expired plan, which becomes EXPIRED', () => {
    propose({ TTL_MS: 1000 });
    sf.nowMs += 2000;
    expect(decide('approve', 'slack:UBOB')).toMatchObject({
      ok: false,
      reason: 'expired',
      status: 'EXPIRED',
    });
    expect(sf.tracker.get(ID)?.STATUS).toBe('EXPIRED');
    expect(run('slack:UBOB').reason).toBe('already_decided');
    expect(sf.ddl()).toEqual([]);
  });

  it('a decided plan: nothing moves a finished row', () => {
    propose();
    expect(run('slack:UBOB').status).toBe('SUCCESS');
    for (const verb of ['approve', 'reject', 'release', 'expire'])
      expect(decide(verb, 'slack:UBOB')).toMatchObject({
        ok: false,
        reason: 'already_decided',
        status: 'SUCCESS',
      });
    expect(sf.tracker.get(ID)?.STATUS).toBe('SUCCESS');
  });

  it("the bare form on EXECUTE_DDL_AND_TRACK, and EXECUTE_DDL_DIRECT with the bot's role — reproduction 3", () => {
    const bare = executeDdlAndTrack({ DDL_STATEMENTS: [FMT.sql] }, sf);
    expect(bare).toMatchObject({ status: null, reason: 'not_permitted', steps: [] });
    expect(bare.message).toMatch(/EXECUTE_DDL_DIRECT/);
    sf.privileged = false; // EXECUTE AS CALLER, called by the bot's role
    const direct = executeDdlDirect({ DDL_STATEMENTS: [FMT.sql] }, sf);
    expect(direct).toMatchObject({ status: null, reason: 'not_permitted', steps: [] });
    expect(direct.message).toMatch(/caller's privileges.*nothing was executed/s);
    expect(sf.tracker.size).toBe(0);
    expect(sf.ddl()).toEqual([]);
    expect(sf.objects.size).toBe(0);
  });
});

describe('DECIDE_PIPELINE when the rules allow', () => {
  it('reserves for one approver: a second click, even by the same approver, is refused; the holder runs it', () => {
    propose();
    expect(decide('approve', 'slack:UBOB')).toMatchObject({ ok: true, status: 'PROPOSED' });
    expect(decide('approve', 'slack:UBOB')).toMatchObject({ ok: false, reason: 'claim_lost' });
    expect(run('slack:USOPS', 'slack-group:SOPS')).toMatchObject({ reason: 'claim_lost' });
    expect(run('slack:UBOB').status).toBe('SUCCESS');
    expect(sf.tracker.get(ID)?.APPROVED_BY).toBe('slack:UBOB');
  });

  it('lets a lapsed reservation go, and a released one be taken by another approver', () => {
    propose();
    decide('approve', 'slack:UBOB');
    expect(decide('release', 'slack:UMALLORY').ok).toBe(false);
    expect(decide('release', 'slack:UBOB').ok).toBe(true);
    expect(decide('approve', 'slack:UCAROL', HASH, 'slack-group:SOPS').ok).toBe(true);
    sf.nowMs += 301_000;
    expect(run('slack:UBOB').status).toBe('SUCCESS');
  });

  it('rejects with the reason, unless someone is approving', () => {
    propose();
    expect(decide('reject', 'slack:UBOB')).toMatchObject({ ok: true, status: 'REJECTED' });
    expect(sf.tracker.get(ID)).toMatchObject({
      STATUS: 'REJECTED',
      REJECTED_BY: 'slack:UBOB',
      DECISION_REASON: 'no',
    });
  });

  it('lets a contributor approve their own plan only when their DEA_APPROVERS row allows it', () => {
    sf.approvers = [{ PRINCIPAL: 'slack:UALICE', KIND: 'user', MAY_APPROVE_OWN: true }];
    propose();
    expect(run('slack:UALICE').status).toBe('SUCCESS');
  });

  it('expires only a plan whose time is up', () => {
    propose();
    expect(decide('expire', null)).toMatchObject({ ok: false, reason: 'invalid_request' });
    sf.nowMs += 3_600_001;
    expect(decide('expire', null)).toMatchObject({ ok: true, status: 'EXPIRED' });
  });
});

describe('RECORD_CHECKS and RECONCILE_INTERRUPTED', () => {
  it('keeps checks only with a SUCCESS row', () => {
    propose();
    expect(recordChecksProcedure({ PIPELINE_ID: ID, VERIFICATION: { checks: [] } }, sf).reason).toBe(
      'already_decided',
    );
    run('slack:UBOB');
    expect(recordChecksProcedure({ PIPELINE_ID: ID, VERIFICATION: { checks: [] } }, sf).ok).toBe(true);
    expect(sf.tracker.get(ID)?.VERIFICATION).toEqual({ checks: [] });
  });

  it('ends only rows left EXECUTING for the given time', () => {
    sf.settings?.set('INTERRUPTED_AFTER_SECONDS', '0');
    propose();
    Object.assign(sf.tracker.get(ID)!, { STATUS: 'EXECUTING', UPDATED_AT: sf.nowMs - 60_000 });
    expect(reconcileInterrupted({ STALE_SECONDS: 900 }, sf).count).toBe(0);
    expect(reconcileInterrupted({ STALE_SECONDS: 60 }, sf).count).toBe(1);
    expect(sf.tracker.get(ID)).toMatchObject({
      STATUS: 'FAILED',
      DECISION_REASON: expect.stringMatching(/^interrupted/),
    });
    expect(reconcileInterrupted({ STALE_SECONDS: -1 }, sf).reason).toBe('invalid_request');
  });

  it("never ends a plan sooner than the administrator's floor, whatever the caller asks", () => {
    propose();
    Object.assign(sf.tracker.get(ID)!, { STATUS: 'EXECUTING', UPDATED_AT: sf.nowMs - 600_000 });
    // The bot's role asks for 0 s: a plan another replica started ten minutes ago stays EXECUTING.
    const early = reconcileInterrupted({ STALE_SECONDS: 0 }, sf);
    expect(early).toMatchObject({ ok: true, count: 0, staleSeconds: 900 });
    expect(early.message).toMatch(/0 s was asked, and INTERRUPTED_AFTER_SECONDS in DEA_SETTINGS is 900/);
    expect(sf.tracker.get(ID)?.STATUS).toBe('EXECUTING');
    sf.nowMs += 300_001;
    expect(reconcileInterrupted({ STALE_SECONDS: 0 }, sf).count).toBe(1);
    // A caller may always ask for more than the floor.
    sf.settings?.set('INTERRUPTED_AFTER_SECONDS', '60');
    expect(reconcileInterrupted({ STALE_SECONDS: 120 }, sf).staleSeconds).toBe(120);
  });

  it('holds the default floor when the setting is missing, unreadable or the table predates it', () => {
    propose();
    Object.assign(sf.tracker.get(ID)!, { STATUS: 'EXECUTING', UPDATED_AT: sf.nowMs - 600_000 });
    for (const value of [undefined, '', 'soon', '-5', '1e3', '99999999']) {
      if (value === undefined) sf.settings?.delete('INTERRUPTED_AFTER_SECONDS');
      else sf.settings?.set('INTERRUPTED_AFTER_SECONDS', value);
      expect(reconcileInterrupted({ STALE_SECONDS: 0 }, sf)).toMatchObject({ count: 0, staleSeconds: 900 });
    }
    sf.settings = null;
    expect(reconcileInterrupted({ STALE_SECONDS: 0 }, sf)).toMatchObject({ count: 0, staleSeconds: 900 });
    expect(sf.tracker.get(ID)?.STATUS).toBe('EXECUTING');
  });
});
