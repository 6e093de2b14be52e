import { randomBytes } from 'node:crypto';
import type { UserRef } from '../core/contracts.js';
import { fallbackText } from '../core/messages.js';
import { RecordingReply } from '../core/recordingReply.js';
import { RETIRE_REQUEST } from '../core/retire.js';
import { openCore, withContext } from './context.js';
import type { CommandResult } from './io.js';
import { localUserOf } from './localUser.js';

/**
 * `dea retire P-… --user U`: proposes the retire plan (the same core path as "retire P-…" in a chat); an
 * approver then runs it with `dea approve`. Nothing is dropped by this command itself.
 */
export async function runRetire(opts: { id: string; user: string; thread?: string }): Promise<CommandResult> {
  if (!RETIRE_REQUEST.test(`retire ${opts.id}`))
    return {
      exitCode: 1,
      output: '',
      error: `dea retire: "${opts.id}" is not a pipeline id (P- and hexadecimal digits, e.g. P-1a2b3c4d5e6f)`,
    };
  const who = localUserOf(opts.user);
  if (!who.ok) return { exitCode: 1, output: '', error: `dea retire: ${who.error}` };
  const user: UserRef = who.user;
  return withContext(async (ctx) => {
    const core = await openCore(ctx);
    const thread = {
      channel: 'local' as const,
      id: opts.thread ?? `cli-retire-${randomBytes(4).toString('hex')}`,
    };
    const reply = new RecordingReply();
    const plan = await core.retire({ pipelineId: opts.id, user, thread }, reply);
    const lines = reply.messages.map((m) => fallbackText(m.message));
    if (!plan) return { exitCode: 1, output: '', error: `dea retire: ${lines.join(' ')}` };
    const body = plan.statements.map((s) => `-- ${s.kind} ${s.name} [${s.change}]\n${s.sql};`).join('\n');
    return {
      exitCode: 0,
      output: `${lines.join('\n')}\n\n${body}\n\nApprove with: dea approve ${plan.pipelineId} --user <approver>`,
    };
  });
}
