// A cut dashboard tile counts what its note counts: data rows. Its first cut counted subtotal rows
// too, so a printed manager × source tile showed 46 data rows under "50 of … rows shown".
import { describe, expect, it } from 'vitest';
import {
  bandColumns,
  columnBands,
  cutRows,
  dataRows,
  fitColumns,
  keepColumns,
  leafBreaks,
  type BodyRow,
} from '../../../src/ui/pivot/grid-cut.ts';
import { buildPivot } from '../../../src/charts/pivot/pivot.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { KEY_LABELS } from '../../charts/pivot/key-labels.ts';

/** Groups of `size` data rows, each closed by its subtotal, then the grand total. */
function grouped(groups: number, size: number): BodyRow<string>[] {
  const rows: BodyRow<string>[] = [];
  for (let g = 0; g < groups; g++) {
    for (let i = 0; i < size; i++) rows.push({ cells: [`g${g}.${i}`], kind: 'data' });
    rows.push({ cells: [`g${g} subtotal`], kind: 'subtotal' });
  }
  rows.push({ cells: ['total'], kind: 'total' });
  return rows;
}
const names = (c: { body: BodyRow<string>[] }) => c.body.map((r) => r.cells[0]);

/** Quarters over two measures each: "Q1" spans columns 1–2, "Q2" 3–4; a label column first. */
function quarters() {
  return {
    headerRows: 2,
    cells: [
      [{ v: 'Manager' }, { v: 'Q1' }, { v: null }, { v: 'Q2' }, { v: null }],
      [{ v: null }, { v: 'Won' }, { v: 'Revenue' }, { v: 'Won' }, { v: 'Revenue' }],
      [{ v: 'Ann' }, { v: 1 }, { v: 10 }, { v: 2 }, { v: 20 }],
    ],
    merges: [
      { r: 0, c: 0, rows: 2, cols: 1 },
      { r: 0, c: 1, rows: 1, cols: 2 },
      { r: 0, c: 3, rows: 1, cols: 2 },
    ],
  };
}

describe('cutRows', () => {
  it('counts data rows, not subtotals: 50 data rows shown of 120', () => {
    const cut = cutRows(grouped(30, 4), 50);
    expect(cut.total).toBe(120);
    expect(cut.shown).toBe(50);
    expect(cut.body.filter((r) => r.kind === 'data')).toHaveLength(50);
    // 12 whole groups (48 rows and their subtotals), 2 rows of the 13th, no subtotal of it.
    expect(cut.body.filter((r) => r.kind === 'subtotal')).toHaveLength(12);
    expect(names(cut).slice(-3)).toEqual(['g12.0', 'g12.1', 'total']);
  });

  it('keeps the subtotal of a group that ends exactly at the cut', () => {
    const cut = cutRows(grouped(10, 5), 10);
    expect(names(cut)).toEqual([
      ...['g0.0', 'g0.1', 'g0.2', 'g0.3', 'g0.4', 'g0 subtotal'],
      ...['g1.0', 'g1.1', 'g1.2', 'g1.3', 'g1.4', 'g1 subtotal'],
      'total',
    ]);
    expect(cut.shown).toBe(10);
  });

  it('a table within the cap is whole, subtotals and all', () => {
    const rows = grouped(3, 4);
    const cut = cutRows(rows, 12);
    expect(cut.body).toBe(rows);
    expect([cut.shown, cut.total]).toEqual([12, 12]);
  });

  it('a flat list (all data rows) is cut after its first rows, with no total to keep', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({
      cells: [`r${i}`],
      kind: 'data' as const,
    }));
    const cut = cutRows(rows, 12);
    expect(names(cut)).toEqual(rows.slice(0, 12).map((r) => r.cells[0]));
    expect([cut.shown, cut.total]).toEqual([12, 30]);
  });
});

describe('dataRows', () => {
  it('counts the body rows that are data: not the header, subtotals or the total', () => {
    const cells = (n: number) => Array.from({ length: n }, () => [{ v: 1 }]);
    const grid = { headerRows: 2, cells: cells(2 + 5), merges: [] };
    expect(dataRows(grid, ['data', 'data', 'subtotal', 'data', 'total'])).toBe(3);
    // An analysis's list has no kinds: every row is data.
    expect(dataRows(grid, [])).toBe(5);
  });
});

describe('keepColumns', () => {
  const grid = quarters();

  it('keeps the first columns and clips a column group cut short', () => {
    const cut = keepColumns(grid, [0, 1, 2, 3]);
    expect(cut.cells.map((r) => r.map((c) => c.v))).toEqual([
      ['Manager', 'Q1', null, 'Q2'],
      [null, 'Won', 'Revenue', 'Won'],
      ['Ann', 1, 10, 2],
    ]);
    expect(cut.merges).toEqual([
      { r: 0, c: 0, rows: 2, cols: 1 },
      { r: 0, c: 1, rows: 1, cols: 2 },
      { r: 0, c: 3, rows: 1, cols: 1 },
    ]);
  });

  it('drops the merges of groups wholly cut, and is the grid itself when nothing is', () => {
    expect(keepColumns(grid, [0, 1]).merges).toEqual([
      { r: 0, c: 0, rows: 2, cols: 1 },
      { r: 0, c: 1, rows: 1, cols: 1 },
    ]);
    expect(keepColumns(grid, [0, 1, 2, 3, 4])).toBe(grid);
  });
});

describe('fitColumns', () => {
  const inOrder = (n: number) => Array.from({ length: n }, (_, i) => i);
  it('in the grid’s order: the columns whose right edge is within the width', () => {
    expect(fitColumns([120, 200, 290, 380, 470], 300, inOrder(5), 2)).toEqual([0, 1, 2]);
    expect(fitColumns([120, 200, 290], 300, inOrder(3), 2)).toEqual([0, 1, 2]);
  });
  it('never fewer than the label columns and one value column', () => {
    expect(fitColumns([250, 400, 500], 200, inOrder(3), 2)).toEqual([0, 1]);
  });
  it('takes columns in the order given, by their own widths, and returns them in the grid’s', () => {
    // Widths 100, 80, 90, 60, 70: the labels, then the last column, then the rest from the left.
    const edges = [100, 180, 270, 330, 400];
    expect(fitColumns(edges, 250, [0, 4, 1, 2, 3], 2)).toEqual([0, 1, 4]);
    expect(fitColumns(edges, 340, [0, 4, 1, 2, 3], 2)).toEqual([0, 1, 2, 4]);
    // The first that does not fit ends it: a narrower one after it is not taken instead.
    expect(fitColumns(edges, 230, [0, 4, 1, 3], 2)).toEqual([0, 4]);
  });
});

describe('bandColumns', () => {
  const grid = quarters();

  it('repeats the label columns and moves a cut group’s label to its first column left', () => {
    const band = bandColumns(grid, 1, 2, 4);
    expect(band.cells.map((r) => r.map((c) => c.v))).toEqual([
      ['Manager', 'Q1', 'Q2'],
      [null, 'Revenue', 'Won'],
      ['Ann', 10, 2],
    ]);
    expect(band.merges).toEqual([
      { r: 0, c: 0, rows: 2, cols: 1 },
      { r: 0, c: 1, rows: 1, cols: 1 },
      { r: 0, c: 2, rows: 1, cols: 1 },
    ]);
  });
});

describe('columnBands', () => {
  it('splits the value columns so each band fits beside the label columns', () => {
    // A 100 px label column, then value columns of 60 px: 3 fit beside it in 300 px.
    const edges = [100, 160, 220, 280, 340, 400, 460, 520];
    expect(columnBands(edges, 1, 300)).toEqual([
      [1, 4],
      [4, 7],
      [7, 8],
    ]);
  });
  it('one band when the table fits; a column wider than the page is a band of its own', () => {
    expect(columnBands([100, 160, 220], 1, 300)).toEqual([[1, 3]]);
    expect(columnBands([100, 600, 660], 1, 300)).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });
  it('a list with no label columns', () => {
    expect(columnBands([200, 400, 600], 0, 450)).toEqual([
      [0, 2],
      [2, 3],
    ]);
  });
});

// A printed report cuts its bands as a tile does, with the same function: a manager × month
// cross-tab compared with the year before, each month holding won deals and revenue, each
// followed by its previous value, Δ and Δ %. Every column in exactly one band, in order, and a
// measure never parted from its comparison columns (nor a month from its measures where it fits).
describe('columnBands of a report (leafBreaks)', () => {
  const dim = (key: string, axis: 'row' | 'column'): OutputColumn => ({
    key,
    role: 'dimension',
    axis,
    format: 'text',
  });
  const compared = (m: string): OutputColumn[] => [
    { key: m, role: 'measure', measure: m, format: 'int' },
    { key: `${m}_previous`, role: 'previous', measure: m, format: 'int' },
    { key: `${m}_delta`, role: 'delta', measure: m, format: 'int' },
    { key: `${m}_growth`, role: 'growth', measure: m, format: 'pct' },
  ];
  const months = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
  const values = (i: number) => ({
    ...{ won: i, won_previous: 1, won_delta: i - 1, won_growth: 0.5 },
    ...{ revenue: 10 * i, revenue_previous: 5, revenue_delta: 10 * i - 5, revenue_growth: 1 },
  });
  const layout = buildPivot(
    [dim('manager', 'row'), dim('month', 'column'), ...compared('won'), ...compared('revenue')],
    resultFromRows(months.map((month, i) => ({ manager: 'Ann', month, ...values(i) }))),
    KEY_LABELS,
  );
  const labels = layout.labelColumns;
  const breaks = leafBreaks(layout.leaves, labels);
  // A 100 px label column and value columns of 50 px.
  const edges = Array.from({ length: labels + layout.leaves.length }, (_, c) =>
    c < labels ? 100 * (c + 1) : 100 * labels + 50 * (c - labels + 1),
  );
  const leaf = (c: number) => layout.leaves[c - labels]!;

  /** Every value column once, band after band in order, none empty. */
  function wholeAndOnce(bands: [number, number][]) {
    const seen = bands.flatMap(([from, to]) =>
      Array.from({ length: to - from }, (_, i) => from + i),
    );
    expect(seen).toEqual(Array.from({ length: layout.leaves.length }, (_, i) => labels + i));
    for (const [from, to] of bands) expect(to).toBeGreaterThan(from);
  }

  it('the layout: 12 months × 2 measures × 4 columns, one label column', () => {
    expect(labels).toBe(1);
    expect(layout.leaves).toHaveLength(96);
  });

  it('a band holds whole months when a month fits the page', () => {
    // 12 columns fit beside the labels in 700 px: one month (8) a band, not 12 cut mid-month.
    const bands = columnBands(edges, labels, 700, breaks);
    wholeAndOnce(bands);
    expect(bands).toHaveLength(12);
    for (const [from, to] of bands) {
      expect(to - from).toBe(8);
      expect(
        new Set(layout.leaves.slice(from - labels, to - labels).map((l) => l.members[0])).size,
      ).toBe(1);
    }
  });

  it('a month wider than the page is cut between its measures, never inside one', () => {
    for (const width of [400, 300, 350]) {
      const bands = columnBands(edges, labels, width, breaks);
      wholeAndOnce(bands);
      for (const [from, to] of bands) {
        expect(leaf(from).column.role).toBe('measure');
        expect(to - from).toBe(4);
        expect(
          new Set(layout.leaves.slice(from - labels, to - labels).map((l) => l.column.measure))
            .size,
        ).toBe(1);
      }
    }
  });

  it('a measure and its comparison wider than the page stay one band, past the width', () => {
    // 3 columns fit in 250 px; the measure's 4 cannot be cut.
    const bands = columnBands(edges, labels, 250, breaks);
    wholeAndOnce(bands);
    expect(
      bands.every(([from, to]) => to - from === 4 && leaf(from).column.role === 'measure'),
    ).toBe(true);
  });

  it('ranks: an outer member before an inner one, a measure next, its comparison never', () => {
    const two = buildPivot(
      [
        dim('manager', 'row'),
        dim('quarter', 'column'),
        dim('source', 'column'),
        ...compared('won'),
      ],
      resultFromRows(
        ['Q1', 'Q2'].flatMap((quarter) =>
          ['Ads', 'Web'].map((source) => ({ manager: 'Ann', quarter, source, ...values(1) })),
        ),
      ),
      KEY_LABELS,
    );
    expect(leafBreaks(two.leaves, two.labelColumns)).toEqual([
      ...[0, 0, 0, 0, 0],
      ...[2, 0, 0, 0],
      ...[3, 0, 0, 0],
      ...[2, 0, 0, 0],
    ]);
    expect(breaks.slice(0, 10)).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 2]);
  });
});
