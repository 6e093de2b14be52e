/**
 * Column lists as people type them (`id NUMBER, amount decimal(10,2)` or just `id, name, order_date`): the one
 * nesting-aware splitter and the one rule that guesses a type from a name. Shared by Quick Setup (bot/core) and
 * the local agent (adapters/local/agent), which must read a list the same way.
 */

/** Splits on commas and newlines outside parentheses, so `decimal(10,2)` stays whole; items trimmed, none empty. */
export function splitOutsideParens(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if ((ch === ',' || ch === '\n') && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter(Boolean);
}

/**
 * The Snowflake type a column most likely has when only its name is given (id / *_id → NUMBER, is_* / has_* →
 * BOOLEAN, ts / *_ts / *_at / *timestamp* → TIMESTAMP_NTZ, *date → DATE, amount / price / cost → NUMBER(38,2), else
 * VARCHAR). Conservative on purpose: anything not clearly numeric, temporal or boolean stays VARCHAR, which always
 * loads.
 */
export function typeFromName(columnName: string): string {
  const n = columnName.toLowerCase();
  const words = n.split('_').filter((w) => w.length > 0);
  const last = words[words.length - 1] ?? n;
  if (n === 'id' || last === 'id') return 'NUMBER';
  if (/^(?:is|has)_/.test(n)) return 'BOOLEAN';
  if (n === 'ts' || last === 'ts' || last === 'at' || n.includes('timestamp')) return 'TIMESTAMP_NTZ';
  if (n.endsWith('date')) return 'DATE';
  if (words.some((w) => w === 'amount' || w === 'price' || w === 'cost')) return 'NUMBER(38,2)';
  return 'VARCHAR';
}
