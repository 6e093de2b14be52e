/** The wire format between RemoteWarehouse and the router, shared so both sides validate the same shape. */
import { z } from 'zod';

export const TOKEN_HEADER = 'x-dea-token';

export const sqlRequestSchema = z.object({
  sql: z.string().min(1).max(1_000_000),
  binds: z
    .array(z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .max(10_000)
    .default([]),
});
export interface SqlAnswer {
  columns: string[];
  /** Snowflake-style type per column; lets the client turn ISO strings back into Dates. */
  types: string[];
  /** NUMBER scale per column (null for other types); absent from servers older than the field. */
  scales?: (number | null)[];
  rows: Record<string, unknown>[];
  rowsAffected: number;
}

export interface SqlErrorAnswer {
  error: { code: string; sqlState: string | null; message: string };
}

export const sqlAnswerSchema = z.object({
  columns: z.array(z.string()),
  types: z.array(z.string()),
  scales: z.array(z.number().int().min(0).max(38).nullable()).optional(),
  rows: z.array(z.record(z.string(), z.unknown())),
  rowsAffected: z.number(),
});

export const sqlErrorSchema = z.object({
  error: z.object({ code: z.string(), sqlState: z.string().nullable(), message: z.string() }),
});
