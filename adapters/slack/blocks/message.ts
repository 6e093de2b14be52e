/** Any core `BotMessage` → a Slack message: blocks within limits and the plain-text fallback. */
import type { types } from '@slack/bolt';
import type { BotMessage } from '../../../bot/core/messages.js';
import { fallbackText } from '../../../bot/core/messages.js';
import { revealHiddenDeep } from '../../../procedures/sql/hiddenChars.js';
import { escapeMrkdwn, LIMITS, textChunks, truncate } from './limits.js';
import { renderPlan } from './planBlocks.js';
import { renderResult } from './result.js';
import { renderVerification } from './verification.js';

type Block = types.KnownBlock;

export interface SlackMessage {
  text: string;
  blocks: Block[];
  overflow?: { filename: string; content: string };
}

function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** Keeps the newest lines: progress grows at the bottom, so the top is what can go. */
function tailWithin(lines: string[], max: number): string {
  const out: string[] = [];
  let len = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = truncate(lines[i] ?? '', max);
    if (len + line.length + 1 > max - 2) {
      out.unshift('…');
      break;
    }
    out.unshift(line);
    len += line.length + 1;
  }
  return out.join('\n');
}

/** Plain-text fallback, fitted to Slack's recommended message length. */
function slackFallback(message: BotMessage): string {
  return truncate(fallbackText(message), LIMITS.fallbackText);
}

export function renderMessage(shown: BotMessage): SlackMessage {
  // Invisible characters (bidi overrides, zero-width, controls) are shown as [U+XXXX], never rendered.
  const message = revealHiddenDeep(shown);
  const text = slackFallback(message);
  switch (message.kind) {
    case 'text': {
      const blocks = textChunks(escapeMrkdwn(message.text)).slice(0, LIMITS.messageBlocks).map(section);
      return { text, blocks };
    }
    case 'progress': {
      const title = `:hourglass_flowing_sand: *${escapeMrkdwn(truncate(message.title, 500))}*`;
      const body = tailWithin(message.lines.map(escapeMrkdwn), LIMITS.sectionText - title.length - 1);
      return { text, blocks: [section(body ? `${title}\n${body}` : title)] };
    }
    case 'plan': {
      const r = renderPlan(message.plan, message.actionable);
      return r.overflow ? { text, blocks: r.blocks, overflow: r.overflow } : { text, blocks: r.blocks };
    }
    case 'result':
      return { text, blocks: renderResult(message.result) };
    case 'verification':
      return { text, blocks: renderVerification(message.verification, message.actionable) };
    case 'error': {
      const blocks: Block[] = textChunks(
        `:x: *${escapeMrkdwn(message.title)}*\n${escapeMrkdwn(message.text)}`,
      )
        .slice(0, 5)
        .map(section);
      if (message.next)
        blocks.push({
          type: 'context',
          elements: [{ type: 'mrkdwn', text: truncate(escapeMrkdwn(message.next), LIMITS.sectionText) }],
        });
      return { text, blocks };
    }
  }
}
