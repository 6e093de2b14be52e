/** The Slack plan card shows what the agent assumed instead of asking (issue 21), escaped and within limits. */
import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../../../adapters/slack/blocks/message.js';
import { planView } from '../../../fixtures/planView.js';
import { violations } from './limits.js';

const plan = planView;

describe('Slack plan card: stated assumptions', () => {
  it('lists each assumption under "Assumed", with mrkdwn escaped', () => {
    const m = renderMessage({
      kind: 'plan',
      plan: plan({
        assumptions: [
          'Assumed a header row (the first line is skipped) — say "no header" to change.',
          'Assumed column types from their names: <b>id</b> NUMBER & *x* — say e.g. "make id varchar" to change.',
        ],
      }),
      actionable: true,
    });
    expect(violations(m.blocks)).toEqual([]);
    const section = m.blocks.find(
      (b) => b.type === 'section' && JSON.stringify(b).includes(':thought_balloon: *Assumed*'),
    );
    expect(section).toBeDefined();
    const text = (section as { text: { text: string } }).text.text;
    expect(text).toContain('• Assumed a header row (the first line is skipped) — say "no header" to change.');
    expect(text).toContain('&lt;b&gt;id&lt;/b&gt; NUMBER &amp;');
    expect(text).not.toContain('<b>');
  });

  it('shows no assumptions section when nothing was assumed', () => {
    const m = renderMessage({ kind: 'plan', plan: plan(), actionable: true });
    expect(JSON.stringify(m.blocks)).not.toContain('Assumed');
  });

  it('stays within the section limit however many assumptions there are', () => {
    const many = Array.from({ length: 60 }, (_, i) => `Assumed thing ${i} ${'x'.repeat(80)}`);
    const m = renderMessage({ kind: 'plan', plan: plan({ assumptions: many }), actionable: true });
    expect(violations(m.blocks)).toEqual([]);
  });
});
