import { expect } from 'vitest';
import { type GeneratedDdl, InputError, type InputIssue } from '../../../../procedures/result.js';

/** The issues a generator reports for `input`; fails the test when it accepts the input. */
export function issuesOf(generate: (input: unknown) => GeneratedDdl, input: unknown): InputIssue[] {
  try {
    const out = generate(input);
    throw new Error(`expected InputError, got DDL:\n${out.ddl}`);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    expect(err.issues.length).toBeGreaterThan(0);
    for (const issue of err.issues) expect(issue.message.length).toBeGreaterThan(10);
    return err.issues;
  }
}

/** Asserts exactly one issue at `path` whose message matches. */
export function expectIssue(
  generate: (input: unknown) => GeneratedDdl,
  input: unknown,
  path: string,
  message: RegExp,
): void {
  const issues = issuesOf(generate, input);
  const at = issues.filter((i) => i.path === path);
  expect(at, `issues: ${JSON.stringify(issues)}`).toHaveLength(1);
  expect(at[0]?.message).toMatch(message);
}
