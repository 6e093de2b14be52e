/**
 * Slack's cumulative block text limit (msg_blocks_too_long near 12–13k characters; bolt-js #2509, #2867) on the
 * large plans: 200 and 1,000 columns, and 200 inferred columns whose descriptions count too.
 */
import { describe, expect, it } from 'vitest';
import { blockTextLength, LIMITS } from '../../../../adapters/slack/blocks/limits.js';
import { renderMessage } from '../../../../adapters/slack/blocks/message.js';
import { LARGE_PLANS, largePlan } from '../../../fixtures/largePlans.js';
import { violations } from './limits.js';

const json = (v: unknown) => JSON.stringify(v);

describe('Slack plan card size', () => {
  for (const [name, make] of Object.entries(LARGE_PLANS)) {
    it(`${name}: within ~11k characters of block text, summary and first statements shown, full script as a file`, () => {
      const plan = make();
      const m = renderMessage({ kind: 'plan', plan, actionable: true });
      expect(violations(m.blocks)).toEqual([]);
      expect(blockTextLength(m.blocks)).toBeLessThanOrEqual(LIMITS.blockTextBudget);
      const all = json(m.blocks);
      expect(all).toContain(plan.summary.slice(0, 40));
      // The first statements with their SQL, and the table's title, are on the card.
      expect(all).toContain('CREATE STORAGE INTEGRATION CUSTOMERS_INT');
      expect(all).toContain('CREATE FILE FORMAT');
      expect(all).toContain('CREATE STAGE');
      expect(all).toContain('4. EXTERNAL TABLE* `LEILA_APP.PUBLIC.CUSTOMERS_EXT`');
      // Cut with a note; the whole script travels as the file, every column in it.
      expect(all).toContain('the full script is attached in this thread');
      expect(m.overflow?.content).toContain(
        `CUSTOMER_ATTRIBUTE_${String(plan.statements[3]!.sql.match(/VALUE:c/g)!.length).padStart(4, '0')}`,
      );
      expect(m.blocks.at(-1)?.type).toBe('actions');
    });
  }

  it('counts the inferred-column text against the budget and says how many columns were left out', () => {
    const m = renderMessage({ kind: 'plan', plan: largePlan(200, { inferred: true }), actionable: true });
    const all = json(m.blocks);
    const shown = (all.match(/_\(inferred\)_/g) ?? []).length;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(200);
    expect(all).toContain(`…and ${200 - shown} more inferred column(s), all in the full script.`);
    expect(blockTextLength(m.blocks)).toBeLessThanOrEqual(LIMITS.blockTextBudget);
  });

  it('a small plan is not cut and needs no file', () => {
    const m = renderMessage({ kind: 'plan', plan: largePlan(10), actionable: true });
    expect(m.overflow).toBeUndefined();
    expect(json(m.blocks)).toContain('CUSTOMER_ATTRIBUTE_0010');
    expect(json(m.blocks)).not.toContain('attached in this thread');
  });

  it('blockTextLength counts every text object, buttons and confirm dialogs included', () => {
    expect(
      blockTextLength([
        { type: 'section', text: { type: 'mrkdwn', text: 'abc' } },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: 'Go' },
              confirm: { text: { type: 'mrkdwn', text: '12345' } },
            },
          ],
        },
      ]),
    ).toBe(10);
  });
});
