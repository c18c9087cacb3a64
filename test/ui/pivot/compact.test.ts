import { describe, expect, it } from 'vitest';
import { buildPivot } from '../../../src/charts/pivot/pivot.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import {
  firstScreenWidth,
  isPrevious,
  keepLeaves,
  leavesOutPrevious,
  NARROW_BOX,
} from '../../../src/ui/pivot/compact.ts';
import { columnWidths } from '../../../src/ui/pivot/pivot-grid.ts';
import { KEY_LABELS } from '../../charts/pivot/key-labels.ts';

const manager: OutputColumn = { key: 'manager', role: 'dimension', axis: 'row', format: 'text' };
const quarter: OutputColumn = { key: 'quarter', role: 'dimension', axis: 'column', format: 'text' };
const cols: OutputColumn[] = [
  manager,
  quarter,
  { key: 'won', role: 'measure', measure: 'won', format: 'int' },
  { key: 'won_previous', role: 'previous', measure: 'won', format: 'int' },
  { key: 'won_delta', role: 'delta', measure: 'won', format: 'int' },
  { key: 'won_growth', role: 'growth', measure: 'won', format: 'pct' },
];
const rows = ['Q1', 'Q2'].flatMap((q, k) => [
  { manager: 'Ann', quarter: q, won: 10 + k, won_previous: 5, won_delta: 5 + k, won_growth: 1 },
  { manager: 'Bob', quarter: q, won: 2, won_previous: 4, won_delta: -2, won_growth: -0.5 },
]);
const layout = buildPivot(cols, resultFromRows(rows), KEY_LABELS);
const fmt = layout.leaves.map(() => (v: number | null) => String(v ?? ''));
const measure = (t: string) => t.length * 8;

describe('keepLeaves', () => {
  it('leaves the previous columns out of the leaves, the values and the header', () => {
    const c = keepLeaves(layout, (l) => !isPrevious(l));
    expect(c.leaves.map((l) => l.column.key)).toEqual(
      layout.leaves.filter((l) => !isPrevious(l)).map((l) => l.column.key),
    );
    expect(c.leaves.some(isPrevious)).toBe(false);
    c.rows.forEach((row, r) => {
      expect(row.values).toEqual(
        layout.rows[r]!.values.filter((_, i) => !isPrevious(layout.leaves[i]!)),
      );
    });
    // Each header row still spans every table column: the quarters over three columns each.
    const span = (row: (typeof c.header)[number]) => row.reduce((a, x) => a + x.colspan, 0);
    expect(span(c.header[0]!)).toBe(c.labelColumns + c.leaves.length);
    const members = c.header[0]!.filter((x) => x.kind === 'member');
    expect(members.map((m) => m.colspan)).toEqual(members.map(() => 3));
    expect(c.header.at(-1)!.filter((x) => x.kind === 'value')).toHaveLength(c.leaves.length);
  });
});

describe('leavesOutPrevious', () => {
  it('only on a narrow screen, where the row labels and the first quarter do not fit', () => {
    const widths = columnWidths(layout, fmt, measure);
    const first = firstScreenWidth(layout, widths);
    expect(first).toBeLessThan(widths.reduce((a, b) => a + b, 0));
    expect(leavesOutPrevious(layout, fmt, measure, first + 1)).toBe(false);
    expect(first).toBeLessThan(NARROW_BOX);
    expect(leavesOutPrevious(layout, fmt, measure, 200)).toBe(true);
    expect(leavesOutPrevious(layout, fmt, measure, 0)).toBe(false);
    // A desktop's box keeps them, however wide the table (text ten times as wide here).
    const wide = (t: string) => t.length * 80;
    expect(leavesOutPrevious(layout, fmt, wide, NARROW_BOX)).toBe(true);
    expect(leavesOutPrevious(layout, fmt, wide, NARROW_BOX + 1)).toBe(false);
    const plain = keepLeaves(layout, (l) => !isPrevious(l));
    expect(leavesOutPrevious(plain, fmt, measure, 200)).toBe(false);
  });
});
