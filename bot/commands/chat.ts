import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { ThreadRef, UserRef } from '../core/contracts.js';
import { type BotMessage, fallbackText } from '../core/messages.js';
import { RecordingReply } from '../core/recordingReply.js';
import { openCore, withContext } from './context.js';
import type { CommandResult } from './io.js';
import { localUserOf } from './localUser.js';

export interface ChatOptions {
  message: string;
  thread?: string;
  user: string;
  json: boolean;
}

/** The `--json` shape of one bot message (docs/cli.md). */
export function messageJson(message: BotMessage): Record<string, unknown> {
  const out: Record<string, unknown> = { text: fallbackText(message) };
  if (message.kind === 'plan') {
    const p = message.plan;
    out.plan = {
      id: p.pipelineId,
      hash: p.hash,
      status: p.status,
      statements: p.statements.map((s) => ({ kind: s.kind, name: s.name, sql: s.sql, change: s.change })),
      // What the agent guessed instead of asking; absent when nothing was assumed.
      ...(p.assumptions?.length ? { assumptions: p.assumptions } : {}),
    };
  }
  return out;
}

function render(message: BotMessage, json: boolean): string {
  if (json) return JSON.stringify(messageJson(message));
  if (message.kind === 'plan') {
    const p = message.plan;
    const body = p.statements.map((s) => `-- ${s.kind} ${s.name} [${s.change}]\n${s.sql};`).join('\n\n');
    return `${fallbackText(message)}\n\n${body}\n\nApprove with: dea approve ${p.pipelineId} --user <approver>`;
  }
  return fallbackText(message);
}

export async function runChat(opts: ChatOptions): Promise<CommandResult> {
  const threadId = opts.thread ?? `cli-${randomBytes(4).toString('hex')}`;
  const thread: ThreadRef = { channel: 'local', id: threadId };
  const who = localUserOf(opts.user);
  if (!who.ok) return { exitCode: 1, output: '', error: `dea chat: ${who.error}` };
  const user: UserRef = who.user;
  return withContext(async (ctx) => {
    const core = await openCore(ctx);
    const turn = async (text: string): Promise<string[]> => {
      const reply = new RecordingReply();
      await core.handleMessage({ thread, user, text }, reply);
      return reply.messages.map((m) => render(m.message, opts.json));
    };
    if (opts.message.trim()) {
      const lines = await turn(opts.message);
      const header =
        opts.json || opts.thread ? [] : [`(thread ${threadId}; continue with --thread ${threadId})`];
      return { exitCode: 0, output: [...header, ...lines].join('\n') };
    }
    const rl = createInterface({ input: process.stdin, terminal: false });
    // Lines typed (or piped) while a turn is still running are queued here, so none is lost.
    const queue: string[] = [];
    let closed = false;
    let wake: (() => void) | undefined;
    rl.on('line', (line) => {
      queue.push(line);
      wake?.();
    });
    rl.on('close', () => {
      closed = true;
      wake?.();
    });
    const prompt = () => process.stdout.write('you> ');
    process.stdout.write(`Chatting in thread ${threadId} as ${opts.user}. Empty line or Ctrl-D to leave.\n`);
    prompt();
    for (;;) {
      while (queue.length === 0 && !closed) await new Promise<void>((resolve) => (wake = resolve));
      const line = queue.shift();
      if (line === undefined || !line.trim()) break;
      for (const out of await turn(line)) process.stdout.write(`${out}\n`);
      prompt();
    }
    rl.close();
    return { exitCode: 0, output: '' };
  });
}
