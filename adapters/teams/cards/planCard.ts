/**
 * The plan card: what will run (each statement as SQL), what it changes, who asked, until when it can be
 * approved — and, for someone allowed to decide, Approve / Reject as Universal Actions (`Action.Execute`).
 *
 * The same card carries `refresh` (verb `refresh`) so Teams asks the bot for each listed user's own view:
 * approvers get the buttons, everyone else a read-only card. Buttons only point at a plan (`pipelineId`,
 * `hash`); the core re-checks everything on a click.
 */
import type { InferredColumns, PlanStatementView, PlanView } from '../../../bot/core/messages.js';
import { changeLabel, inferredNote } from '../../../bot/core/messages.js';
import {
  type AdaptiveCard,
  type CardElement,
  card,
  cardBytes,
  clip,
  code,
  container,
  facts,
  text,
} from './elements.js';

export const VERB_APPROVE = 'approve';
export const VERB_REJECT = 'reject';
export const VERB_REFRESH = 'refresh';
export const REASON_INPUT = 'reason';
/** Teams refreshes user-specific views for at most 60 listed users. */
const MAX_REFRESH_USERS = 60;
/**
 * Characters of SQL across all statements. Each statement appears twice (CodeBlock and its fallback), so
 * this keeps a plan card well under the 28 KB that some Teams surfaces (connectors, older clients) accept,
 * although bot messages may reach about 100 KB.
 */
export const SQL_BUDGET = 9_000;
/**
 * The card's own target, measured in UTF-16 (cardBytes): bot messages may reach about 100 KB (80 KB recommended),
 * but 28 KB keeps the card readable and within what every Teams surface accepts. When a plan does not fit, the SQL
 * and the inferred columns are shortened and the card points to the full script.
 */
export const CARD_SIZE_LIMIT = 28 * 1024;

export interface Notice {
  text: string;
  tone: 'info' | 'warning' | 'error';
}

export interface PlanCardOptions {
  /** Show Approve / Reject and the optional reason field. */
  actionable: boolean;
  /** A line for this viewer only: why they cannot decide, or what became of their click. */
  notice?: Notice;
  /** MRIs (`29:…`) of users whose client should fetch their own view. */
  refreshUserIds?: readonly string[];
  /** Display name for a principal (`teams:<aad id>`); defaults to the principal itself. */
  nameOf?: (principal: string) => string;
}

export interface DecisionData {
  pipelineId: string;
  hash: string;
}

const HEADLINE: Record<PlanView['status'], string> = {
  PROPOSED: 'waiting for approval',
  EXECUTING: 'approved, running',
  SUCCESS: 'approved, created',
  FAILED: 'approved, failed',
  REJECTED: 'rejected',
  EXPIRED: 'no longer open',
  RETIRED: 'created, since retired',
};

export function planCard(plan: PlanView, opts: PlanCardOptions): AdaptiveCard {
  let sqlBudget = SQL_BUDGET;
  let columns: number = INFERRED_LIMITS.columns;
  let built = buildPlanCard(plan, opts, sqlBudget, columns);
  // Shrink what can be shortened until the card fits; the header, facts and buttons always stay.
  for (let i = 0; i < 12 && cardBytes(built) > CARD_SIZE_LIMIT; i++) {
    sqlBudget = Math.floor(sqlBudget * 0.7);
    columns = Math.floor(columns * 0.7);
    built = buildPlanCard(plan, opts, sqlBudget, columns);
  }
  return built;
}

function buildPlanCard(
  plan: PlanView,
  opts: PlanCardOptions,
  sqlBudget: number,
  inferredColumns: number,
): AdaptiveCard {
  const name = opts.nameOf ?? ((p: string) => p);
  const body: CardElement[] = [
    text(`Pipeline ${plan.pipelineId} — ${HEADLINE[plan.status] ?? plan.status}`, {
      weight: 'Bolder',
      size: 'Medium',
    }),
    ...(plan.note ? [text(`ℹ ${clip(plan.note, 1_000)}`, { color: 'Accent', spacing: 'Small' })] : []),
    ...(plan.assumptions?.length
      ? [
          text(
            `Assumed (say so to change):\n${plan.assumptions.map((a) => `- ${clip(a, 500)}`).join('\n')}`,
            {
              color: 'Warning',
              spacing: 'Small',
            },
          ),
        ]
      : []),
    text(plan.summary, { spacing: 'Small' }),
    facts([
      ['Requested by', name(plan.requestedBy)],
      ...(plan.dataSourceType ? ([['Source', plan.dataSourceType]] as [string, string][]) : []),
      ['Created', plan.createdAt],
      ...(plan.status === 'PROPOSED' && plan.expiresAt
        ? ([['Approve before', plan.expiresAt]] as [string, string][])
        : []),
      ['Plan hash', plan.hash.slice(0, 12)],
    ]),
  ];
  const budgets = shareBudget(
    plan.statements.map((s) => s.sql.length),
    sqlBudget,
  );
  plan.statements.forEach((s, i) => {
    body.push(statementBlock(s, i, budgets[i] ?? 0, inferredColumns));
  });
  if (plan.statements.some((s, i) => s.sql.length > (budgets[i] ?? 0)))
    body.push(
      text(
        `The full script is too long for one Teams message. Read it on the dashboard's page of ${plan.pipelineId}, or with \`dea tracker show ${plan.pipelineId}\`.`,
        { subtle: true, spacing: 'Small' },
      ),
    );
  if (plan.decision) body.push(decisionBlock(plan.decision, name));
  if (opts.notice) body.push(noticeBlock(opts.notice));

  const data: DecisionData = { pipelineId: plan.pipelineId, hash: plan.hash };
  const extra: Partial<AdaptiveCard> = {
    fallbackText: `Pipeline ${plan.pipelineId}: ${HEADLINE[plan.status]}`,
  };
  if (plan.status === 'PROPOSED' || plan.status === 'EXECUTING') {
    const userIds = [...new Set(opts.refreshUserIds ?? [])].slice(0, MAX_REFRESH_USERS);
    extra.refresh = {
      action: { type: 'Action.Execute', title: 'Refresh', verb: VERB_REFRESH, data },
      ...(userIds.length ? { userIds } : {}),
    };
  }
  if (opts.actionable && plan.status === 'PROPOSED') {
    body.push({
      type: 'Input.Text',
      id: REASON_INPUT,
      label: 'Reason (optional, kept with a rejection)',
      placeholder: 'e.g. use the curated bucket instead',
      maxLength: 500,
      isMultiline: false,
    });
    extra.actions = [
      { type: 'Action.Execute', title: 'Approve', verb: VERB_APPROVE, style: 'positive', data },
      { type: 'Action.Execute', title: 'Reject', verb: VERB_REJECT, style: 'destructive', data },
    ];
  }
  return card(body, extra);
}

function statementBlock(
  s: PlanStatementView,
  index: number,
  budget: number,
  inferredColumns: number,
): CardElement {
  const tag = changeLabel(s.change);
  const items: CardElement[] = [
    text(`${index + 1}. ${kindLabel(s.kind)} ${s.name}`, { weight: 'Bolder' }),
    text(
      `[${tag}]${s.change === 'drop' ? ' — removes a live object' : s.unsafe ? ' — replaces a live object' : ''}`,
      {
        spacing: 'None',
        color:
          s.change === 'replace' || s.change === 'drop'
            ? 'Warning'
            : s.change === 'new' || s.change === 'alter'
              ? 'Good'
              : undefined,
        subtle: s.change === 'exists',
      },
    ),
    ...(s.inferred ? inferredBlock(s.inferred, inferredColumns) : []),
    code(clip(s.sql, budget)),
  ];
  for (const w of s.warnings) items.push(text(`⚠ ${w}`, { color: 'Warning', spacing: 'Small' }));
  return container(items, { separator: true });
}

/** Keeps a card with a very wide inferred table within the message size; the SQL lists every column. */
export const INFERRED_LIMITS = { files: 5, columns: 60, examples: 3, example: 40 } as const;

/** Each inferred column marked "(inferred)" with a few sample values, and the sample files they came from. */
function inferredBlock(inf: InferredColumns, maxColumns: number = INFERRED_LIMITS.columns): CardElement[] {
  const files = inf.files.slice(0, INFERRED_LIMITS.files).join(', ');
  const moreFiles =
    inf.files.length > INFERRED_LIMITS.files ? ` and ${inf.files.length - INFERRED_LIMITS.files} more` : '';
  const out: CardElement[] = [
    text(`Columns inferred from ${inf.files.length} sample file(s): ${files}${moreFiles}`, {
      weight: 'Bolder',
      spacing: 'Small',
    }),
    facts(
      inf.columns.slice(0, maxColumns).map((c): [string, string] => {
        const ex = c.examples
          .slice(0, INFERRED_LIMITS.examples)
          .map((e) =>
            e.length > INFERRED_LIMITS.example ? `${e.slice(0, INFERRED_LIMITS.example - 1)}…` : e,
          );
        return [
          `${c.name} ${c.type} (${inferredNote(c)})`,
          ex.length ? `e.g. ${ex.join(', ')}` : '(no sample values)',
        ];
      }),
    ),
  ];
  if (inf.columns.length > maxColumns)
    out.push(
      text(`…and ${inf.columns.length - maxColumns} more inferred column(s), all in the SQL below.`, {
        subtle: true,
        spacing: 'Small',
      }),
    );
  return out;
}

function decisionBlock(d: NonNullable<PlanView['decision']>, name: (p: string) => string): CardElement {
  const by = d.by ? ` by ${name(d.by)}` : '';
  const line =
    d.verb === 'approved'
      ? `✅ Approved${by} at ${d.at}`
      : d.verb === 'rejected'
        ? `⛔ Rejected${by} at ${d.at}${d.reason ? `: ${d.reason}` : ''}`
        : `⌛ Closed at ${d.at}${d.reason ? `: ${d.reason}` : ''}`;
  return container([text(line, { weight: 'Bolder', color: d.verb === 'approved' ? 'Good' : 'Attention' })], {
    separator: true,
  });
}

function noticeBlock(n: Notice): CardElement {
  return container(
    [
      text(n.text, {
        color: n.tone === 'info' ? 'Accent' : n.tone === 'warning' ? 'Warning' : 'Attention',
        weight: 'Bolder',
      }),
    ],
    {
      separator: true,
      style: n.tone === 'error' ? 'attention' : n.tone === 'warning' ? 'warning' : 'emphasis',
    },
  );
}

export function kindLabel(kind: string): string {
  const words = kind.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Splits `total` among items of the given sizes so short ones are shown whole and the long ones share what
 * is left equally (max–min fairness).
 */
export function shareBudget(sizes: readonly number[], total: number): number[] {
  const out = new Array<number>(sizes.length).fill(0);
  const order = sizes.map((size, i) => ({ size, i })).sort((a, b) => a.size - b.size);
  let left = total;
  order.forEach(({ size, i }, k) => {
    const fair = Math.floor(left / (order.length - k));
    const given = Math.min(size, fair);
    out[i] = given;
    left -= given;
  });
  return out;
}
