/**
 * Look before proposing. Each drafted CREATE is compared with what exists on the account (qualified names,
 * normalized options) and tagged:
 * - `new`: nothing of that name exists;
 * - `exists`: it exists exactly as asked (or, for an integration, an existing one of the same provider and role
 *   already allows the location) — reused, never run;
 * - `alter`: the bucket's integration exists for the same role but does not allow the new folder yet — widened
 *   with ALTER … SET STORAGE_ALLOWED_LOCATIONS (its external id and trust policy stay as they are);
 * - `replace`: it exists differently and the user asked to replace it, or this thread's own earlier pipeline
 *   created it (an edit after SUCCESS) — shown as a warning, naming other pipelines that use it.
 * Anything else is a problem sentence: nothing is recorded until the user says what to do.
 */
import { canonicalName } from '../../../procedures/execute/changeSteps.js';
import {
  qualifiedName,
  quoteIdentifierPart,
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
  StorageIntegrationStatement,
} from '../../../procedures/parser/ast.js';
import { valueText } from '../../../procedures/parser/ast.js';
import { parseStatement } from '../../../procedures/parser/index.js';
import { quoteStringList } from '../../../procedures/sql/literals.js';
import type { PlanStatementView } from '../messages.js';
import type { DraftStatement } from '../plan.js';
import { label } from '../plan.js';
import { covers, type IntegrationInfo, type Inventory, integrationCovers, text } from './inventory.js';

/** Who uses what: SUCCESS pipelines by the objects their rows name, and what this thread's pipelines created. */
export interface Usage {
  /** `KIND:DB.SCH.NAME` → ids of SUCCESS pipelines whose row names it. */
  users: Map<string, string[]>;
  /** `KIND:DB.SCH.NAME` of objects created by SUCCESS pipelines of the current thread (edits after SUCCESS). */
  ownedByThread: Set<string>;
}

export interface ReconcileContext extends SchemaContext {
  inventory: Inventory;
  usage: Usage;
}

export interface Reconciled {
  statements: PlanStatementView[];
  parsed: CreateStatement[];
  problems: string[];
}

export function keyOf(kind: StatementKind, obj: ResolvedObject): string {
  return `${kind}:${qualifiedName(obj)}`;
}

export function keyOfWritten(kind: StatementKind, written: string, ctx: SchemaContext): string | null {
  const name = canonicalName(kind, written, ctx);
  return name ? `${kind}:${name}` : null;
}

export async function reconcile(
  draft: readonly DraftStatement[],
  ctx: ReconcileContext,
): Promise<Reconciled> {
  const problems: string[] = [];
  const parsed: CreateStatement[] = [];
  const views: PlanStatementView[] = [];
  for (const s of draft) {
    const result = parseStatement(s.sql);
    if (!result.ok) {
      problems.push(
        `The ${label(s.kind)} ${s.name} is not valid: ${result.error.message} (line ${result.error.line}, column ${result.error.column}).`,
      );
      continue;
    }
    parsed.push(result.statement);
  }
  if (problems.length > 0) return { statements: [], parsed, problems };

  for (let i = 0; i < parsed.length; i++) {
    const stmt = parsed[i] as CreateStatement;
    const d = draft[i] as DraftStatement;
    const view: PlanStatementView = {
      kind: stmt.kind,
      name: d.name,
      sql: d.sql,
      change: 'new',
      unsafe: false,
      warnings: [...d.warnings],
      ...(d.inferred ? { inferred: d.inferred } : {}),
    };
    views.push(view);
    let obj: ResolvedObject;
    try {
      obj = resolveObject(stmt.kind, stmt.name, ctx);
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
      continue;
    }
    const live = await ctx.inventory.find(obj);
    if (!live) {
      if (stmt.kind === 'STORAGE_INTEGRATION') await pointToCoveringIntegration(stmt, view, ctx);
      continue;
    }
    const key = keyOf(stmt.kind, obj);
    const others = (ctx.usage.users.get(key) ?? []).filter((id) => id);
    if (stmt.kind === 'STORAGE_INTEGRATION') {
      await integrationChange(stmt, view, obj, ctx, problems);
      continue;
    }
    const differences = await differencesFromLive(stmt, obj, ctx);
    if (differences.length === 0) {
      view.change = 'exists';
      continue;
    }
    const what = `${label(stmt.kind)} ${d.name}`;
    if (!stmt.orReplace && !ctx.usage.ownedByThread.has(key)) {
      problems.push(
        `${capitalize(what)} already exists with a different definition (${differences.join('; ')}). Say "replace it" to replace it${others.length ? ` (pipeline${others.length === 1 ? '' : 's'} ${others.join(', ')} use${others.length === 1 ? 's' : ''} it)` : ''}, or ask for a different name.`,
      );
      continue;
    }
    const replaced = stmt.orReplace ? d.sql : orReplaceSql(d.sql);
    if (!replaced) {
      problems.push(`${capitalize(what)} could not be turned into CREATE OR REPLACE.`);
      continue;
    }
    view.sql = replaced;
    view.change = 'replace';
    view.unsafe = true;
    view.warnings.push(`Replaces the existing ${what}: ${differences.join('; ')}.`);
    if (others.length > 0)
      view.warnings.push(
        `Pipeline${others.length === 1 ? '' : 's'} ${others.join(', ')} use${others.length === 1 ? 's' : ''} ${d.name}; ${stmt.kind === 'FILE_FORMAT' ? 'external tables that read it see the new options at their next refresh' : 'they will read the replaced object'}.`,
      );
    if (stmt.kind === 'FILE_FORMAT')
      view.warnings.push(
        'External tables that use this file format read files with the new options from now on.',
      );
  }
  await widenForStages(parsed, views, ctx, problems);
  problems.push(...(await formatFitProblems(parsed, ctx)));
  return { statements: views, parsed, problems };
}

/** How many other integrations are described when looking for one that already serves a new plan. */
const MAX_DESCRIBED = 20;

/**
 * A new integration while another of the same provider and role already allows every location: the plan stays as
 * asked (the name is the user's choice), and the card says how to reuse the existing one instead.
 */
async function pointToCoveringIntegration(
  stmt: StorageIntegrationStatement,
  view: PlanStatementView,
  ctx: ReconcileContext,
): Promise<void> {
  const rows = await ctx.inventory.list('STORAGE_INTEGRATION', { database: null, schema: null });
  const storage = rows
    .filter((r) => /STORAGE/i.test(text(r, 'category')) || /EXTERNAL_STAGE/i.test(text(r, 'type')))
    .slice(0, MAX_DESCRIBED);
  for (const r of storage) {
    const info = await ctx.inventory.integration(text(r, 'name'));
    if (!info || ownerMismatch(stmt, info) || info.provider !== stmt.provider) continue;
    if (stmt.allowedLocations.every((url) => integrationCovers(info, url))) {
      view.warnings.push(
        `Integration ${info.name} already allows ${stmt.allowedLocations.join(', ')} for the same role: say "use integration ${info.name}" to read through it instead of creating ${view.name}.`,
      );
      return;
    }
  }
}

/** A reused file format must be of the kind the table reads: CSV by position (VALUE:c1), the others by name. */
async function formatFitProblems(
  parsed: readonly CreateStatement[],
  ctx: ReconcileContext,
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

/** An integration that exists: reuse it, widen it, refuse to replace it while stages use it, or explain. */
async function integrationChange(
  stmt: StorageIntegrationStatement,
  view: PlanStatementView,
  obj: ResolvedObject,
  ctx: ReconcileContext,
  problems: string[],
): Promise<void> {
  const info = await ctx.inventory.integration(obj.objectName);
  if (!info) {
    problems.push(`Storage integration ${view.name} exists but cannot be described; nothing was proposed.`);
    return;
  }
  if (stmt.orReplace) {
    const stages = await stagesUsing(obj.objectName, ctx);
    if (stages.length > 0) {
      problems.push(
        `CREATE OR REPLACE STORAGE INTEGRATION ${view.name} is refused: stage${stages.length === 1 ? '' : 's'} ${stages.join(', ')} use${stages.length === 1 ? 's' : ''} it. Replacing an integration drops and recreates it with a new hidden id, which breaks every stage that references it and, without a fixed STORAGE_AWS_EXTERNAL_ID, the cloud trust policy. Ask for a new integration instead ("call the integration ${view.name}_2").`,
      );
      return;
    }
    view.change = 'replace';
    view.unsafe = true;
    view.warnings.push(
      'Replacing a storage integration issues a new external id: the cloud trust policy must be updated again.',
    );
    return;
  }
  const mismatch = ownerMismatch(stmt, info);
  if (mismatch) {
    problems.push(
      `Storage integration ${view.name} already exists ${mismatch}, so it cannot be reused for this request. Say "use integration ${view.name}" to read through it with its own role, or ask for a new one ("call the integration ${view.name}_2").`,
    );
    return;
  }
  const blocked = stmt.allowedLocations.find((url) => info.blocked.some((b) => covers(b, url)));
  if (blocked) {
    problems.push(
      `Storage integration ${view.name} blocks ${blocked} (STORAGE_BLOCKED_LOCATIONS = ${info.blocked.join(', ')}); ask for a new integration ("call the integration ${view.name}_2").`,
    );
    return;
  }
  const missing = stmt.allowedLocations.filter((url) => !integrationCovers(info, url));
  if (missing.length === 0) {
    view.change = 'exists';
    view.warnings.push(`Uses existing integration ${view.name} (allows ${info.allowed.join(', ')}).`);
    return;
  }
  toAlter(view, info, missing);
}

/** Turns a statement view into the narrow ALTER that adds `missing` to the integration's allowed locations. */
function toAlter(view: PlanStatementView, info: IntegrationInfo, missing: readonly string[]): void {
  const all = [...info.allowed, ...missing.filter((m) => !info.allowed.includes(m))];
  view.kind = 'STORAGE_INTEGRATION';
  view.name = info.name;
  view.sql = `ALTER STORAGE INTEGRATION ${quoteIdentifierPart(info.name)} SET STORAGE_ALLOWED_LOCATIONS = ${quoteStringList(all)}`;
  view.change = 'alter';
  view.unsafe = false;
  view.warnings = [
    `Extends existing integration ${info.name} to also allow ${missing.join(', ')} (it allows ${info.allowed.join(', ') || 'nothing yet'}). The stages that use it keep working and the cloud trust policy stays valid: the integration keeps its external id. If the role must not reach this folder, ask for a separate integration instead ("call the integration ${info.name}_2").`,
  ];
}

/** Stages the plan reads through an existing integration that does not allow their URL yet get an ALTER. */
async function widenForStages(
  parsed: readonly CreateStatement[],
  views: PlanStatementView[],
  ctx: ReconcileContext,
  problems: string[],
): Promise<void> {
  for (const stmt of parsed) {
    if (stmt.kind !== 'STAGE' || !stmt.storageIntegration || !stmt.url) continue;
    const integ = stmt.storageIntegration.parts[stmt.storageIntegration.parts.length - 1] as string;
    const planned = views.find(
      (v) => v.kind === 'STORAGE_INTEGRATION' && sameIntegration(v.name, integ) && v.change !== 'exists',
    );
    if (planned) continue;
    const info = await ctx.inventory.integration(integ);
    if (!info) {
      if (!views.some((v) => v.kind === 'STORAGE_INTEGRATION' && sameIntegration(v.name, integ)))
        problems.push(
          `The stage uses storage integration ${stmt.storageIntegration.text}, which neither exists nor is part of this plan.`,
        );
      continue;
    }
    if (info.blocked.some((b) => covers(b, stmt.url as string))) {
      problems.push(
        `The stage URL ${stmt.url} is inside the blocked locations of integration ${info.name} (${info.blocked.join(', ')}).`,
      );
      continue;
    }
    if (integrationCovers(info, stmt.url)) {
      const reused = views.find((v) => v.kind === 'STORAGE_INTEGRATION' && sameIntegration(v.name, integ));
      if (!reused)
        views.unshift({
          kind: 'STORAGE_INTEGRATION',
          name: info.name,
          sql: '',
          change: 'exists',
          unsafe: false,
          warnings: [`Uses existing integration ${info.name} (allows ${info.allowed.join(', ')}).`],
        });
      continue;
    }
    const existing = views.find((v) => v.kind === 'STORAGE_INTEGRATION' && sameIntegration(v.name, integ));
    if (existing) toAlter(existing, info, [stmt.url]);
    else {
      const view: PlanStatementView = {
        kind: 'STORAGE_INTEGRATION',
        name: info.name,
        sql: '',
        change: 'alter',
        unsafe: false,
        warnings: [],
      };
      toAlter(view, info, [stmt.url]);
      views.unshift(view);
    }
  }
  // A reused integration the plan did not generate has no statement to show or run.
  for (let i = views.length - 1; i >= 0; i--) if (views[i]?.sql === '') views.splice(i, 1);
}

function sameIntegration(a: string, b: string): boolean {
  return a.replace(/^"|"$/g, '').toUpperCase() === b.toUpperCase();
}

function ownerMismatch(stmt: StorageIntegrationStatement, info: IntegrationInfo): string | null {
  if (info.provider && info.provider !== stmt.provider) return `for ${info.provider}, not ${stmt.provider}`;
  const opt = (key: string) => {
    const o = stmt.options.find((x) => x.key === key);
    return o ? (valueText(o.value) ?? '') : '';
  };
  if (stmt.provider.startsWith('S3')) {
    const arn = opt('STORAGE_AWS_ROLE_ARN');
    if (arn && info.roleArn && arn !== info.roleArn) return `for role ${info.roleArn}, not ${arn}`;
  }
  if (stmt.provider === 'AZURE') {
    const tenant = opt('AZURE_TENANT_ID');
    if (tenant && info.tenantId && tenant.toLowerCase() !== info.tenantId.toLowerCase())
      return `for tenant ${info.tenantId}, not ${tenant}`;
  }
  return null;
}

async function stagesUsing(integration: string, ctx: ReconcileContext): Promise<string[]> {
  const rows = await ctx.inventory.list('STAGE', { database: null, schema: null });
  return rows
    .filter((r) => text(r, 'storage_integration').toUpperCase() === integration.toUpperCase())
    .map((r) =>
      [text(r, 'database_name'), text(r, 'schema_name'), text(r, 'name')].filter(Boolean).join('.'),
    );
}

/** `CREATE X` → `CREATE OR REPLACE X` for generator output that named an object this thread created. */
export function orReplaceSql(sql: string): string | null {
  const out = sql.replace(/^(\s*CREATE)\s+(?:IF\s+NOT\s+EXISTS\s+)?/i, '$1 OR REPLACE ');
  const check = parseStatement(out);
  return check.ok && check.statement.orReplace ? out : null;
}

// ------------------------------------------------------------------ comparison with the live object

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
  if (!sameObjectName('FILE_FORMAT', liveFormat, askedFormat, ctx))
    out.push(`file format is ${liveFormat || 'inline'}, the plan says ${askedFormat || 'inline'}`);
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
  if (!sameObjectName('FILE_FORMAT', liveFormat, askedFormat, ctx))
    out.push(`file format is ${liveFormat || 'inline'}, the plan says ${askedFormat || 'inline'}`);
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

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
