import { describe, expect, it } from 'vitest';
import { buildPivot } from '../../../src/charts/pivot/pivot.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { NARROW_BOX } from '../../../src/ui/pivot/compact.ts';
import { columnWidths, type TextStyle } from '../../../src/ui/pivot/pivot-grid.ts';
import { fitWidths } from '../../../src/ui/pivot/tight.ts';
import { KEY_LABELS } from '../../charts/pivot/key-labels.ts';

// The default report's shape: revenue and won deals by manager × quarter, with its totals.
const manager: OutputColumn = { key: 'manager', role: 'dimension', axis: 'row', format: 'text' };
const quarter: OutputColumn = { key: 'quarter', role: 'dimension', axis: 'column', format: 'text' };
const revenue: OutputColumn = {
  key: 'revenue',
  role: 'measure',
  measure: 'revenue',
  format: 'int',
};
const won: OutputColumn = { key: 'won', role: 'measure', measure: 'won', format: 'int' };
const grouping: OutputColumn = { key: '_grouping', role: 'grouping', format: 'int' };
const QUARTERS = ['Q1', 'Q2', 'Q3', 'Q4'];
const NAMES = ['Charlotte Hughes', 'Bob'];
const rows = [
  ...NAMES.flatMap((m) => [
    ...QUARTERS.map((q) => ({ manager: m, quarter: q, revenue: 1325909, won: 46, _grouping: 0 })),
    { manager: m, quarter: null, revenue: 4657545, won: 169, _grouping: 1 },
  ]),
  ...QUARTERS.map((q) => ({
    manager: null,
    quarter: q,
    revenue: 11451572,
    won: 738,
    _grouping: 2,
  })),
  { manager: null, quarter: null, revenue: 54537042, won: 3304, _grouping: 3 },
];
const p = buildPivot([manager, quarter, revenue, won, grouping], resultFromRows(rows), {
  ...KEY_LABELS,
  dimension: () => 'Менеджер',
  value: (c) => (c.key === 'won' ? 'Won' : 'Revenue, $'),
});
const fmt = p.leaves.map(() => (v: number | null) => (v === null ? '' : v.toLocaleString('en-US')));
const sum = (w: number[]) => w.reduce((a, b) => a + b, 0);
// 8 px a character at 13 px, 7 at 12 px; bold a px wider a character.
const SIZE: Record<TextStyle, number> = { header: 7, normal: 8, bold: 9, small: 7, smallBold: 8 };
const measure = (t: string, s: TextStyle) => t.length * SIZE[s];

describe('fitWidths', () => {
  it('leaves a table that fits, or a desktop box, as columnWidths sets it', () => {
    const wide = columnWidths(p, fmt, measure);
    expect(fitWidths(p, fmt, measure, sum(wide), undefined)).toEqual({
      widths: wide,
      tight: false,
    });
    // Over a narrow screen's widest box: it scrolls a little, set as before.
    const desk = fitWidths(p, fmt, measure, NARROW_BOX + 1);
    expect(desk.tight).toBe(false);
    expect(desk.widths).toEqual(columnWidths(p, fmt, measure, NARROW_BOX + 1));
  });

  it('sets a table still too wide for a narrow box tight: every number whole, labels narrower', () => {
    const hyphenated = columnWidths(p, fmt, measure, 660);
    expect(sum(hyphenated)).toBeGreaterThan(660);
    const { widths, tight } = fitWidths(p, fmt, measure, 660);
    expect(tight).toBe(true);
    expect(sum(widths)).toBeLessThanOrEqual(660);
    // The numbers at 12 px with 4 px each side; the grand total row plain ("54,537,042" at 7 px
    // a character, not bold's 8), a total column bold in its data rows ("4,657,545").
    const at = (leaf: number) => widths[p.labelColumns + leaf]!;
    const total = p.leaves.findIndex((l) => l.kind !== 'data' && l.column.key === 'revenue');
    expect(at(total)).toBe(Math.max('54,537,042'.length * 7, '4,657,545'.length * 8) + 9);
    expect(at(0)).toBe('11,451,572'.length * 7 + 9);
    // A count's column as narrow as its numbers and header, not 56 px: 32 px.
    expect(at(1)).toBe(32);
    // The manager's column gives the rest, no narrower than its header on two lines, hyphenated.
    expect(widths[0]).toBeLessThan(measure('Charlotte Hughes', 'small') + 9);
    expect(widths[0]).toBeGreaterThanOrEqual(Math.max(64, 'Менед-'.length * 7 + 9));
  });

  it('keeps the labels whole when narrowing them cannot make the table fit: it scrolls', () => {
    const { widths, tight } = fitWidths(p, fmt, measure, 300);
    expect(tight).toBe(true);
    // The longest name whole at 12 px, 4 px each side, as a tight table sets it.
    expect(widths[0]).toBe(measure('Charlotte Hughes', 'small') + 9);
    expect(sum(widths)).toBeGreaterThan(300);
  });
});
