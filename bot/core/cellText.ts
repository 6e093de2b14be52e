/**
 * A warehouse value as text for a sample table, shared by every channel (Slack, Teams, dashboard) so the same
 * row reads the same everywhere: NULL shown as such, dates as ISO text, objects as JSON.
 */
export function cellText(value: unknown, opts: { keepLineBreaks?: boolean } = {}): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  const text = String(value);
  // A chat table is one line per row; the dashboard keeps line breaks for its full-value tooltip.
  return opts.keepLineBreaks ? text : text.replace(/\s*[\r\n]+\s*/g, ' ');
}
