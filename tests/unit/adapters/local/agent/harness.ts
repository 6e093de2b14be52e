/** Drives the LocalAgent over the real pure generators, one thread per conversation. */

import { LocalAgent, type LocalAgentOptions } from '../../../../../adapters/local/agent/index.js';
import { type AgentEvent, agentEventSchema } from '../../../../../bot/core/contracts.js';
import { GENERATORS } from '../../../../../procedures/generators/index.js';
import type { ToolName } from '../../../../../procedures/names.js';

export const realGenerators = async (tool: ToolName, input: Record<string, unknown>) =>
  GENERATORS[tool].run(input);

export const user = { channel: 'local' as const, id: 'alice' };

export async function collect(iterable: AsyncIterable<AgentEvent>): Promise<AgentEvent[]> {
  const out: AgentEvent[] = [];
  for await (const e of iterable) out.push(e);
  return out;
}

export interface TurnResult {
  events: AgentEvent[];
  text: string;
  calls: { tool: ToolName; input: unknown }[];
  ddl: string[];
}

export function summarize(events: AgentEvent[]): TurnResult {
  for (const e of events) agentEventSchema.parse(e);
  const done = events.find((e) => e.type === 'done');
  const calls = events.flatMap((e) => (e.type === 'tool_use' ? [{ tool: e.tool, input: e.input }] : []));
  const ddl = events.flatMap((e) =>
    e.type === 'tool_result' && e.ok ? [(e.output as { ddl: string }).ddl] : [],
  );
  return { events, text: done?.type === 'done' ? done.text : '', calls, ddl };
}

let threads = 0;

/** Runs the turns in one fresh thread and returns every turn's result. */
export async function converse(
  turns: string[],
  options: Partial<LocalAgentOptions> = {},
): Promise<TurnResult[]> {
  const agent = new LocalAgent({ callTool: realGenerators, ...options });
  const thread = { channel: 'local' as const, id: `t${++threads}` };
  const results: TurnResult[] = [];
  for (const text of turns) {
    results.push(
      summarize(await collect(agent.run({ thread, user, text, signal: new AbortController().signal }))),
    );
  }
  return results;
}

/** The last turn's result. */
export async function lastTurn(
  turns: string[],
  options: Partial<LocalAgentOptions> = {},
): Promise<TurnResult> {
  const all = await converse(turns, options);
  return all[all.length - 1]!;
}

export const ARN = 'arn:aws:iam::123456789012:role/snowflake-access';
export const TENANT = '9f8e7d6c-1111-2222-3333-444455556666';
