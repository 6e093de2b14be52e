/**
 * The Snowflake type a column most likely has when the user gave only its name. Conservative on purpose:
 * anything not clearly numeric, temporal or boolean stays VARCHAR, which always loads.
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
