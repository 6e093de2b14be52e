/**
 * Column lists typed by people: `id NUMBER, amount decimal(10,2)` or just `id, name, order_date`. A missing
 * type is inferred from the name by one documented rule (README: Quick Setup).
 */
import { normalizeType } from '../../procedures/sql/types.js';

export interface ColumnSpec {
  name: string;
  type: string;
}

/**
 * The Snowflake type a column most likely has when only its name is given (id / *_id → NUMBER, is_* / has_* →
 * BOOLEAN, ts / *_ts / *_at / *timestamp* → TIMESTAMP_NTZ, *date → DATE, amount / price / cost → NUMBER(38,2), else
 * VARCHAR). Conservative on purpose: anything not clearly numeric, temporal or boolean stays VARCHAR, which always
 * loads. Shared by Quick Setup and the local agent.
 */
export function inferType(columnName: string): string {
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

/** Splits on commas outside parentheses, so `decimal(10,2)` stays whole. */
function splitTopLevel(text: string): string[] {
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

export function parseColumnList(
  text: string,
): { ok: true; columns: ColumnSpec[] } | { ok: false; message: string } {
  const items = splitTopLevel(text);
  if (items.length === 0)
    return {
      ok: false,
      message: 'Give at least one column, e.g. "id NUMBER, name VARCHAR, order_date DATE".',
    };
  const columns: ColumnSpec[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const m = /^("[^"]+"|[^\s:]+)\s*:?\s*(.*)$/.exec(item);
    if (!m) return { ok: false, message: `Cannot read the column "${item}".` };
    const name = m[1]!.replace(/^"|"$/g, '');
    const typeText = m[2]!.trim();
    let type = inferType(name);
    if (typeText) {
      const t = normalizeType(typeText);
      if (!t.ok) return { ok: false, message: `Column ${name}: ${t.message}` };
      type = t.type.sql;
    }
    const key = name.toUpperCase();
    if (seen.has(key)) return { ok: false, message: `Column ${name} is listed twice.` };
    seen.add(key);
    columns.push({ name, type });
  }
  return { ok: true, columns };
}
