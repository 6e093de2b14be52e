/**
 * The one escaping helper of the dashboard. Every template is an `html` tagged template: interpolated values are
 * escaped unless they are already `SafeHtml` (the output of another `html` template), so names, errors, SQL and
 * chat text can never become markup.
 */
import { revealHidden } from '../procedures/sql/hiddenChars.js';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/**
 * Text as HTML text or attribute value (attributes are always double-quoted in the templates). Invisible
 * characters that could disguise a name (bidi overrides, zero-width, controls) are shown as `[U+XXXX]`.
 */
export function escapeHtml(value: unknown): string {
  return revealHidden(String(value)).replace(/[&<>"'`]/g, (c) => ENTITIES[c] ?? c);
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(value);
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}
