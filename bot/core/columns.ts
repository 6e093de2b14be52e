/**
 * Column lists typed by people: `id NUMBER, amount decimal(10,2)` or just `id, name, order_date`. A missing
 * type is guessed from the name (procedures/sql/columnList.ts).
 */
import { splitOutsideParens, typeFromName } from '../../procedures/sql/columnList.js';
import { normalizeType } from '../../procedures/sql/types.js';

export interface ColumnSpec {
  name: string;
  type: string;
}

export function parseColumnList(
  text: string,
): { ok: true; columns: ColumnSpec[] } | { ok: false; message: string } {
  const items = splitOutsideParens(text);
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
    let type = typeFromName(name);
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
