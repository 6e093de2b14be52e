/**
 * Channel-neutral messages. The core says *what* to show; each adapter renders it (Block Kit, Adaptive Card,
 * HTML). Nothing here knows a platform's limits: adapters split or truncate as their platform requires.
 */
import type { StatementKind } from '../../procedures/names.js';
import type { PipelineStatus } from '../../procedures/tracker/columns.js';

/**
 * How a statement relates to what already exists in the warehouse: `alter` widens an existing integration's
 * allowed locations; `drop` removes an object in a retire plan.
 */
export type StatementChange = 'new' | 'replace' | 'exists' | 'alter' | 'drop';

export interface PlanStatementView {
  kind: StatementKind;
  name: string;
  sql: string;
  change: StatementChange;
  /** True when running it would replace a live object (shown as a warning). */
  unsafe: boolean;
  warnings: string[];
  /** For a table whose columns were read from sample files: where they came from (each column is marked inferred). */
  inferred?: InferredColumns;
  /** Retire plans: the pipeline whose objects this DROP removes. */
  retires?: string;
  /** What the agent guessed for this statement rather than was told, each with how to change it. */
  assumptions?: string[];
}

export interface InferredColumn {
  name: string;
  type: string;
  /** The type the sample values showed (before widening), or `given` when the user fixed the type. */
  observed?: string;
  /** A few values seen in the sample files, as text. */
  examples: string[];
}

export interface InferredColumns {
  /** The sample files the columns were read from. */
  files: string[];
  columns: InferredColumn[];
}

/** One read-only check run after a pipeline succeeded. */
export interface VerificationCheck {
  name: 'list_stage' | 'select_table' | 'notification';
  ok: boolean;
  /** One line: "3 files", "5 rows", "access denied". */
  summary: string;
  /** What to do when it failed (trust steps, notification setup). */
  advice?: string;
  /** A small sample (SELECT … LIMIT 5), for select_table. */
  rows?: Record<string, unknown>[];
}

export interface VerificationView {
  pipelineId: string;
  tableName?: string;
  checkedAt: string;
  ok: boolean;
  checks: VerificationCheck[];
}

export interface PlanView {
  /** Set when this plan is one step of a longer flow, e.g. the access objects before schema inference. */
  note?: string;
  pipelineId: string;
  hash: string;
  status: PipelineStatus;
  requestedBy: string;
  createdAt: string;
  expiresAt: string;
  summary: string;
  dataSourceType: string | null;
  statements: PlanStatementView[];
  /** What the agent assumed instead of asking ("Assumed a header row — say 'no header' to change"), in statement order. */
  assumptions?: string[];
  /** Present once decided: who, when, and why (for rejections). */
  decision?: { verb: 'approved' | 'rejected' | 'expired'; by?: string; at: string; reason?: string };
}

export interface StepView {
  index: number;
  kind: StatementKind;
  name: string;
  ok: boolean;
  skipped?: boolean;
  ms?: number;
  error?: { code?: string; message: string };
}

export interface CompensationView {
  /** `drop`: an object this run created was dropped; `restore`: an altered integration's list was put back. */
  action?: 'drop' | 'restore';
  kind: StatementKind;
  name: string;
  ok: boolean;
  error?: string;
}

/** What the cloud side must do so Snowflake can read the files (from DESC INTEGRATION). */
export type TrustSteps =
  | { provider: 'S3'; iamUserArn: string; externalId: string; policyJson: string; local: boolean }
  | { provider: 'GCS'; serviceAccount: string; local: boolean }
  | { provider: 'AZURE'; consentUrl: string; appName: string; local: boolean };

export interface ResultView {
  pipelineId: string;
  status: 'SUCCESS' | 'FAILED';
  approvedBy: string;
  steps: StepView[];
  compensation: CompensationView[];
  message: string;
  tableName?: string;
  querySql?: string;
  trust?: TrustSteps;
  /** Retire plans: the pipeline whose objects were dropped. */
  retired?: string;
}

export type BotMessage =
  | { kind: 'text'; text: string }
  /** The agent is working, or statements are running; adapters update it in place. */
  | { kind: 'progress'; title: string; lines: string[] }
  | { kind: 'plan'; plan: PlanView /** whether to show Approve/Reject */; actionable: boolean }
  | { kind: 'result'; result: ResultView }
  /** Read-only checks after SUCCESS; `actionable` shows a "Check again" button. */
  | { kind: 'verification'; verification: VerificationView; actionable: boolean }
  | { kind: 'error'; title: string; text: string; next?: string };

/** Plain text of any message: the fallback every platform needs (notifications, screen readers, CLI). */
export function fallbackText(message: BotMessage): string {
  switch (message.kind) {
    case 'text':
      return message.text;
    case 'progress':
      return [message.title, ...message.lines].join('\n');
    case 'plan': {
      const p = message.plan;
      const head = `Pipeline ${p.pipelineId} (${p.status}) — ${p.summary}`;
      const lines = p.statements.map(
        (s) =>
          `• ${s.kind} ${s.name} [${changeLabel(s.change)}]${s.inferred ? ` — columns inferred from ${s.inferred.files.length} sample file(s): ${s.inferred.columns.map((c) => `${c.name} ${c.type} (${inferredNote(c)})`).join(', ')}` : ''}`,
      );
      if (p.note) lines.unshift(p.note);
      for (const a of p.assumptions ?? []) lines.push(`Assumed: ${a.replace(/^Assumed\s+/i, '')}`);
      const tail = p.decision
        ? `${capitalize(p.decision.verb)}${p.decision.by ? ` by ${p.decision.by}` : ''}${p.decision.reason ? `: ${p.decision.reason}` : ''}`
        : `Requested by ${p.requestedBy}; approve before ${p.expiresAt}.`;
      return [head, ...lines, tail].join('\n');
    }
    case 'result': {
      const r = message.result;
      const lines = r.steps.map(
        (s) =>
          `${s.skipped ? '–' : s.ok ? '✓' : '✗'} ${s.kind} ${s.name}${s.ms !== undefined ? ` (${s.ms} ms)` : ''}${s.error ? `: ${s.error.message}` : ''}`,
      );
      const comp = r.compensation.map(
        (c) =>
          `↩ ${c.action === 'restore' ? 'restored the allowed locations of' : 'dropped'} ${c.kind} ${c.name}${c.ok ? '' : ` (failed: ${c.error})`}`,
      );
      return [
        `Pipeline ${r.pipelineId}: ${r.status}. ${r.message}`,
        ...lines,
        ...comp,
        r.querySql ? `Query it: ${r.querySql}` : '',
      ]
        .filter(Boolean)
        .join('\n');
    }
    case 'verification': {
      const v = message.verification;
      const head = `Checks for pipeline ${v.pipelineId}${v.tableName ? ` (${v.tableName})` : ''}: ${v.ok ? 'all passed' : 'something needs attention'}`;
      const lines = v.checks.map(
        (c) => `${c.ok ? '✓' : '✗'} ${checkLabel(c.name)}: ${c.summary}${c.advice ? ` — ${c.advice}` : ''}`,
      );
      return [head, ...lines].join('\n');
    }
    case 'error':
      return `${message.title}: ${message.text}${message.next ? `\n${message.next}` : ''}`;
  }
}

/** `inferred`, `inferred; samples showed NUMBER(1,0)` (widened), or `as you asked` for a type the user fixed. */
export function inferredNote(c: InferredColumn): string {
  if (c.observed === 'given') return 'as you asked';
  if (c.observed && c.observed !== c.type) return `inferred; samples showed ${c.observed}`;
  return 'inferred';
}

export function checkLabel(name: VerificationCheck['name']): string {
  return name === 'list_stage'
    ? 'files in the stage'
    : name === 'select_table'
      ? 'rows in the table'
      : 'auto-refresh notifications';
}

export function changeLabel(change: StatementChange): string {
  switch (change) {
    case 'new':
      return 'new';
    case 'replace':
      return 'replaces existing';
    case 'alter':
      return 'extends existing';
    case 'drop':
      return 'drops';
    default:
      return 'exists identical (skipped)';
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
