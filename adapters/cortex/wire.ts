/**
 * Every Cortex wire format the bot reads, in one place (cortex-agents.md: the API still evolves, so a
 * correction should stay local). Schemas are loose: extra fields are tolerated and only what the bot
 * uses is required, so a new field from Snowflake never breaks a run.
 */
import { z } from 'zod';

const contentIndex = z.number().int().nonnegative().optional();

export const statusEventSchema = z.looseObject({
  status: z.string().optional(),
  message: z.string().optional(),
});

export const textDeltaEventSchema = z.looseObject({
  content_index: contentIndex,
  text: z.string(),
  is_elicitation: z.boolean().optional(),
});

export const toolUseEventSchema = z.looseObject({
  content_index: contentIndex,
  tool_use_id: z.string(),
  type: z.string().optional(),
  name: z.string(),
  input: z.unknown().optional(),
});

const toolResultContentSchema = z.union([
  z.looseObject({ type: z.literal('json'), json: z.unknown() }),
  z.looseObject({ type: z.literal('text'), text: z.string() }),
  z.looseObject({ type: z.string() }),
]);

export const toolResultEventSchema = z.looseObject({
  content_index: contentIndex,
  tool_use_id: z.string(),
  name: z.string().optional(),
  type: z.string().optional(),
  status: z.string().optional(),
  error: z.unknown().optional(),
  content: z.array(toolResultContentSchema).optional(),
});
export type ToolResultEvent = z.infer<typeof toolResultEventSchema>;

export const toolResultStatusEventSchema = z.looseObject({
  tool_use_id: z.string().optional(),
  status: z.string().optional(),
  message: z.string().optional(),
});

/** `response.warning`: a message for the user; the run goes on. */
export const warningEventSchema = z.looseObject({
  message: z.string().optional(),
  text: z.string().optional(),
});

export const errorEventSchema = z.looseObject({
  code: z.union([z.string(), z.number()]).optional(),
  message: z.string().optional(),
  request_id: z.string().optional(),
});

const messageMetaSchema = z.looseObject({
  role: z.string().optional(),
  message_id: z.union([z.number(), z.string()]).optional(),
});

/** `metadata` carries the persisted message's role and id, flat or nested under `metadata`. */
export const metadataEventSchema = z.looseObject({
  role: z.string().optional(),
  message_id: z.union([z.number(), z.string()]).optional(),
  metadata: messageMetaSchema.optional(),
  usage: z.unknown().optional(),
});

export const responseEventSchema = z.looseObject({
  role: z.string().optional(),
  content: z.array(z.looseObject({ type: z.string().optional(), text: z.string().optional() })).optional(),
  usage: z.unknown().optional(),
  metadata: z.looseObject({ usage: z.unknown().optional() }).optional(),
});

/**
 * Token usage in the shapes seen in Cortex answers: flat counters, or `tokens_consumed` per model with
 * `{ total }` objects. Anything else is ignored rather than guessed.
 */
const countSchema = z.union([z.number(), z.looseObject({ total: z.number() })]);
export const usageSchema = z.looseObject({
  input_tokens: countSchema.optional(),
  output_tokens: countSchema.optional(),
  total_tokens: countSchema.optional(),
  tokens_consumed: z
    .array(
      z.looseObject({
        input_tokens: countSchema.optional(),
        output_tokens: countSchema.optional(),
        total_tokens: countSchema.optional(),
      }),
    )
    .optional(),
});

/** POST /api/v2/cortex/threads answers either the id as a JSON string/number or a thread object. */
export const createThreadResponseSchema = z.union([
  z.string().regex(/^\d+$/),
  z.number().int().nonnegative(),
  z.looseObject({ thread_id: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]) }),
]);

/** Snowflake REST error bodies: `{ code, message, request_id }` (fields optional; bodies may be text). */
export const restErrorBodySchema = z.looseObject({
  code: z.union([z.string(), z.number()]).optional(),
  message: z.string().optional(),
  request_id: z.string().optional(),
});

export const EVENT = {
  status: 'response.status',
  textDelta: 'response.text.delta',
  text: 'response.text',
  toolUse: 'response.tool_use',
  toolResult: 'response.tool_result',
  toolResultStatus: 'response.tool_result.status',
  warning: 'response.warning',
  metadata: 'metadata',
  response: 'response',
  error: 'error',
} as const;
