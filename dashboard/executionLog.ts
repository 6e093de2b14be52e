/**
 * DDL_STATEMENTS and EXECUTION_LOG read leniently: the page shows whatever a row holds, even rows written by an
 * older version or by hand, and never fails on a field it does not expect.
 */
import type { PipelineRow } from '../bot/core/api.js';

export interface StatementEntry {
  index: number;
  kind: string;
  name: string;
  sql: string;
  change: string;
  warnings: string[];
}

export interface LogError {
  code: string;
  state: string;
  message: string;
}

export interface StepEntry {
  type: 'step';
  index: number;
  kind: string;
  name: string;
  sql: string;
  startedAt: string | null;
  ms: number | null;
  ok: boolean;
  skipped: boolean;
  existed: boolean | null;
  error: LogError | null;
  queryId: string | null;
}

export interface DropEntry {
  type: 'drop';
  /** `restore`: an altered integration's allowed locations were put back instead of an object dropped. */
  restore?: boolean;
  kind: string;
  name: string;
  sql: string;
  ok: boolean;
  error: LogError | null;
}

export interface RefusalEntry {
  type: 'refuse';
  reason: string;
  message: string;
}

export interface UnknownEntry {
  type: 'other';
  json: string;
}

export type LogEntry = StepEntry | DropEntry | RefusalEntry | UnknownEntry;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, fallback = ''): string =>
  typeof v === 'string' ? v : v === null || v === undefined ? fallback : String(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      return Array.isArray(parsed) ? parsed : [];
    } catch {
      return [];
    }
  }
  return [];
}

function logError(v: unknown): LogError | null {
  if (!isObj(v)) return typeof v === 'string' && v ? { code: '', state: '', message: v } : null;
  return { code: str(v.code), state: str(v.state), message: str(v.message, 'unknown error') };
}

export function statementsOf(row: PipelineRow): StatementEntry[] {
  return asArray(row.DDL_STATEMENTS).flatMap((s, index) =>
    isObj(s)
      ? [
          {
            index,
            kind: str(s.kind, 'UNKNOWN'),
            name: str(s.name, '(unnamed)'),
            sql: str(s.sql),
            change: str(s.change, 'new'),
            warnings: Array.isArray(s.warnings) ? s.warnings.map((w) => str(w)) : [],
          },
        ]
      : [],
  );
}

export function logOf(row: PipelineRow): LogEntry[] {
  return asArray(row.EXECUTION_LOG).map((e): LogEntry => {
    if (!isObj(e)) return { type: 'other', json: JSON.stringify(e) };
    if (e.action === 'drop' || e.action === 'restore')
      return {
        type: 'drop',
        ...(e.action === 'restore' ? { restore: true } : {}),
        kind: str(e.kind),
        name: str(e.name),
        sql: str(e.sql),
        ok: e.ok === true,
        error: logError(e.error),
      };
    if (e.action === 'refuse') return { type: 'refuse', reason: str(e.reason), message: str(e.message) };
    if (typeof e.index === 'number' || 'sql' in e)
      return {
        type: 'step',
        index: num(e.index) ?? -1,
        kind: str(e.kind),
        name: str(e.name),
        sql: str(e.sql),
        startedAt: typeof e.started_at === 'string' ? e.started_at : null,
        ms: num(e.ms),
        ok: e.ok === true,
        skipped: e.skipped === true,
        existed: typeof e.existed === 'boolean' ? e.existed : null,
        error: logError(e.error),
        queryId: typeof e.query_id === 'string' ? e.query_id : null,
      };
    return { type: 'other', json: JSON.stringify(e) };
  });
}

/** Values the integration statement itself carries (the cloud-side values come from DESC INTEGRATION). */
export function integrationFacts(sql: string): { label: string; value: string }[] {
  const facts: { label: string; value: string }[] = [];
  const grab = (label: string, re: RegExp) => {
    const m = re.exec(sql);
    if (m?.[1]) facts.push({ label, value: m[1].replace(/''/g, "'") });
  };
  grab('Storage provider', /STORAGE_PROVIDER\s*=\s*'((?:[^']|'')*)'/i);
  grab('AWS role Snowflake assumes', /STORAGE_AWS_ROLE_ARN\s*=\s*'((?:[^']|'')*)'/i);
  grab('Azure tenant id', /AZURE_TENANT_ID\s*=\s*'((?:[^']|'')*)'/i);
  grab('Allowed locations', /STORAGE_ALLOWED_LOCATIONS\s*=\s*\(([^)]*)\)/i);
  return facts;
}
