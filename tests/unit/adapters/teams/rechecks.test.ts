/** The "Check again" invoke's timing rules, with a core whose checks take a controlled time. */
import type { AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { People } from '../../../../adapters/teams/people.js';
import { Rechecks } from '../../../../adapters/teams/rechecks.js';
import type { TeamsReplyTarget } from '../../../../adapters/teams/reply.js';
import type { BotCore } from '../../../../bot/core/api.js';
import type { UserRef } from '../../../../bot/core/contracts.js';
import type { BotMessage, VerificationView } from '../../../../bot/core/messages.js';

type Outcome = { ok: true; verification: VerificationView } | { ok: false; reason: string };

function setup(outcome: Outcome, delayMs: number, budgetMs: number) {
  const notes: { user: UserRef; message: BotMessage }[] = [];
  const calls: string[] = [];
  const work: Promise<unknown>[] = [];
  const reply = {
    notifyUser: async (user: UserRef, message: BotMessage) => {
      notes.push({ user, message });
    },
  } as unknown as TeamsReplyTarget;
  const core = {
    recheck: async (req: { pipelineId: string; user: UserRef }) => {
      calls.push(`${req.pipelineId} by ${req.user.id}`);
      await new Promise((r) => setTimeout(r, delayMs));
      return outcome;
    },
  } as unknown as BotCore;
  const rechecks = new Rechecks({
    core,
    logger: pino({ level: 'silent' }),
    people: new People(),
    replyFor: () => reply,
    background: (_label, w) => void work.push(w()),
    budgetMs,
  });
  const click = (data: unknown) =>
    rechecks.handle(
      {
        activity: {
          type: 'invoke',
          id: 'inv-1',
          channelId: 'msteams',
          serviceUrl: 'http://127.0.0.1:1/',
          from: { id: '29:carol', name: 'Carol', aadObjectId: 'aad-carol' },
          recipient: { id: '28:bot', name: 'DEA' },
          conversation: { id: 'a:conv' },
        },
      } as unknown as TurnContext,
      { action: { type: 'Action.Execute', verb: 'recheck', data } } as unknown as AdaptiveCardInvokeValue,
    );
  return { click, notes, calls, settled: () => Promise.all(work) };
}

const verification: VerificationView = {
  pipelineId: 'P-1',
  checkedAt: '2026-01-01T00:00:00Z',
  ok: true,
  checks: [{ name: 'list_stage', ok: true, summary: '1 file' }],
};

describe('Teams rechecks', () => {
  it('answers with the outcome when the checks finish within the budget', async () => {
    const t = setup({ ok: true, verification }, 1, 1_000);
    const answer = await t.click({ pipelineId: 'P-1' });
    expect(answer.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(answer.value)).toBe(
      'Checked pipeline P-1 again: all checks passed. The new checks are posted below.',
    );
    expect(t.calls).toEqual(['P-1 by aad-carol']);
    await t.settled();
    expect(t.notes).toHaveLength(0);
  });

  it('past the budget: answers "checking" and a later refusal reaches the clicker', async () => {
    const t = setup({ ok: false, reason: 'Pipeline P-1 has no table to check (FAILED).' }, 80, 5);
    const answer = await t.click({ pipelineId: 'P-1' });
    expect(String(answer.value)).toBe('Checking pipeline P-1 again; the result will be posted here.');
    // A second click while the first is running starts nothing.
    const again = await t.click({ pipelineId: 'P-1' });
    expect(String(again.value)).toContain('Already checking pipeline P-1 again');
    await t.settled();
    expect(t.calls).toHaveLength(1);
    expect(t.notes).toHaveLength(1);
    expect(t.notes[0]?.user.id).toBe('aad-carol');
    expect(t.notes[0]?.message).toMatchObject({
      kind: 'error',
      text: 'Pipeline P-1 has no table to check (FAILED).',
    });
    // Once settled, the pipeline can be checked again.
    await t.click({ pipelineId: 'P-1' });
    expect(t.calls).toHaveLength(2);
  });

  it('a refusal within the budget is the invoke answer, not a posted note', async () => {
    const t = setup({ ok: false, reason: 'There is no pipeline P-9.' }, 1, 1_000);
    const answer = await t.click({ pipelineId: 'P-9' });
    expect(String(answer.value)).toBe('Could not check again: There is no pipeline P-9.');
    await t.settled();
    expect(t.notes).toHaveLength(0);
    expect(String((await t.click({ hash: 'x' })).value)).toContain('does not belong to a pipeline');
  });
});
