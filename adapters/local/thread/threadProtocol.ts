/**
 * What crosses between the main thread and the local thread (the embedded warehouse and the local agent in a
 * worker, docs/local-warehouse.md#off-the-main-thread-measured-not-enabled). Both sides parse what they receive: a message that does not
 * match is a defect, answered as an error, never acted on.
 */
import { z } from 'zod';

const id = z.number().int().nonnegative();
const role = z.enum(['owner', 'bot']);

const turnSchema = z.object({
  thread: z.object({ channel: z.enum(['slack', 'teams', 'local']), id: z.string() }),
  user: z.object({
    channel: z.enum(['slack', 'teams', 'local']),
    id: z.string(),
    name: z.string().optional(),
  }),
  text: z.string(),
  agentThreadId: z.string().optional(),
  agentMessageId: z.string().optional(),
});
export type ThreadTurn = z.infer<typeof turnSchema>;

const approverSchema = z.object({
  principal: z.string(),
  kind: z.enum(['user', 'slack-group', 'anyone']),
  mayApproveOwn: z.boolean(),
});

/** Main thread → local thread. */
export const requestSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('run'), id, sql: z.string(), binds: z.array(z.unknown()), role: role.optional() }),
  z.object({
    op: z.literal('call'),
    id,
    procedure: z.string(),
    args: z.array(z.unknown()),
    role: role.optional(),
  }),
  z.object({ op: z.literal('installApprovers'), id, approvers: z.array(approverSchema) }),
  z.object({ op: z.literal('agentRun'), id, turn: turnSchema }),
  z.object({ op: z.literal('agentAbort'), id }),
  z.object({ op: z.literal('close'), id }),
]);
export type ThreadRequest = z.infer<typeof requestSchema>;

/** An error as it crossed: enough to rebuild a WarehouseError with its Snowflake code and SQL state. */
export const errorSchema = z.object({
  message: z.string(),
  code: z.string().optional(),
  sqlState: z.string().optional(),
  queryId: z.string().optional(),
});
export type ThreadError = z.infer<typeof errorSchema>;

/** Local thread → main thread. `failure` without an id is the thread failing to open. */
export const replySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('result'), id, value: z.unknown() }),
  z.object({ type: z.literal('failure'), id: id.optional(), error: errorSchema }),
  z.object({ type: z.literal('agentEvent'), id, event: z.unknown() }),
  z.object({ type: z.literal('agentEnd'), id }),
]);
export type ThreadReply = z.infer<typeof replySchema>;

const isRow = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A statement's answer (values.ts StatementResult); rows are checked to be objects, their values are the data. */
export const statementResultSchema = z.object({
  columns: z.array(z.object({ name: z.string(), type: z.string(), scale: z.number().optional() })),
  rows: z.array(z.custom<Record<string, unknown>>(isRow, 'a row must be an object')),
  rowsAffected: z.number(),
  queryId: z.string(),
});
