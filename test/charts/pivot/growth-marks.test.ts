// A comparison's growth cells read from the data: "new" for something now and nothing before
// (its growth has no number), −100 % for a member that dropped to nothing (a number), the best
// and worst growth of a column, and the growth sort with new members first (last under a
// decline sort), as the SQL sorts them (test/query/growth.test.ts).
import { describe, expect, it } from 'vitest';
import { buildPivot, type PivotLabels } from '../../../src/charts/pivot/pivot.ts';
import { fromNothing, growthMarks } from '../../../src/charts/pivot/growth-marks.ts';
import { pivotGrid } from '../../../src/charts/export/export.ts';
import { markWords } from '../../../src/charts/report/present.ts';
import { buildChart } from '../../../src/charts/plot/registry.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import { translator } from '../../../src/lib/i18n.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { cellsHtml } from '../../../src/ui/pivot/pivot-grid.ts';
import { KEY_LABELS } from './key-labels.ts';

const labels: PivotLabels = KEY_LABELS;
const m = 'revenue';
const columns: OutputColumn[] = [
  { key: 'manager', role: 'dimension', axis: 'row', format: 'text' },
  { key: m, role: 'measure', measure: m, format: 'money' },
  { key: `${m}_previous`, role: 'previous', measure: m, format: 'money' },
  { key: `${m}_delta`, role: 'delta', measure: m, format: 'money' },
  { key: `${m}_growth`, role: 'growth', measure: m, format: 'pct' },
];
const G = 3; // the growth leaf

/** Demo managers, Q3 2025 against Q3 2024 (the CLI's numbers; plain SQL in growth.test.ts). */
const row = (manager: string, now: number, before: number) => ({
  manager,
  revenue: now,
  revenue_previous: before,
  revenue_delta: now - before,
  revenue_growth: before === 0 ? null : (now - before) / Math.abs(before),
});
const DEMO = [
  row('Chloe Bennett', 901757, 1003573),
  row('Ava Sinclair', 109002, 0),
  row('Emily Parker', 0, 242781),
  row('Oscar Bell', 418260, 53474),
  row('Nobody', 0, 0),
];

const layoutOf = (rows: Record<string, unknown>[], sort?: 'asc' | 'desc') =>
  buildPivot(columns, resultFromRows(rows), labels, {
    ...(sort ? { sort: [{ key: `${m}_growth`, dir: sort }] } : {}),
  });
const names = (l: ReturnType<typeof layoutOf>) => l.rows.map((r) => r.labels[0]!.text);
const marksOf = (l: ReturnType<typeof layoutOf>) =>
  Object.fromEntries(l.rows.map((r, i) => [r.labels[0]!.text, l.marks?.[i]?.[G] ?? null]));

describe('growth from nothing', () => {
  it('is something now and nothing (empty or 0) before', () => {
    expect(fromNothing(5, 0)).toBe(true);
    expect(fromNothing(5, null)).toBe(true);
    expect(fromNothing(0, 0)).toBe(false);
    expect(fromNothing(null, null)).toBe(false);
    expect(fromNothing(0, 10)).toBe(false);
    expect(fromNothing(-3, 0)).toBe(false);
  });

  it('reads "new"; a drop to nothing is −100 %, a number, and 0 → 0 stays undefined', () => {
    const l = layoutOf(DEMO);
    const byName = Object.fromEntries(l.rows.map((r) => [r.labels[0]!.text, r.values[G]]));
    expect(byName['Emily Parker']).toBe(-1);
    expect(byName['Ava Sinclair']).toBeNull();
    expect(marksOf(l)).toEqual({
      'Chloe Bennett': null,
      'Ava Sinclair': 'new',
      'Emily Parker': 'worst',
      'Oscar Bell': 'best',
      Nobody: null,
    });
  });

  it('is not "new" when nothing at all came before (no earlier period in the data)', () => {
    const l = layoutOf([row('Ann', 10, 0), row('Bob', 20, 0)]);
    expect(l.marks).toBeUndefined();
    // A snapshot measure without history: its previous is empty for everyone.
    const empty = layoutOf([
      { manager: 'Ann', revenue: 10, revenue_previous: null, revenue_growth: null },
      { manager: 'Bob', revenue: 20, revenue_previous: null, revenue_growth: null },
    ]);
    expect(empty.marks).toBeUndefined();
  });

  it('sorts first under fastest growth first, after the numbers under a decline sort', () => {
    expect(names(layoutOf(DEMO, 'desc'))).toEqual([
      'Ava Sinclair',
      'Oscar Bell',
      'Chloe Bennett',
      'Emily Parker',
      'Nobody',
    ]);
    expect(names(layoutOf(DEMO, 'asc'))).toEqual([
      'Emily Parker',
      'Chloe Bennett',
      'Oscar Bell',
      'Ava Sinclair',
      'Nobody',
    ]);
    // Two new members tie rather than compare as NaN.
    const two = layoutOf([...DEMO, row('Max Porter', 8172, 0)], 'desc');
    expect(names(two).slice(0, 2).sort()).toEqual(['Ava Sinclair', 'Max Porter']);
  });

  it('marks only the innermost members, ties alike, and nothing in a column of one growth', () => {
    const withTotal = [
      ...DEMO.map((r) => ({ ...r, _grouping: 0 })),
      { ...row('', 1428019, 1299828), manager: null, _grouping: 1 },
    ];
    const l = buildPivot(
      [...columns, { key: '_grouping', role: 'grouping', format: 'int' }],
      resultFromRows(withTotal),
      labels,
    );
    const total = l.rows.findIndex((r) => r.kind === 'total');
    expect(total).toBeGreaterThan(0);
    expect(l.marks?.[total]?.[G]).toBeNull();
    const tie = layoutOf([row('A', 20, 10), row('B', 20, 10), row('C', 5, 10)]);
    expect(marksOf(tie)).toEqual({ A: 'best', B: 'best', C: 'worst' });
    expect(growthMarks(layoutOf([row('A', 20, 10), row('B', 40, 20)]))).toBeNull();
  });

  it('is shown in words on screen and in the exports, in English and in Russian', () => {
    const l = layoutOf(DEMO);
    const formats = l.leaves.map(() => (v: number | null) => (v === null ? '–' : String(v)));
    for (const [lang, word, best] of [
      ['en', 'new', 'best'],
      ['ru', 'новый', 'лучший'],
    ] as const) {
      const words = markWords({ t: translator(lang) });
      const cells = (r: number) =>
        cellsHtml(l.rows[r]!, r, {
          leaves: l.leaves,
          formats,
          shade: null,
          drill: null,
          marks: { of: l.marks!, words },
        });
      const ava = names(l).indexOf('Ava Sinclair');
      const oscar = names(l).indexOf('Oscar Bell');
      expect(cells(ava)).toContain(`>${word}</td>`);
      expect(cells(oscar)).toMatch(
        new RegExp(`<span class="mark best" title="[^"]+">${best}</span>`),
      );
      const grid = pivotGrid(l, words);
      const body = grid.cells.slice(grid.headerRows);
      expect(body[ava]![1 + G]).toEqual({ v: word });
      expect(body[oscar]![1 + G]!.mark?.text).toBe(best);
      // The number stays a number: a spreadsheet sorts and filters it.
      expect(body[oscar]![1 + G]!.v).toBeCloseTo((418260 - 53474) / 53474, 12);
    }
  });
});

describe('a chart of the growth', () => {
  it('keeps a new member, first, with the word "new" at 0 and no NaN bar', () => {
    const chart = buildChart({ analysis: 'pivot', chart: 'auto' }, columns, resultFromRows(DEMO), {
      lang: 'ru',
      width: 800,
      empty: '(пусто)',
      label: (k) => k,
      valueKey: `${m}_growth`,
      growthNew: 'новый',
    });
    const y = chart.options?.y as { domain: string[] };
    expect(y.domain[0]).toBe('Ava Sinclair');
    expect(y.domain).toContain('Emily Parker');
    const marks = (chart.options?.marks ?? []) as unknown as {
      data?: { x: string; v: number | null; fresh?: true }[];
      channels?: Record<string, { value: unknown }>;
    }[];
    const text = marks.find((mk) => mk.channels?.text)!;
    const ava = text.data!.find((d) => d.x === 'Ava Sinclair')!;
    const at = (k: string) => (text.channels![k]!.value as (d: unknown) => unknown)(ava);
    expect(at('text')).toBe('новый');
    expect(at('x')).toBe(0);
    for (const d of text.data!) expect(Number.isNaN(d.v)).toBe(false);
  });
});
