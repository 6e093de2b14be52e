/**
 * Turns one Cortex run's server-sent events into AgentEvents. Pure and synchronous so every mapping
 * rule is testable without HTTP; the client feeds it what eventsource-parser hands out.
 */
import type { z } from 'zod';
import { type AgentEvent, agentEventSchema, type TokenUsage } from '../../bot/core/contracts.js';
import { GENERATOR_TOOLS, type ToolName } from '../../procedures/names.js';
import {
  EVENT,
  errorEventSchema,
  metadataEventSchema,
  responseEventSchema,
  statusEventSchema,
  type ToolResultEvent,
  textDeltaEventSchema,
  toolResultEventSchema,
  toolResultStatusEventSchema,
  toolUseEventSchema,
  usageSchema,
  warningEventSchema,
} from './wire.js';

/** Separates text blocks with different content indexes, so the deltas concatenate to `done.text`. */
const TEXT_BLOCK_SEPARATOR = '\n\n';

/**
 * A tool name from the stream → one of the four generators, or undefined for any other tool. Names are
 * matched case-insensitively and with or without the `_DDL` suffix, because the agent spec lower-cases them
 * and older specs named them without it.
 */
export function toToolName(name: string): ToolName | undefined {
  const upper = name.trim().toUpperCase();
  return GENERATOR_TOOLS.find((tool) => tool === upper || tool === `${upper}_DDL`);
}

export interface RunOutcome {
  /** Set once `response` or `error` arrived: nothing after it matters. */
  finished: boolean;
  /** The last assistant message id seen in `metadata` events, if any. */
  assistantMessageId: string | undefined;
}

export interface StreamLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export class RunStream {
  private readonly texts = new Map<number, string>();
  private readonly textOrder: number[] = [];
  private readonly tools = new Map<string, ToolName>();
  private usage: TokenUsage | undefined;
  private assistantMessageId: string | undefined;
  private finished = false;

  constructor(
    private readonly thread: { agentThreadId?: string; previousMessageId?: string },
    private readonly logger?: StreamLogger,
  ) {}

  get outcome(): RunOutcome {
    return { finished: this.finished, assistantMessageId: this.assistantMessageId };
  }

  /** One SSE event in, zero or more validated AgentEvents out. Unknown or malformed events are skipped. */
  handle(event: string | undefined, data: string): AgentEvent[] {
    if (this.finished) return [];
    const name = event ?? 'message';
    let payload: unknown;
    try {
      payload = JSON.parse(name === EVENT.metadata ? quoteMessageIds(data) : data);
    } catch {
      this.logger?.warn({ event: name }, 'cortex: event data is not JSON; skipped');
      return [];
    }
    const out = this.map(name, payload);
    return out.map((e) => agentEventSchema.parse(e));
  }

  private map(name: string, payload: unknown): AgentEvent[] {
    switch (name) {
      case EVENT.status: {
        const p = this.parse(statusEventSchema, payload, name);
        const text = p?.message ?? p?.status;
        return text ? [{ type: 'status', text }] : [];
      }
      case EVENT.warning: {
        // Cortex tells the user something went sideways without failing the run (a budget nearly spent, a tool
        // skipped): the core shows it in the thread (https://docs.snowflake.com/en/user-guide/snowflake-cortex/cortex-agents-run).
        const p = this.parse(warningEventSchema, payload, name);
        const text = p?.message ?? p?.text;
        return text ? [{ type: 'warning', text }] : [];
      }
      case EVENT.toolResultStatus: {
        const p = this.parse(toolResultStatusEventSchema, payload, name);
        return p?.message ? [{ type: 'status', text: p.message }] : [];
      }
      case EVENT.textDelta: {
        const p = this.parse(textDeltaEventSchema, payload, name);
        return p ? this.appendText(p.content_index ?? 0, p.text) : [];
      }
      case EVENT.text: {
        const p = this.parse(textDeltaEventSchema, payload, name);
        return p ? this.completeText(p.content_index ?? 0, p.text) : [];
      }
      case EVENT.toolUse: {
        const p = this.parse(toolUseEventSchema, payload, name);
        if (!p) return [];
        const tool = toToolName(p.name);
        if (!tool) {
          this.logger?.warn({ tool: p.name }, 'cortex: tool_use of a tool that is not a generator; ignored');
          return [];
        }
        this.tools.set(p.tool_use_id, tool);
        return [{ type: 'tool_use', id: p.tool_use_id, tool, input: p.input ?? {} }];
      }
      case EVENT.toolResult: {
        const p = this.parse(toolResultEventSchema, payload, name);
        if (!p) return [];
        const tool = (p.name ? toToolName(p.name) : undefined) ?? this.tools.get(p.tool_use_id);
        if (!tool) return [];
        const output = toolOutput(p);
        return [{ type: 'tool_result', id: p.tool_use_id, tool, ok: toolOk(p, output), output }];
      }
      case EVENT.metadata: {
        const p = this.parse(metadataEventSchema, payload, name);
        if (!p) return [];
        const role = p.metadata?.role ?? p.role;
        const id = p.metadata?.message_id ?? p.message_id;
        if (role?.toLowerCase() === 'assistant' && id !== undefined) this.assistantMessageId = String(id);
        this.noteUsage(p.usage);
        return [];
      }
      case EVENT.error: {
        const p = this.parse(errorEventSchema, payload, name);
        this.finished = true;
        const code = p?.code === undefined ? 'agent_error' : String(p.code);
        const base = p?.message ?? 'The Cortex agent reported an error.';
        const message = p?.request_id ? `${base} (request id ${p.request_id})` : base;
        return [{ type: 'error', code, message, retryable: false }];
      }
      case EVENT.response: {
        const p = this.parse(responseEventSchema, payload, name);
        this.finished = true;
        this.noteUsage(p?.usage ?? p?.metadata?.usage);
        const finalTexts = (p?.content ?? []).filter((c) => c.type === 'text' && typeof c.text === 'string');
        const text =
          finalTexts.length > 0
            ? finalTexts.map((c) => c.text).join(TEXT_BLOCK_SEPARATOR)
            : this.streamedText();
        const messageId = this.assistantMessageId ?? this.thread.previousMessageId;
        const done: AgentEvent = { type: 'done', text };
        if (this.thread.agentThreadId !== undefined) done.agentThreadId = this.thread.agentThreadId;
        if (messageId !== undefined) done.agentMessageId = messageId;
        if (this.usage) done.usage = this.usage;
        return [done];
      }
      default:
        // The API adds events over time (thinking, tables, charts…); none of them is fatal.
        return [];
    }
  }

  private parse<S extends z.ZodType>(schema: S, payload: unknown, event: string): z.infer<S> | undefined {
    const r = schema.safeParse(payload);
    if (r.success) return r.data;
    this.logger?.warn(
      { event, issues: r.error.issues.length },
      'cortex: event does not match its schema; skipped',
    );
    return undefined;
  }

  private appendText(index: number, delta: string): AgentEvent[] {
    if (delta === '') return [];
    const prefix = this.startBlock(index);
    this.texts.set(index, (this.texts.get(index) ?? '') + delta);
    return [{ type: 'text', delta: prefix + delta }];
  }

  /** The full `response.text` repeats the deltas: emit only what the deltas did not already carry. */
  private completeText(index: number, full: string): AgentEvent[] {
    const seen = this.texts.get(index);
    if (seen === undefined) return this.appendText(index, full);
    if (full.startsWith(seen) && full.length > seen.length)
      return this.appendText(index, full.slice(seen.length));
    if (full !== seen)
      this.logger?.debug({ index }, 'cortex: full text differs from its deltas; kept the deltas');
    return [];
  }

  private startBlock(index: number): string {
    if (this.texts.has(index)) return '';
    this.texts.set(index, '');
    const hasEarlierText = this.textOrder.some((i) => (this.texts.get(i) ?? '') !== '');
    this.textOrder.push(index);
    return hasEarlierText ? TEXT_BLOCK_SEPARATOR : '';
  }

  private streamedText(): string {
    return this.textOrder
      .map((i) => this.texts.get(i) ?? '')
      .filter((t) => t !== '')
      .join(TEXT_BLOCK_SEPARATOR);
  }

  private noteUsage(raw: unknown): void {
    const usage = toTokenUsage(raw);
    if (usage) this.usage = usage;
  }
}

/**
 * Message ids are 64-bit integers on the wire; `JSON.parse` would round one above 2^53 (987654321987654321 →
 * 987654321987654300) and the wrong id would go back as `parent_message_id`. The digits are quoted before parsing
 * so they stay a string end to end, as thread ids already do (client.ts). Only a `"message_id":` key followed by a
 * bare number matches: inside a JSON string the key's quotes would be escaped.
 */
function quoteMessageIds(data: string): string {
  return data.replace(/("message_id"\s*:\s*)(-?\d+)(?=\s*[,}\]])/g, '$1"$2"');
}

/** The procedure's VARIANT: JSON content as is; text content parsed when it is JSON (VARIANT may come as text). */
function toolOutput(p: ToolResultEvent): unknown {
  const content = p.content ?? [];
  for (const c of content) if (c.type === 'json' && 'json' in c) return c.json;
  const texts = content.filter(
    (c): c is typeof c & { text: string } => c.type === 'text' && typeof c.text === 'string',
  );
  if (texts.length > 0) {
    const text = texts.map((c) => c.text).join('');
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return p.error ?? null;
}

/**
 * A tool call succeeded when Cortex says so and the generator did not answer `{ ok: false }`: invalid input
 * is a normal answer of our procedures (procedures/result.ts), and must never become a plan statement.
 */
function toolOk(p: ToolResultEvent, output: unknown): boolean {
  const status = p.status?.toLowerCase();
  if (status !== undefined && status !== 'success' && status !== 'succeeded') return false;
  if (p.error !== undefined && p.error !== null) return false;
  if (output !== null && typeof output === 'object' && (output as { ok?: unknown }).ok === false)
    return false;
  return true;
}

function count(v: number | { total: number } | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : v.total;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

export function toTokenUsage(raw: unknown): TokenUsage | undefined {
  if (raw === undefined || raw === null) return undefined;
  const r = usageSchema.safeParse(raw);
  if (!r.success) return undefined;
  const rows = r.data.tokens_consumed ?? [r.data];
  let input: number | undefined;
  let output: number | undefined;
  let total: number | undefined;
  const add = (a: number | undefined, b: number | undefined) => (b === undefined ? a : (a ?? 0) + b);
  for (const row of rows) {
    input = add(input, count(row.input_tokens));
    output = add(output, count(row.output_tokens));
    total = add(total, count(row.total_tokens));
  }
  if (total === undefined && (input !== undefined || output !== undefined))
    total = (input ?? 0) + (output ?? 0);
  const usage: TokenUsage = {};
  if (input !== undefined) usage.inputTokens = input;
  if (output !== undefined) usage.outputTokens = output;
  if (total !== undefined) usage.totalTokens = total;
  return Object.keys(usage).length > 0 ? usage : undefined;
}
