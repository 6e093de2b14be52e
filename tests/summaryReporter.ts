import type { Reporter, SerializedError, TestModule, TestRunEndReason } from 'vitest/node';

/**
 * Prints the plain closing line CI reads ("Tests: N passed, N failed") after vitest's own summary.
 *
 * The line must never read greener than vitest's own verdict: a file that failed to load or whose hooks threw,
 * a suite that failed, an unhandled error, or a run that did not end as passed each count as a failure here,
 * and the process exit code is forced non-zero for them (vitest already does, this keeps it so).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    modules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError> = [],
    reason: TestRunEndReason = 'passed',
  ): void {
    let passed = 0;
    let failedTests = 0;
    let skipped = 0;
    let failedFiles = 0;
    let failedSuites = 0;
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedTests++;
        else skipped++;
      }
      for (const s of m.children.allSuites()) if (s.state() === 'failed') failedSuites++;
      // A file counts as failed when vitest says so, even if every test in it that ran passed
      // (a throwing beforeAll/afterAll, an import error, a missing fixture).
      if (m.state() === 'failed' || m.errors().length > 0) failedFiles++;
    }
    const extraFailures =
      failedFiles + unhandledErrors.length + (reason === 'failed' && failedTests + failedFiles === 0 ? 1 : 0);
    const failed = failedTests + extraFailures;
    const detail: string[] = [];
    if (failedFiles) detail.push(`${failedFiles} failed file${failedFiles === 1 ? '' : 's'}`);
    if (failedSuites) detail.push(`${failedSuites} failed suite${failedSuites === 1 ? '' : 's'}`);
    if (unhandledErrors.length) detail.push(`${unhandledErrors.length} unhandled error(s)`);
    if (reason === 'interrupted') detail.push('run interrupted');
    process.stdout.write(
      `\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n` +
        (detail.length ? `(${detail.join(', ')})\n` : ''),
    );
    if (failed > 0 || reason !== 'passed') process.exitCode = 1;
  }
}
