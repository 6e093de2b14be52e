/**
 * The summary EXECUTE_DDL_AND_TRACK returns, as its readers check it at the boundary (the bot after an approval).
 * The procedure writes `ExecutionSummary` (types.ts); this schema reads it, leniently where a procedure of an older
 * version may differ (status as text, steps and compensation possibly absent, error codes as numbers); an error
 * keeps the code and message the views show. The
 * assignment at the end fails to compile when the two drift apart, so there is one shape, checked twice.
 * Only the bot imports this module; the procedure's bundle does not (it uses the types alone).
 */
import { z } from 'zod';
import { STATEMENT_KINDS } from '../names.js';
import type { ExecutionSummary } from './types.js';

const stepSchema = z.object({
  index: z.number(),
  kind: z.enum(STATEMENT_KINDS),
  name: z.string(),
  ok: z.boolean(),
  skipped: z.boolean().optional(),
  ms: z.number().optional(),
  error: z.object({ code: z.union([z.string(), z.number()]).nullish(), message: z.string() }).nullish(),
});

const compensationSchema = z.object({
  action: z.enum(['drop', 'restore']),
  kind: z.enum(STATEMENT_KINDS),
  name: z.string(),
  ok: z.boolean(),
  error: z.object({ message: z.string() }).nullish(),
});

export const executionSummarySchema = z.object({
  pipeline_id: z.string().nullable(),
  status: z.string().nullable(),
  steps: z.array(stepSchema).default([]),
  compensation: z.array(compensationSchema).default([]),
  message: z.string(),
  reason: z.string().optional(),
});

/** The summary as read: what the views render. */
export type ReadSummary = z.infer<typeof executionSummarySchema>;

// Every summary the procedure can write is one this schema reads (a compile-time check, no runtime cost).
const written: z.input<typeof executionSummarySchema> = {} as ExecutionSummary;
void written;
