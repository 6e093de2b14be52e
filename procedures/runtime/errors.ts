import type { SnowflakeErrorShape } from './snowflakeApi.js';

/** The error record kept in EXECUTION_LOG: enough to explain a failure, never a stack trace. */
export interface StepError {
  code: string;
  state: string;
  message: string;
}

/**
 * Normalises whatever was thrown (a Snowflake SQL error, a JS Error, a thrown string) into a StepError.
 * Snowflake's `code` is a number or numeric string, so it is kept as text to give one shape everywhere.
 */
export function toStepError(thrown: unknown): StepError {
  if (typeof thrown === 'string') return { code: '', state: '', message: thrown };
  if (thrown !== null && typeof thrown === 'object') {
    const e = thrown as SnowflakeErrorShape;
    return {
      code: e.code === undefined || e.code === null ? '' : String(e.code),
      state: e.state === undefined || e.state === null ? '' : String(e.state),
      message: typeof e.message === 'string' ? e.message : String(thrown),
    };
  }
  return { code: '', state: '', message: String(thrown) };
}
