// Totals from vitest's JSON report, for scripts/test-all.mjs (kept apart so it can be tested).
import { readFileSync } from 'node:fs';

/**
 * Reads vitest's JSON report. A test file that failed without a failed test in it (it did not
 * load, or a `beforeAll` threw) counts as one failure of its own; a missing report (crash) or a
 * non-zero exit with nothing failed counts as one failure.
 */
export function vitestCounts(file, status) {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    const brokenFiles = (r.testResults ?? []).filter(
      (f) =>
        f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
    ).length;
    let failed = r.numFailedTests + brokenFiles;
    if (status !== 0 && failed === 0) failed = 1;
    return { passed: r.numPassedTests, failed, skipped: r.numPendingTests + r.numTodoTests };
  } catch {
    return { passed: 0, failed: 1, skipped: 0 };
  }
}
