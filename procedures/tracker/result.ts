import type { RefusalReason } from '../execute/types.js';

/** Why a tracker procedure changed nothing: the execute procedure's reasons but the guard's and the role's. */
export type TrackerRefusalReason = Exclude<RefusalReason, 'guard_refused' | 'not_permitted'>;

/** What RECORD_PROPOSAL, DECIDE_PIPELINE, RECORD_CHECKS and RECONCILE_INTERRUPTED return. */
export interface TrackerResult {
  ok: boolean;
  pipeline_id: string | null;
  /** The row's status after the call (null when there is no row). */
  status: string | null;
  message: string;
  reason?: TrackerRefusalReason;
  /** RECONCILE_INTERRUPTED: how many rows it ended. */
  count?: number;
  /** RECONCILE_INTERRUPTED: the bound it applied, the larger of the one asked and the administrator's. */
  staleSeconds?: number;
}

export function refused(
  pipelineId: string | null,
  status: string | null,
  reason: TrackerRefusalReason,
  message: string,
): TrackerResult {
  return { ok: false, pipeline_id: pipelineId, status, message, reason };
}

export function done(pipelineId: string | null, status: string | null, message: string): TrackerResult {
  return { ok: true, pipeline_id: pipelineId, status, message };
}

const PRINCIPAL = /^[a-z][a-z-]*:\S{1,200}$/;

/** A principal as the channels write it (slack:U123, teams:<aad id>, local:alice). */
export function isPrincipal(value: unknown): value is string {
  return typeof value === 'string' && PRINCIPAL.test(value);
}

export function nonEmpty(value: unknown, max = 2_000): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= max;
}

/** ARRAY / OBJECT arguments arrive as values in Snowflake; an emulation may hand over JSON text. */
export function structured(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
