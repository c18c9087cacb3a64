// A measure whose rise is the bad news (lost deals, a longer cycle: `OutputColumn.worseWhenMore`)
// is marked and coloured by its meaning: its largest fall is "best", its largest rise "worst", and
// a rise of its Δ % is red on screen exactly where print and tiles colour it (bad-news.ts); a Δ of
// a count is coloured nowhere, and nothing is green. The numbers themselves stay as they are.
import { describe, expect, it } from 'vitest';
import { badNews } from '../../../src/charts/export/bad-news.ts';
import { pivotGrid } from '../../../src/charts/export/export.ts';
import { reversedRows } from '../../../src/charts/pivot/flat-marks.ts';
import { buildFlatTable } from '../../../src/charts/pivot/flat-table.ts';
import { buildPivot } from '../../../src/charts/pivot/pivot.ts';
import { shadeColor, shadeScales } from '../../../src/charts/pivot/shading.ts';
import { markWords } from '../../../src/charts/report/present.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import { translator } from '../../../src/lib/i18n.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { cellsHtml } from '../../../src/ui/pivot/pivot-grid.ts';
import { KEY_LABELS } from './key-labels.ts';

const change = (m: string, format: OutputColumn['format'], worse: boolean): OutputColumn[] => {
  const w = worse ? { worseWhenMore: true as const } : {};
  return [
    { key: m, role: 'measure', measure: m, format },
    { key: `${m}_previous`, role: 'previous', measure: m, format },
    { key: `${m}_delta`, role: 'delta', measure: m, format, ...w },
    { key: `${m}_growth`, role: 'growth', measure: m, format: 'pct', ...w },
  ];
};
const columnsOf = (worse: boolean): OutputColumn[] => [
  { key: 'manager', role: 'dimension', axis: 'row', format: 'text' },
  ...change('lost', 'int', worse),
  ...change('revenue', 'money', false),
];
const LOST_G = 3;
const REVENUE_G = 7;

/** Demo managers' lost deals, Q3 2025 against Q3 2024 (the CLI's numbers), and some revenue. */
const row = (manager: string, lost: number, before: number, revenue: number, rBefore: number) => ({
  manager,
  lost,
  lost_previous: before,
  lost_delta: lost - before,
  lost_growth: before === 0 ? null : (lost - before) / before,
  revenue,
  revenue_previous: rBefore,
  revenue_delta: revenue - rBefore,
  revenue_growth: rBefore === 0 ? null : (revenue - rBefore) / rBefore,
});
const DEMO = [
  row('Chloe Bennett', 46, 45, 901757, 1003573),
  row('Emily Parker', 4, 28, 0, 242781),
  row('Oscar Bell', 64, 6, 418260, 53474),
  row('Leo Harrison', 24, 24, 500, 400),
];

const layoutOf = (worse: boolean, rows = DEMO) =>
  buildPivot(columnsOf(worse), resultFromRows(rows), KEY_LABELS, {});
const marksAt = (l: ReturnType<typeof layoutOf>, leaf: number) =>
  Object.fromEntries(l.rows.map((r, i) => [r.labels[0]!.text, l.marks?.[i]?.[leaf] ?? null]));

describe('the marks of a measure whose rise is the bad news', () => {
  it('give "best" to the largest fall of lost deals and "worst" to the largest rise', () => {
    const l = layoutOf(true);
    expect(marksAt(l, LOST_G)).toEqual({
      'Chloe Bennett': null,
      'Emily Parker': 'best',
      'Oscar Bell': 'worst',
      'Leo Harrison': null,
    });
    // Revenue beside it keeps its own reading.
    expect(marksAt(l, REVENUE_G)).toMatchObject({ 'Oscar Bell': 'best', 'Emily Parker': 'worst' });
    // The same column without the meaning marks as any growth: the rise of lost deals was "best".
    expect(marksAt(layoutOf(false), LOST_G)).toMatchObject({
      'Emily Parker': 'worst',
      'Oscar Bell': 'best',
    });
  });

  it('mark no "worst" when every lost count fell, and keep the numbers as they are', () => {
    const fell = [row('Ann', 4, 28, 1, 1), row('Bob', 9, 10, 1, 1)];
    const l = layoutOf(true, fell);
    expect(marksAt(l, LOST_G)).toEqual({ Ann: 'best', Bob: null });
    expect(l.rows.map((r) => r.values[LOST_G])).toEqual([-24 / 28, -1 / 10]);
    expect(l.rows.map((r) => r.values[LOST_G - 1])).toEqual([-24, -1]);
  });

  it('title the turned marks by what they rank, in English and Russian', () => {
    const l = layoutOf(true);
    const emily = l.rows.findIndex((r) => r.labels[0]!.text === 'Emily Parker');
    for (const [lang, best, fall] of [
      ['en', 'best', 'The largest fall'],
      ['ru', 'лучший', 'Наибольшее снижение'],
    ] as const) {
      const words = markWords({ t: translator(lang) });
      const cell = pivotGrid(l, words).cells[1 + emily]![1 + LOST_G]!;
      expect(cell.mark?.text).toBe(best);
      expect(cell.mark?.title.startsWith(fall)).toBe(true);
      expect(cell.reversed).toBe(true);
      const html = cellsHtml(l.rows[emily]!, emily, {
        leaves: l.leaves,
        formats: l.leaves.map(() => (v) => String(v)),
        shade: null,
        drill: null,
        marks: { of: l.marks!, words },
      });
      expect(html).toContain(`<span class="mark best" title="${fall}`);
    }
  });
});

describe('the pivot on screen colours by the tiles’ and print’s rule', () => {
  /** Per body row, per leaf: whether the screen's cell is red (`neg`), and any class `pos`. */
  const screen = (l: ReturnType<typeof layoutOf>) =>
    l.rows.map((row, r) => {
      const html = cellsHtml(row, r, {
        leaves: l.leaves,
        formats: l.leaves.map(() => (v) => String(v)),
        shade: null,
        drill: null,
      });
      expect(html).not.toMatch(/class="[^"]*\bpos\b/);
      return [...html.matchAll(/<td([^>]*)>/g)].map((m) => /class="[^"]*\bneg\b/.test(m[1]!));
    });
  const byName = (l: ReturnType<typeof layoutOf>, red: boolean[][]) =>
    Object.fromEntries(l.rows.map((r, i) => [r.labels[0]!.text, red[i]]));

  it('reds a rise of lost deals and a fall of revenue in Δ %, never a Δ of a count or money', () => {
    const l = layoutOf(true);
    const red = byName(l, screen(l));
    // lost, previous, Δ, Δ %, revenue, previous, Δ, Δ %
    expect(red['Oscar Bell']).toEqual([false, false, false, true, false, false, false, false]);
    expect(red['Emily Parker']).toEqual([false, false, false, false, false, false, false, true]);
    expect(red['Chloe Bennett']).toEqual([false, false, false, true, false, false, false, true]);
    expect(red['Leo Harrison']).toEqual([false, false, false, false, false, false, false, false]);
  });

  it('is red on screen exactly where the tile and print read bad news', () => {
    for (const worse of [true, false]) {
      const l = layoutOf(worse);
      const grid = pivotGrid(l);
      const printed = grid.cells.slice(grid.headerRows).map((cells) => cells.slice(1).map(badNews));
      expect(screen(l)).toEqual(printed);
    }
  });
});

describe('the shading of such a change', () => {
  it('gives its rise the vermillion and its fall the green, as bad and good news', () => {
    const l = layoutOf(true);
    const scales = shadeScales(l);
    const colour = (name: string, leaf: number) => {
      const r = l.rows.find((x) => x.labels[0]!.text === name)!;
      return shadeColor(r.values[leaf] ?? null, scales[leaf] ?? null) ?? '';
    };
    const VERMILLION = /^rgb\(213 94 0 /;
    const GREEN = /^rgb\(0 158 115 /;
    for (const leaf of [LOST_G - 1, LOST_G]) {
      expect(colour('Oscar Bell', leaf)).toMatch(VERMILLION);
      expect(colour('Emily Parker', leaf)).toMatch(GREEN);
    }
    // Revenue keeps the plain reading: its fall vermillion, its rise green.
    expect(colour('Emily Parker', REVENUE_G)).toMatch(VERMILLION);
    expect(colour('Oscar Bell', REVENUE_G)).toMatch(GREEN);
  });
});

describe('a flat table of such a change (a compared drivers of lost deals)', () => {
  const columns: OutputColumn[] = [
    { key: 'member', role: 'dimension', axis: 'row', format: 'text' },
    { key: 'lost_delta', role: 'delta', measure: 'lost', format: 'int', worseWhenMore: true },
    { key: 'lost_growth', role: 'growth', measure: 'lost', format: 'pct', worseWhenMore: true },
  ];
  const rows = resultFromRows([
    { member: 'Partner', lost_delta: 5, lost_growth: 0.5 },
    { member: 'Website', lost_delta: -3, lost_growth: -0.3 },
  ]);

  it('reads every row turned and reds the rise, not the fall', () => {
    expect(reversedRows(columns[2]!, rows)).toEqual([true, true]);
    const bad = buildFlatTable(columns, rows, { lang: 'en', empty: '', label: (c) => c.key }).bad;
    expect(bad?.map((row) => row[2])).toEqual([true, false]);
    expect(bad?.map((row) => row[1])).toEqual([false, false]);
  });
});
