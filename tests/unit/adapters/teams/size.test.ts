/**
 * Teams card size on the large plans (200 and 1,000 columns, 200 inferred columns), measured as Teams counts a
 * message: the serialized JSON in UTF-16. Before this check the 200-inferred-column card was about 58 KB in
 * UTF-16 (29 KB in UTF-8).
 */
import { describe, expect, it } from 'vitest';
import { cardBytes } from '../../../../adapters/teams/cards/elements.js';
import { renderActivity } from '../../../../adapters/teams/cards/message.js';
import { CARD_SIZE_LIMIT, planCard } from '../../../../adapters/teams/cards/planCard.js';
import { LARGE_PLANS, largePlan } from '../../../fixtures/largePlans.js';

const refreshUserIds = Array.from({ length: 60 }, (_, i) => `29:${'x'.repeat(40)}${i}`);

// biome-ignore lint/suspicious/noExplicitAny: card JSON
function all(node: any, type: string, out: any[] = []): any[] {
  if (Array.isArray(node)) for (const n of node) all(n, type, out);
  else if (node && typeof node === 'object') {
    if (node.type === type) out.push(node);
    for (const [k, v] of Object.entries(node)) if (k !== 'fallback') all(v, type, out);
  }
  return out;
}

describe('Teams plan card size (UTF-16)', () => {
  it('measures in UTF-16: two bytes per code unit, whatever UTF-8 says', () => {
    const c = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: 'Zürich' }],
    } as const;
    expect(cardBytes(c as never)).toBe(JSON.stringify(c).length * 2);
    expect(cardBytes(c as never)).toBeGreaterThan(Buffer.byteLength(JSON.stringify(c), 'utf8'));
  });

  for (const [name, make] of Object.entries(LARGE_PLANS)) {
    it(`${name}: the card and its activity stay within 28 KB and point to the full script`, () => {
      const plan = make();
      const c = planCard(plan, { actionable: true, refreshUserIds });
      expect(cardBytes(c)).toBeLessThanOrEqual(CARD_SIZE_LIMIT);
      const activity = renderActivity({ kind: 'plan', plan, actionable: true });
      expect(JSON.stringify(activity).length * 2).toBeLessThanOrEqual(CARD_SIZE_LIMIT + 4_096);
      const texts = all(c.body, 'TextBlock').map((t) => String(t.text));
      expect(texts.some((t) => t.includes(`dea tracker show ${plan.pipelineId}`))).toBe(true);
      // The first statements are shown whole; the buttons survive.
      const code = all(c.body, 'CodeBlock');
      expect(code[0].codeSnippet).toBe(plan.statements[0]!.sql);
      expect(code[1].codeSnippet).toBe(plan.statements[1]!.sql);
      expect(c.actions?.map((a) => a.title)).toEqual(['Approve', 'Reject']);
    });
  }

  it('a small plan is whole and has no pointer to the full script', () => {
    const c = planCard(largePlan(10), { actionable: true });
    const texts = all(c.body, 'TextBlock').map((t) => String(t.text));
    expect(texts.some((t) => t.includes('dea tracker show'))).toBe(false);
    expect(all(c.body, 'CodeBlock')[3].codeSnippet).toContain('CUSTOMER_ATTRIBUTE_0010');
  });
});
