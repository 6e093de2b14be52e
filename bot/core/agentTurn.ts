/**
 * One run of the agent over a thread: its events, checked at the boundary, drive the live view of the turn and
 * are gathered for the plan (only generator tool results feed it; docs/architecture.md#one-request-end-to-end).
 */
import type { IncomingMessage, TurnSurface } from './api.js';
import { type AgentEvent, agentEventSchema } from './contracts.js';
import type { BotMessage } from './messages.js';
import type { ToolResultLike } from './planDrafts.js';
import type { CoreServices } from './services.js';

export interface AgentTurn {
  results: ToolResultLike[];
  text: string;
  warnings: string[];
  done?: Extract<AgentEvent, { type: 'done' }>;
  failure?: Extract<AgentEvent, { type: 'error' }>;
}

export async function runAgent(
  services: CoreServices,
  msg: IncomingMessage,
  conv: { agentThreadId?: string; agentMessageId?: string },
  surface: TurnSurface,
  signal: AbortSignal,
): Promise<AgentTurn> {
  const turn: AgentTurn = { results: [], text: '', warnings: [] };
  try {
    for await (const raw of services.agent.run({
      thread: msg.thread,
      user: msg.user,
      text: msg.text,
      signal,
      agentThreadId: conv.agentThreadId,
      agentMessageId: conv.agentMessageId,
    })) {
      const parsed = agentEventSchema.safeParse(raw);
      if (!parsed.success) {
        services.log.warn({ issues: parsed.error.issues }, 'agent emitted an invalid event; ignored');
        continue;
      }
      const ev = parsed.data;
      // The user pressed Stop: leaving the loop ends the agent's stream (the Cortex request is released).
      if (surface.stopped) break;
      if (ev.type === 'status') {
        surface.status(ev.text);
      } else if (ev.type === 'warning') {
        surface.status(`⚠️ ${ev.text}`);
        turn.warnings.push(ev.text);
      } else if (ev.type === 'text') {
        turn.text += ev.delta;
        surface.text(ev.delta);
      } else if (ev.type === 'tool_use') {
        surface.task({ id: ev.id, title: toolLabel(ev.tool), state: 'running' });
      } else if (ev.type === 'tool_result') {
        turn.results.push(ev);
        surface.task({ id: ev.id, title: toolLabel(ev.tool), state: ev.ok ? 'done' : 'failed' });
      } else if (ev.type === 'error') {
        turn.failure = ev;
      } else if (ev.type === 'done') {
        turn.done = ev;
      }
    }
  } catch (err) {
    turn.failure = {
      type: 'error',
      code: 'agent_failed',
      message: err instanceof Error ? err.message : String(err),
      retryable: true,
    };
  }
  return turn;
}

function toolLabel(tool: string): string {
  return tool
    .replace(/^GENERATE_/, '')
    .replace(/_DDL$/, '')
    .replace(/EXTERNAL_STAGE/, 'stage')
    .toLowerCase()
    .replace(/_/g, ' ');
}

export function agentErrorMessage(
  failure: Extract<AgentEvent, { type: 'error' }>,
  partial: string,
): BotMessage {
  return {
    kind: 'error',
    title: 'The agent could not finish this answer',
    text: `${failure.message}${partial ? `\n\nWhat it said so far: ${partial}` : ''}`,
    next: failure.retryable
      ? 'Send your message again in this thread; the conversation is kept.'
      : 'Rephrase the request or check the bot configuration; the conversation is kept.',
  };
}
