// A comparison's growth cells read from the data: "new" for something now and nothing before
// (its growth has no number), "from 0" for rows before with a value of exactly 0, −100 % for a
// member that dropped to nothing (a number), the best (a rise) and worst (a decline) growth of a
// column, and the growth sort with new members first, then those from 0 (reversed after the
// numbers under a decline sort), as the SQL sorts them (test/query/growth.test.ts).
import { describe, expect, it } from 'vitest';
import { buildPivot, type PivotLabels } from '../../../src/charts/pivot/pivot.ts';
import { growthTier } from '../../../src/charts/pivot/growth-marks.ts';
import { pivotGrid } from '../../../src/charts/export/export.ts';
import { markWords } from '../../../src/charts/report/present.ts';
import { buildChart } from '../../../src/charts/plot/registry.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import { translator } from '../../../src/lib/i18n.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { cellsHtml, MARK_SIGN } from '../../../src/ui/pivot/pivot-grid.ts';
import { KEY_LABELS } from './key-labels.ts';

const labels: PivotLabels = KEY_LABELS;
const m = 'revenue';
const columns: OutputColumn[] = [
  { key: 'manager', role: 'dimension', axis: 'row', format: 'text' },
  { key: m, role: 'measure', measure: m, format: 'money' },
  { key: `${m}_previous`, role: 'previous', measure: m, format: 'money' },
  { key: `${m}_delta`, role: 'delta', measure: m, format: 'money' },
  { key: `${m}_growth`, role: 'growth', measure: m, format: 'pct' },
  { key: `${m}_earlier`, role: 'earlier', measure: m, format: 'int' },
];
const G = 3; // the growth leaf

/**
 * Demo managers, Q3 2025 against Q3 2024 (the CLI's numbers; plain SQL in growth.test.ts).
 * `earlier`: whether the earlier period had rows for them (the SQL's `<m>_earlier`); by default
 * none where the previous value is 0.
 */
const row = (manager: string, now: number, before: number, earlier = before === 0 ? 0 : 1) => ({
  manager,
  revenue: now,
  revenue_previous: before,
  revenue_delta: now - before,
  revenue_growth: before === 0 ? null : (now - before) / Math.abs(before),
  revenue_earlier: earlier,
});
const DEMO = [
  row('Chloe Bennett', 901757, 1003573),
  row('Ava Sinclair', 109002, 0),
  row('Emily Parker', 0, 242781),
  row('Oscar Bell', 418260, 53474),
  row('Nobody', 0, 0),
];

// August 2025 against August 2024 on the demo (plain SQL in growth.test.ts): Ava Sinclair had
// no deal closed a year before (new); Daniel Brooks closed 5 and won none (revenue 0: from 0).
const AUGUST = [
  row('Ava Sinclair', 20366, 0),
  row('Daniel Brooks', 1006526, 0, 1),
  row('Sophie Turner', 372274, 50417),
  row('Emily Parker', 0, 52782),
  row('Nobody', 0, 0, 1),
];

const layoutOf = (rows: Record<string, unknown>[], sort?: 'asc' | 'desc') =>
  buildPivot(columns, resultFromRows(rows), labels, {
    ...(sort ? { sort: [{ key: `${m}_growth`, dir: sort }] } : {}),
  });
const names = (l: ReturnType<typeof layoutOf>) => l.rows.map((r) => r.labels[0]!.text);
const marksOf = (l: ReturnType<typeof layoutOf>) =>
  Object.fromEntries(l.rows.map((r, i) => [r.labels[0]!.text, l.marks?.[i]?.[G] ?? null]));

describe('growth from nothing', () => {
  it('is new with nothing before, from 0 with rows before worth exactly 0', () => {
    expect(growthTier(5, 0, 0)).toBe('new');
    expect(growthTier(5, null, 0)).toBe('new');
    expect(growthTier(5, 0, 1)).toBe('fromZero');
    expect(growthTier(5, 3, 1)).toBeNull();
    expect(growthTier(0, 0, 1)).toBeNull();
    expect(growthTier(0, 0, 0)).toBeNull();
    expect(growthTier(null, null, 0)).toBeNull();
    expect(growthTier(0, 10, 1)).toBeNull();
    expect(growthTier(-3, 0, 1)).toBeNull();
    // No previous value at all (a snapshot without history): neither.
    expect(growthTier(5, null, null)).toBeNull();
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
    expect(layoutOf([row('A', 20, 10), row('B', 40, 20)]).marks).toBeUndefined();
  });

  it('marks best only on a rise and worst only on a decline, neither on a lone member', () => {
    expect(marksOf(layoutOf([row('A', 20, 10), row('B', 11, 10), row('C', 30, 10)]))).toEqual({
      A: null,
      B: null,
      C: 'best',
    });
    expect(marksOf(layoutOf([row('A', 5, 10), row('B', 9, 10), row('C', 1, 10)]))).toEqual({
      A: null,
      B: null,
      C: 'worst',
    });
    expect(marksOf(layoutOf([row('A', 10, 10), row('B', 5, 10)]))).toEqual({
      A: null,
      B: 'worst',
    });
    expect(layoutOf([row('A', 20, 10)]).marks).toBeUndefined();
  });

  it('reads "from 0" for rows before worth 0, sorted after the new ones, Δ still a number', () => {
    const l = layoutOf(AUGUST, 'desc');
    expect(names(l)).toEqual([
      'Ava Sinclair',
      'Daniel Brooks',
      'Sophie Turner',
      'Emily Parker',
      'Nobody',
    ]);
    expect(marksOf(l)).toEqual({
      'Ava Sinclair': 'new',
      'Daniel Brooks': 'fromZero',
      'Sophie Turner': 'best',
      'Emily Parker': 'worst',
      Nobody: null,
    });
    const daniel = l.rows[names(l).indexOf('Daniel Brooks')]!;
    expect(daniel.values.slice(0, 3)).toEqual([1006526, 0, 1006526]);
    // A decline sort: the numbers, then from 0, then new, the undefined last.
    expect(names(layoutOf(AUGUST, 'asc'))).toEqual([
      'Emily Parker',
      'Sophie Turner',
      'Daniel Brooks',
      'Ava Sinclair',
      'Nobody',
    ]);
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
      // On screen a sign is drawn (★), the word is the mark's text: what a screen reader reads.
      expect(cells(oscar)).toMatch(
        new RegExp(
          `<span class="mark best" title="[^"]+" data-sign="${MARK_SIGN.best}"><span class="visually-hidden">${best}</span></span>`,
        ),
      );
      const grid = pivotGrid(l, words);
      const body = grid.cells.slice(grid.headerRows);
      expect(body[ava]![1 + G]).toEqual({ v: word });
      expect(body[oscar]![1 + G]!.mark?.text).toBe(best);
      // The number stays a number: a spreadsheet sorts and filters it.
      expect(body[oscar]![1 + G]!.v).toBeCloseTo((418260 - 53474) / 53474, 12);
    }
  });

  it('says "from 0" in words on screen and in the exports, in English and in Russian', () => {
    const l = layoutOf(AUGUST, 'desc');
    const formats = l.leaves.map(() => (v: number | null) => (v === null ? '–' : String(v)));
    for (const [lang, word] of [
      ['en', 'from 0'],
      ['ru', 'с нуля'],
    ] as const) {
      const words = markWords({ t: translator(lang) });
      expect(words.fromZero.text).toBe(word);
      const r = names(l).indexOf('Daniel Brooks');
      const html = cellsHtml(l.rows[r]!, r, {
        leaves: l.leaves,
        formats,
        shade: null,
        drill: null,
        marks: { of: l.marks!, words },
      });
      expect(html).toContain(`>${word}</td>`);
      // Its Δ is a number beside it.
      expect(html).toContain('>1006526</td>');
      const grid = pivotGrid(l, words);
      expect(grid.cells.slice(grid.headerRows)[r]![1 + G]).toEqual({ v: word });
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

  const chartMarks = (rows: Record<string, unknown>[], cols: OutputColumn[]) => {
    const chart = buildChart({ analysis: 'pivot', chart: 'auto' }, cols, resultFromRows(rows), {
      lang: 'en',
      width: 800,
      empty: '(empty)',
      label: (k) => k,
      valueKey: `${m}_growth`,
      growthNew: 'new',
      growthFromZero: 'from 0',
    });
    return {
      chart,
      marks: (chart.options?.marks ?? []) as unknown as {
        data?: { x: string; s: string; v: number | null; fresh?: string }[];
        channels?: Record<string, { value: unknown }>;
      }[],
    };
  };
  const wordOf = (mk: ReturnType<typeof chartMarks>['marks'][number], d: unknown) =>
    (mk.channels!.text!.value as (d: unknown) => unknown)(d);

  it('puts a member from 0 after the new ones, with its words at 0', () => {
    const { chart, marks } = chartMarks(AUGUST, columns);
    const y = chart.options?.y as { domain: string[] };
    expect(y.domain.slice(0, 3)).toEqual(['Ava Sinclair', 'Daniel Brooks', 'Sophie Turner']);
    const text = marks.find((mk) => mk.channels?.text)!;
    const daniel = text.data!.find((d) => d.x === 'Daniel Brooks')!;
    expect(wordOf(text, daniel)).toBe('from 0');
  });

  it('draws a new member of a grouped chart of two row dimensions as with one', () => {
    // Managers by source: grouped bars (a growth does not add up), a source per colour.
    const two: OutputColumn[] = [
      columns[0]!,
      { key: 'source', role: 'dimension', axis: 'row', format: 'text' },
      ...columns.slice(1),
    ];
    const rows = [
      { ...row('Ava Sinclair', 20366, 0), source: 'Partner' },
      { ...row('Ava Sinclair', 5000, 4000), source: 'Website' },
      { ...row('Daniel Brooks', 900, 0, 1), source: 'Partner' },
      { ...row('Emily Parker', 0, 52782), source: 'Website' },
    ];
    const { chart, marks } = chartMarks(rows, two);
    expect(chart.kind).toBe('bar_grouped');
    const text = marks.find((mk) => mk.channels?.text);
    expect(text, 'a text mark names the growths without a number').toBeDefined();
    const words = text!.data!.map((d) => [d.x, d.s, wordOf(text!, d)]);
    expect(words).toEqual(
      expect.arrayContaining([
        ['Ava Sinclair', 'Partner', 'new'],
        ['Daniel Brooks', 'Partner', 'from 0'],
      ]),
    );
    const fy = chart.options?.fy as { domain: string[] };
    expect(fy.domain).toEqual(expect.arrayContaining(['Ava Sinclair', 'Daniel Brooks']));
  });
});
