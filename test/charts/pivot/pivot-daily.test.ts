// Show-as shares, hierarchical sorting, the Other member and the shading scale: all in the pure
// pivot layout, from totals the SQL returned (never sums made here).
import { describe, expect, it } from 'vitest';
import { buildPivot, type PivotLabels } from '../../../src/charts/pivot/pivot.ts';
import { columnName, sortColumnPath } from '../../../src/charts/pivot/pivot-order.ts';
import { TOTAL } from '../../../src/charts/pivot/pivot-path.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import { MAX_ALPHA, shadeColor, shadeScales } from '../../../src/charts/pivot/shading.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { KEY_LABELS } from './key-labels.ts';

const labels: PivotLabels = { ...KEY_LABELS, other: 'Other' };
const manager: OutputColumn = { key: 'manager', role: 'dimension', axis: 'row', format: 'text' };
const source: OutputColumn = { key: 'source', role: 'dimension', axis: 'row', format: 'text' };
const quarter: OutputColumn = { key: 'q', role: 'dimension', axis: 'column', format: 'text' };
const revenue: OutputColumn = {
  key: 'revenue',
  role: 'measure',
  measure: 'revenue',
  format: 'money',
};
const rate: OutputColumn = { key: 'win_rate', role: 'measure', measure: 'win_rate', format: 'pct' };
const delta: OutputColumn = {
  key: 'revenue_delta',
  role: 'delta',
  measure: 'revenue',
  format: 'money',
};
const growth: OutputColumn = {
  key: 'revenue_growth',
  role: 'growth',
  measure: 'revenue',
  format: 'pct',
};
const grouping: OutputColumn = { key: '_grouping', role: 'grouping', format: 'int' };
const other: OutputColumn = { key: '_other', role: 'other', format: 'int' };
const shareable = (m: string) => m === 'revenue';
const names = (p: ReturnType<typeof buildPivot>) =>
  p.rows.map((r) => r.labels.map((l) => l.text).join(' / '));

// manager × quarter with all totals; win_rate is a rate whose total is NOT the sum of parts.
// GROUPING(manager, q): 2 = manager rolled up, 1 = q rolled up.
const crossRows = [
  { manager: 'Ann', q: 'Q1', revenue: 10, win_rate: 0.5, _grouping: 0 },
  { manager: 'Ann', q: 'Q2', revenue: 30, win_rate: 0.2, _grouping: 0 },
  { manager: 'Bob', q: 'Q1', revenue: 60, win_rate: 0.9, _grouping: 0 },
  { manager: 'Ann', q: null, revenue: 40, win_rate: 0.3, _grouping: 1 },
  { manager: 'Bob', q: null, revenue: 60, win_rate: 0.9, _grouping: 1 },
  { manager: null, q: 'Q1', revenue: 70, win_rate: 0.8, _grouping: 2 },
  { manager: null, q: 'Q2', revenue: 30, win_rate: 0.2, _grouping: 2 },
  { manager: null, q: null, revenue: 100, win_rate: 0.6, _grouping: 3 },
];
const cross = (opts: Parameters<typeof buildPivot>[3]) =>
  buildPivot([manager, quarter, revenue, rate, grouping], resultFromRows(crossRows), labels, {
    shareable,
    ...opts,
  });
const col = (p: ReturnType<typeof buildPivot>, q: string | null, key: string) =>
  p.leaves.findIndex(
    (l) => l.column.key === key && (q === null ? l.kind === 'total' : l.members[0] === q),
  );

describe('show as', () => {
  it('% of total: every data cell over the grand total, so they sum to 100 %', () => {
    const p = cross({ show: 'pct_total' });
    const ri = [col(p, 'Q1', 'revenue'), col(p, 'Q2', 'revenue')];
    const data = p.rows
      .filter((r) => r.kind === 'data')
      .flatMap((r) => ri.map((i) => r.values[i] ?? 0));
    expect(data).toEqual([0.1, 0.3, 0.6, 0]);
    expect(data.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p.rows.at(-1)!.values[col(p, null, 'revenue')]).toBe(1);
    expect(p.leaves.filter((l) => l.column.key === 'revenue').every((l) => l.share)).toBe(true);
  });

  it('% of row and % of column divide by the row total and the column total the SQL returned', () => {
    const row = cross({ show: 'pct_row' });
    const ann = row.rows[0]!;
    expect([ann.values[col(row, 'Q1', 'revenue')], ann.values[col(row, 'Q2', 'revenue')]]).toEqual([
      0.25, 0.75,
    ]);
    expect(ann.values[col(row, null, 'revenue')]).toBe(1);
    const c = cross({ show: 'pct_col' });
    expect(c.rows.map((r) => r.values[col(c, 'Q1', 'revenue')])).toEqual([10 / 70, 60 / 70, 1]);
  });

  it('a rate is not shareable: left as its value, and named for the hint', () => {
    const p = cross({ show: 'pct_total' });
    expect(p.rows[0]!.values[col(p, 'Q1', 'win_rate')]).toBe(0.5);
    expect(p.leaves.filter((l) => l.column.key === 'win_rate').some((l) => l.share)).toBe(false);
    expect(p.notShareable).toEqual(['win_rate']);
    expect(cross({}).notShareable).toEqual([]);
  });

  it('without totals in the result there is no denominator: shares are missing, not made up', () => {
    const p = buildPivot(
      [manager, revenue],
      resultFromRows([{ manager: 'Ann', revenue: 5 }]),
      labels,
      {
        show: 'pct_total',
        shareable,
      },
    );
    expect(p.rows[0]!.values).toEqual([null]);
  });
});

// manager > source with subtotals; Bob's subtotal is larger though Ann has the largest leaf.
// GROUPING(manager, source): 1 = source rolled up, 3 = both.
const nested = [
  {
    manager: 'Ann',
    source: 'web',
    revenue: 50,
    revenue_delta: -5,
    revenue_growth: -0.1,
    _grouping: 0,
  },
  {
    manager: 'Ann',
    source: 'ads',
    revenue: 5,
    revenue_delta: 5,
    revenue_growth: null,
    _grouping: 0,
  },
  {
    manager: 'Bob',
    source: 'web',
    revenue: 40,
    revenue_delta: 20,
    revenue_growth: 1,
    _grouping: 0,
  },
  {
    manager: 'Bob',
    source: 'ads',
    revenue: 30,
    revenue_delta: -1,
    revenue_growth: -0.03,
    _grouping: 0,
  },
  { manager: 'Ann', source: null, revenue: 55, revenue_delta: 0, revenue_growth: 0, _grouping: 1 },
  {
    manager: 'Bob',
    source: null,
    revenue: 70,
    revenue_delta: 19,
    revenue_growth: 0.37,
    _grouping: 1,
  },
  {
    manager: null,
    source: null,
    revenue: 125,
    revenue_delta: 19,
    revenue_growth: 0.18,
    _grouping: 3,
  },
];
const sorted = (key: string, dir: 'asc' | 'desc') =>
  names(
    buildPivot(
      [manager, source, revenue, delta, growth, grouping],
      resultFromRows(nested),
      labels,
      { sort: [{ key, dir }] },
    ),
  );

describe('sorting, hierarchical', () => {
  it('parents by their subtotal, children within their parent by their own value', () => {
    expect(sorted('revenue', 'desc')).toEqual([
      'Bob / web',
      'Bob / ads',
      'Total Bob',
      'Ann / web',
      'Ann / ads',
      'Total Ann',
      'Total',
    ]);
  });

  it('ascending reverses each level; totals stay after their group', () => {
    expect(sorted('revenue', 'asc')).toEqual([
      'Ann / ads',
      'Ann / web',
      'Total Ann',
      'Bob / ads',
      'Bob / web',
      'Total Bob',
      'Total',
    ]);
  });

  it('by a delta column and by growth, missing values last in both directions', () => {
    const order = (key: string, dir: 'asc' | 'desc') =>
      buildPivot(
        [manager, source, revenue, delta, growth, grouping],
        resultFromRows(nested),
        labels,
        { sort: [{ key, dir }] },
      )
        .rows.filter((r) => r.kind === 'data')
        .map((r) => r.members.join('/'));
    // Delta: Bob (19) before Ann (0); within Bob 20 > −1, within Ann 5 > −5.
    expect(order('revenue_delta', 'desc')).toEqual(['Bob/web', 'Bob/ads', 'Ann/ads', 'Ann/web']);
    // Growth ascending: Ann (0) first; Ann/ads has no growth and goes last even ascending.
    expect(order('revenue_growth', 'asc')).toEqual(['Ann/web', 'Ann/ads', 'Bob/ads', 'Bob/web']);
  });

  it('by a dimension key, only that level is reordered', () => {
    const order = (key: string) =>
      buildPivot([manager, source, revenue, grouping], resultFromRows(nested), labels, {
        sort: [{ key, dir: 'desc' }],
      })
        .rows.filter((r) => r.kind === 'data')
        .map((r) => r.members.join('/'));
    expect(order('manager')).toEqual(['Bob/web', 'Bob/ads', 'Ann/web', 'Ann/ads']);
    expect(order('source')).toEqual(['Ann/web', 'Ann/ads', 'Bob/web', 'Bob/ads']);
  });

  it('by a column of a cross-tab: rows by their row-total cell', () => {
    const p = cross({ sort: [{ key: 'revenue', dir: 'desc' }] });
    expect(names(p)).toEqual(['Bob', 'Ann', 'Total']);
  });
});

// manager × quarter where each quarter orders the managers differently from the row total.
// GROUPING(manager, q): 1 = q rolled up, 2 = manager rolled up.
const byQuarter = [
  { manager: 'Ann', q: 'Q1', revenue: 10, _grouping: 0 },
  { manager: 'Ann', q: 'Q2', revenue: 50, _grouping: 0 },
  { manager: 'Bob', q: 'Q1', revenue: 40, _grouping: 0 },
  { manager: 'Bob', q: 'Q2', revenue: 5, _grouping: 0 },
  { manager: 'Cid', q: 'Q1', revenue: 30, _grouping: 0 },
  { manager: 'Ann', q: null, revenue: 60, _grouping: 1 },
  { manager: 'Bob', q: null, revenue: 45, _grouping: 1 },
  { manager: 'Cid', q: null, revenue: 30, _grouping: 1 },
  { manager: null, q: 'Q1', revenue: 80, _grouping: 2 },
  { manager: null, q: 'Q2', revenue: 55, _grouping: 2 },
  { manager: null, q: null, revenue: 135, _grouping: 3 },
];
const quarterPivot = (opts: Parameters<typeof buildPivot>[3]) =>
  buildPivot([manager, quarter, revenue, grouping], resultFromRows(byQuarter), labels, opts);
const sortedBy = (dir: 'asc' | 'desc', column?: (string | null)[]) =>
  names(quarterPivot({ sort: [{ key: 'revenue', dir, ...(column ? { column } : {}) }] }));
/** The value headers as `member:direction` (`T` for the total column). */
const arrows = (p: ReturnType<typeof buildPivot>) =>
  p.header
    .at(-1)!
    .filter((h) => h.kind === 'value')
    .map((h, i) => {
      const leaf = p.leaves[i]!;
      return `${leaf.kind === 'total' ? 'T' : String(leaf.members[0])}:${h.sort ?? '-'}`;
    });

describe('sorting by one table column (a member of the column dimension)', () => {
  it('orders the rows by their value in that column, not by the row total', () => {
    expect(sortedBy('desc')).toEqual(['Ann', 'Bob', 'Cid', 'Total']);
    expect(sortedBy('desc', ['Q1'])).toEqual(['Bob', 'Cid', 'Ann', 'Total']);
    expect(sortedBy('asc', ['Q1'])).toEqual(['Ann', 'Cid', 'Bob', 'Total']);
  });

  it('rows without a value in that column go last in both directions', () => {
    expect(sortedBy('desc', ['Q2'])).toEqual(['Ann', 'Bob', 'Cid', 'Total']);
    expect(sortedBy('asc', ['Q2'])).toEqual(['Bob', 'Ann', 'Cid', 'Total']);
  });

  it('a column the table no longer has falls back to the row total', () => {
    expect(sortedBy('asc', ['Q9'])).toEqual(sortedBy('asc'));
  });

  it('the arrow is on exactly the column the rows are ordered by', () => {
    expect(arrows(quarterPivot({ sort: [{ key: 'revenue', dir: 'desc' }] }))).toEqual([
      'Q1:-',
      'Q2:-',
      'T:desc',
    ]);
    expect(
      arrows(quarterPivot({ sort: [{ key: 'revenue', dir: 'asc', column: ['Q2'] }] })),
    ).toEqual(['Q1:-', 'Q2:asc', 'T:-']);
    expect(
      arrows(quarterPivot({ sort: [{ key: 'revenue', dir: 'asc', column: ['Q9'] }] })),
    ).toEqual(['Q1:-', 'Q2:-', 'T:asc']);
  });

  it('each value header names the column a click sorts by; the total names none', () => {
    const p = quarterPivot({});
    const values = p.header.at(-1)!.filter((h) => h.kind === 'value');
    expect(values.map((h) => h.column)).toEqual([['Q1'], ['Q2'], undefined]);
    expect(values.every((h) => h.sort === undefined)).toBe(true);
  });

  it('without a total column the first column is the default, and its header names none', () => {
    const rows = byQuarter.filter((r) => r._grouping === 0);
    const p = buildPivot([manager, quarter, revenue], resultFromRows(rows), labels, {
      sort: [{ key: 'revenue', dir: 'desc' }],
    });
    expect(names(p)).toEqual(['Bob', 'Cid', 'Ann']);
    const values = p.header.at(-1)!.filter((h) => h.kind === 'value');
    expect(values.map((h) => [h.column, h.sort])).toEqual([
      [undefined, 'desc'],
      [['Q2'], undefined],
    ]);
  });

  it('nested rows: parents by their subtotal in that column, children within their parent', () => {
    // GROUPING(manager, source, q): 4 = manager, 2 = source, 1 = q rolled up.
    const rows = [
      { manager: 'Ann', source: 'web', q: 'Q1', revenue: 5, _grouping: 0 },
      { manager: 'Ann', source: 'web', q: 'Q2', revenue: 40, _grouping: 0 },
      { manager: 'Ann', source: 'ads', q: 'Q1', revenue: 20, _grouping: 0 },
      { manager: 'Ann', source: 'ads', q: 'Q2', revenue: 1, _grouping: 0 },
      { manager: 'Bob', source: 'web', q: 'Q1', revenue: 30, _grouping: 0 },
      { manager: 'Bob', source: 'web', q: 'Q2', revenue: 2, _grouping: 0 },
      { manager: 'Ann', source: 'web', q: null, revenue: 45, _grouping: 1 },
      { manager: 'Ann', source: 'ads', q: null, revenue: 21, _grouping: 1 },
      { manager: 'Bob', source: 'web', q: null, revenue: 32, _grouping: 1 },
      { manager: 'Ann', source: null, q: 'Q1', revenue: 25, _grouping: 2 },
      { manager: 'Ann', source: null, q: 'Q2', revenue: 41, _grouping: 2 },
      { manager: 'Bob', source: null, q: 'Q1', revenue: 30, _grouping: 2 },
      { manager: 'Bob', source: null, q: 'Q2', revenue: 2, _grouping: 2 },
      { manager: 'Ann', source: null, q: null, revenue: 66, _grouping: 3 },
      { manager: 'Bob', source: null, q: null, revenue: 32, _grouping: 3 },
      { manager: null, source: null, q: 'Q1', revenue: 55, _grouping: 6 },
      { manager: null, source: null, q: 'Q2', revenue: 43, _grouping: 6 },
      { manager: null, source: null, q: null, revenue: 98, _grouping: 7 },
    ];
    const order = (column?: string[]) =>
      names(
        buildPivot([manager, source, quarter, revenue, grouping], resultFromRows(rows), labels, {
          sort: [{ key: 'revenue', dir: 'desc', ...(column ? { column } : {}) }],
        }),
      );
    expect(order()).toEqual([
      'Ann / web',
      'Ann / ads',
      'Total Ann',
      'Bob / web',
      'Total Bob',
      'Total',
    ]);
    expect(order(['Q1'])).toEqual([
      'Bob / web',
      'Total Bob',
      'Ann / ads',
      'Ann / web',
      'Total Ann',
      'Total',
    ]);
  });
});

describe('sortColumnPath: which table column a sort key names', () => {
  // year × quarter columns: data columns, a subtotal per year, the grand total.
  const paths = [
    [2023, 'Q4'],
    [2023, TOTAL],
    [2024, 'Q1'],
    [null, 'Q1'],
    [2024, TOTAL],
    [TOTAL, TOTAL],
  ];
  const at = (column?: (string | null)[]) =>
    sortColumnPath({ key: 'revenue', dir: 'desc', ...(column ? { column } : {}) }, paths);

  it('full members name a data column, a prefix names that subtotal; members are text', () => {
    expect(at(['2024', 'Q1'])).toEqual([2024, 'Q1']);
    expect(at(['2024'])).toEqual([2024, TOTAL]);
    expect(at([null, 'Q1'])).toEqual([null, 'Q1']);
  });

  it('no column, or one the table lacks: the grand total, else the first column', () => {
    expect(at()).toEqual([TOTAL, TOTAL]);
    expect(at(['1999'])).toEqual([TOTAL, TOTAL]);
    expect(sortColumnPath(undefined, paths.slice(0, 1))).toEqual([2023, 'Q4']);
    expect(sortColumnPath(undefined, [])).toEqual([]);
  });

  it('columnName is the inverse for every column', () => {
    expect(paths.map(columnName)).toEqual([
      ['2023', 'Q4'],
      ['2023'],
      ['2024', 'Q1'],
      [null, 'Q1'],
      ['2024'],
      [],
    ]);
    for (const p of paths.slice(0, 5)) expect(at(columnName(p) as (string | null)[])).toBe(p);
  });
});

describe('Other (top N)', () => {
  const rows = [
    { manager: 'Ann', _other: false, revenue: 10, _grouping: 0 },
    { manager: null, _other: false, revenue: 7, _grouping: 0 },
    { manager: null, _other: true, revenue: 50, _grouping: 0 },
    { manager: null, _other: null, revenue: 67, _grouping: 1 },
  ];
  it('is its own member, labelled Other, after the top N however sorted', () => {
    const p = buildPivot([manager, other, revenue, grouping], resultFromRows(rows), labels, {
      sort: [{ key: 'revenue', dir: 'desc' }],
    });
    expect(names(p)).toEqual(['Ann', '(empty)', 'Other', 'Total']);
    expect(p.rows.map((r) => r.other)).toEqual([false, false, true, false]);
    expect(p.rows.map((r) => r.values[0])).toEqual([10, 7, 50, 67]);
  });
});

describe('shading', () => {
  it('one sequential scale per measure over data cells (totals left out), diverging for delta and growth', () => {
    const p = buildPivot(
      [manager, source, revenue, delta, growth, grouping],
      resultFromRows(nested),
      labels,
    );
    const [rev, d, g] = shadeScales(p);
    expect(rev).toEqual({ kind: 'sequential', min: 5, max: 50 });
    expect(d).toEqual({ kind: 'diverging', min: -20, max: 20 });
    expect(g).toEqual({ kind: 'diverging', min: -1, max: 1 });
    expect(shadeColor(50, rev!)).toBe(`rgb(0 114 178 / ${MAX_ALPHA.toFixed(3)})`);
    expect(shadeColor(5, rev!)).toBe('rgb(0 114 178 / 0.040)');
    // Beyond the data range (a total) it saturates rather than overflowing.
    expect(shadeColor(125, rev!)).toBe(`rgb(0 114 178 / ${MAX_ALPHA.toFixed(3)})`);
    expect(shadeColor(-20, d!)).toMatch(/^rgb\(213 94 0 /);
    expect(shadeColor(20, d!)).toMatch(/^rgb\(0 158 115 /);
    expect(shadeColor(0, d!)).toBeNull();
    expect(shadeColor(null, rev!)).toBeNull();
  });

  it('a column without spread is not shaded', () => {
    const p = buildPivot(
      [manager, revenue],
      resultFromRows([
        { manager: 'A', revenue: 1 },
        { manager: 'B', revenue: 1 },
      ]),
      labels,
    );
    expect(shadeScales(p)).toEqual([null]);
  });
});
