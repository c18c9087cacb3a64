import { describe, expect, it } from 'vitest';
import { defaultSpec, type ReportSpec } from '../../../src/query/spec/spec.ts';
import {
  addDimension,
  addMeasure,
  cycleSort,
  moveItem,
  removeAt,
  setCompare,
  setGrain,
  setPeriod,
  swapAxes,
  upsertFilter,
} from '../../../src/state/report/spec-edit.ts';
import {
  lastFourQuarters,
  matchQuickPeriod,
  quickPeriod,
} from '../../../src/state/report/periods.ts';

const base = (): ReportSpec => ({ ...defaultSpec(), measures: ['revenue'] });

describe('spec edits', () => {
  it('adds dimensions with a grain for dates and moves a field instead of duplicating it', () => {
    let s = addDimension(base(), 'rows', 'manager', false);
    s = addDimension(s, 'columns', 'period', true);
    expect(s.rows).toEqual([{ field: 'manager' }]);
    expect(s.columns).toEqual([{ field: 'period', grain: 'quarter' }]);
    s = addDimension(s, 'columns', 'manager', false, 0);
    expect(s.rows).toEqual([]);
    expect(s.columns.map((d) => d.field)).toEqual(['manager', 'period']);
  });

  it('never mutates its input', () => {
    const s = base();
    const frozen = JSON.stringify(s);
    addDimension(s, 'rows', 'source', false);
    addMeasure(s, 'won');
    removeAt(s, 'measures', 0);
    expect(JSON.stringify(s)).toBe(frozen);
  });

  it('moves items within and across axes, but not measures into rows', () => {
    let s: ReportSpec = { ...base(), rows: [{ field: 'a' }, { field: 'b' }, { field: 'c' }] };
    s = moveItem(s, 'rows', 0, 'rows', 2);
    expect(s.rows.map((d) => d.field)).toEqual(['b', 'c', 'a']);
    s = moveItem(s, 'rows', 1, 'columns', 0);
    expect(s.columns.map((d) => d.field)).toEqual(['c']);
    expect(moveItem(s, 'measures', 0, 'rows', 0)).toBe(s);
  });

  it('swaps axes and changes a grain', () => {
    let s: ReportSpec = {
      ...base(),
      rows: [{ field: 'manager' }],
      columns: [{ field: 'created_at', grain: 'month' }],
    };
    s = swapAxes(s);
    expect(s.rows[0]!.field).toBe('created_at');
    s = setGrain(s, 'rows', 0, 'year');
    expect(s.rows[0]).toEqual({ field: 'created_at', grain: 'year' });
  });

  it('drops sort keys that no longer name a column', () => {
    let s = addDimension(base(), 'rows', 'manager', false);
    s = cycleSort(s, 'revenue');
    expect(s.sort).toEqual([{ key: 'revenue', dir: 'desc' }]);
    expect(cycleSort(s, 'revenue').sort).toEqual([{ key: 'revenue', dir: 'asc' }]);
    expect(cycleSort(cycleSort(s, 'revenue'), 'revenue').sort).toEqual([]);
    s = removeAt(s, 'measures', 0);
    expect(s.sort).toEqual([]);
  });

  it('cycles a sort by one table column on its own; another column starts again at desc', () => {
    let s: ReportSpec = {
      ...base(),
      rows: [{ field: 'manager' }],
      columns: [{ field: 'period', grain: 'quarter' }],
      measures: ['revenue'],
    };
    s = cycleSort(s, 'revenue', ['2024-Q3']);
    expect(s.sort).toEqual([{ key: 'revenue', dir: 'desc', column: ['2024-Q3'] }]);
    expect(cycleSort(s, 'revenue', ['2024-Q3']).sort).toEqual([
      { key: 'revenue', dir: 'asc', column: ['2024-Q3'] },
    ]);
    expect(cycleSort(cycleSort(s, 'revenue', ['2024-Q3']), 'revenue', ['2024-Q3']).sort).toEqual(
      [],
    );
    expect(cycleSort(s, 'revenue', ['2024-Q4']).sort).toEqual([
      { key: 'revenue', dir: 'desc', column: ['2024-Q4'] },
    ]);
    // The row total (no column, or an empty one) is a different target from any one quarter.
    expect(cycleSort(s, 'revenue').sort).toEqual([{ key: 'revenue', dir: 'desc' }]);
    expect(cycleSort(s, 'revenue', []).sort).toEqual([{ key: 'revenue', dir: 'desc' }]);
  });

  it('a sort column is dropped when the column axis changes, kept otherwise', () => {
    let s: ReportSpec = {
      ...base(),
      rows: [{ field: 'manager' }],
      columns: [{ field: 'period', grain: 'quarter' }],
      measures: ['revenue', 'won'],
      sort: [{ key: 'revenue', dir: 'asc', column: ['2024-Q3'] }],
    };
    const kept = [{ key: 'revenue', dir: 'asc', column: ['2024-Q3'] }];
    const plain = [{ key: 'revenue', dir: 'asc' }];
    expect(addDimension(s, 'rows', 'source', false).sort).toEqual(kept);
    expect(moveItem(s, 'measures', 1, 'measures', 0).sort).toEqual(kept);
    expect(setGrain(s, 'rows', 0, 'year').sort).toEqual(kept);
    expect(setGrain(s, 'columns', 0, 'month').sort).toEqual(plain);
    expect(addDimension(s, 'columns', 'source', false).sort).toEqual(plain);
    expect(removeAt(s, 'columns', 0).sort).toEqual(plain);
    expect(moveItem(s, 'columns', 0, 'rows', 1).sort).toEqual(plain);
    expect(swapAxes(s).sort).toEqual(plain);
    s = { ...s, columns: [...s.columns, { field: 'source' }] };
    expect(moveItem(s, 'columns', 1, 'columns', 0).sort).toEqual(plain);
  });

  it('turns comparison off without a period', () => {
    let s = setCompare(base(), 'previous');
    expect(s.compare).toBeNull();
    s = setPeriod(base(), { from: '2025-01-01', to: '2025-03-31' });
    s = setCompare(s, 'year');
    expect(s.compare).toBe('year');
    expect(setPeriod(s, null).compare).toBeNull();
  });

  it('replaces the filter on a field', () => {
    let s = upsertFilter(base(), { field: 'source', op: 'in', values: ['web'] });
    s = upsertFilter(s, { field: 'source', op: 'not_in', values: ['ads'] });
    expect(s.filters).toEqual([{ field: 'source', op: 'not_in', values: ['ads'] }]);
  });
});

describe('quick periods', () => {
  it('anchors at the latest date of the data', () => {
    expect(quickPeriod('thisMonth', '2025-12-17')).toEqual({
      from: '2025-12-01',
      to: '2025-12-31',
    });
    expect(quickPeriod('lastMonth', '2025-01-17')).toEqual({
      from: '2024-12-01',
      to: '2024-12-31',
    });
    expect(quickPeriod('thisQuarter', '2025-05-02')).toEqual({
      from: '2025-04-01',
      to: '2025-06-30',
    });
    expect(quickPeriod('lastQuarter', '2025-02-02')).toEqual({
      from: '2024-10-01',
      to: '2024-12-31',
    });
    expect(quickPeriod('lastYear', '2025-02-02')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(quickPeriod('last12Months', '2025-02-02')).toEqual({
      from: '2024-03-01',
      to: '2025-02-28',
    });
    expect(lastFourQuarters('2025-12-31')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(lastFourQuarters('2025-05-10')).toEqual({ from: '2024-07-01', to: '2025-06-30' });
  });

  it('recognises a quick pick', () => {
    expect(matchQuickPeriod({ from: '2025-01-01', to: '2025-12-31' }, '2025-12-31')).toBe(
      'thisYear',
    );
    expect(matchQuickPeriod({ from: '2025-01-02', to: '2025-12-31' }, '2025-12-31')).toBeNull();
  });
});
