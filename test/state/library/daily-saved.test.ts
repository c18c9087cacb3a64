/**
 * Saving and renaming a report from "My reports": the report on screen carries the saved name as
 * its title, which its heading shows and its shared link (`title=`) sends. Renamed, the report on
 * screen follows: it kept the old name, and the link copied next opened under it.
 */
import { describe, expect, it } from 'vitest';
import { defaultSpec } from '../../../src/query/spec/spec.ts';
import { Daily } from '../../../src/state/library/daily.svelte.ts';
import { ReportEditor } from '../../../src/state/report/report-editor.svelte.ts';
import type { Workbench } from '../../../src/state/session/workbench.svelte.ts';
import { memoryStorage } from '../memory-storage.ts';

function workbench() {
  const report = new ReportEditor({ model: null, catalog: null }, () => {});
  report.spec = { ...defaultSpec(), measures: ['revenue'] };
  const store = memoryStorage();
  return { report, store, daily: new Daily({ report } as unknown as Workbench, store) };
}

describe('saved reports: rename', () => {
  it('renaming the report on screen renames its title too, undoably', () => {
    const { report, daily } = workbench();
    const saved = daily.save('Pipeline')!;
    expect(report.spec.title).toBe('Pipeline');
    daily.rename(saved.id, 'Воронка Q3');
    expect(daily.reports[0]!.name).toBe('Воронка Q3');
    expect(report.spec.title).toBe('Воронка Q3');
    report.undo();
    expect(report.spec.title).toBe('Pipeline');
  });

  it('renaming another saved report leaves the report on screen as it is', () => {
    const { report, daily } = workbench();
    const first = daily.save('First')!;
    report.update({ ...report.spec, measures: ['deals'] });
    daily.save('Second');
    const shown = report.spec;
    daily.rename(first.id, 'First, renamed');
    expect(report.spec).toBe(shown);
    expect(daily.reports.map((r) => r.name)).toEqual(['First, renamed', 'Second']);
  });

  it('a report merely named like it (another name now) is not renamed', () => {
    const { report, daily } = workbench();
    const saved = daily.save('Pipeline')!;
    report.update({ ...report.spec, title: 'My own' });
    daily.rename(saved.id, 'Funnel');
    expect(report.spec.title).toBe('My own');
  });

  it('the rename is kept across a reload', () => {
    const { report, store, daily } = workbench();
    const saved = daily.save('Pipeline')!;
    daily.rename(saved.id, 'Funnel');
    const again = new Daily({ report } as unknown as Workbench, store);
    expect(again.reports.map((r) => [r.name, r.spec.title])).toEqual([['Funnel', 'Funnel']]);
  });
});

describe('saved reports: a name already taken', () => {
  it('another report saved under a saved name asks first; declined, the saved one is kept', () => {
    const { report, daily } = workbench();
    daily.save('Pipeline');
    report.update({ ...report.spec, measures: ['deals'], title: undefined });
    const asked: string[] = [];
    const kept = daily.save('Pipeline', (n) => (asked.push(n), false));
    expect(kept).toBeNull();
    expect(asked).toEqual(['Pipeline']);
    expect(daily.reports.map((r) => r.spec.measures)).toEqual([['revenue']]);
    expect(report.spec.title).toBeUndefined();
    daily.save('Pipeline', () => true);
    expect(daily.reports.map((r) => r.spec.measures)).toEqual([['deals']]);
  });

  it('the saved report itself, changed and saved again, is replaced without a question', () => {
    const { report, daily } = workbench();
    daily.save('Pipeline');
    report.update({ ...report.spec, measures: ['deals'] });
    const saved = daily.save('Pipeline', () => {
      throw new Error('asked');
    });
    expect(saved?.spec.measures).toEqual(['deals']);
    expect(daily.reports).toHaveLength(1);
  });
});

describe('saved reports: renamed to a name already taken', () => {
  it('asks first; declined, both stay as they were; agreed, the other is replaced', () => {
    const { report, daily } = workbench();
    const first = daily.save('First')!;
    report.update({ ...report.spec, measures: ['deals'], title: undefined });
    const second = daily.save('Second')!;
    daily.toggleOnDashboard(first.id);
    daily.toggleOnDashboard(second.id);
    daily.rename(first.id, 'Second', () => false);
    expect(daily.reports.map((r) => r.name)).toEqual(['First', 'Second']);
    daily.rename(first.id, 'Second', () => true);
    expect(daily.reports.map((r) => [r.id, r.name])).toEqual([[first.id, 'Second']]);
    expect(daily.dashboard.reportIds).toEqual([first.id]);
    // One report of the name: saving under it replaces that one.
    expect(daily.reports.filter((r) => r.name === 'Second')).toHaveLength(1);
  });
});
