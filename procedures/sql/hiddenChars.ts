/**
 * Characters that change how text looks without being seen: C0 and C1 controls, bidirectional overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069, the marks U+200E, U+200F, U+061C) and zero-width characters
 * (U+200B–U+200D, U+2060, U+FEFF). In a name or a comment they can make an approval card read differently from
 * what will run (`‮txt.exe` shown as `exe.txt`), so the generators refuse them and every card shows any that
 * reach it as a visible `[U+202E]`. One module, used by the generators, the core's views and each renderer.
 */

const HIDDEN = /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/;
const HIDDEN_ALL = /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;
const LINE_BREAKS_AND_TABS = /[\t\n\r]/;

const NAMES: Record<number, string> = {
  8203: 'ZERO WIDTH SPACE',
  8204: 'ZERO WIDTH NON-JOINER',
  8205: 'ZERO WIDTH JOINER',
  8206: 'LEFT-TO-RIGHT MARK',
  8207: 'RIGHT-TO-LEFT MARK',
  1564: 'ARABIC LETTER MARK',
  8234: 'LEFT-TO-RIGHT EMBEDDING',
  8235: 'RIGHT-TO-LEFT EMBEDDING',
  8236: 'POP DIRECTIONAL FORMATTING',
  8237: 'LEFT-TO-RIGHT OVERRIDE',
  8238: 'RIGHT-TO-LEFT OVERRIDE',
  8288: 'WORD JOINER',
  8294: 'LEFT-TO-RIGHT ISOLATE',
  8295: 'RIGHT-TO-LEFT ISOLATE',
  8296: 'FIRST STRONG ISOLATE',
  8297: 'POP DIRECTIONAL ISOLATE',
  65279: 'ZERO WIDTH NO-BREAK SPACE',
};

function codeOf(ch: string): string {
  const hex = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase();
  return `U+${hex.length < 4 ? '0000'.slice(hex.length) + hex : hex}`;
}

/**
 * Why `text` may not be used as a name or comment, or undefined. `allowLineBreaks` lets comments keep tabs and
 * line breaks, which show as whitespace.
 */
export function hiddenCharProblem(text: string, allowLineBreaks = false): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (!HIDDEN.test(ch)) continue;
    if (allowLineBreaks && LINE_BREAKS_AND_TABS.test(ch)) continue;
    const code = ch.charCodeAt(0);
    const name =
      NAMES[code] ??
      (code < 0x20 || (code >= 0x7f && code <= 0x9f) ? 'a control character' : 'an invisible character');
    return `contains ${codeOf(ch)} (${name}), an invisible character that can disguise text on approval cards; remove it`;
  }
  return undefined;
}

/** `text` with every hidden character shown as `[U+XXXX]` (line breaks and tabs kept as they are). */
export function revealHidden(text: string): string {
  HIDDEN_ALL.lastIndex = 0;
  return text.replace(HIDDEN_ALL, (ch) => (LINE_BREAKS_AND_TABS.test(ch) ? ch : `[${codeOf(ch)}]`));
}

/** revealHidden applied to every string of a plain value (views and messages), keys kept. */
export function revealHiddenDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return revealHidden(value) as T;
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => revealHiddenDeep(v, depth + 1)) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>))
    out[k] = revealHiddenDeep(v, depth + 1);
  return out as T;
}
