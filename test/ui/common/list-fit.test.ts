// A list's bad news is bold (ListTable's `td.neg`), and bold runs wider: the least width of its
// column is measured bold, or a fitted table cut the widest red number by a few px.
import { describe, expect, it } from 'vitest';
import { columnWidths, glyphMeasure } from '../../../src/ui/common/list-fit.ts';

describe('columnWidths', () => {
  it("measures a bad-news cell bold, the column's other cells regular", () => {
    const headers = [{ label: 'Δ', numeric: true }];
    const rows = [['−143.7 %'], ['9.6 %']];
    const regular = columnWidths({ headers, rows })[0]!;
    const bold = columnWidths({ headers, rows, bad: [[true], [false]] })[0]!;
    expect(bold).toBeGreaterThan(regular);
    const rowsBold = Math.ceil(glyphMeasure('−143.7 %', 12, true) + 13);
    expect(bold).toBe(rowsBold);
    // Only the widest value decides: a short bad-news value changes nothing.
    expect(columnWidths({ headers, rows, bad: [[false], [true]] })[0]).toBe(regular);
  });
});
