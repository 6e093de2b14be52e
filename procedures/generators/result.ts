import { type GeneratedDdl, type GeneratorResult, InputError } from '../result.js';

/** Runs a generator and turns its outcome into the VARIANT a procedure returns; only InputError is an answer. */
export function toResult(generate: () => GeneratedDdl): GeneratorResult {
  try {
    return { ok: true, ...generate() };
  } catch (err) {
    if (err instanceof InputError) return { ok: false, error: { message: err.message, issues: err.issues } };
    throw err;
  }
}
