import { describe, expect, it } from 'vitest';
import { buildPivot } from '../../../src/charts/pivot/pivot.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { columnWidths, MARK_SIGN, type TextStyle } from '../../../src/ui/pivot/pivot-grid.ts';
import { KEY_LABELS } from '../../charts/pivot/key-labels.ts';

const labels = KEY_LABELS;
const manager: OutputColumn = { key: 'manager', role: 'dimension', axis: 'row', format: 'text' };
const member: OutputColumn = { key: 'member', role: 'dimension', axis: 'column', format: 'text' };
const won: OutputColumn = { key: 'won', role: 'measure', measure: 'won', format: 'int' };

// 8 px per character: widths are plain sums of what the cells must hold.
const measure = (t: string) => t.length * 8;

describe('columnWidths', () => {
  it('widens the columns under a column member wider than its values', () => {
    const long = 'A very long column member name';
    const r = resultFromRows([
      { manager: 'Ann', member: long, won: 1 },
      { manager: 'Ann', member: 'B', won: 2 },
    ]);
    const p = buildPivot([manager, member, won], r, labels);
    const fmt = [(v: number | null) => String(v ?? '')];
    const w = columnWidths(
      p,
      p.leaves.map(() => fmt[0]!),
      measure,
    );
    const at = p.leaves.findIndex((l) => l.members.includes(long));
    expect(at).toBeGreaterThanOrEqual(0);
    // The member's header cell sits over exactly this column: it must be wide enough for it.
    expect(w[p.labelColumns + at]!).toBeGreaterThanOrEqual(long.length * 8 + 17);
    // A short member's column stays as narrow as its measure header ("won ↓") and values.
    const short = p.leaves.findIndex((l) => l.members.includes('B'));
    expect(w[p.labelColumns + short]).toBe('won ↓'.length * 8 + 17);
  });

  it('never cuts a number: a 24-digit total gets its whole width past the columns’ cap', () => {
    const revenue: OutputColumn = { ...won, key: 'revenue', measure: 'revenue' };
    const r = resultFromRows([
      { manager: 'Ann', revenue: 1.2345678901234567e23 },
      { manager: 'Bob', revenue: 5 },
    ]);
    const p = buildPivot([manager, revenue], r, labels);
    const fmt = (v: number | null) => (v === null ? '' : v.toLocaleString('ru-RU'));
    const w = columnWidths(p, [fmt], measure);
    const widest = Math.max(...p.rows.map((row) => fmt(row.values[0] ?? null).length));
    expect(widest * 8).toBeGreaterThan(220);
    expect(w[p.labelColumns]).toBe(widest * 8 + 17);
  });

  it('measures a total column bold in every row, as it is set (td.total)', () => {
    const revenue: OutputColumn = { ...won, key: 'revenue', measure: 'revenue' };
    const grouping: OutputColumn = { key: '_grouping', role: 'grouping', format: 'int' };
    // GROUPING(manager, member): 1 = the member rolled up (the row's total column).
    const r = resultFromRows([
      { manager: 'Ann', member: 'Q1', revenue: 123456789011, _grouping: 0 },
      { manager: 'Ann', member: 'Q2', revenue: 1, _grouping: 0 },
      { manager: 'Ann', member: null, revenue: 123456789012, _grouping: 1 },
    ]);
    const p = buildPivot([manager, member, revenue, grouping], r, labels);
    const total = p.leaves.findIndex((l) => l.kind !== 'data');
    expect(total).toBeGreaterThanOrEqual(0);
    // Bold text is wider: 10 px a character against 8.
    const styled = (t: string, style: string) => t.length * (style === 'normal' ? 8 : 10);
    const fmt = (v: number | null) => String(v ?? '');
    const w = columnWidths(
      p,
      p.leaves.map(() => fmt),
      styled,
    );
    expect(w[p.labelColumns + total]).toBeGreaterThanOrEqual('123456789012'.length * 10 + 17);
  });

  it('wraps long value headers onto two lines when the table is wider than its room', () => {
    const perWon: OutputColumn = {
      key: 'activities_per_won',
      role: 'measure',
      measure: 'activities_per_won',
      format: 'number',
    };
    const r = resultFromRows([
      { manager: 'Ann', won: 1, activities_per_won: 12.5 },
      { manager: 'Bob', won: 2, activities_per_won: 3.25 },
    ]);
    // Named as the page names it: "Activities per won deal".
    const p = buildPivot([manager, won, perWon], r, {
      ...labels,
      value: (c) => (c.key === 'activities_per_won' ? 'Activities per won deal' : c.key),
    });
    const fmt = p.leaves.map(() => (v: number | null) => String(v ?? ''));
    const header = p.header.at(-1)![p.labelColumns + 1]!.text;
    expect(header.split(' ').length).toBeGreaterThan(2);
    const oneLine = columnWidths(p, fmt, measure);
    // The whole header (and the sort arrow) on one line sets the column's width.
    expect(oneLine[p.labelColumns + 1]).toBe(`${header}\u00a0↓`.length * 8 + 17);
    // It fits: nothing changes.
    const sum = (w: number[]) => w.reduce((a, b) => a + b, 0);
    expect(columnWidths(p, fmt, measure, sum(oneLine))).toEqual(oneLine);
    // Too wide for its room: the header's longer half of a two-line split sets it instead (with
    // no arrow: the column is not sorted).
    const narrow = columnWidths(p, fmt, measure, sum(oneLine) - 1);
    const words = header.split(' ');
    let best = Infinity;
    for (let k = 1; k < words.length; k++)
      best = Math.min(
        best,
        Math.max(words.slice(0, k).join(' ').length, words.slice(k).join(' ').length),
      );
    expect(narrow[p.labelColumns + 1]).toBe(Math.max(best * 8 + 17, 56));
    expect(narrow[p.labelColumns + 1]!).toBeLessThan(oneLine[p.labelColumns + 1]!);
    // The label column keeps its width; a short header ("won") keeps the columns' least.
    expect(narrow.slice(0, p.labelColumns)).toEqual(oneLine.slice(0, p.labelColumns));
    expect(narrow[p.labelColumns]).toBe(56);
  });

  it('short of room, only the sorted header keeps room for its arrow', () => {
    // The default report in Russian at 1440 px: "Выиграно" cannot break, so every won column
    // kept room for an arrow only the sorted column shows ("Выиграно ↓", 102 px against the
    // 88 its word and numbers need) and the table ran 8 px past its box.
    const revenue: OutputColumn = { ...won, key: 'revenue', measure: 'revenue' };
    const r = resultFromRows(
      ['Q1', 'Q2', 'Q3'].flatMap((q) => [
        { manager: 'Ann', member: q, won: 1, revenue: 10 },
        { manager: 'Bob', member: q, won: 2, revenue: 20 },
      ]),
    );
    const named = { ...labels, value: (c: OutputColumn) => (c.key === 'won' ? 'Выиграно' : c.key) };
    const sort = [{ key: 'revenue', dir: 'desc' as const, column: ['Q2'] }];
    const p = buildPivot([manager, member, won, revenue], r, named, { sort });
    const fmt = p.leaves.map(() => (v: number | null) => String(v ?? ''));
    const sorted = p.header.at(-1)!.flatMap((c, i) => (c.sort ? [i - p.labelColumns] : []));
    expect(sorted).toHaveLength(1);
    const oneLine = columnWidths(p, fmt, measure);
    const sum = (w: number[]) => w.reduce((a, b) => a + b, 0);
    const narrow = columnWidths(p, fmt, measure, sum(oneLine) - 1);
    p.leaves.forEach((leaf, i) => {
      const at = p.labelColumns + i;
      const text = p.header.at(-1)![at]!.text;
      if (i === sorted[0]) expect(narrow[at]).toBe(oneLine[at]);
      else if (leaf.column.key === 'won') {
        // With room, every header keeps it: the widths do not change as the sort does.
        expect(oneLine[at]).toBe(`${text}\u00a0↓`.length * 8 + 17);
        expect(narrow[at]).toBe(text.length * 8 + 17);
      }
    });
    expect(sum(narrow)).toBeLessThan(sum(oneLine));
  });

  it('gives a red growth the width of its bold number beside the sign of its "worst", not the word', () => {
    // Won deal size, Q2 2025 against Q2 2024 on the demo: Emily Parker's average fell 72 %, and
    // the page cut "−72.0 % worst" to "−72.0 % wor…" — the red number is set bold, it was
    // measured as plain text.
    const m = 'avg_won';
    const r = resultFromRows([
      { manager: 'Ethan Cole', avg_won: 43800, avg_won_previous: 15687, avg_won_growth: 1.792 },
      { manager: 'Emily Parker', avg_won: 2376, avg_won_previous: 8497, avg_won_growth: -0.72 },
      { manager: 'Lucas Reid', avg_won: 19417, avg_won_previous: 16990, avg_won_growth: 0.143 },
    ]);
    const p = buildPivot(
      [
        manager,
        { key: m, role: 'measure', measure: m, format: 'money' },
        { key: `${m}_previous`, role: 'previous', measure: m, format: 'money' },
        { key: `${m}_growth`, role: 'growth', measure: m, format: 'pct' },
      ],
      r,
      { ...labels, value: (c) => (c.role === 'growth' ? 'Δ %' : c.key) },
    );
    const g = p.leaves.findIndex((l) => l.column.role === 'growth');
    expect(p.marks?.[1]?.[g]).toBe('worst');
    const pct = (v: number | null) => (v === null ? '' : `${(v * 100).toFixed(1)}%`);
    const fmt = p.leaves.map((l) => (l.column.role === 'growth' ? pct : String));
    // Bold text 10 px a character, plain 8, so the two cannot be confused.
    const styled = (t: string, style: TextStyle) => t.length * (style === 'normal' ? 8 : 10);
    const word = (text: string) => ({ text, title: text });
    const words = {
      new: word('new'),
      fromZero: word('from 0'),
      best: word('best'),
      worst: word('worst'),
    };
    const w = columnWidths(p, fmt, styled, Infinity, words);
    // The number bold and the space after it, the sign as the header style measures it, the
    // mark's gap, padding and border (10) and the cell's padding (17).
    expect(w[p.labelColumns + g]!).toBe(
      styled('-72.0% ', 'bold') + styled(MARK_SIGN.worst, 'header') + 10 + 17,
    );
    // Not the word's room in every row of the column: "−72.0 % worst" took 141 px of it.
    expect(w[p.labelColumns + g]!).toBeLessThan(
      styled('-72.0%', 'bold') + styled('worst', 'header') + 14 + 17,
    );
  });
});
