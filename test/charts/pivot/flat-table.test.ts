import { describe, expect, it } from 'vitest';
import { badNews } from '../../../src/charts/export/bad-news.ts';
import { buildFlatTable } from '../../../src/charts/pivot/flat-table.ts';
import { analysisGrid } from '../../../src/charts/report/analysis-grid.ts';
import type { PresentLabels } from '../../../src/charts/report/present.ts';
import { translator } from '../../../src/lib/i18n.ts';
import { defaultSpec } from '../../../src/query/spec/spec.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { CLIENTS_DELTA, CLIENTS_GROWTH, STATUS } from './dynamics-columns.ts';

const cols: OutputColumn[] = [
  { key: 'stage', role: 'dimension', axis: 'row', format: 'text' },
  { key: 'position', role: 'dimension', axis: 'row', format: 'int' },
  { key: 'step_conversion', role: 'measure', format: 'pct' },
  { key: 'revenue', role: 'measure', format: 'money' },
  { key: 'median_days_in_stage', role: 'measure', format: 'days' },
  { key: 'first_purchase', role: 'measure', format: 'date' },
  { key: 'status', role: 'measure', format: 'text' },
];
const rows = [
  {
    stage: 'Lead',
    position: 1,
    step_conversion: null,
    revenue: 1234.5,
    median_days_in_stage: 3.25,
    first_purchase: '2024-03-05',
    status: 'new',
  },
  {
    stage: null,
    position: 2,
    step_conversion: 0.255,
    revenue: 10,
    median_days_in_stage: null,
    first_purchase: null,
    status: null,
  },
];

describe('buildFlatTable', () => {
  it('keeps column order and formats by column: %, money, days, dates; labels and categories translated', () => {
    const t = buildFlatTable(cols, resultFromRows(rows), {
      lang: 'en',
      empty: '(empty)',
      label: (c) => c.key.toUpperCase(),
      category: (key, v) => (key === 'status' ? `S:${v}` : v),
      money: { currency: 'USD' },
    });
    expect(t.headers.map((h) => h.label)).toEqual([
      'STAGE',
      'POSITION',
      'STEP_CONVERSION',
      'REVENUE',
      'MEDIAN_DAYS_IN_STAGE',
      'FIRST_PURCHASE',
      'STATUS',
    ]);
    expect(t.headers.map((h) => h.numeric)).toEqual([false, true, true, true, true, false, false]);
    expect(t.rows[0]).toEqual(['Lead', '1', '–', '$1,235', '3.3\u00a0d', 'Mar 5, 2024', 'S:new']);
    expect(t.rows[1]).toEqual(['(empty)', '2', '25.5%', '$10', '–', '–', '']);
  });

  it('decides the decimals of days and numbers per column: whole days read 193 d, not 193.0 d', () => {
    const ltvCols: OutputColumn[] = [
      { key: 'client', role: 'dimension', axis: 'row', format: 'text' },
      { key: 'tenure_days', role: 'measure', format: 'days' },
      { key: 'cycle_days', role: 'measure', format: 'days' },
      { key: 'per_year', role: 'measure', format: 'number' },
    ];
    const clients = resultFromRows([
      { client: 'A', tenure_days: 193, cycle_days: 12, per_year: 14 },
      { client: 'B', tenure_days: 0, cycle_days: 2.5, per_year: 12.96 },
      { client: 'C', tenure_days: null, cycle_days: 3, per_year: 6 },
    ]);
    const table = (lang: 'en' | 'ru', limit?: number) =>
      buildFlatTable(ltvCols, clients, {
        lang,
        empty: '',
        label: (c) => c.key,
        ...(limit ? { limit } : {}),
      }).rows.map((r) => r.map((c) => c.replace(/\u00a0|\u202f/g, ' ')));
    expect(table('en')).toEqual([
      ['A', '193 d', '12.0 d', '14.00'],
      ['B', '0 d', '2.5 d', '12.96'],
      ['C', '–', '3.0 d', '6.00'],
    ]);
    expect(table('ru')[0]).toEqual(['A', '193 дн.', '12,0 дн.', '14,00']);
    // Decided over every row, not the rows shown: showing more never changes a column.
    expect(table('ru', 1)).toEqual([['A', '193 дн.', '12,0 дн.', '14,00']]);
  });

  it('marks the total row by a null in its key column; other rows keep (empty)', () => {
    const t = buildFlatTable(cols, resultFromRows(rows), {
      lang: 'en',
      empty: '(empty)',
      label: (c) => c.key,
      totalRow: { key: 'position', label: 'Total' },
    });
    expect(t.rows[1]?.[0]).toBe('(empty)');
    const total = buildFlatTable(cols, resultFromRows([{ ...rows[1], position: null }]), {
      lang: 'en',
      empty: '(empty)',
      label: (c) => c.key,
      totalRow: { key: 'position', label: 'Total' },
    });
    expect(total.rows[0]?.slice(0, 3)).toEqual(['', 'Total', '25.5%']);
  });

  it('formats in Russian and stops at the limit', () => {
    const t = buildFlatTable(cols, resultFromRows(rows), {
      lang: 'ru',
      empty: '(пусто)',
      label: (c) => c.key,
      limit: 1,
    });
    expect(t.rows).toHaveLength(1);
    expect(t.total).toBe(2);
    expect(t.rows[0]?.[4]).toBe('3,3\u00a0дн.');
  });

  it('leaves the _grouping helper out', () => {
    const t = buildFlatTable(
      [...cols, { key: '_grouping', role: 'grouping', format: 'int' }],
      resultFromRows(rows),
      {
        lang: 'en',
        empty: '',
        label: (c) => c.key,
      },
    );
    expect(t.headers).toHaveLength(cols.length);
  });

  describe('colours bad news red where print and tiles do', () => {
    // Compared dynamics: more lapsed or lost clients is the bad news, more regular ones the good;
    // the table on screen showed every change in black while a tile coloured them.
    const columns = [STATUS, CLIENTS_DELTA, CLIENTS_GROWTH];
    const table = resultFromRows([
      { status: 'new', clients_delta: -2, clients_growth: -0.2 },
      { status: 'regular', clients_delta: 1, clients_growth: 0.1 },
      { status: 'lapsed', clients_delta: 4, clients_growth: 0.25 },
      { status: 'lost', clients_delta: -3, clients_growth: -0.3 },
      { status: 'lost', clients_delta: 0, clients_growth: null },
    ]);
    const flat = (lang: 'en' | 'ru') =>
      buildFlatTable(columns, table, { lang, empty: '', label: (c) => c.key });

    it("a lapsed row's rise and a new row's fall are red; a regular row's rise and lost's fall not", () => {
      const bad = flat('en').bad;
      expect(bad?.map((row) => row[2])).toEqual([true, false, true, false, false]);
      // A count's Δ is never red, as on a tile: only changes in percent or points are.
      expect(bad?.map((row) => row[1])).toEqual([false, false, false, false, false]);
    });

    it('cell for cell as the grid of print and tiles reads, in either language', () => {
      for (const lang of ['en', 'ru'] as const) {
        const L = {
          lang,
          t: translator(lang),
          categoryLabel: (_: string, v: string) => v,
          analysisColumnLabel: (c: OutputColumn) => c.key,
        } as unknown as PresentLabels;
        const spec = { ...defaultSpec(), analysis: 'dynamics' as const };
        const grid = analysisGrid({ spec, columns, table }, L);
        const tile = grid.cells.slice(grid.headerRows).map((row) => row.map((c) => badNews(c)));
        expect(flat(lang).bad).toEqual(tile);
      }
    });

    it('a funnel conversion that fell in points is red; none at all leaves the table uncoloured', () => {
      const pp: OutputColumn = {
        key: 'step_conversion_delta',
        role: 'delta',
        measure: 'step_conversion',
        format: 'pp',
      };
      const t = buildFlatTable(
        [pp],
        resultFromRows([{ step_conversion_delta: -0.03 }, { step_conversion_delta: 0.01 }]),
        { lang: 'en', empty: '', label: (c) => c.key },
      );
      expect(t.bad).toEqual([[true], [false]]);
      const calm = buildFlatTable([pp], resultFromRows([{ step_conversion_delta: 0.01 }]), {
        lang: 'en',
        empty: '',
        label: (c) => c.key,
      });
      expect(calm.bad).toBeUndefined();
    });
  });
});
