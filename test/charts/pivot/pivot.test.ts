import { describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { buildPivot, type PivotLabels } from '../../../src/charts/pivot/pivot.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';

const labels: PivotLabels = {
  lang: 'en',
  empty: '(empty)',
  total: 'Total',
  all: 'All',
  subtotal: (g) => `Total ${g}`,
  dimension: (c) => c.key.toUpperCase(),
  value: (c) => c.key,
};

const manager: OutputColumn = { key: 'manager', role: 'dimension', axis: 'row', format: 'text' };
const source: OutputColumn = { key: 'source', role: 'dimension', axis: 'row', format: 'text' };
const quarter: OutputColumn = {
  key: 'period:quarter',
  role: 'dimension',
  axis: 'column',
  format: 'text',
};
const revenue: OutputColumn = {
  key: 'revenue',
  role: 'measure',
  measure: 'revenue',
  format: 'money',
};
const won: OutputColumn = { key: 'won', role: 'measure', measure: 'won', format: 'int' };
const grouping: OutputColumn = { key: '_grouping', role: 'grouping', format: 'int' };

const texts = (row: { labels: { text: string; repeat: boolean }[] }) =>
  row.labels.map((l) => (l.repeat ? '' : l.text));

describe('buildPivot', () => {
  it('lays out one row dimension and one measure without totals', () => {
    const r = resultFromRows([
      { manager: 'Bob', revenue: 300 },
      { manager: 'Ann', revenue: 100 },
    ]);
    const p = buildPivot([manager, revenue], r, labels);
    expect(p.header).toHaveLength(1);
    expect(p.header[0]!.map((h) => h.text)).toEqual(['MANAGER', 'revenue']);
    // Result order (the SQL's ORDER BY) is kept for rows.
    expect(p.rows.map(texts)).toEqual([['Bob'], ['Ann']]);
    expect(p.rows.map((r) => r.values)).toEqual([[300], [100]]);
    expect(p.rows.every((r) => r.kind === 'data')).toBe(true);
  });

  it('places subtotal rows after their group and the grand total last', () => {
    // GROUPING(manager, source): 2 = manager rolled up, 1 = source rolled up.
    const r = resultFromRows([
      { manager: 'Ann', source: 'web', revenue: 10, _grouping: 0 },
      { manager: 'Ann', source: 'ads', revenue: 5, _grouping: 0 },
      { manager: 'Bob', source: 'web', revenue: 7, _grouping: 0 },
      { manager: 'Ann', source: null, revenue: 15, _grouping: 1 },
      { manager: 'Bob', source: null, revenue: 7, _grouping: 1 },
      { manager: null, source: null, revenue: 22, _grouping: 3 },
    ]);
    const p = buildPivot([manager, source, revenue, grouping], r, labels);
    expect(p.rows.map((x) => x.kind)).toEqual([
      'data',
      'data',
      'subtotal',
      'data',
      'subtotal',
      'total',
    ]);
    expect(p.rows.map(texts)).toEqual([
      ['Ann', 'web'],
      ['', 'ads'],
      ['Total Ann'],
      ['Bob', 'web'],
      ['Total Bob'],
      ['Total'],
    ]);
    expect(p.rows[2]!.labels[0]!.colspan).toBe(2);
    expect(p.rows[5]!.labels[0]!.colspan).toBe(2);
    expect(p.rows.map((x) => x.values[0])).toEqual([10, 5, 15, 7, 7, 22]);
    expect(p.labelColumns).toBe(2);
  });

  it('shows a real null member as (empty), distinct from a rolled-up total', () => {
    const r = resultFromRows([
      { manager: 'Ann', revenue: 1, _grouping: 0 },
      { manager: null, revenue: 2, _grouping: 0 },
      { manager: null, revenue: 3, _grouping: 1 },
    ]);
    const p = buildPivot([manager, revenue, grouping], r, labels);
    expect(p.rows.map(texts)).toEqual([['Ann'], ['(empty)'], ['Total']]);
    expect(p.rows[1]!.labels[0]!.empty).toBe(true);
    expect(p.rows.map((x) => x.values[0])).toEqual([1, 2, 3]);
  });

  it('crosses a column dimension with several measures, with row and column totals', () => {
    // GROUPING(manager, quarter): 2 = manager rolled up, 1 = quarter rolled up.
    const rows = [
      { manager: 'Ann', 'period:quarter': '2017-Q2', revenue: 20, won: 2, _grouping: 0 },
      { manager: 'Ann', 'period:quarter': '2017-Q1', revenue: 10, won: 1, _grouping: 0 },
      { manager: 'Bob', 'period:quarter': '2017-Q1', revenue: 5, won: 1, _grouping: 0 },
      { manager: 'Ann', 'period:quarter': null, revenue: 30, won: 3, _grouping: 1 },
      { manager: 'Bob', 'period:quarter': null, revenue: 5, won: 1, _grouping: 1 },
      { manager: null, 'period:quarter': '2017-Q1', revenue: 15, won: 2, _grouping: 2 },
      { manager: null, 'period:quarter': '2017-Q2', revenue: 20, won: 2, _grouping: 2 },
      { manager: null, 'period:quarter': null, revenue: 35, won: 4, _grouping: 3 },
    ];
    const p = buildPivot([manager, quarter, revenue, won, grouping], resultFromRows(rows), labels);
    // Header: corner + members (sorted) + total; then dim label + value labels.
    expect(p.header).toHaveLength(2);
    expect(p.header[0]!.map((h) => [h.kind, h.text, h.colspan, h.rowspan])).toEqual([
      ['corner', '', 1, 1],
      ['member', '2017-Q1', 2, 1],
      ['member', '2017-Q2', 2, 1],
      ['total', 'Total', 2, 1],
    ]);
    expect(p.header[0]![1]!.scope).toBe('colgroup');
    expect(p.header[1]!.map((h) => h.text)).toEqual([
      'MANAGER',
      'revenue',
      'won',
      'revenue',
      'won',
      'revenue',
      'won',
    ]);
    expect(p.leaves.map((l) => l.kind)).toEqual(['data', 'data', 'data', 'data', 'total', 'total']);
    expect(p.rows.map(texts)).toEqual([['Ann'], ['Bob'], ['Total']]);
    expect(p.rows[0]!.values).toEqual([10, 1, 20, 2, 30, 3]);
    expect(p.rows[1]!.values).toEqual([5, 1, null, null, 5, 1]);
    expect(p.rows[2]!.values).toEqual([15, 2, 20, 2, 35, 4]);
  });

  it('nests two column dimensions with a subtotal header spanning down', () => {
    const year: OutputColumn = {
      key: 'period:year',
      role: 'dimension',
      axis: 'column',
      format: 'text',
    };
    const src: OutputColumn = { key: 'source', role: 'dimension', axis: 'column', format: 'text' };
    // GROUPING(year, source) over column dims only: 1 = source rolled up, 3 = both.
    const r = resultFromRows([
      { 'period:year': '2017', source: 'web', revenue: 1, _grouping: 0 },
      { 'period:year': '2017', source: 'ads', revenue: 2, _grouping: 0 },
      { 'period:year': '2018', source: 'web', revenue: 4, _grouping: 0 },
      { 'period:year': '2017', source: null, revenue: 3, _grouping: 1 },
      { 'period:year': '2018', source: null, revenue: 4, _grouping: 1 },
      { 'period:year': null, source: null, revenue: 7, _grouping: 3 },
    ]);
    const p = buildPivot([year, src, revenue, grouping], r, labels);
    expect(p.header).toHaveLength(3);
    expect(p.header[0]!.map((h) => [h.text, h.colspan, h.rowspan])).toEqual([
      ['', 1, 2],
      ['2017', 3, 1],
      ['2018', 2, 1],
      ['Total', 1, 2],
    ]);
    expect(p.header[1]!.map((h) => [h.text, h.colspan, h.rowspan])).toEqual([
      ['ads', 1, 1],
      ['web', 1, 1],
      ['Total', 1, 1],
      ['web', 1, 1],
      ['Total', 1, 1],
    ]);
    expect(p.rows).toHaveLength(1);
    expect(texts(p.rows[0]!)).toEqual(['All']);
    expect(p.rows[0]!.values).toEqual([2, 1, 3, 4, 4, 7]);
  });

  it('ignores cube cross-totals that do not fit the rollup layout', () => {
    const r = resultFromRows([
      { manager: 'Ann', source: 'web', revenue: 1, _grouping: 0 },
      { manager: null, source: 'web', revenue: 1, _grouping: 2 },
    ]);
    const p = buildPivot([manager, source, revenue, grouping], r, labels);
    expect(p.rows).toHaveLength(1);
    expect(p.skipped).toBe(1);
  });

  it('caps the number of value columns', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({
      manager: 'Ann',
      'period:quarter': `2017-Q${i}`,
      revenue: i,
      won: i,
    }));
    const p = buildPivot([manager, quarter, revenue, won], resultFromRows(rows), labels, {
      maxColumns: 7,
    });
    expect(p.leaves).toHaveLength(6);
    expect(p.hiddenColumns).toBe(14);
  });

  it('keeps the row total when the cap leaves members out', () => {
    const rows = [
      ...Array.from({ length: 10 }, (_, i) => ({
        manager: 'Ann',
        'period:quarter': `2017-Q${i}`,
        revenue: i,
        _grouping: 0,
      })),
      { manager: 'Ann', 'period:quarter': null, revenue: 45, _grouping: 1 },
    ];
    const p = buildPivot([manager, quarter, revenue, grouping], resultFromRows(rows), labels, {
      maxColumns: 4,
    });
    expect(p.leaves.map((l) => l.kind)).toEqual(['data', 'data', 'data', 'total']);
    expect(p.hiddenColumns).toBe(7);
    // The total is the whole row's, not the shown members' sum.
    const total = p.leaves.findIndex((l) => l.kind === 'total');
    expect(p.rows[0]!.values[total]).toBe(45);
  });

  it('reads an Arrow table with nulls and derived comparison columns', () => {
    const prev: OutputColumn = {
      key: 'revenue_previous',
      role: 'previous',
      measure: 'revenue',
      format: 'money',
    };
    const growth: OutputColumn = {
      key: 'revenue_growth',
      role: 'growth',
      measure: 'revenue',
      format: 'pct',
    };
    const t = tableFromArrays({
      manager: ['Ann', null],
      revenue: Float64Array.from([10, 20]),
      revenue_previous: Float64Array.from([5, NaN]),
      revenue_growth: Float64Array.from([1, NaN]),
    });
    const p = buildPivot([manager, revenue, prev, growth], t, labels);
    expect(p.header[0]!.map((h) => h.text)).toEqual([
      'MANAGER',
      'revenue',
      'revenue_previous',
      'revenue_growth',
    ]);
    expect(p.rows.map(texts)).toEqual([['Ann'], ['(empty)']]);
    expect(p.rows[1]!.values).toEqual([20, null, null]);
  });

  it('handles an empty result', () => {
    const p = buildPivot([manager, revenue], resultFromRows([]), labels);
    expect(p.rows).toEqual([]);
    expect(p.header[0]!.map((h) => h.text)).toEqual(['MANAGER', 'revenue']);
  });
});
