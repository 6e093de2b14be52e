/**
 * Building blocks shared by the four input schemas. zod/mini keeps the procedure bundles small but has no English
 * messages, so every check here says which field is wrong, why, and what a right value looks like.
 */
import * as z from 'zod/mini';
import { hiddenCharProblem } from '../sql/hiddenChars.js';
import { identifierProblem, qualifiedReferenceProblem, splitQualifiedName } from '../sql/identifiers.js';
import { isWellFormedText } from '../sql/literals.js';

/** One argument of the generated stored procedure, in signature order (required ones first). */
export interface ProcedureArg {
  /** Upper-case argument name; the lower-case form is the input field. */
  name: string;
  sqlType: 'VARCHAR' | 'BOOLEAN' | 'NUMBER' | 'ARRAY' | 'OBJECT' | 'VARIANT';
  required: boolean;
  description: string;
}

const CONTROL = /[\u0000-\u001F\u007F]/;

/** A free text value (comments, patterns): any well-formed text, no NUL, bounded length. */
export function freeText(field: string, description: string, maxLength = 4096) {
  return z.string({ error: `${field} must be text, e.g. "Orders landed by the nightly export"` }).check(
    z.describe(description),
    z.maxLength(maxLength, `${field} is too long; at most ${maxLength} characters`),
    z.refine(
      (s) => isWellFormedText(s) && !s.includes('\u0000'),
      `${field} contains characters that cannot be written in SQL (NUL or a broken surrogate)`,
    ),
    z.superRefine((s, ctx) => {
      const hidden = s.includes('\u0000') ? undefined : hiddenCharProblem(s, true);
      if (hidden) ctx.addIssue({ code: 'custom', input: s, message: `${field} ${hidden}` });
    }),
  );
}

/** Whether a value passes lineText, so object-level checks do not report the same problem twice. */
export function isLine(s: string): boolean {
  return s !== '' && !CONTROL.test(s) && isWellFormedText(s);
}

/** A one-line value (ids, ARNs): non-empty, no control characters. */
export function lineText(field: string, description: string, example: string) {
  return z.string({ error: `${field} must be text, e.g. "${example}"` }).check(
    z.describe(description),
    z.minLength(1, `${field} must not be empty, e.g. "${example}"`),
    z.refine(
      (s) => !CONTROL.test(s) && isWellFormedText(s),
      `${field} must be a single line without control characters, e.g. "${example}"`,
    ),
    z.superRefine((s, ctx) => {
      const hidden = CONTROL.test(s) ? undefined : hiddenCharProblem(s);
      if (hidden) ctx.addIssue({ code: 'custom', input: s, message: `${field} ${hidden}` });
    }),
  );
}

export function flag(field: string, description: string) {
  return z.boolean({ error: `${field} must be true or false` }).check(z.describe(description));
}

/** An unqualified object name (integrations are account-level: no database or schema). */
export function simpleName(field: string, description: string, example: string) {
  return z.string({ error: `${field} must be text, e.g. "${example}"` }).check(
    z.describe(description),
    z.superRefine((value, ctx) => {
      const problem = identifierProblem(value);
      if (problem)
        ctx.addIssue({ code: 'custom', input: value, message: `${field} ${problem}; e.g. "${example}"` });
      else if (value.includes('.') && !/^".*"$/.test(value)) {
        ctx.addIssue({
          code: 'custom',
          input: value,
          message: `${field} "${value}" must be a single name without dots (wrap it in double quotes if the dot is part of the name), e.g. "${example}"`,
        });
      }
    }),
  );
}

/** A name that may be qualified: `name`, `schema.name` or `database.schema.name` (parts split on unquoted dots). */
export function qualifiableName(field: string, description: string, example: string, maxParts = 3) {
  return z.string({ error: `${field} must be text, e.g. "${example}"` }).check(
    z.describe(description),
    z.superRefine((value, ctx) => {
      const problem = qualifiedReferenceProblem(value, maxParts);
      if (problem)
        ctx.addIssue({ code: 'custom', input: value, message: `${field}: ${problem}; e.g. "${example}"` });
    }),
  );
}

/** Fields every schema-level object (format, stage, table) has for its own name. */
export function objectNameFields(kind: string, example: string) {
  return {
    name: z.optional(
      qualifiableName(
        'name',
        `Name of the ${kind}; may be qualified as database.schema.name. Unquoted-safe names are upper-cased (orders → ORDERS); others are double-quoted and keep their case. Default: derived from the location (see naming rule).`,
        example,
      ),
    ),
    // Not `database`/`schema`: as procedure arguments those are reserved words, which break named calls.
    database_name: z.optional(
      simpleName('database_name', `Database that holds the ${kind}. Default: the current database.`, 'RAW'),
    ),
    schema_name: z.optional(
      simpleName('schema_name', `Schema that holds the ${kind}. Default: the current schema.`, 'PUBLIC'),
    ),
  };
}

export const commonTail = {
  comment: z.optional(freeText('comment', 'Comment stored on the object.')),
  or_replace: z.optional(
    flag(
      'or_replace',
      'Emit CREATE OR REPLACE (drops and recreates an existing object). Not with if_not_exists.',
    ),
  ),
  if_not_exists: z.optional(
    flag(
      'if_not_exists',
      'Emit CREATE … IF NOT EXISTS (leave an existing object alone). Not with or_replace.',
    ),
  ),
};

/** Procedure arguments of `objectNameFields`, in signature order after NAME. */
export function placementArgs(kind: string): ProcedureArg[] {
  return [
    { name: 'DATABASE_NAME', sqlType: 'VARCHAR', required: false, description: `database of the ${kind}` },
    { name: 'SCHEMA_NAME', sqlType: 'VARCHAR', required: false, description: `schema of the ${kind}` },
  ];
}

/** Procedure arguments of `commonTail`: the last three of every generator's signature. */
export const COMMON_TAIL_ARGS: ProcedureArg[] = [
  { name: 'COMMENT', sqlType: 'VARCHAR', required: false, description: 'comment' },
  { name: 'OR_REPLACE', sqlType: 'BOOLEAN', required: false, description: 'CREATE OR REPLACE' },
  { name: 'IF_NOT_EXISTS', sqlType: 'BOOLEAN', required: false, description: 'CREATE … IF NOT EXISTS' },
];

interface Ctx {
  addIssue(issue: { code: 'custom'; input: unknown; message: string; path?: (string | number)[] }): void;
}

export function issue(ctx: Ctx, input: unknown, path: (string | number)[], message: string): void {
  ctx.addIssue({ code: 'custom', input, path, message });
}

/** Shared object-level rules: exclusive create modes, and a qualified `name` not also given database_name/schema_name. */
export function checkCreateMode(value: { or_replace?: boolean; if_not_exists?: boolean }, ctx: Ctx): void {
  if (value.or_replace === true && value.if_not_exists === true) {
    issue(
      ctx,
      value,
      ['if_not_exists'],
      'or_replace and if_not_exists cannot both be true: choose OR REPLACE (recreate) or IF NOT EXISTS (keep an existing object)',
    );
  }
}

export function checkQualification(
  value: { name?: string; database_name?: string; schema_name?: string },
  ctx: Ctx,
): void {
  if (value.database_name !== undefined && value.schema_name === undefined) {
    issue(
      ctx,
      value,
      ['schema_name'],
      'schema_name is required when database_name is given (database.schema.name), e.g. "PUBLIC"',
    );
  }
  if (value.name === undefined) return;
  let parts: string[];
  try {
    parts = splitQualifiedName(value.name);
  } catch {
    return; // reported by the field check
  }
  if (parts.length > 1 && (value.database_name !== undefined || value.schema_name !== undefined)) {
    issue(
      ctx,
      value,
      ['name'],
      `name "${value.name}" is already qualified; give either a qualified name or database_name/schema_name, not both`,
    );
  }
}
