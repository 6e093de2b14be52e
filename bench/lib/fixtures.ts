/**
 * Realistic inputs for the benchmarks: the four generator tool inputs the local agent derives from a request,
 * and an agent of fixed latency that emits real tool results from the pure generators (no model involved).
 */
import { LocalAgent } from '../../adapters/local/agent/index.js';
import type { Agent, AgentEvent, AgentTurn } from '../../bot/core/contracts.js';
import { GENERATORS } from '../../procedures/generators/index.js';
import type { ToolName } from '../../procedures/names.js';

export interface ToolCall {
  tool: ToolName;
  input: Record<string, unknown>;
}

export function requestFor(bucket: string): string {
  return `I have CSV files with a header row in s3://${bucket}/orders/ with columns order_id, customer, amount, order_date. Role arn:aws:iam::123456789012:role/snowflake`;
}

/** The tool calls the local agent makes for one full request, captured by running it against the generators. */
export async function toolCallsFor(bucket: string): Promise<ToolCall[]> {
  const calls: ToolCall[] = [];
  const agent = new LocalAgent({
    callTool: async (tool, input) => {
      calls.push({ tool, input: input as Record<string, unknown> });
      return GENERATORS[tool].run(input);
    },
  });
  for await (const _ of agent.run({
    thread: { channel: 'local', id: `capture-${bucket}` },
    user: { channel: 'local', id: 'bench' },
    text: requestFor(bucket),
    signal: new AbortController().signal,
  })) {
    // drain
  }
  if (calls.length !== 4) throw new Error(`expected 4 tool calls, the local agent made ${calls.length}`);
  return calls;
}

/**
 * An agent that waits `latencyMs` (a model thinking), then calls the four generators for the bucket named in
 * the turn (`s3://<bucket>/`) and answers. Tool results are the generators' real output.
 */
export class FixedLatencyAgent implements Agent {
  runs = 0;
  constructor(
    private readonly latencyMs: number,
    private readonly withPlan = true,
  ) {}

  async *run(turn: AgentTurn): AsyncIterable<AgentEvent> {
    this.runs++;
    yield { type: 'status', text: 'Planning the next steps' };
    await new Promise((r) => setTimeout(r, this.latencyMs));
    if (!this.withPlan) {
      yield { type: 'done', text: 'Tell me where the files are.' };
      return;
    }
    const bucket = /s3:\/\/([a-z0-9.-]+)\//.exec(turn.text)?.[1] ?? 'bench-default';
    const calls = await toolCallsFor(bucket);
    for (const [i, call] of calls.entries()) {
      const id = `fx-${i}`;
      yield { type: 'tool_use', id, tool: call.tool, input: call.input };
      yield {
        type: 'tool_result',
        id,
        tool: call.tool,
        ok: true,
        output: GENERATORS[call.tool].run(call.input),
      };
    }
    yield { type: 'done', text: 'Here is the plan.' };
  }
}
