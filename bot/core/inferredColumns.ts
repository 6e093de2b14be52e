/**
 * Column names and types read off sample files: names made into plain identifiers, Hive-style folder partitions,
 * and INFER_SCHEMA's narrow types widened to what the next files will need.
 */
import { normalizeType } from '../../procedures/sql/types.js';

/** Column names from files made into plain identifiers: `order id` → ORDER_ID, `2024` → _2024; duplicates numbered. */
export function identifierFor(raw: string, taken: Set<string>): string {
  let name = raw
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase()
    .slice(0, 200);
  if (!name) name = 'COLUMN';
  if (/^\d/.test(name)) name = `_${name}`;
  let unique = name;
  for (let i = 2; taken.has(unique); i++) unique = `${name}_${i}`;
  taken.add(unique);
  return unique;
}

export interface HivePartition {
  name: string;
  type: 'DATE' | 'NUMBER' | 'VARCHAR';
  segment: number;
  /** The distinct folder values seen, as examples. */
  values: string[];
}

/**
 * Partition columns read off the sample files' folders: when every file sits under the same `key=value` folder
 * levels below the stage (`sales/date=2026-11-01/part-0.parquet`), each level becomes a partition column taken from
 * METADATA$FILENAME — typed DATE or NUMBER when every value seen looks like one.
 */
export function hivePartitions(
  files: readonly string[],
  stageUrl: string,
  taken: Set<string>,
): HivePartition[] {
  const prefix = stageUrl.replace(/^[a-z0-9]+:\/\/[^/]+\/?/i, '').replace(/^\/+/, '');
  const levels = files.map((f) => {
    const rest = f.startsWith(prefix) ? f.slice(prefix.length) : f;
    return rest.split('/').slice(0, -1);
  });
  if (levels.length === 0) return [];
  const depth = Math.min(...levels.map((l) => l.length));
  const out: HivePartition[] = [];
  for (let i = 0; i < depth; i++) {
    const pairs = levels.map((l) => /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(l[i]!));
    if (pairs.some((m) => !m)) break;
    const keys = new Set(pairs.map((m) => m![1]!.toLowerCase()));
    if (keys.size !== 1) break;
    const values = pairs.map((m) => m![2]!);
    const type = values.every((v) => /^\d{4}-\d{2}-\d{2}$/.test(v))
      ? 'DATE'
      : values.every((v) => /^-?\d{1,18}$/.test(v))
        ? 'NUMBER'
        : 'VARCHAR';
    let name = identifierFor(pairs[0]![1]!, new Set());
    if (taken.has(name)) name = identifierFor(`${name}_PARTITION`, taken);
    else taken.add(name);
    out.push({ name, type, segment: i + 1, values: [...new Set(values)] });
  }
  return out;
}

/** Snowflake's INFER_SCHEMA types → the generator's types (TEXT → VARCHAR, REAL → FLOAT; unknown → VARIANT). */
export function columnType(inferred: string): string {
  const t = inferred.trim().toUpperCase();
  if (t === 'TEXT' || t.startsWith('TEXT(')) return 'VARCHAR';
  if (t === 'REAL') return 'FLOAT';
  const n = normalizeType(t.replace(/\s+/g, ''));
  return n.ok ? n.type.sql : 'VARIANT';
}

/**
 * A few sample rows only show the narrowest type that fits *them*: ids 1, 2, 3 read as NUMBER(1,0), and the tenth
 * row no longer casts. Numbers widen to NUMBER(38, s) (the scale seen is kept), text and binary to their maximum.
 */
export function widenType(type: string): string {
  const num = /^NUMBER\((\d+),(\d+)\)$/.exec(type);
  if (num) return `NUMBER(38,${num[2]})`;
  if (/^VARCHAR\(\d+\)$/.test(type)) return 'VARCHAR';
  if (/^BINARY\(\d+\)$/.test(type)) return 'BINARY';
  return type;
}
