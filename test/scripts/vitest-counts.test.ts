import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vitestCounts } from '../../scripts/vitest-counts.mjs';

const dir = mkdtempSync(join(tmpdir(), 'counts-'));
function report(name: string, body: object): string {
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(body));
  return f;
}
const base = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0 };

describe('vitest totals', () => {
  it('counts a file that failed to load and a file whose beforeAll threw as failures', () => {
    // The shapes vitest 4 writes for `throw` at module level and in beforeAll.
    const f = report('broken.json', {
      ...base,
      numPassedTests: 3,
      numPendingTests: 1,
      testResults: [
        { name: 'a.test.ts', status: 'failed', assertionResults: [] },
        { name: 'b.test.ts', status: 'failed', assertionResults: [{ status: 'skipped' }] },
        { name: 'c.test.ts', status: 'passed', assertionResults: [{ status: 'passed' }] },
      ],
    });
    expect(vitestCounts(f, 1)).toEqual({ passed: 3, failed: 2, skipped: 1 });
  });

  it('does not count a file twice when its failure is a failed test', () => {
    const f = report('test.json', {
      ...base,
      numPassedTests: 1,
      numFailedTests: 1,
      testResults: [
        {
          name: 'a.test.ts',
          status: 'failed',
          assertionResults: [{ status: 'failed' }, { status: 'passed' }],
        },
      ],
    });
    expect(vitestCounts(f, 1)).toEqual({ passed: 1, failed: 1, skipped: 0 });
  });

  it('a non-zero exit with nothing failed, or no report at all, is one failure', () => {
    const f = report('clean.json', { ...base, numPassedTests: 2, testResults: [] });
    expect(vitestCounts(f, 0)).toEqual({ passed: 2, failed: 0, skipped: 0 });
    expect(vitestCounts(f, 1)).toEqual({ passed: 2, failed: 1, skipped: 0 });
    expect(vitestCounts(join(dir, 'missing.json'), 1)).toEqual({
      passed: 0,
      failed: 1,
      skipped: 0,
    });
  });
});
