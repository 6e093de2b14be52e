/**
 * The shape of an evaluation case: a conversation (one or more user turns) and what the agent must do on its
 * last turn — produce a plan with these facts, ask this one question, or answer without a plan.
 */
import { z } from 'zod';

/** The questions the agent can ask, recognised by the question text it sends (adapters/local/agent/questions.ts). */
export const ASKS = [
  'location',
  'cloud',
  'format',
  'awsRoleArn',
  'azureTenantId',
  'columns',
  'header',
  'partitionLayout',
] as const;
export type Ask = (typeof ASKS)[number];

const CLOUDS = ['S3', 'S3GOV', 'S3CHINA', 'GCS', 'AZURE'] as const;
const FORMATS = ['CSV', 'JSON', 'PARQUET', 'AVRO', 'ORC'] as const;

export const planExpectSchema = z.strictObject({
  cloud: z.enum(CLOUDS).optional(),
  /** The stage URL, which is also the integration's only allowed location. */
  location: z.string().optional(),
  format: z.enum(FORMATS).optional(),
  /** Each key must be present in the file format's format_options with this value. */
  options: z.record(z.string(), z.unknown()).optional(),
  /** Keys that must not be in format_options. */
  absentOptions: z.array(z.string()).optional(),
  /** Exact column list in order: "name" or "name TYPE" (types compared after Snowflake normalisation). */
  columns: z.array(z.string()).optional(),
  /** true: the inference flow's first plan (no table); false: a table with columns. */
  inference: z.boolean().optional(),
  /** Partition columns in order; each object's fields must match the table input's partition. */
  partitions: z.array(z.record(z.string(), z.unknown())).optional(),
  /** Fields of the external table input (pattern, auto_refresh, …). */
  table: z.record(z.string(), z.unknown()).optional(),
  /** Fields of the storage integration input (aws_role_arn, azure_tenant_id, …). */
  integration: z.record(z.string(), z.unknown()).optional(),
  /** Object names as generated (unqualified, upper case). */
  names: z
    .strictObject({
      integration: z.string().optional(),
      format: z.string().optional(),
      stage: z.string().optional(),
      table: z.string().optional(),
    })
    .optional(),
  /** Regexes (case-insensitive) each of which must match one stated assumption. */
  assumes: z.array(z.string()).optional(),
  /** Regexes that must match no stated assumption (the user said it, so nothing was assumed). */
  notAssumes: z.array(z.string()).optional(),
});
export type PlanExpect = z.infer<typeof planExpectSchema>;

export const caseSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  class: z.string(),
  /** Where the phrasing comes from (a documentation page or a forum thread), for the reader. */
  source: z.string(),
  turns: z.array(z.string().min(1)).min(1),
  expect: z
    .strictObject({
      plan: planExpectSchema.optional(),
      ask: z.enum(ASKS).optional(),
      /** The last turn must make no tool call (no plan, no question from the list above required). */
      noPlan: z.boolean().optional(),
      /** Regex (case-insensitive) the last answer must match. */
      text: z.string().optional(),
      /** Regex (case-insensitive) the last answer must not match. */
      notText: z.string().optional(),
      /** Regex (case-insensitive) no generated statement in any turn may match. */
      ddlExcludes: z.string().optional(),
    })
    .refine((e) => [e.plan, e.ask, e.noPlan].filter(Boolean).length === 1, {
      message: 'expect exactly one of plan, ask or noPlan',
    }),
});
export type EvalCase = z.infer<typeof caseSchema>;

export const casesFileSchema = z.array(caseSchema);
