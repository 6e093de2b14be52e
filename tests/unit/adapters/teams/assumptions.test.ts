/** The Teams plan card shows what the agent assumed instead of asking (issue 21). */
import { describe, expect, it } from 'vitest';
import { cardBytes } from '../../../../adapters/teams/cards/elements.js';
import { planCard } from '../../../../adapters/teams/cards/planCard.js';
import type { PlanView } from '../../../../bot/core/messages.js';
import { planView } from '../../../fixtures/planView.js';

const plan = (extra: Partial<PlanView> = {}): PlanView => planView({ requestedBy: 'teams:alice', ...extra });

// biome-ignore lint/suspicious/noExplicitAny: walking card JSON
const textBlocks = (card: any): string[] =>
  // biome-ignore lint/suspicious/noExplicitAny: walking card JSON
  (card.body as any[]).filter((e) => e.type === 'TextBlock').map((e) => e.text as string);

describe('Teams plan card: stated assumptions', () => {
  it('lists the assumptions in one warning-coloured block before the summary', () => {
    const card = planCard(
      plan({
        assumptions: [
          'Assumed a header row (the first line is skipped) — say "no header" to change.',
          'Assumed comma-separated fields — say e.g. "pipe-delimited" to change.',
        ],
      }),
      { actionable: true },
    );
    const texts = textBlocks(card);
    const i = texts.findIndex((t) => t.startsWith('Assumed (say so to change):'));
    expect(texts[i]).toBe(
      'Assumed (say so to change):\n- Assumed a header row (the first line is skipped) — say "no header" to change.\n- Assumed comma-separated fields — say e.g. "pipe-delimited" to change.',
    );
    expect(i).toBeLessThan(texts.indexOf('4 statements to run'));
    // biome-ignore lint/suspicious/noExplicitAny: walking card JSON
    expect((card.body as any[]).find((e) => e.text === texts[i]).color).toBe('Warning');
  });

  it('has no assumptions block when nothing was assumed, and long ones are clipped', () => {
    expect(textBlocks(planCard(plan(), { actionable: false })).some((t) => t.includes('Assumed'))).toBe(
      false,
    );
    const long = planCard(plan({ assumptions: ['x'.repeat(5_000)] }), { actionable: false });
    expect(cardBytes(long)).toBeLessThan(28_000);
  });
});
