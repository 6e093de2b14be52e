/**
 * The columns and partitions of GENERATE_EXTERNAL_TABLE_DDL's input: their schemas, and the checks that need the
 * whole input (unique names, CSV positions or field paths by format type, folder levels of partitions).
 */
import * as z from 'zod/mini';
import { identifier } from '../sql/identifiers.js';
import { normalizeType } from '../sql/types.js';
import { flag, issue, simpleName } from './common.js';
import type { LocationResult } from './locations.js';

const BAD_FIELD = /["\u0000-\u001F\u007F]/;
const NOT_PARTITION_TYPES = new Set(['VARIANT', 'OBJECT', 'ARRAY', 'GEOGRAPHY', 'GEOMETRY', 'BINARY']);

const segmentIndex = (field: string) =>
  z
    .int({
      error: `${field} must be a whole number, the 1-based folder level below the table location, e.g. 1`,
    })
    .check(
      z.minimum(1, `${field} must be 1 or more (1 = first folder below the table location)`),
      z.maximum(100, `${field} must be at most 100`),
    );

export const columnSchema = z.strictObject(
  {
    name: simpleName('columns[].name', 'Column name.', 'ORDER_ID'),
    type: z
      .string({ error: 'columns[].type must be a Snowflake type, e.g. "NUMBER(10,2)"' })
      .check(
        z.describe(
          'Snowflake type: NUMBER(p,s), INTEGER, VARCHAR(n), STRING, DATE, TIME, TIMESTAMP_NTZ/LTZ/TZ, BOOLEAN, FLOAT, VARIANT, OBJECT, ARRAY, BINARY, GEOGRAPHY.',
        ),
      ),
    source: z.optional(
      z
        .union([z.int(), z.string(), z.array(z.string())], {
          error:
            'columns[].source must be a CSV position (e.g. 3 or "c3"), a field path (e.g. "customer.id") or a list of field names (e.g. ["customer", "id"])',
        })
        .check(
          z.describe(
            'Where the value comes from. CSV: 1-based position (default: the column order). JSON/PARQUET/AVRO/ORC: field name or dotted path, case-sensitive (default: the column name as given).',
          ),
        ),
    ),
  },
  { error: 'each column must be an object like {"name": "ORDER_ID", "type": "NUMBER"}' },
);

export const partitionSchema = z.strictObject(
  {
    name: simpleName('partitions[].name', 'Partition column name.', 'ORDER_DATE'),
    type: z.optional(
      z
        .string({ error: 'partitions[].type must be a Snowflake type, e.g. "DATE"' })
        .check(z.describe('Type of the partition column. Default VARCHAR (DATE for date_segments).')),
    ),
    segment: z.optional(
      segmentIndex('partitions[].segment').check(
        z.describe('Take the value of this folder level (1 = first folder below the table location).'),
      ),
    ),
    date_segments: z.optional(
      z
        .strictObject(
          {
            year: segmentIndex('date_segments.year'),
            month: segmentIndex('date_segments.month'),
            day: segmentIndex('date_segments.day'),
          },
          { error: 'date_segments must be {"year": N, "month": N, "day": N} with folder levels' },
        )
        .check(
          z.describe(
            'Build a DATE from three folder levels, e.g. {"year": 1, "month": 2, "day": 3} for …/2024/06/30/file.',
          ),
        ),
    ),
    hive: z.optional(
      flag('partitions[].hive', 'Folders are written key=value (year=2024): take the part after "=".'),
    ),
  },
  { error: 'each partition must be an object like {"name": "REGION", "segment": 1}' },
);

export type ColumnInput = z.infer<typeof columnSchema>;
export type PartitionInput = z.infer<typeof partitionSchema>;

interface TableShape {
  format_type: string;
  location: string;
  columns?: ColumnInput[] | undefined;
  partitions?: PartitionInput[] | undefined;
}

/**
 * Checks column and partition names (unique, not VALUE or METADATA$…), each column's source for the format type,
 * and each partition's folder level and type. `parsed` is the location as parsed, when it is text.
 */
export function checkColumnsAndPartitions(
  v: TableShape,
  ctx: Parameters<typeof issue>[0],
  parsed: LocationResult | undefined,
): void {
  const names = new Map<string, string>();
  const claim = (raw: string, at: (string | number)[]) => {
    let resolved: string;
    try {
      resolved = identifier(raw).resolved;
    } catch {
      return;
    }
    if (resolved === 'VALUE' || resolved.toUpperCase().startsWith('METADATA$')) {
      issue(
        ctx,
        v,
        at,
        `column name ${raw} is reserved by external tables (VALUE, METADATA$…); choose another, e.g. "${raw}_COL"`,
      );
    }
    const prior = names.get(resolved);
    if (prior !== undefined) issue(ctx, v, at, `column name ${raw} is used twice (also ${prior})`);
    else names.set(resolved, at.join('.'));
  };
  const csv = v.format_type === 'CSV';
  (v.columns ?? []).forEach((col, i) => {
    claim(col.name, ['columns', i, 'name']);
    const t = normalizeType(col.type);
    if (!t.ok) issue(ctx, v, ['columns', i, 'type'], `columns[${i}].type: ${t.message}`);
    const src = col.source;
    if (src === undefined) {
      if (!csv) {
        const field = /^"(.*)"$/.exec(col.name)?.[1]?.replace(/""/g, '"') ?? col.name;
        if (BAD_FIELD.test(field)) {
          issue(
            ctx,
            v,
            ['columns', i, 'source'],
            `columns[${i}]: the field name defaults to the column name, which contains a double quote or control character; give source explicitly`,
          );
        }
      }
      return;
    }
    if (csv) {
      const pos =
        typeof src === 'number'
          ? src
          : typeof src === 'string'
            ? /^[cC]([1-9][0-9]*)$/.exec(src)?.[1]
            : undefined;
      const n = typeof pos === 'string' ? Number(pos) : pos;
      if (n === undefined || !Number.isInteger(n) || n < 1 || n > 100000) {
        issue(
          ctx,
          v,
          ['columns', i, 'source'],
          `columns[${i}].source must be the 1-based CSV position for format_type CSV, e.g. 3 or "c3"`,
        );
      }
      return;
    }
    const segs = typeof src === 'number' ? undefined : typeof src === 'string' ? src.split('.') : src;
    if (segs === undefined) {
      issue(
        ctx,
        v,
        ['columns', i, 'source'],
        `columns[${i}].source must be a field name or path for format_type ${v.format_type}, e.g. "customer.id"; positions are for CSV`,
      );
    } else if (segs.length === 0 || segs.some((s) => s === '' || BAD_FIELD.test(s))) {
      issue(
        ctx,
        v,
        ['columns', i, 'source'],
        `columns[${i}].source: field names must be non-empty and contain no double quote or control character, e.g. "customer.id" or ["customer", "id"]`,
      );
    }
  });
  const partitions = v.partitions ?? [];
  if (partitions.length > 0 && parsed?.ok && !parsed.location.folder) {
    issue(
      ctx,
      v,
      ['location'],
      `location must end with "/" when partitions are used, so folder levels can be counted, e.g. "${v.location}/"`,
    );
  }
  partitions.forEach((p, i) => {
    claim(p.name, ['partitions', i, 'name']);
    const bySegment = p.segment !== undefined;
    const byDate = p.date_segments !== undefined;
    if (bySegment === byDate) {
      issue(
        ctx,
        v,
        ['partitions', i],
        `partitions[${i}] needs exactly one of segment (e.g. 1) or date_segments (e.g. {"year": 1, "month": 2, "day": 3})`,
      );
    }
    if (p.type !== undefined) {
      const t = normalizeType(p.type);
      if (!t.ok) issue(ctx, v, ['partitions', i, 'type'], `partitions[${i}].type: ${t.message}`);
      else if (NOT_PARTITION_TYPES.has(t.type.family)) {
        issue(
          ctx,
          v,
          ['partitions', i, 'type'],
          `partitions[${i}].type ${t.type.sql} cannot hold a folder name; use VARCHAR, NUMBER, DATE, TIMESTAMP_NTZ or BOOLEAN`,
        );
      } else if (byDate && t.type.family !== 'DATE') {
        issue(
          ctx,
          v,
          ['partitions', i, 'type'],
          `partitions[${i}] with date_segments is a DATE; drop type or set it to "DATE"`,
        );
      }
    }
  });
}
