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
    text: value,
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
  return { type: 'FactSet', facts: pairs.map(([title, value]) => ({ title, value })) };
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
