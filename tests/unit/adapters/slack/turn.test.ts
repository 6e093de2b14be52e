import { describe, expect, it } from 'vitest';
import { neutralize } from '../../../../adapters/slack/turn.js';

describe('streamed prose', () => {
  it('never turns quoted Slack mention syntax into a mention, even split across deltas', () => {
    expect(neutralize('ping <!channel> and <@U0ALICE> in <#C1>')).toBe(
      'ping <\u200b!channel> and <\u200b@U0ALICE> in <\u200b#C1>',
    );
    expect(neutralize('!here>', '<')).toBe('\u200b!here>');
    expect(neutralize('plain text <b> stays', 'x')).toBe('plain text <b> stays');
  });
});
