// A growth without a number ("new", "from 0") ranks above every number on a growth chart, as
// the table's growth sort puts it, with one category per bar or several series per category.
import { describe, expect, it } from 'vitest';
import type { ChartOptions } from '../../../src/charts/plot/chart.ts';
import { buildChart } from '../../../src/charts/plot/registry.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';

const dim = (key: string): OutputColumn => ({
  key,
  role: 'dimension',
  axis: 'row',
  format: 'text',
});
const val = (key: string, role: OutputColumn['role'], format: OutputColumn['format']) =>
  ({ key, role, measure: 'revenue', format }) as OutputColumn;
const GROWTH = [
  val('revenue', 'measure', 'money'),
  val('revenue_previous', 'previous', 'money'),
  val('revenue_growth', 'growth', 'pct'),
  val('revenue_earlier', 'earlier', 'int'),
];
const o: ChartOptions = {
  lang: 'en',
  width: 640,
  empty: '(empty)',
  label: (k) => k,
  valueKey: 'revenue_growth',
  growthNew: 'new',
  growthFromZero: 'from 0',
};
const row = (manager: string, now: number, before: number, earlier = 1, source = 'Web') => ({
  manager,
  source,
  revenue: now,
  revenue_previous: before,
  revenue_growth: before === 0 ? null : (now - before) / before,
  revenue_earlier: earlier,
});

describe('a growth chart puts a growth without a number first', () => {
  // Big numbers by |growth| (−90 %, +300 %) would rank above the fresh ones and cut them.
  const rows = [
    row('Dan', 100, 1000),
    row('Eve', 400, 100),
    row('Ann', 50, 0, 0),
    row('Bob', 70, 0),
    row('Cid', 110, 100),
  ];

  it('one bar per member: new, then from 0, then the numbers largest first, cut after them', () => {
    const all = buildChart(
      { analysis: 'pivot', chart: 'auto' },
      [dim('manager'), ...GROWTH],
      resultFromRows(rows),
      o,
    );
    expect(all.kind).toBe('barh');
    expect((all.options?.y as { domain: string[] }).domain).toEqual([
      'Ann',
      'Bob',
      'Eve',
      'Cid',
      'Dan',
    ]);
    const cut = buildChart(
      { analysis: 'pivot', chart: 'auto' },
      [dim('manager'), ...GROWTH],
      resultFromRows(rows),
      { ...o, maxBars: 3 },
    );
    // The cut keeps the largest by |growth| after the fresh ones: Eve's +300 % over Dan's −90 %.
    expect((cut.options?.y as { domain: string[] }).domain).toEqual(['Ann', 'Bob', 'Eve']);
    expect(cut.notes).toEqual([{ code: 'topBars', params: { shown: 3, total: 5 } }]);
  });

  it('grouped bars: a category with a fresh series ranks first and survives the cut', () => {
    const two = [...rows, row('Dan', 10, 0, 0, 'Ads')];
    const cut = buildChart(
      { analysis: 'pivot', chart: 'auto' },
      [dim('manager'), dim('source'), ...GROWTH],
      resultFromRows(two),
      { ...o, maxBars: 3 },
    );
    expect(cut.kind).toBe('bar_grouped');
    expect((cut.options?.fy as { domain: string[] }).domain).toEqual(['Dan', 'Ann', 'Bob']);
  });
});
