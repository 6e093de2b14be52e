/**
 * An object that exists, compared with what the plan asks for: the differences in words (options after the
 * warehouse's defaults, URL, integration, format, columns), and whether a reused format fits the table.
 */
import { canonicalName } from '../../../procedures/execute/changeSteps.js';
import {
  type ResolvedObject,
  resolveObject,
  type SchemaContext,
} from '../../../procedures/execute/objects.js';
import type { StatementKind } from '../../../procedures/names.js';
import type {
  CreateStatement,
  ExternalTableStatement,
  FileFormatStatement,
  Option,
  StageStatement,
} from '../../../procedures/parser/ast.js';
import { valueText } from '../../../procedures/parser/ast.js';
import { type Inventory, text } from './inventory.js';

/** A reused file format must be of the kind the table reads: CSV by position (VALUE:c1), the others by name. */
export async function formatFitProblems(
  parsed: readonly CreateStatement[],
  ctx: { inventory: Inventory } & SchemaContext,
): Promise<string[]> {
  const problems: string[] = [];
  for (const stmt of parsed) {
    if (stmt.kind !== 'EXTERNAL_TABLE' || stmt.fileFormat.form === 'inline') continue;
    const name = stmt.fileFormat.name;
    const inPlan = parsed.some(
      (p) =>
        p.kind === 'FILE_FORMAT' &&
        sameObjectName('FILE_FORMAT', p.name.parts.join('.'), name.parts.join('.'), ctx),
    );
    if (inPlan) continue;
    let obj: ResolvedObject;
    try {
      obj = resolveObject('FILE_FORMAT', name, ctx);
    } catch {
      continue;
    }
    if (!(await ctx.inventory.find(obj))) continue;
    const type = ((await ctx.inventory.properties(obj))?.get('TYPE')?.value ?? '').toUpperCase();
    const positional = stmt.columns.some((c) => /VALUE:c\d+/i.test(c.expr));
    if (type && positional && type !== 'CSV')
      problems.push(
        `File format ${name.text} is ${type}, but the table reads CSV columns by position; name a CSV format, or let the plan create one.`,
      );
    else if (type === 'CSV' && !positional && stmt.columns.some((c) => /VALUE:"/.test(c.expr)))
      problems.push(
        `File format ${name.text} is CSV, but the table reads fields by name (JSON, Parquet, Avro, ORC); name a format of that type, or let the plan create one.`,
      );
  }
  return problems;
}

export async function differencesFromLive(
  stmt: CreateStatement,
  obj: ResolvedObject,
  ctx: { inventory: Inventory } & SchemaContext,
): Promise<string[]> {
  if (stmt.kind === 'FILE_FORMAT') return formatDifferences(stmt, obj, ctx.inventory);
  if (stmt.kind === 'STAGE') return stageDifferences(stmt, obj, ctx);
  if (stmt.kind === 'EXTERNAL_TABLE') return tableDifferences(stmt, obj, ctx);
  return [];
}

function norm(v: string): string {
  return v
    .trim()
    .replace(/^'(.*)'$/s, '$1')
    .replace(/^\[(.*)\]$/s, '$1')
    .replace(/\s*,\s*/g, ',')
    .toUpperCase();
}

function optionText(o: Option): string {
  if (o.value.type === 'list') return o.value.items.map((i) => valueText(i) ?? '').join(',');
  return valueText(o.value) ?? '';
}

/** Options compared after the warehouse's defaults are applied (DESC shows every option with its default). */
async function formatDifferences(
  stmt: FileFormatStatement,
  obj: ResolvedObject,
  inventory: Inventory,
): Promise<string[]> {
  const props = await inventory.properties(obj);
  if (!props) return ['it could not be described'];
  const out: string[] = [];
  const type = props.get('TYPE')?.value ?? '';
  if (type && type.toUpperCase() !== stmt.formatType)
    out.push(`TYPE is ${type}, the plan says ${stmt.formatType}`);
  const asked = new Map<string, string>();
  for (const o of stmt.options) if (o.key !== 'TYPE' && o.key !== 'COMMENT') asked.set(o.key, optionText(o));
  for (const [key, value] of asked) {
    const live = props.get(key);
    const liveValue = live ? live.value : undefined;
    if (liveValue === undefined) {
      out.push(`${key} is not set, the plan sets ${value}`);
      continue;
    }
    if (norm(liveValue) !== norm(value)) out.push(`${key} is ${liveValue}, the plan says ${value}`);
  }
  for (const [key, { value, dflt }] of props) {
    if (key === 'TYPE' || key.includes('.') || asked.has(key)) continue;
    if (norm(value) !== norm(dflt)) out.push(`${key} is ${value}, the plan leaves it at ${dflt}`);
  }
  return out;
}

/** The named file format an object reads, compared by canonical name ('' for an inline format). */
function formatDifference(liveFormat: string, askedFormat: string, ctx: SchemaContext): string[] {
  return sameObjectName('FILE_FORMAT', liveFormat, askedFormat, ctx)
    ? []
    : [`file format is ${liveFormat || 'inline'}, the plan says ${askedFormat || 'inline'}`];
}

async function stageDifferences(
  stmt: StageStatement,
  obj: ResolvedObject,
  ctx: { inventory: Inventory } & SchemaContext,
): Promise<string[]> {
  const row = await ctx.inventory.find(obj);
  if (!row) return ['it no longer exists'];
  const out: string[] = [];
  const url = text(row, 'url');
  if ((stmt.url ?? '') !== url) out.push(`URL is ${url || 'none'}, the plan says ${stmt.url ?? 'none'}`);
  const integ = text(row, 'storage_integration');
  const asked = stmt.storageIntegration?.parts.at(-1) ?? '';
  if (integ.toUpperCase() !== asked.toUpperCase())
    out.push(`storage integration is ${integ || 'none'}, the plan says ${asked || 'none'}`);
  const props = await ctx.inventory.properties(obj);
  const liveFormat = props?.get('STAGE_FILE_FORMAT.FORMAT_NAME')?.value ?? '';
  const askedFormat =
    stmt.fileFormat && stmt.fileFormat.form !== 'inline' ? stmt.fileFormat.name.parts.join('.') : '';
  out.push(...formatDifference(liveFormat, askedFormat, ctx));
  return out;
}

async function tableDifferences(
  stmt: ExternalTableStatement,
  obj: ResolvedObject,
  ctx: { inventory: Inventory } & SchemaContext,
): Promise<string[]> {
  const row = await ctx.inventory.find(obj);
  if (!row) return ['it no longer exists'];
  const out: string[] = [];
  if (!sameObjectName('STAGE', text(row, 'stage'), stmt.location.stage.parts.join('.'), ctx))
    out.push(`stage is ${text(row, 'stage')}, the plan says ${stmt.location.stage.text}`);
  const askedFormat = stmt.fileFormat.form !== 'inline' ? stmt.fileFormat.name.parts.join('.') : '';
  const liveFormat = text(row, 'file_format_name');
  out.push(...formatDifference(liveFormat, askedFormat, ctx));
  const rows = await ctx.inventory.describe(obj);
  if (!rows) return [...out, 'its columns could not be described'];
  const live = rows
    .filter((r) => text(r, 'kind').toUpperCase() !== 'COLUMN' || text(r, 'name').toUpperCase() !== 'VALUE')
    .map((r) => `${text(r, 'name')} ${shortType(text(r, 'type'))}`);
  const asked = stmt.columns.map((c) => `${c.name.parts[0]} ${shortType(c.type)}`);
  if (live.join(',') !== asked.join(','))
    out.push(`columns are ${live.join(', ')}, the plan says ${asked.join(', ')}`);
  return out;
}

/** DESC spells VARCHAR as VARCHAR(16777216) and NUMBER as NUMBER(38,0); compare in one spelling. */
function shortType(t: string): string {
  const u = t.toUpperCase().replace(/\s+/g, '');
  if (u === 'VARCHAR(16777216)' || u === 'TEXT' || u === 'STRING') return 'VARCHAR';
  if (u === 'NUMBER' || u === 'INT' || u === 'INTEGER') return 'NUMBER(38,0)';
  return u;
}

function sameObjectName(kind: StatementKind, a: string, b: string, ctx: SchemaContext): boolean {
  if (!a && !b) return true;
  if (!a || !b) return false;
  const ka = canonicalName(kind, a, ctx);
  const kb = canonicalName(kind, b, ctx);
  return ka !== null && ka === kb;
}
