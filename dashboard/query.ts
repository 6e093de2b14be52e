/** The list query of the pages and the JSON API, validated once (zod) with errors that name the field. */
import { z } from 'zod';
import { STATUSES, type Status } from './format.js';

const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 25;
const MAX_SEARCH = 200;

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

const ONCE = 'must be given once';

/** Query values arrive as text (or as an array when repeated); numbers are whole, bounded and given once. */
const integer = (min: number, max: number, fallback: number) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? String(fallback) : v),
    z
      .string({ error: `${ONCE}, as a whole number` })
      .regex(/^\d{1,12}$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`)),
  );

const fields = {
  status: z.preprocess(
    emptyToUndefined,
    z.enum(STATUSES as [Status, ...Status[]], { error: `must be one of ${STATUSES.join(', ')}` }).optional(),
  ),
  q: z.preprocess(
    emptyToUndefined,
    z
      .string({ error: `${ONCE}, as text` })
      .max(MAX_SEARCH, `must be at most ${MAX_SEARCH} characters`)
      .transform((s) => s.trim())
      .optional(),
  ),
  limit: integer(1, MAX_LIMIT, DEFAULT_LIMIT),
  offset: integer(0, 1_000_000_000, 0),
};

/** The API refuses parameters it does not know, so a typo (`stauts`) is a 400, not a silently ignored filter. */
export const apiListQuery = z.strictObject(fields);
/** Pages ignore unknown parameters (links pasted with tracking parameters still open). */
export const pageListQuery = z.object(fields);

export interface ListQuery {
  status?: Status;
  q?: string;
  limit: number;
  offset: number;
}

export interface FieldIssue {
  field: string;
  message: string;
}

/** One problem per field (the first zod found), named by the field. */
export function issuesOf(error: z.ZodError): FieldIssue[] {
  const seen = new Set<string>();
  const out: FieldIssue[] = [];
  const push = (field: string, message: string) => {
    if (seen.has(field)) return;
    seen.add(field);
    out.push({ field, message });
  };
  for (const i of error.issues) {
    if (i.code === 'unrecognized_keys') for (const k of i.keys) push(k, 'unknown parameter');
    else push(i.path.map(String).join('.') || '(body)', i.message);
  }
  return out;
}

export function parseListQuery(
  schema: typeof apiListQuery | typeof pageListQuery,
  raw: unknown,
): { ok: true; query: ListQuery } | { ok: false; issues: FieldIssue[] } {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) };
  const { status, q, limit, offset } = parsed.data as {
    status?: string;
    q?: string;
    limit: number;
    offset: number;
  };
  const query: ListQuery = { limit, offset };
  if (status) query.status = status as Status;
  if (q) query.q = q;
  return { ok: true, query };
}

/** The cache key and the URL query of a list view: one canonical form per distinct query. */
export function queryString(query: Partial<ListQuery>, defaults = true): string {
  const params = new URLSearchParams();
  if (query.status) params.set('status', query.status);
  if (query.q) params.set('q', query.q);
  if (query.limit !== undefined && (!defaults || query.limit !== DEFAULT_LIMIT))
    params.set('limit', String(query.limit));
  if (query.offset) params.set('offset', String(query.offset));
  return params.toString();
}
