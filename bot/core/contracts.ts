/**
 * The contracts between the bot core and the adapters (docs/architecture.md#contracts). Adapters implement these;
 * bot/core depends only on them, never on Slack, Teams, DuckDB or snowflake-sdk.
 */
import { z } from 'zod';
import {
  GENERATOR_TOOLS,
  type ProcedureName,
  STATEMENT_KINDS,
  type ToolName,
} from '../../procedures/names.js';

export type { ProcedureName, ToolName };

export type Channel = 'slack' | 'teams' | 'local';

/** A conversation on one platform: Slack `team:channel:thread_ts`, Teams conversation id, local thread id. */
export interface ThreadRef {
  channel: Channel;
  id: string;
}

/** A person on one platform; `id` is the platform's stable id (Slack user id, AAD object id, local name). */
export interface UserRef {
  channel: Channel;
  id: string;
  name?: string;
}

/** `slack:U123`, `teams:<aad id>`, `local:alice` — the form used in DEA_APPROVERS and the tracker. */
export function principalOf(user: UserRef): string {
  return `${user.channel}:${user.id}`;
}

// ---------------------------------------------------------------- warehouse

export interface Warehouse {
  query<T = Record<string, unknown>>(sql: string, binds?: unknown[]): Promise<T[]>;
  execute(sql: string, binds?: unknown[]): Promise<{ rowsAffected: number }>;
  /** CALL db.schema.NAME(?, …) with the procedure's positional arguments; resolves to its VARIANT result. */
  call(procedure: ProcedureName, args: unknown[]): Promise<unknown>;
  close(): Promise<void>;
}

/** A failed statement, shaped like Snowflake's errors (code `002003`, SQL state `02000`, message). */
export class WarehouseError extends Error {
  readonly code: string;
  readonly sqlState: string | undefined;
  readonly queryId: string | undefined;
  constructor(
    code: string,
    message: string,
    opts: { sqlState?: string; queryId?: string; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'WarehouseError';
    this.code = code;
    this.sqlState = opts.sqlState;
    this.queryId = opts.queryId;
  }
}

// ---------------------------------------------------------------- agent

export const tokenUsageSchema = z.object({
  inputTokens: z.number().int().nonnegative().optional(),
  outputTokens: z.number().int().nonnegative().optional(),
  totalTokens: z.number().int().nonnegative().optional(),
});
export type TokenUsage = z.infer<typeof tokenUsageSchema>;

const toolNameSchema = z.enum(GENERATOR_TOOLS);

/** One guess the agent made instead of asking, with the sentence that says how to change it. */
export const assumptionSchema = z.object({ kind: z.enum(STATEMENT_KINDS), text: z.string().min(1).max(500) });
export type Assumption = z.infer<typeof assumptionSchema>;

/** What both agents (Cortex and local) emit, in order. Validated at the adapter boundary. */
export const agentEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), text: z.string() }),
  /** Something the user should know although the run goes on (Cortex `response.warning`). */
  z.object({ type: z.literal('warning'), text: z.string() }),
  z.object({ type: z.literal('text'), delta: z.string() }),
  z.object({ type: z.literal('tool_use'), id: z.string(), tool: toolNameSchema, input: z.unknown() }),
  z.object({
    type: z.literal('tool_result'),
    id: z.string(),
    tool: toolNameSchema,
    ok: z.boolean(),
    output: z.unknown(),
  }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string(), retryable: z.boolean() }),
  z.object({
    type: z.literal('done'),
    text: z.string(),
    agentThreadId: z.string().optional(),
    agentMessageId: z.string().optional(),
    usage: tokenUsageSchema.optional(),
    /**
     * What the user asked for the table of an inference flow (step 1 holds no table): kept with the thread and
     * applied when the core proposes the table in step 2.
     */
    tableWishes: z
      .object({
        name: z.string().min(1).max(255).optional(),
        types: z.record(z.string().min(1).max(255), z.string().min(1).max(100)).optional(),
      })
      .optional(),
    /** What the agent guessed rather than was told, each tied to the statement it shapes; shown on the plan card. */
    assumptions: z.array(assumptionSchema).optional(),
  }),
]);
export type TableWishes = NonNullable<
  Extract<z.infer<typeof agentEventSchema>, { type: 'done' }>['tableWishes']
>;
export type AgentEvent = z.infer<typeof agentEventSchema>;

export interface AgentTurn {
  thread: ThreadRef;
  user: UserRef;
  text: string;
  signal: AbortSignal;
  /** The agent-side thread state saved after the previous turn (Cortex thread id and last assistant message id). */
  agentThreadId?: string;
  agentMessageId?: string;
}

export interface Agent {
  run(turn: AgentTurn): AsyncIterable<AgentEvent>;
  close?(): Promise<void>;
}

// ---------------------------------------------------------------- Snowflake REST tokens

/** The three `X-Snowflake-Authorization-Token-Type` values. */
export type TokenType = 'OAUTH' | 'KEYPAIR_JWT' | 'PROGRAMMATIC_ACCESS_TOKEN';

export interface AuthToken {
  token: string;
  tokenType: TokenType;
}

/**
 * A source of Snowflake bearer tokens. adapters/snowflake implements it (token file, key-pair JWT, PAT); the
 * Cortex client and the Teams relay take one, so neither knows how credentials are loaded.
 */
export interface TokenProvider {
  getToken(): Promise<AuthToken>;
  /** The server refused the last token (401): drop any cached value so the next call gets a fresh one. */
  invalidate(): void;
}
