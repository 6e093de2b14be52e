/**
 * Slack's Block Kit limits (docs.slack.dev block reference, @slack/types JSDoc) and the helpers that keep every
 * rendered message inside them. Slack rejects an oversize message outright (`invalid_blocks`), so the renderers
 * cut here rather than hope.
 */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  contextElements: 10,
  optionText: 75,
  /** chat.postMessage recommends ≤ 4,000 characters of top-level text. */
  fallbackText: 3900,
  /**
   * Text of all blocks of one message together. Slack refuses a message whose blocks carry more than about 12–13k
   * characters in total (`msg_blocks_too_long`, bolt-js issues #2509 and #2867), far below 50 × 3,000; 11,000
   * keeps a margin. Counted with `blockTextLength`.
   */
  blockTextBudget: 11_000,
} as const;

/** Characters of text in blocks, as Slack counts them against the cumulative limit: every text object's text. */
export function blockTextLength(blocks: unknown): number {
  if (Array.isArray(blocks)) return blocks.reduce((n: number, b) => n + blockTextLength(b), 0);
  if (!blocks || typeof blocks !== 'object') return 0;
  let n = 0;
  for (const [k, v] of Object.entries(blocks as Record<string, unknown>)) {
    if (k === 'text' && typeof v === 'string') n += v.length;
    else if (typeof v === 'object') n += blockTextLength(v);
  }
  return n;
}

/** Cut `s` to `max` characters, marking the cut with an ellipsis. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 1) return s.slice(0, max);
  return `${s.slice(0, max - 1)}…`;
}

/** mrkdwn treats `&`, `<` and `>` as markup (links, mentions): escape user and SQL text before showing it. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const FENCE = '```';

/**
 * Splits code into mrkdwn code blocks (```…```) each within the section limit. Lines are kept whole where
 * possible; a single line longer than a block is cut. Escaping happens before measuring, because Slack counts
 * the escaped text. A ``` inside the code would close the fence early, so it is broken with a zero-width space.
 */
export function codeChunks(code: string, max: number = LIMITS.sectionText): string[] {
  const room = max - 2 * FENCE.length - 2; // fences plus the newlines around the code
  const safe = escapeMrkdwn(code.replace(/```/g, '`\u200b``'));
  const chunks: string[] = [];
  let current = '';
  const flush = () => {
    if (current.length > 0) chunks.push(current);
    current = '';
  };
  for (const line of safe.split('\n')) {
    const pieces = splitLongLine(line, room);
    for (const piece of pieces) {
      const candidate = current.length === 0 ? piece : `${current}\n${piece}`;
      if (candidate.length > room) {
        flush();
        current = piece;
      } else {
        current = candidate;
      }
    }
  }
  flush();
  if (chunks.length === 0) chunks.push('');
  return chunks.map((c) => `${FENCE}\n${c}\n${FENCE}`);
}

function splitLongLine(line: string, room: number): string[] {
  if (line.length <= room) return [line];
  const out: string[] = [];
  let pos = 0;
  while (pos < line.length) {
    let end = Math.min(pos + room, line.length);
    // Never cut an escape such as &amp; in half: it would show as garbage.
    const amp = line.lastIndexOf('&', end - 1);
    if (end < line.length && amp > pos && amp > end - 5 && line.indexOf(';', amp) >= end) end = amp;
    out.push(line.slice(pos, end));
    pos = end;
  }
  return out;
}

/** Splits prose into pieces within `max` characters, preferring line breaks. */
export function textChunks(text: string, max: number = LIMITS.sectionText): string[] {
  if (text.length <= max) return [text];
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  if (rest.length > 0) out.push(rest);
  return out;
}
