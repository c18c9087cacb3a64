// The status line counts the table the reader sees: a cross-tab's result has a row per manager
// and quarter, plus totals, and "11 rows" above a table of 3 managers read as its length.
import { describe, expect, it } from 'vitest';
import { tableSize, tableSizeText } from '../../../src/charts/report/table-size.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import { render } from '../../../src/lib/message.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { defaultSpec } from '../../../src/query/spec/spec.ts';

const dim = (key: string, axis: 'row' | 'column'): OutputColumn => ({
  key,
  role: 'dimension',
  axis,
  format: 'text',
});
const revenue: OutputColumn = {
  key: 'revenue',
  role: 'measure',
  measure: 'revenue',
  format: 'money',
};
const grouping: OutputColumn = { key: '_grouping', role: 'grouping', format: 'int' };
const other: OutputColumn = { key: '_other', role: 'other', format: 'int' };
const pivot = defaultSpec();

describe('tableSize', () => {
  it("counts a cross-tab's row members and its cells, not the query's rows", () => {
    // Bits over (manager, quarter): 1 = quarter rolled up, 2 = manager, 3 = the grand total.
    const rows = [
      { manager: 'Ann', q: 'Q1', _grouping: 0, revenue: 1 },
      { manager: 'Ann', q: 'Q2', _grouping: 0, revenue: 2 },
      { manager: 'Bob', q: 'Q1', _grouping: 0, revenue: 3 },
      { manager: 'Bob', q: 'Q2', _grouping: 0, revenue: 4 },
      { manager: null, q: 'Q2', _grouping: 0, revenue: 5 }, // an empty manager is a row too
      ...['Ann', 'Bob', null].map((m) => ({ manager: m, q: null, _grouping: 1, revenue: 9 })),
      { manager: null, q: 'Q1', _grouping: 2, revenue: 9 },
      { manager: null, q: 'Q2', _grouping: 2, revenue: 9 },
      { manager: null, q: null, _grouping: 3, revenue: 9 },
    ];
    const columns = [dim('manager', 'row'), dim('q', 'column'), revenue, grouping];
    const size = tableSize({ spec: pivot, columns, table: resultFromRows(rows) });
    expect(rows.length).toBe(11);
    expect(size).toEqual({ rows: 3, cells: 5 });
    expect(render('en', tableSizeText(size))).toBe('3 rows · 5 cells');
    expect(render('ru', tableSizeText(size))).toBe('3 строки · 5 ячеек');
  });

  it('counts the rows of a list of nested members without their subtotals, Other included', () => {
    // Bits over (manager, source): 1 = a manager's subtotal, 3 = the grand total.
    const rows = [
      { manager: 'Ann', source: 'Web', _grouping: 0, _other: false, revenue: 1 },
      { manager: 'Ann', source: 'Ads', _grouping: 0, _other: false, revenue: 1 },
      { manager: 'Ann', source: null, _grouping: 1, _other: false, revenue: 2 },
      { manager: null, source: 'Web', _grouping: 0, _other: true, revenue: 1 },
      { manager: null, source: null, _grouping: 1, _other: true, revenue: 1 },
      { manager: null, source: null, _grouping: 3, _other: false, revenue: 3 },
    ];
    const columns = [dim('manager', 'row'), dim('source', 'row'), revenue, grouping, other];
    const size = tableSize({ spec: pivot, columns, table: resultFromRows(rows) });
    expect(size).toEqual({ rows: 3, cells: null });
    expect(render('en', tableSizeText(size))).toBe('3 rows');
    expect(render('ru', tableSizeText({ rows: 21, cells: null }))).toBe('21 строка');
    expect(render('ru', tableSizeText({ rows: 1, cells: 1 }))).toBe('1 строка · 1 ячейка');
    expect(render('en', tableSizeText({ rows: 1, cells: 1 }))).toBe('1 row · 1 cell');
  });

  it("reads an analysis's list as its rows", () => {
    const rows = [{ step: 'a' }, { step: 'b' }];
    const spec = { ...pivot, analysis: 'funnel' as const };
    const size = tableSize({ spec, columns: [dim('step', 'row')], table: resultFromRows(rows) });
    expect(size).toEqual({ rows: 2, cells: null });
  });
});
