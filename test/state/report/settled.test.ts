/**
 * `ReportRun.settled`: what an import's save waits for (dataset-load.ts). It resolves once the
 * report is no longer busy (engine, dataset or running: the status dot), at once when it is not,
 * and at the bound when the report stays busy. The full flow (the save after the first report
 * of imported data) is in test/state/dataset/stored/dataset-persist.browser.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../../src/demo/index.ts';
import type { Engine } from '../../../src/engine/types.ts';
import { defaultSpec } from '../../../src/query/spec/spec.ts';
import { ReportRun, type Phase } from '../../../src/state/report/report-run.svelte.ts';
import { DataSource } from '../../../src/state/session/data-source.svelte.ts';

const { model } = generateDemo({ deals: 20 });

function reportRun(): ReportRun {
  const data = new DataSource(
    { createEngine: () => ({}) as Engine, loadDemo: async () => model },
    () => 'en',
    () => undefined,
  );
  return new ReportRun(data, () => defaultSpec(), 0);
}

/** Whether `p` has resolved after the pending microtasks. */
async function resolved(p: Promise<void>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
}

describe('ReportRun.settled', () => {
  it('resolves at once when no report is busy', async () => {
    const run = reportRun();
    for (const p of ['idle', 'ready', 'error'] as Phase[]) {
      run.phase = p;
      expect(await resolved(run.settled(60_000))).toBe(true);
    }
  });

  it('waits through every busy phase, and resolves when the report settles', async () => {
    const run = reportRun();
    run.hold('dataset');
    const waiting = run.settled(60_000);
    expect(await resolved(waiting)).toBe(false);
    run.phase = 'running';
    expect(await resolved(waiting)).toBe(false);
    run.phase = 'engine';
    expect(await resolved(waiting)).toBe(false);
    run.phase = 'ready';
    expect(await resolved(waiting)).toBe(true);
    run.stop();
  });

  it('a report that stays busy holds no one past the bound', async () => {
    const run = reportRun();
    run.phase = 'running';
    await run.settled(20);
    expect(run.phase).toBe('running');
  });
});
