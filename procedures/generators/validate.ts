/**
 * Turns unknown input into a validated value or an InputError whose issues name the field (dotted path) and say
 * what to change. Accepts what a Snowflake procedure hands over: upper-case argument names and NULL for
 * arguments left out.
 */
import * as z from 'zod/mini';
import { InputError, type InputIssue } from '../result.js';
import { IdentifierError } from '../sql/identifiers.js';
import { LiteralError } from '../sql/literals.js';

type AnySchema = z.ZodMiniType;

interface Def {
  type?: string;
  shape?: Record<string, AnySchema>;
  innerType?: AnySchema;
  element?: AnySchema;
  options?: AnySchema[];
}

function defOf(schema: AnySchema | undefined): Def | undefined {
  return (schema as unknown as { _zod?: { def?: Def } } | undefined)?._zod?.def;
}

function unwrap(schema: AnySchema | undefined): AnySchema | undefined {
  let s = schema;
  for (
    let d = defOf(s);
    d && (d.type === 'optional' || d.type === 'nullable' || d.type === 'default');
    d = defOf(s)
  ) {
    s = d.innerType;
  }
  return s;
}

/** The object schema found at `path` inside `root`, to list the fields it accepts. */
function shapeAt(root: AnySchema, path: readonly PropertyKey[]): string[] | undefined {
  let s = unwrap(root);
  for (const key of path) {
    const d = defOf(s);
    if (!d) return undefined;
    if (d.type === 'array') s = unwrap(d.element);
    else if (d.type === 'object' && typeof key === 'string') s = unwrap(d.shape?.[key]);
    else return undefined;
  }
  const shape = defOf(s)?.shape;
  return shape ? Object.keys(shape) : undefined;
}

function dotted(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** Top-level keys lower-cased when they are the upper-case argument form; nulls dropped at every object level. */
function normalizeInput(input: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const known = new Set(fields);
  const dropNulls = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(dropNulls);
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = dropNulls(v);
      return out;
    }
    return value;
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === null || value === undefined) continue;
    const lower = key.toLowerCase();
    const name = !known.has(key) && known.has(lower) ? lower : key;
    out[name] = dropNulls(value);
  }
  return out;
}

function describeIssue(root: AnySchema, issue: z.core.$ZodIssue): InputIssue[] {
  const path = dotted(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const allowed = shapeAt(root, issue.path);
    const where = path === '' ? '' : ` in ${path}`;
    return issue.keys.map((key) => ({
      path: path === '' ? key : `${path}.${key}`,
      message: `unknown field "${key}"${where}${allowed ? `; allowed fields: ${allowed.join(', ')}` : ''}`,
    }));
  }
  if (issue.message && issue.message !== 'Invalid input') return [{ path, message: issue.message }];
  if (issue.code === 'invalid_type') {
    return [
      {
        path,
        message: `${path || 'input'} must be ${issue.expected === 'object' ? 'a JSON object' : `of type ${issue.expected}`}`,
      },
    ];
  }
  return [{ path, message: `${path || 'input'} is not valid` }];
}

export function validate<S extends AnySchema>(schema: S, input: unknown, what: string): z.infer<S> {
  const fields = shapeAt(schema, []) ?? [];
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new InputError(`${what}: input must be a JSON object`, [
      {
        path: '',
        message: `input must be a JSON object with fields such as ${fields.slice(0, 4).join(', ')}`,
      },
    ]);
  }
  const result = z.safeParse(schema, normalizeInput(input as Record<string, unknown>, fields));
  if (result.success) return result.data;
  const issues = result.error.issues.flatMap((i) => describeIssue(schema, i));
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  throw new InputError(`${what}: invalid input — ${summary}`, issues);
}

/**
 * Runs the emitting part of a generator. Validation already ran the identifier and literal checks, so an
 * IdentifierError or LiteralError here still means bad input, never a crash: report it as one.
 */
export function emitting<T>(what: string, emit: () => T): T {
  try {
    return emit();
  } catch (err) {
    if (err instanceof IdentifierError || err instanceof LiteralError) {
      throw new InputError(`${what}: ${err.message}`, [{ path: '', message: err.message }]);
    }
    throw err;
  }
}
