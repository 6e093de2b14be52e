/**
 * RECORD_PROPOSAL: the only way a plan enters the tracker. The procedure recomputes the hash from the statements,
 * and the plan's contributors are everyone the bot names plus everyone who requested or edited an earlier plan of
 * the same thread, so an edit by another user can never turn a plan into "someone else's" request.
 */
import { readSchemaContext } from '../execute/objects.js';
import { planHash } from '../execute/planHash.js';
import { readPlanStatements } from '../execute/planStatements.js';
import { queryRows, variantValue } from '../runtime/query.js';
import type { SnowflakeApi } from '../runtime/snowflakeApi.js';
import { contributorsOf } from './approvers.js';
import { done, isPrincipal, nonEmpty, refused, structured, type TrackerResult } from './result.js';
import { insertProposal, MAX_PLAN_TTL_MS, markReplaced, trackerTable } from './sql.js';

export interface ProposalArgs {
  PIPELINE_ID?: unknown;
  DDL_STATEMENTS?: unknown;
  PLAN_HASH?: unknown;
  REQUESTED_BY?: unknown;
  CONTRIBUTORS?: unknown;
  CHANNEL?: unknown;
  THREAD_REF?: unknown;
  TTL_MS?: unknown;
  NAMES?: unknown;
  AGENT_USAGE?: unknown;
  REPLACES?: unknown;
}

const PIPELINE_ID = /^P-[0-9a-f]{12}$/;
/** Far above any real plan (four statements with warnings); keeps one call from filling the tracker. */
const MAX_PLAN_JSON = 1_000_000;
const NAME_KEYS = ['dataSourceType', 'integrationName', 'stageName', 'fileFormatName', 'tableName'] as const;

function names(raw: unknown): Record<(typeof NAME_KEYS)[number], string | null> | string {
  const value = structured(raw ?? {});
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'NAMES must be an object';
  const out = {} as Record<(typeof NAME_KEYS)[number], string | null>;
  for (const key of NAME_KEYS) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined && v !== null && !nonEmpty(v, 1_000)) return `NAMES.${key} must be text`;
    out[key] = typeof v === 'string' ? v : null;
  }
  return out;
}

export function recordProposal(args: ProposalArgs, sf: SnowflakeApi): TrackerResult {
  const id = args.PIPELINE_ID;
  if (typeof id !== 'string' || !PIPELINE_ID.test(id))
    return refused(null, null, 'invalid_request', 'PIPELINE_ID must look like P-0123456789ab');
  const given = structured(args.DDL_STATEMENTS);
  if (JSON.stringify(given ?? null).length > MAX_PLAN_JSON)
    return refused(
      id,
      null,
      'invalid_plan',
      `invalid plan: DDL_STATEMENTS is over ${MAX_PLAN_JSON} characters`,
    );
  const plan = readPlanStatements(given);
  if (!plan.ok) return refused(id, null, 'invalid_plan', `invalid plan: ${plan.message}`);
  const hash = planHash(plan.statements);
  if (args.PLAN_HASH !== hash)
    return refused(
      id,
      null,
      'hash_mismatch',
      `PLAN_HASH does not match the statements (they hash to ${hash}); nothing was recorded`,
    );
  if (!isPrincipal(args.REQUESTED_BY))
    return refused(id, null, 'invalid_request', 'REQUESTED_BY must be a principal such as slack:U123');
  const named = structured(args.CONTRIBUTORS ?? []);
  if (!Array.isArray(named) || !named.every(isPrincipal))
    return refused(id, null, 'invalid_request', 'CONTRIBUTORS must be an array of principals');
  if (!nonEmpty(args.CHANNEL, 40) || !nonEmpty(args.THREAD_REF, 500))
    return refused(id, null, 'invalid_request', 'CHANNEL and THREAD_REF are required');
  const ttl = Number(args.TTL_MS);
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_PLAN_TTL_MS)
    return refused(
      id,
      null,
      'invalid_request',
      `TTL_MS must be a whole number of milliseconds between 1 and ${MAX_PLAN_TTL_MS} (30 days)`,
    );
  const objectNames = names(args.NAMES);
  if (typeof objectNames === 'string') return refused(id, null, 'invalid_request', objectNames);
  if (args.REPLACES !== null && args.REPLACES !== undefined && typeof args.REPLACES !== 'string')
    return refused(id, null, 'invalid_request', 'REPLACES must be a pipeline id');

  const table = trackerTable(readSchemaContext(sf));
  // Everyone who shaped an earlier plan of this thread shaped this one too.
  const earlier = queryRows(
    sf,
    `SELECT REQUESTED_BY, CONTRIBUTORS FROM ${table} WHERE CHANNEL = ? AND THREAD_REF = ?`,
    [args.CHANNEL, args.THREAD_REF],
    ['REQUESTED_BY', 'CONTRIBUTORS'],
  );
  const contributors = new Set<string>([args.REQUESTED_BY, ...named]);
  for (const row of earlier) {
    const by = typeof row.REQUESTED_BY === 'string' ? row.REQUESTED_BY : null;
    for (const p of contributorsOf(variantValue(row.CONTRIBUTORS), by)) contributors.add(p);
  }
  insertProposal(sf, table, {
    pipelineId: id,
    ...objectNames,
    statements: plan.statements.map((s, i) => ({
      ...(given as Record<string, unknown>[])[i],
      ...s,
    })),
    requestedBy: args.REQUESTED_BY,
    contributors: [...contributors],
    channel: args.CHANNEL,
    threadRef: args.THREAD_REF,
    planHash: hash,
    ttlMs: ttl,
    agentUsage: structured(args.AGENT_USAGE ?? null),
  });
  let message = `pipeline ${id} recorded as PROPOSED`;
  if (typeof args.REPLACES === 'string' && args.REPLACES.length > 0) {
    const replaced = markReplaced(sf, table, args.REPLACES, args.CHANNEL, args.THREAD_REF, id) === 1;
    message += replaced
      ? `; ${args.REPLACES} is EXPIRED (replaced)`
      : `; ${args.REPLACES} was not open in this thread and stays as it is`;
  }
  return done(id, 'PROPOSED', message);
}
