import type { UserRef } from '../core/contracts.js';
import { fallbackText } from '../core/messages.js';
import { RecordingReply } from '../core/recordingReply.js';
import { openCore, withContext } from './context.js';
import type { CommandResult } from './io.js';
import { localUserOf } from './localUser.js';

/** `dea approve|reject`: the same core path as a button click — authorization, hash binding, exactly-once claim. */
export async function runDecide(opts: {
  verb: 'approve' | 'reject';
  id: string;
  user: string;
  reason?: string;
}): Promise<CommandResult> {
  return withContext(async (ctx) => {
    const core = await openCore(ctx);
    const plan = await core.getPlanView(opts.id);
    if (!plan) return { exitCode: 1, output: '', error: `dea ${opts.verb}: there is no pipeline ${opts.id}` };
    const who = localUserOf(opts.user);
    if (!who.ok) return { exitCode: 1, output: '', error: `dea ${opts.verb}: ${who.error}` };
    const user: UserRef = who.user;
    const reply = new RecordingReply();
    const outcome = await core.decide(
      { pipelineId: opts.id, hash: plan.hash, verb: opts.verb, user, reason: opts.reason },
      reply,
    );
    if (outcome.kind === 'refused')
      return { exitCode: 1, output: '', error: `dea ${opts.verb}: ${outcome.reason}` };
    const result = await outcome.completion;
    const lines = reply.messages.map((m) => fallbackText(m.message));
    if (opts.verb === 'reject')
      lines.push(fallbackText({ kind: 'plan', plan: outcome.plan, actionable: false }));
    const failed = result?.status === 'FAILED';
    return { exitCode: failed ? 1 : 0, output: lines.join('\n') };
  });
}
