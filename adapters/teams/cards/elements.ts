/**
 * The few Adaptive Card element shapes this bot uses, typed loosely enough to build cards as plain objects
 * (the JSON is what Teams reads; botbuilder's CardFactory adds nothing we need).
 */

export type CardElement = Record<string, unknown> & { type: string };

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardElement[];
  refresh?: { action: CardElement; userIds?: string[] };
  msteams?: { width: 'Full' };
  fallbackText?: string;
}

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

export function card(body: CardElement[], extra: Partial<AdaptiveCard> = {}): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: SCHEMA,
    version: '1.5',
    msteams: { width: 'Full' },
    body,
    ...extra,
  };
}

/**
 * TextBlocks and FactSet values render a Markdown subset in Teams, links included
 * (https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format). Card text carries
 * what users, the agent and sample files wrote (assumptions, errors, file names, example values), so a
 * `[Approve here](https://…)` in it would become a disguised link on the approval card. A space between `]` and a
 * following `(`, `[` or `:`, and after a `<` before a letter, breaks inline, reference and angle-bracket links (each
 * needs those characters side by side; a reference needs its `]:` definition) and changes nothing else: `[new]` and
 * `[003001] …` read as before. Visible spaces, not zero-width ones, because cards never carry invisible characters
 * (`procedures/sql/hiddenChars.ts`). Bold, italic and list markers stay as harmless formatting; bare URLs show their
 * own address. No card text of ours is written as a Markdown link.
 */
export function inert(value: string): string {
  return value.replace(/\](?=[([:])/g, '] ').replace(/<(?=[A-Za-z])/g, '< ');
}

export function text(
  value: string,
  opts: {
    weight?: 'Bolder';
    size?: 'Small' | 'Medium' | 'Large';
    color?: 'Good' | 'Warning' | 'Attention' | 'Accent';
    subtle?: boolean;
    spacing?: 'None' | 'Small' | 'Medium';
    monospace?: boolean;
  } = {},
): CardElement {
  return {
    type: 'TextBlock',
    text: inert(value),
    wrap: true,
    ...(opts.weight ? { weight: opts.weight } : {}),
    ...(opts.size ? { size: opts.size } : {}),
    ...(opts.color ? { color: opts.color } : {}),
    ...(opts.subtle ? { isSubtle: true } : {}),
    ...(opts.spacing ? { spacing: opts.spacing } : {}),
    ...(opts.monospace ? { fontType: 'Monospace' } : {}),
  };
}

export function facts(pairs: [string, string][]): CardElement {
  return {
    type: 'FactSet',
    facts: pairs.map(([title, value]) => ({ title: inert(title), value: inert(value) })),
  };
}

/**
 * Code as Teams' CodeBlock (syntax-highlighted, Teams-only), falling back to a monospace TextBlock on hosts
 * that do not know it. Markdown is off in the fallback's content only by convention: TextBlock has no
 * preformatted mode, so the fallback is for reading, the CodeBlock for copying.
 */
export function code(snippet: string, language: 'Sql' | 'Json' | 'PlainText' = 'Sql'): CardElement {
  return {
    type: 'CodeBlock',
    codeSnippet: snippet,
    language,
    startLineNumber: 1,
    fallback: text(snippet, { monospace: true }),
  };
}

export function container(
  items: CardElement[],
  opts: { separator?: boolean; style?: 'emphasis' | 'good' | 'attention' | 'warning' } = {},
): CardElement {
  return {
    type: 'Container',
    items,
    ...(opts.separator ? { separator: true, spacing: 'Medium' } : {}),
    ...(opts.style ? { style: opts.style } : {}),
  };
}

/** Cuts `value` to at most `max` characters, saying how much was left out. */
export function clip(value: string, max: number, what = 'characters'): string {
  if (value.length <= max) return value;
  const omitted = value.length - max;
  return `${value.slice(0, Math.max(0, max))}\n… (${omitted} more ${what} not shown)`;
}

/**
 * Size of the card as Teams counts it: the serialized JSON in UTF-16, two bytes per code unit
 * (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages — message size limits).
 * UTF-8 would undercount by about half for ASCII.
 */
export function cardBytes(c: AdaptiveCard): number {
  return JSON.stringify(c).length * 2;
}
