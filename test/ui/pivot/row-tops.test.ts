import { describe, expect, it } from 'vitest';
import type { PivotRow } from '../../../src/charts/pivot/pivot-layout.ts';
import { visibleRange } from '../../../src/ui/pivot/pivot-grid.ts';
import { scrollFor } from '../../../src/ui/pivot/pivot-keys.ts';
import {
  labelLines,
  MAX_LINES,
  ROW_HEIGHT,
  rowAt,
  rowHeight,
  rowTop,
  rowTops,
} from '../../../src/ui/pivot/row-tops.ts';

const TALL = rowHeight(2);

const row = (kind: PivotRow['kind'], ...texts: string[]): PivotRow => ({
  kind,
  depth: texts.length,
  labels: texts.map((text) => ({ text, colspan: 1, repeat: false, empty: false })),
  values: [1],
  members: texts,
  other: false,
});
// 7 px a character, bold 8: the two cannot be confused.
const measure = (t: string, bold: boolean) => t.length * (bold ? 8 : 7);
const PAD = 9;

describe('rowTops', () => {
  it('is null while every label fits its column: every row 25 px', () => {
    const rows = [row('data', 'Вадим Гаев'), row('total', 'Итого')];
    expect(rowTops({ rows }, [10 * 7 + PAD, 60], measure, PAD)).toBeNull();
  });

  it('makes tall only the rows whose name is wider than its column and can break', () => {
    // The Russian default report at 768 px: an 80 px manager column, «Ксения Беляева» 100 px.
    const rows = [
      row('data', 'Ксения Беляева'),
      row('data', 'Вадим Гаев'),
      row('data', 'Xxxxxxxxxxxxxxxxxxx'),
      row('total', 'Итого всего'),
    ];
    const w = [11 * 7 + PAD, 60];
    const tops = rowTops({ rows }, w, measure, PAD)!;
    const heights = [...tops.slice(1)].map((t, r) => t - tops[r]!);
    // A word with nowhere to break is cut, its title the whole name. The total is bold.
    expect(heights).toEqual([TALL, ROW_HEIGHT, ROW_HEIGHT, TALL]);
    expect(rowTop(4, tops)).toBe(2 * TALL + 2 * ROW_HEIGHT);
  });

  it('gives a label spanning columns their widths, and skips a repeated one', () => {
    const spanning: PivotRow = {
      ...row('subtotal', 'Total North region'),
      labels: [{ text: 'Total North region', colspan: 2, repeat: false, empty: false }],
    };
    const repeated: PivotRow = {
      ...row('data', 'North region', 'Ann'),
      labels: [
        { text: 'North region', colspan: 1, repeat: true, empty: false },
        { text: 'Ann', colspan: 1, repeat: false, empty: false },
      ],
    };
    const w = [70, 90, 60];
    expect(rowTops({ rows: [spanning, repeated] }, w, measure, PAD)).toBeNull();
    expect(rowTops({ rows: [spanning, repeated] }, [50, 60, 60], measure, PAD)).not.toBeNull();
  });
});

describe('labelLines', () => {
  const m = (t: string) => t.length * 7;
  it('counts the lines a browser fills: at spaces, and inside a word too wide with a hyphen', () => {
    expect(labelLines('Ксения Беляева', 14 * 7, m)).toBe(1);
    expect(labelLines('Ксения Беляева', 71, m)).toBe(2);
    // «Спиридонова» (77 px) is wider than 71: «Римма Спи-» (70 px) fills the first line, as the
    // browser fills it at the soft hyphen, and «ридонова» the second.
    expect(labelLines('Римма Спиридонова', 71, m)).toBe(2);
    expect(labelLines('Анна Мария Луиза Шарлотта', 8 * 7, m)).toBe(4);
    // Nowhere to break: one line, cut.
    expect(labelLines('Xxxxxxxxxxxx', 30, m)).toBe(1);
  });

  it('makes a row as tall as its lines, to the most a label takes', () => {
    const rows = [row('data', 'Анна Мария Луиза Шарлотта'), row('data', 'Ann')];
    const tops = rowTops({ rows }, [8 * 7 + PAD], measure, PAD)!;
    expect(tops[1]).toBe(rowHeight(MAX_LINES));
    expect(rowHeight(MAX_LINES)).toBeGreaterThan(TALL);
    expect(tops[2]! - tops[1]!).toBe(ROW_HEIGHT);
  });
});

describe('rows of two heights', () => {
  // Rows 0 and 2 tall: tops 0, 34, 59, 93, 118, … then 25 px each.
  const rows = Array.from({ length: 100 }, (_, r) =>
    row('data', r === 0 || r === 2 ? 'A long name' : 'Ann'),
  );
  const tops = rowTops({ rows }, [60 + PAD], measure, PAD)!;

  it('finds the row at a height, and renders those in view', () => {
    expect([0, 33, 34, 58, 59, 93, 118, 118 + 25 * 10].map((y) => rowAt(y, tops, 100))).toEqual([
      0, 0, 1, 1, 2, 3, 4, 14,
    ]);
    // 250 px of body under a 40 px header, scrolled to row 20's top: rows 20 to 30 and 8 more
    // each side.
    const top = rowTop(20, tops);
    expect(visibleRange(top + 40, 250, 40, 100, tops)).toEqual({ start: 12, end: 39 });
    expect(visibleRange(0, 250, 40, 100, tops).start).toBe(0);
  });

  it('scrolls a tall row wholly into view, as the arrow keys walk to it', () => {
    // Row 2 (34 px) from below: its top at the pane's top.
    expect(scrollFor(2, 100, 200, tops)).toBe(59);
    // From above: its bottom at the pane's bottom.
    expect(scrollFor(2, 0, 80, tops)).toBe(93 - 80);
    expect(scrollFor(1, 0, 200, tops)).toBeNull();
  });
});
