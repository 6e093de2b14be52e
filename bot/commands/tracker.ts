import { PIPELINE_STATUSES, type PipelineStatus } from '../../procedures/tracker/columns.js';
import type { PipelineRow } from '../core/api.js';
import { type CliContext, withContext } from './context.js';
import type { CommandResult } from './io.js';

function table(rows: PipelineRow[]): string {
  if (rows.length === 0) return 'No pipelines.';
  const cols = [
    'PIPELINE_ID',
    'STATUS',
    'DATA_SOURCE_TYPE',
    'TABLE_NAME',
    'REQUESTED_BY',
    'APPROVED_BY',
    'CREATED_AT',
  ] as const;
  const cells = rows.map((r) => cols.map((c) => String(r[c] ?? '')));
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (vals: readonly string[]) =>
    vals
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(cols), ...cells.map(line)].join('\n');
}

/**
 * The tracker table as the core reads it (same repository, same table), without building the core and its agent:
 * a read needs neither, and loading them doubled the time of every `dea tracker` call.
 */
async function openTracker(ctx: CliContext) {
  const { TrackerRepository } = await import('../core/tracker.js');
  const { botTables } = await import('../core/sqlNames.js');
  return new TrackerRepository(ctx.warehouse, botTables(ctx.config.database, ctx.config.schema).tracker);
}

/** The drift of one live pipeline, read without building the core (the same modules the core uses). */
async function driftOf(ctx: CliContext, id: string) {
  // Loaded here so that `dea tracker list` stays as quick as before.
  const { driftReport } = await import('../core/drift.js');
  const { Inventory } = await import('../core/existing/inventory.js');
  const { liveRows } = await import('../core/existing/usage.js');
  const { botTables } = await import('../core/sqlNames.js');
  const place = { database: ctx.config.database, schema: ctx.config.schema };
  const live = await liveRows(ctx.warehouse, botTables(place.database, place.schema).tracker);
  return (await driftReport(live, new Inventory(ctx.warehouse), place)).get(id);
}

export async function runTrackerList(opts: {
  status?: string;
  limit: string;
  json: boolean;
}): Promise<CommandResult> {
  const status = opts.status?.toUpperCase();
  if (status && !(PIPELINE_STATUSES as readonly string[]).includes(status))
    return {
      exitCode: 1,
      output: '',
      error: `dea tracker list: unknown status "${opts.status}"; choose one of ${PIPELINE_STATUSES.join(', ')}`,
    };
  const limit = Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    return {
      exitCode: 1,
      output: '',
      error: 'dea tracker list: --limit must be a whole number from 1 to 500',
    };
  return withContext(async (ctx) => {
    const tracker = await openTracker(ctx);
    const page = await tracker.list({ status: status as PipelineStatus | undefined, limit });
    return { exitCode: 0, output: opts.json ? JSON.stringify(page.rows, null, 2) : table(page.rows) };
  });
}

export async function runTrackerShow(id: string, opts: { json: boolean }): Promise<CommandResult> {
  return withContext(async (ctx) => {
    const tracker = await openTracker(ctx);
    const row = await tracker.get(id);
    if (!row) return { exitCode: 1, output: '', error: `dea tracker show: there is no pipeline ${id}` };
    // Drift is read only for a live pipeline: whether its objects still match what its run created.
    const drift = row.STATUS === 'SUCCESS' ? await driftOf(ctx, row.PIPELINE_ID) : undefined;
    if (opts.json)
      return { exitCode: 0, output: JSON.stringify(drift ? { ...row, DRIFT: drift } : row, null, 2) };
    const lines = Object.entries(row)
      .filter(([k]) => !['DDL_STATEMENTS', 'EXECUTION_LOG', 'AGENT_USAGE', 'VERIFICATION'].includes(k))
      .map(([k, v]) => `${k.padEnd(18)} ${v ?? ''}`);
    const stmts = Array.isArray(row.DDL_STATEMENTS)
      ? (row.DDL_STATEMENTS as { kind: string; name: string; sql: string; change?: string }[]).map(
          (s) => `-- ${s.kind} ${s.name}${s.change ? ` [${s.change}]` : ''}\n${s.sql};`,
        )
      : [];
    return {
      exitCode: 0,
      output: [
        ...lines,
        ...(row.STATUS === 'SUCCESS'
          ? [
              '',
              (await import('../core/drift.js')).driftLine(drift),
              ...(drift?.objects ?? []).map((o) => `  ${o.state.padEnd(10)} ${o.detail}`),
            ]
          : []),
        '',
        'Statements:',
        ...stmts,
        '',
        'Execution log:',
        JSON.stringify(row.EXECUTION_LOG, null, 2),
      ].join('\n'),
    };
  });
}
