/**
 * Drift: whether the objects of each SUCCESS pipeline still exist and match what its run created — dropped,
 * replaced (created again after the run) or changed (options, URL, allowed locations). Computed for every live
 * pipeline from one Inventory (one SHOW per kind and scope, one DESC per object), so callers cache the whole
 * report for one refresh interval instead of querying per viewer.
 */
import { canonicalName } from '../../procedures/execute/changeSteps.js';
import type { ResolvedObject, SchemaContext } from '../../procedures/execute/objects.js';
import type { StatementKind } from '../../procedures/names.js';
import type { StageStatement, StorageIntegrationStatement } from '../../procedures/parser/ast.js';
import { parseStatement } from '../../procedures/parser/index.js';
import { type CreatedStep, canonicalObject, createdSteps } from './createdSteps.js';
import { differencesFromLive } from './existing/differences.js';
import { covers, type Inventory, integrationCovers } from './existing/inventory.js';
import { type LiveRow, NAME_COLUMNS } from './existing/usage.js';
import { label } from './planDrafts.js';

export type DriftState = 'ok' | 'dropped' | 'replaced' | 'changed' | 'superseded';

export interface ObjectDrift {
  kind: StatementKind;
  name: string;
  state: DriftState;
  /** One sentence: what differs, or which later pipeline replaced it. */
  detail: string;
}

export interface PipelineDrift {
  pipelineId: string;
  /** True when an object is dropped, replaced outside the bot, or changed. */
  drifted: boolean;
  objects: ObjectDrift[];
  checkedAt: string;
}

/** Clock differences between a procedure's log and SHOW's created_on stay well below this. */
const SLACK_MS = 1_000;

/** A created step with a known start: when it ended, to tell "replaced outside the bot" from "created by it". */
type EndedStep = Omit<CreatedStep, 'startedAt' | 'ms'> & { endedAt: number };

function createdWithEnd(log: unknown, ctx: SchemaContext): EndedStep[] {
  return createdSteps(log, ctx)
    .filter((s) => !Number.isNaN(s.startedAt))
    .map((s) => ({ kind: s.kind, name: s.name, sql: s.sql, endedAt: s.startedAt + s.ms }));
}

function createdOn(row: Record<string, unknown>): number {
  const v = row.created_on ?? row.CREATED_ON;
  return v instanceof Date ? v.getTime() : Date.parse(String(v ?? ''));
}

/** The drift of every live pipeline in `rows` (newest first, as liveRows returns them). */
export async function driftReport(
  rows: readonly LiveRow[],
  inventory: Inventory,
  ctx: SchemaContext,
  now: () => number = Date.now,
): Promise<Map<string, PipelineDrift>> {
  const out = new Map<string, PipelineDrift>();
  // Who created each object last, so an approved later edit reads as "superseded", not as drift.
  const creators = new Map<string, { id: string; endedAt: number }[]>();
  for (const row of rows)
    for (const step of createdWithEnd(row.EXECUTION_LOG, ctx)) {
      const key = `${step.kind}:${step.name}`;
      creators.set(key, [...(creators.get(key) ?? []), { id: row.PIPELINE_ID, endedAt: step.endedAt }]);
    }
  for (const row of rows) {
    const objects: ObjectDrift[] = [];
    const steps = createdWithEnd(row.EXECUTION_LOG, ctx);
    const stageUrls = steps
      .filter((s) => s.kind === 'STAGE')
      .map((s) => parseStatement(s.sql))
      .flatMap((p) =>
        p.ok && (p.statement as StageStatement).url ? [(p.statement as StageStatement).url as string] : [],
      );
    for (const step of steps)
      objects.push(await stepDrift(step, row.PIPELINE_ID, creators, stageUrls, inventory, ctx));
    // Objects the pipeline reused (named on its row but created elsewhere) must still exist.
    for (const [kind, column] of NAME_COLUMNS) {
      const written = row[column];
      const name = written ? canonicalName(kind, written, ctx) : null;
      if (!name || steps.some((s) => s.kind === kind && s.name === name)) continue;
      let obj: ResolvedObject;
      try {
        obj = canonicalObject(kind, name, ctx);
      } catch {
        continue;
      }
      const live = await inventory.find(obj);
      objects.push(
        live
          ? { kind, name, state: 'ok', detail: `${label(kind)} ${name} (reused) exists.` }
          : { kind, name, state: 'dropped', detail: `${label(kind)} ${name} (reused) no longer exists.` },
      );
    }
    out.set(row.PIPELINE_ID, {
      pipelineId: row.PIPELINE_ID,
      drifted: objects.some((o) => o.state === 'dropped' || o.state === 'replaced' || o.state === 'changed'),
      objects,
      checkedAt: new Date(now()).toISOString(),
    });
  }
  return out;
}

async function stepDrift(
  step: EndedStep,
  pipelineId: string,
  creators: Map<string, { id: string; endedAt: number }[]>,
  stageUrls: readonly string[],
  inventory: Inventory,
  ctx: SchemaContext,
): Promise<ObjectDrift> {
  const what = `${label(step.kind)} ${step.name}`;
  let obj: ResolvedObject;
  try {
    obj = canonicalObject(step.kind, step.name, ctx);
  } catch {
    return {
      kind: step.kind,
      name: step.name,
      state: 'changed',
      detail: `${what} has a name that cannot be read.`,
    };
  }
  const live = await inventory.find(obj);
  if (!live)
    return { kind: step.kind, name: step.name, state: 'dropped', detail: `${what} no longer exists.` };
  // A later approved pipeline that created the same object (an edit after SUCCESS) owns its definition now.
  const later = (creators.get(`${step.kind}:${step.name}`) ?? []).find(
    (c) => c.id !== pipelineId && c.endedAt > step.endedAt,
  );
  const created = createdOn(live);
  const newest = Math.max(step.endedAt, later?.endedAt ?? 0);
  if (!Number.isNaN(created) && created > newest + SLACK_MS)
    return {
      kind: step.kind,
      name: step.name,
      state: 'replaced',
      detail: `${what} was created again at ${new Date(created).toISOString()}, after ${later ? `pipeline ${later.id}` : 'this pipeline'} ran, outside the bot.`,
    };
  if (later)
    return {
      kind: step.kind,
      name: step.name,
      state: 'superseded',
      detail: `${what} was replaced by the approved pipeline ${later.id}.`,
    };
  const parsed = parseStatement(step.sql);
  if (!parsed.ok) return { kind: step.kind, name: step.name, state: 'ok', detail: `${what} exists.` };
  if (parsed.statement.kind === 'STORAGE_INTEGRATION') {
    const info = await inventory.integration(obj.objectName);
    const lost = info ? stageUrls.filter((u) => !integrationCovers(info, u)) : [];
    const stmt = parsed.statement as StorageIntegrationStatement;
    const narrowed = info ? stmt.allowedLocations.filter((l) => !info.allowed.some((a) => covers(a, l))) : [];
    if (lost.length || narrowed.length)
      return {
        kind: step.kind,
        name: step.name,
        state: 'changed',
        detail: `${what} no longer allows ${[...new Set([...lost, ...narrowed])].join(', ')}.`,
      };
    return { kind: step.kind, name: step.name, state: 'ok', detail: `${what} exists as created.` };
  }
  const differences = await differencesFromLive(parsed.statement, obj, { inventory, ...ctx });
  if (differences.length > 0)
    return {
      kind: step.kind,
      name: step.name,
      state: 'changed',
      detail: `${what} changed: ${differences.join('; ')}.`,
    };
  return { kind: step.kind, name: step.name, state: 'ok', detail: `${what} exists as created.` };
}

/** One line for the CLI and plain-text channels. */
export function driftLine(d: PipelineDrift | undefined): string {
  if (!d) return 'drift: not checked';
  if (!d.drifted) {
    const superseded = d.objects.filter((o) => o.state === 'superseded');
    return `drift: none (checked ${d.checkedAt})${superseded.length ? `; ${superseded.map((o) => o.detail).join(' ')}` : ''}`;
  }
  return `drift: ${d.objects
    .filter((o) => o.state !== 'ok' && o.state !== 'superseded')
    .map((o) => o.detail)
    .join(' ')} (checked ${d.checkedAt})`;
}
