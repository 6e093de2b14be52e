/**
 * Schema inference, the honest way on Snowflake: INFER_SCHEMA needs a stage and a named file format, so the access
 * objects are approved and created first; then the bot reads a few sample files and proposes the external table as a
 * second plan with every column marked inferred. The embedded warehouse answers the same SQL with DuckDB's readers.
 */

import { z } from 'zod';
import type { ToolName } from '../../procedures/names.js';
import {
  type FileFormatStatement,
  getOption,
  type StageStatement,
  valueText,
} from '../../procedures/parser/ast.js';
import { parseStatement } from '../../procedures/parser/index.js';
import { variantPath } from '../../procedures/sql/identifiers.js';
import { quoteString } from '../../procedures/sql/literals.js';
import type { PipelineRow } from './api.js';
import type { TableWishes, Warehouse } from './contracts.js';
import { columnType, hivePartitions, identifierFor, widenType } from './inferredColumns.js';
import type { InferredColumn, InferredColumns } from './messages.js';
import { type DraftStatement, draftFromToolResults } from './planDrafts.js';
import { assertReadOnly } from './readOnly.js';
import { positionalArgs } from './toolArgs.js';
import { isLocalLimit } from './verification.js';
import { storedStatements } from './views.js';

const SAMPLE_FILES = 3;
const EXAMPLES = 3;

export interface InferenceOutcome {
  ok: boolean;
  statements: DraftStatement[];
  /** Plain words for the thread when nothing could be inferred. */
  problem?: string;
}

/** A plan of access objects only (a stage, no table) asks for the table to be inferred once it exists. */
export function wantsInference(row: PipelineRow): boolean {
  const stored = storedStatements(row);
  const kinds = stored.map((s) => s.kind);
  // A retire plan drops a stage; an edit that only replaces a stage is no inference step either.
  if (stored.some((s) => s.change === 'drop')) return false;
  return kinds.includes('STAGE') && !kinds.includes('EXTERNAL_TABLE') && !row.TABLE_NAME && !!row.STAGE_NAME;
}

/** The step-2 wishes kept with the thread (validated again when read back from the warehouse). */
export const tableWishesSchema = z.object({
  name: z.string().min(1).max(255).optional(),
  types: z.record(z.string().min(1).max(255), z.string().min(1).max(100)).optional(),
});

function text(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** The CSV options of the header format that the table's own format must keep. */
function csvOptions(format: FileFormatStatement): Record<string, unknown> {
  const out: Record<string, unknown> = { skip_header: 1 };
  for (const key of ['FIELD_DELIMITER', 'FIELD_OPTIONALLY_ENCLOSED_BY', 'COMPRESSION', 'RECORD_DELIMITER']) {
    const o = getOption(format, key);
    const v = o ? valueText(o.value) : undefined;
    if (v !== undefined) out[key.toLowerCase()] = v;
  }
  const trim = getOption(format, 'TRIM_SPACE');
  if (trim) out.trim_space = valueText(trim.value) === 'TRUE';
  const nullIf = getOption(format, 'NULL_IF');
  if (nullIf?.value.type === 'list') out.null_if = nullIf.value.items.map((i) => valueText(i) ?? '');
  return out;
}

export async function inferTable(
  warehouse: Warehouse,
  row: PipelineRow,
  wishes?: TableWishes,
): Promise<InferenceOutcome> {
  const stmts = storedStatements(row);
  const stageSql = stmts.find((s) => s.kind === 'STAGE')?.sql;
  const formatSql = stmts.find((s) => s.kind === 'FILE_FORMAT')?.sql;
  const stageAst = stageSql ? parseStatement(stageSql) : undefined;
  const formatAst = formatSql ? parseStatement(formatSql) : undefined;
  const stage = stageAst?.ok ? (stageAst.statement as StageStatement) : undefined;
  const format = formatAst?.ok ? (formatAst.statement as FileFormatStatement) : undefined;
  if (!row.STAGE_NAME || !row.FILE_FORMAT_NAME || !stage?.url || !format) {
    return {
      ok: false,
      statements: [],
      problem: 'The plan has no stage and file format to read sample files through.',
    };
  }
  const location = `@${row.STAGE_NAME}`;
  const infer = `SELECT COLUMN_NAME, TYPE, FILENAMES, ORDER_ID FROM TABLE(INFER_SCHEMA(LOCATION => ${quoteString(location)}, FILE_FORMAT => ${quoteString(row.FILE_FORMAT_NAME)}, MAX_FILE_COUNT => ${SAMPLE_FILES}))`;
  assertReadOnly(infer);
  let found: { COLUMN_NAME: string; TYPE: string; FILENAMES: string | null; ORDER_ID: number }[];
  try {
    found = await warehouse.query(infer);
  } catch (err) {
    return {
      ok: false,
      statements: [],
      problem: `Could not read sample files through ${row.STAGE_NAME}: ${err instanceof Error ? err.message.replace(/\.+$/, '') : String(err)}. ${
        isLocalLimit(err)
          ? 'That is a limit of the embedded warehouse on this machine, not a permission problem: list the columns yourself ("columns id, reading"), or run the bot on Snowflake.'
          : 'Finish the cloud trust steps, then ask me to "infer the columns" again.'
      }`,
    };
  }
  if (found.length === 0) {
    return {
      ok: false,
      statements: [],
      problem: `The stage ${row.STAGE_NAME} has no files to infer columns from yet. Upload a few files, then ask me to "infer the columns" again, or list the columns yourself.`,
    };
  }
  found.sort((a, b) => Number(a.ORDER_ID) - Number(b.ORDER_ID));
  const isCsv = format.formatType === 'CSV';

  // Example values: a few staged records, read with expressions built here (never the file's own field names as SQL).
  const taken = new Set<string>();
  const overrides = new Map(
    Object.entries(wishes?.types ?? {}).map(([k, v]) => [k.toUpperCase(), v] as const),
  );
  const columns = found.map((c, i) => {
    const name = identifierFor(c.COLUMN_NAME, taken);
    const observed = columnType(c.TYPE);
    const given = overrides.get(name) ?? overrides.get(c.COLUMN_NAME.toUpperCase());
    return {
      raw: c.COLUMN_NAME,
      name,
      observed,
      type: given ?? widenType(observed),
      given: given !== undefined,
      position: i + 1,
    };
  });
  const examples = new Map<string, string[]>();
  // Snowflake refuses a PARSE_HEADER format outside INFER_SCHEMA, so CSV examples wait for the checks after apply.
  if (!isCsv)
    try {
      const select = columns.map((c, i) => `$1:${variantPath([c.raw])} AS C${i + 1}`).join(', ');
      const sample = `SELECT ${select} FROM ${location} (FILE_FORMAT => ${quoteString(row.FILE_FORMAT_NAME)}) LIMIT ${EXAMPLES}`;
      assertReadOnly(sample);
      const rows = await warehouse.query<Record<string, unknown>>(sample);
      columns.forEach((c, i) => {
        examples.set(
          c.name,
          rows.map((r) => text(r[`C${i + 1}`])).filter((v) => v !== 'NULL'),
        );
      });
    } catch {
      // Examples are a courtesy: the columns stand without them.
    }
  const files = [
    ...new Set(
      found.flatMap((c) =>
        (c.FILENAMES ?? '')
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean),
      ),
    ),
  ];
  const partitions = hivePartitions(files, stage.url, taken);
  const inferred: InferredColumns = {
    files,
    columns: [
      ...columns.map(
        (c): InferredColumn => ({
          name: c.name,
          type: c.type,
          observed: c.given ? 'given' : c.observed,
          examples: examples.get(c.name) ?? [],
        }),
      ),
      ...partitions.map(
        (p): InferredColumn => ({
          name: p.name,
          type: p.type,
          examples: p.values.slice(0, EXAMPLES),
        }),
      ),
    ],
  };

  const calls: [ToolName, Record<string, unknown>][] = [];
  let tableFormat = row.FILE_FORMAT_NAME;
  if (isCsv) {
    // External tables cannot use a PARSE_HEADER format: the table gets its own CSV format that skips the header.
    calls.push([
      'GENERATE_FILE_FORMAT_DDL',
      { format_type: 'CSV', location: stage.url, format_options: csvOptions(format) },
    ]);
  }
  const results = [];
  for (const [tool, input] of calls) {
    const out = await warehouse.call(tool, positionalArgs(tool, input));
    results.push({ tool, ok: true, output: typeof out === 'string' ? JSON.parse(out) : out });
  }
  const newFormat = draftFromToolResults(results).statements.find((s) => s.kind === 'FILE_FORMAT');
  if (isCsv) {
    if (!newFormat)
      return { ok: false, statements: [], problem: 'Could not generate the CSV file format for the table.' };
    tableFormat = newFormat.name;
  }
  const tableInput = {
    ...(wishes?.name ? { name: wishes.name } : {}),
    location: stage.url,
    format_type: format.formatType,
    stage: row.STAGE_NAME,
    file_format: tableFormat,
    columns: columns.map((c) => ({ name: c.name, type: c.type, source: isCsv ? c.position : c.raw })),
    ...(partitions.length
      ? {
          partitions: partitions.map((p) => ({ name: p.name, type: p.type, segment: p.segment, hive: true })),
        }
      : {}),
  };
  const out = await warehouse.call(
    'GENERATE_EXTERNAL_TABLE_DDL',
    positionalArgs('GENERATE_EXTERNAL_TABLE_DDL', tableInput),
  );
  results.push({
    tool: 'GENERATE_EXTERNAL_TABLE_DDL' as const,
    ok: true,
    output: typeof out === 'string' ? JSON.parse(out) : out,
  });
  const drafted = draftFromToolResults(results).statements;
  const table = drafted.find((s) => s.kind === 'EXTERNAL_TABLE');
  if (!table) {
    const error =
      (typeof out === 'object' && out && 'error' in out
        ? (out as { error: { message: string } }).error.message
        : '') || 'unknown error';
    return {
      ok: false,
      statements: [],
      problem: `Could not generate the external table from the inferred columns: ${error}`,
    };
  }
  table.inferred = inferred;
  return { ok: true, statements: drafted };
}
