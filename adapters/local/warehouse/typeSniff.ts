/**
 * Snowflake-style type detection for INFER_SCHEMA over text values (CSV fields, JSON strings and numbers):
 * numbers get the smallest NUMBER(p, s) that holds every value seen (what Snowflake reports, e.g. `NUMBER(4, 0)`
 * for 1001), exponent notation is REAL, ISO dates DATE, every timestamp variant TIMESTAMP_NTZ (Snowflake drops
 * the zone here too), true/false BOOLEAN, anything else TEXT. JSON objects and arrays are OBJECT / ARRAY, and
 * values of different JSON kinds in one field make it VARIANT.
 */
export type Sniffed =
  | { kind: 'NUMBER'; int: number; scale: number }
  | {
      kind: 'REAL' | 'TEXT' | 'BOOLEAN' | 'DATE' | 'TIME' | 'TIMESTAMP_NTZ' | 'OBJECT' | 'ARRAY' | 'VARIANT';
    };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}:\d{2}(\.\d{1,9})?$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

function validDate(s: string): boolean {
  const d = new Date(`${s.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s.slice(0, 10);
}

/** The type of one non-null text value. */
export function sniffText(raw: string): Sniffed {
  const s = raw.trim();
  const num = /^[-+]?(\d*)(?:\.(\d*))?$/.exec(s);
  if (num && /\d/.test(s)) {
    const int = (num[1] ?? '').replace(/^0+(?=\d)/, '');
    const frac = num[2] ?? '';
    return { kind: 'NUMBER', int: Math.max(int === '0' ? 1 : int.length, 1), scale: frac.length };
  }
  if (/^[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+$/.test(s)) return { kind: 'REAL' };
  if (/^(true|false)$/i.test(s)) return { kind: 'BOOLEAN' };
  if (DATE.test(s) && validDate(s)) return { kind: 'DATE' };
  if (TIMESTAMP.test(s) && validDate(s)) return { kind: 'TIMESTAMP_NTZ' };
  if (TIME.test(s)) return { kind: 'TIME' };
  return { kind: 'TEXT' };
}

const TEMPORAL = new Set(['DATE', 'TIMESTAMP_NTZ']);

/**
 * Widens two detections. `fromText` (CSV): disagreeing kinds fall back to TEXT, since every field is text.
 * JSON: disagreeing scalar string kinds are TEXT, anything else mixed is VARIANT.
 */
export function mergeSniffed(a: Sniffed | null, b: Sniffed | null, fromText: boolean): Sniffed | null {
  if (a === null) return b;
  if (b === null) return a;
  if (a.kind === 'NUMBER' && b.kind === 'NUMBER') {
    return { kind: 'NUMBER', int: Math.max(a.int, b.int), scale: Math.max(a.scale, b.scale) };
  }
  if (a.kind === b.kind) return a;
  const pair = new Set([a.kind, b.kind]);
  if (pair.has('NUMBER') && pair.has('REAL')) return { kind: 'REAL' };
  if ([...pair].every((k) => TEMPORAL.has(k))) return { kind: 'TIMESTAMP_NTZ' };
  if (fromText) return { kind: 'TEXT' };
  const stringKinds = new Set(['TEXT', 'DATE', 'TIME', 'TIMESTAMP_NTZ']);
  if ([...pair].every((k) => stringKinds.has(k))) return { kind: 'TEXT' };
  return { kind: 'VARIANT' };
}

/** Snowflake's spelling in INFER_SCHEMA's TYPE column: `NUMBER(5, 2)`, `TEXT`, … */
export function renderSniffed(t: Sniffed | null, fallback: 'TEXT' | 'VARIANT'): string {
  if (t === null) return fallback;
  if (t.kind === 'NUMBER') {
    const scale = Math.min(t.scale, 37);
    const precision = Math.min(t.int + scale, 38);
    return `NUMBER(${precision}, ${scale})`;
  }
  return t.kind;
}

const NUMBER_MARK = '\u0000dea-number';

/**
 * JSON.parse that keeps each number's source text (so 250.00 still says scale 2): numbers outside strings are
 * wrapped in a marker object before parsing.
 */
export function parseJsonKeepingNumbers(text: string): unknown {
  const marked = text.replace(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g, (m) =>
    m.startsWith('"') ? m : `{"\\u0000dea-number":"${m}"}`,
  );
  return JSON.parse(marked);
}

function numberText(v: unknown): string | undefined {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const text = (v as Record<string, unknown>)[NUMBER_MARK];
    if (typeof text === 'string') return text;
  }
  return undefined;
}

/** The type of one JSON value parsed by parseJsonKeepingNumbers; null for JSON null. */
export function sniffJson(v: unknown): Sniffed | null {
  if (v === null || v === undefined) return null;
  const n = numberText(v);
  if (n !== undefined) return sniffText(n);
  if (typeof v === 'boolean') return { kind: 'BOOLEAN' };
  if (typeof v === 'string') {
    const t = sniffText(v);
    // A JSON string holding digits is still a string in Snowflake's JSON inference.
    return t.kind === 'NUMBER' || t.kind === 'REAL' || t.kind === 'BOOLEAN' ? { kind: 'TEXT' } : t;
  }
  if (Array.isArray(v)) return { kind: 'ARRAY' };
  return { kind: 'OBJECT' };
}
