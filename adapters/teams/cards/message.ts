/**
 * Any `BotMessage` as a Teams activity: plans, results, progress and errors as Adaptive Cards (so progress can
 * become the result card in place), plain text as a markdown message. Every activity keeps a text summary
 * for notifications and screen readers.
 */
import type { Activity } from 'botbuilder';
import { type BotMessage, fallbackText } from '../../../bot/core/messages.js';
import { revealHiddenDeep } from '../../../procedures/sql/hiddenChars.js';
import {
  type AdaptiveCard,
  CARD_CONTENT_TYPE,
  type CardElement,
  card,
  clip,
  inert,
  text,
} from './elements.js';
import { type PlanCardOptions, planCard } from './planCard.js';
import { resultCard } from './result.js';
import { verificationCard } from './verification.js';

/** Teams rejects bot messages above about 100 KB; text is cut well before that. */
const TEXT_LIMIT = 20_000;
const SUMMARY_LIMIT = 1_000;

export interface RenderOptions {
  nameOf?: (principal: string) => string;
  /** For plan messages: who should get a per-user view (MRIs). */
  refreshUserIds?: readonly string[];
}

function renderCard(message: BotMessage, opts: RenderOptions = {}): AdaptiveCard | null {
  switch (message.kind) {
    case 'text':
      return null;
    case 'plan': {
      const o: PlanCardOptions = {
        actionable: message.actionable,
        nameOf: opts.nameOf,
        refreshUserIds: opts.refreshUserIds,
      };
      return planCard(message.plan, o);
    }
    case 'result':
      return resultCard(message.result, opts.nameOf);
    case 'verification':
      return verificationCard(message.verification, message.actionable);
    case 'progress':
      return card([
        text(`⏳ ${message.title}`, { weight: 'Bolder' }),
        ...message.lines.map((l): CardElement => text(clip(l, 500), { spacing: 'None', subtle: true })),
      ]);
    case 'error':
      return card([
        text(`⚠ ${message.title}`, { weight: 'Bolder', color: 'Attention' }),
        text(clip(message.text, 8_000)),
        ...(message.next ? [text(clip(message.next, 2_000), { subtle: true })] : []),
      ]);
  }
}

export function renderActivity(shown: BotMessage, opts: RenderOptions = {}): Partial<Activity> {
  // Invisible characters (bidi overrides, zero-width, controls) are shown as [U+XXXX], never rendered.
  const message = revealHiddenDeep(shown);
  const summary = fallbackText(message);
  const c = renderCard(message, opts);
  if (!c) return { type: 'message', text: markdownText(clip(summary, TEXT_LIMIT)), textFormat: 'markdown' };
  return {
    type: 'message',
    // Teams shows `text` above a card; the summary goes to `summary` (notifications) instead.
    summary: clip(summary, SUMMARY_LIMIT),
    attachments: [{ contentType: CARD_CONTENT_TYPE, content: c }],
  };
}

/**
 * Teams markdown joins single newlines; a blank line keeps the agent's line structure. The agent's prose repeats
 * what users wrote, so it forms no links either (`inert`, as on cards): a link shows its address.
 */
function markdownText(s: string): string {
  return inert(s).replace(/\r?\n/g, '\n\n');
}
