// The one presenter: the same spec and result give the same heading, table and chart to every
// surface (result view, dashboard tile, print), in the labels it is handed.
import { describe, expect, it } from 'vitest';
import { cellCaption, present, type PresentLabels } from '../../../src/charts/report/present.ts';
import {
  dashboardPeriodText,
  heading,
  reportPeriodText,
} from '../../../src/charts/report/heading.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import { translator } from '../../../src/lib/i18n.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { defaultSpec, type ReportSpec } from '../../../src/query/spec/spec.ts';

const t = translator('en');
const L: PresentLabels = {
  lang: 'en',
  t,
  currency: 'USD',
  columnLabel: (c) => c.key.toUpperCase(),
  valueLabel: (c) => (c.format === 'money' ? `${c.key.toUpperCase()}, $` : c.key.toUpperCase()),
  dimensionLabel: (d) => d.field.toUpperCase(),
  measureLabel: (id) => id.toUpperCase(),
  filterLabel: (f) => `${f.field}=${(f.values ?? []).join(',')}`,
  analysisColumnLabel: (c) => `col:${c.key}`,
  analysisKeyLabel: (k) => `key:${k}`,
  categoryLabel: (k, v) => (k === 'status' ? `status:${v}` : v),
  measure: () => ({ shareable: true, additive: true }),
};

const manager: OutputColumn = { key: 'manager', role: 'dimension', axis: 'row', format: 'text' };
const revenue: OutputColumn = {
  key: 'revenue',
  role: 'measure',
  measure: 'revenue',
  format: 'money',
};
const rank: OutputColumn = { key: 'revenue_rank', role: 'rank', measure: 'revenue', format: 'int' };
const pivotSpec: ReportSpec = {
  ...defaultSpec(),
  rows: [{ field: 'manager' }],
  measures: ['revenue'],
  period: { from: '2024-01-01', to: '2024-12-31' },
  filters: [{ field: 'source', op: 'in', values: ['Web'] }],
  compare: 'year',
};
const pivotRows = resultFromRows([
  { manager: 'Ann', revenue: 10, revenue_rank: 2 },
  { manager: 'Bob', revenue: 30, revenue_rank: 1 },
]);

describe('heading', () => {
  it('titles a report by its measures and dimensions, with period, filters and comparison', () => {
    expect(heading(pivotSpec, L)).toEqual({
      title: 'REVENUE — MANAGER',
      period: 'Jan 1, 2024 – Dec 31, 2024',
      filters: 'source=Web',
      compare: t('compareYear'),
      versus: '2024 vs 2023',
    });
    const own = heading({ ...defaultSpec(), title: ' Mine ' }, L);
    expect([own.title, own.period, own.filters, own.compare]).toEqual([
      'Mine',
      t('allTime'),
      t('noFilters'),
      null,
    ]);
  });
});

describe('the heading of a report over one period', () => {
  it('names no comparison on the forecast, which ignores one (a funnel tile said "2024 vs 2023")', () => {
    const forecast = { ...pivotSpec, analysis: 'forecast', options: {} } as ReportSpec;
    expect([heading(forecast, L).compare, heading(forecast, L).versus]).toEqual([null, null]);
    expect(reportPeriodText(forecast, L)).toBe('Jan 1, 2024 – Dec 31, 2024');
    expect(reportPeriodText(pivotSpec, L)).toBe('2024 vs 2023');
  });

  it('names both sides on cohorts, each beside the cohort a shift earlier', () => {
    const cohort = { ...pivotSpec, analysis: 'cohort', options: {} } as ReportSpec;
    expect([heading(cohort, L).compare, heading(cohort, L).versus]).toEqual([
      t('compareYear'),
      '2024 vs 2023',
    ]);
    expect(reportPeriodText(cohort, L)).toBe('2024 vs 2023');
  });

  it('names both sides on LTV, which reads each client’s earlier period beside its own', () => {
    const ltv = { ...pivotSpec, analysis: 'ltv', options: {} } as ReportSpec;
    expect(heading(ltv, L).versus).toBe('2024 vs 2023');
    expect(reportPeriodText(ltv, L)).toBe('2024 vs 2023');
  });

  it('names both sides on a funnel, which runs the earlier period beside its own', () => {
    const funnel = { ...pivotSpec, analysis: 'funnel', options: {} } as ReportSpec;
    expect([heading(funnel, L).compare, heading(funnel, L).versus]).toEqual([
      t('compareYear'),
      '2024 vs 2023',
    ]);
    expect(reportPeriodText(funnel, L)).toBe('2024 vs 2023');
  });
});

describe('the dashboard heading', () => {
  it('names no shared period "each report’s own", not "all time" (its tiles keep their periods)', () => {
    expect(dashboardPeriodText(null, L)).toBe(t('ownPeriods'));
    expect(dashboardPeriodText(null, { lang: 'ru', t: translator('ru') })).toBe(
      'Свой у каждого отчёта',
    );
    expect(dashboardPeriodText({ from: '2024-01-01', to: '2024-12-31' }, L)).toBe(
      'Jan 1, 2024 – Dec 31, 2024',
    );
  });
});

describe('a pivot result', () => {
  const shown = { spec: pivotSpec, columns: [manager, revenue, rank], table: pivotRows };

  it('is laid out without its rank, with a format per leaf, and the grid holds the same', () => {
    const p = present(shown, L, { maxColumns: 40 });
    if (p.table.kind !== 'pivot') throw new Error('a pivot');
    const { layout, formats } = p.table;
    expect(layout.leaves.map((l) => l.column.key)).toEqual(['revenue']);
    expect(formats[0]?.(1234)).toBe('1,234');
    expect(p.grid().cells.map((r) => r.map((c) => c.v))).toEqual([
      ['MANAGER', 'REVENUE, $'],
      ['Ann', 10],
      ['Bob', 30],
    ]);
    expect(cellCaption(layout, 1, 0, L)).toBe('REVENUE, $ · Bob');
  });

  it('formats a leaf of days by the decimals its rows share (12 d, not 12.0 d)', () => {
    const days = (key: string): OutputColumn => ({
      key,
      role: 'measure',
      measure: key,
      format: 'days',
    });
    const p = present(
      {
        spec: { ...pivotSpec, compare: null, measures: ['whole', 'half'] },
        columns: [manager, days('whole'), days('half')],
        table: resultFromRows([
          { manager: 'Ann', whole: 12, half: 12 },
          { manager: 'Bob', whole: 30, half: 2.5 },
        ]),
      },
      L,
      { maxColumns: 40 },
    );
    if (p.table.kind !== 'pivot') throw new Error('a pivot');
    const [whole, half] = p.table.formats;
    expect(whole?.(12)).toBe('12\u00a0d');
    expect(half?.(12)).toBe('12.0\u00a0d');
  });

  it('draws its chart through the registry, labelled with the currency', () => {
    const p = present(shown, L, { maxColumns: 40 });
    expect([p.chartKind, p.showChart]).toEqual(['barh', true]);
    const chart = p.chart(600);
    expect(chart.kind).toBe('barh');
    expect((chart.options?.x as { label: string }).label).toBe('REVENUE, $');
    expect(p.noteText({ code: 'topBars', params: { shown: 2, total: 5 } })).toBe(
      t('topBars', { shown: 2, total: 5 }),
    );
  });

  it('names the two series of a compared chart by their periods, Q3 2025 and Q3 2024', () => {
    const previous: OutputColumn = { ...revenue, key: 'revenue_previous', role: 'previous' };
    const q3 = { ...pivotSpec, period: { from: '2025-07-01', to: '2025-09-30' } };
    const compared = {
      spec: q3,
      columns: [manager, revenue, previous],
      table: resultFromRows([
        { manager: 'Ann', revenue: 10, revenue_previous: 4 },
        { manager: 'Bob', revenue: 30, revenue_previous: 0 },
      ]),
    };
    const chart = present(compared, L, { maxColumns: 40 }).chart(600);
    expect(chart.kind).toBe('bar_grouped');
    expect((chart.options?.color as { domain: string[] }).domain).toEqual(['Q3 2025', 'Q3 2024']);
    // The tooltip still names the measure beside the period.
    const bars = (chart.options?.marks ?? [])[0] as unknown as {
      data: { x: string; s: string; v: number }[];
      channels: { title: { value: (d: unknown) => string } };
    };
    expect(bars.channels.title.value(bars.data[1])).toBe('MANAGER: Ann\nREVENUE, $, Q3 2024: $4');
    const ru = present(compared, { ...L, lang: 'ru', t: translator('ru') }, { maxColumns: 40 });
    expect((ru.chart(600).options?.color as { domain: string[] }).domain).toEqual([
      '3 кв. 2025',
      '3 кв. 2024',
    ]);
  });

  it('follows the view it is given (the spec being edited), not only the spec it ran', () => {
    const p = present(shown, L, { maxColumns: 40, view: { ...pivotSpec, chart: 'none' } });
    expect([p.chartKind, p.showChart]).toEqual(['none', false]);
    // A pivot keeps a chart place when its chart cannot be drawn: the place says so.
    const flat = present({ ...shown, columns: [revenue] }, L, { maxColumns: 40 });
    expect([flat.chartKind, flat.showChart]).toEqual(['none', true]);
  });
});

describe('a pivot by deal status', () => {
  const status: OutputColumn = { key: 'status', role: 'dimension', axis: 'row', format: 'text' };
  const ru = translator('ru');
  const byStatus = {
    spec: { ...pivotSpec, rows: [{ field: 'status' }], compare: null },
    columns: [status, revenue],
    table: resultFromRows([
      { status: 'won', revenue: 30 },
      { status: 'open', revenue: 10 },
      { status: null, revenue: 1 },
    ]),
  };
  const inRussian: PresentLabels = {
    ...L,
    lang: 'ru',
    t: ru,
    fieldValueLabel: (f, v) => (f === 'status' ? ru(`dealStatus_${v}` as 'dealStatus_won') : v),
  };

  it('shows the stored won/open in the UI language, in the table, the grid and the chart', () => {
    const p = present(byStatus, inRussian, { maxColumns: 40 });
    const cells = p.grid().cells.map((r) => r[0]?.v);
    expect(cells).toEqual(['STATUS', 'выиграна', 'открыта', ru('empty')]);
    const chart = JSON.stringify(p.chart(600).options?.marks);
    expect(chart).toContain('выиграна');
    expect(chart).not.toContain('"won"');
  });
});

describe('an analysis result', () => {
  const cols: OutputColumn[] = [
    { key: 'period', role: 'dimension', axis: 'row', format: 'text' },
    { key: 'status', role: 'dimension', axis: 'row', format: 'text' },
    { key: 'clients', role: 'measure', format: 'int' },
  ];
  const shown = {
    spec: { ...defaultSpec(), analysis: 'dynamics' as const },
    columns: cols,
    table: resultFromRows([
      { period: '2024-Q1', status: 'new', clients: 3 },
      { period: '2024-Q1', status: 'lost', clients: 1 },
    ]),
  };

  it('is its own flat table with its own headers and categories, on screen and in the grid', () => {
    const p = present(shown, L, { maxColumns: 40 });
    if (p.table.kind !== 'flat') throw new Error('flat');
    const table = p.table.rows(1);
    expect(table.headers.map((h) => h.label)).toEqual(['col:period', 'col:status', 'col:clients']);
    expect(table.rows).toEqual([['2024-Q1', 'status:new', '3']]);
    expect(table.total).toBe(2);
    expect(p.grid().cells.map((r) => r.map((c) => c.v))).toEqual([
      ['col:period', 'col:status', 'col:clients'],
      ['2024-Q1', 'status:new', 3],
      ['2024-Q1', 'status:lost', 1],
    ]);
  });

  it('gets its analysis chart, unless the report switches charts off', () => {
    const p = present(shown, L, { maxColumns: 40 });
    expect([p.chartKind, p.showChart]).toEqual(['dynamics', true]);
    expect((p.chart(600).options?.y as { label: string }).label).toBe('key:clients');
    const off = present({ ...shown, spec: { ...shown.spec, chart: 'none' } }, L, {
      maxColumns: 40,
    });
    expect(off.showChart).toBe(false);
  });
});

describe('the column order of a narrow view', () => {
  // LTV's columns as its compiler gives them, split by region (a second row label).
  const ltv: OutputColumn[] = [
    { key: 'client', role: 'dimension', axis: 'row', format: 'text' },
    { key: 'clients.region', role: 'dimension', axis: 'row', format: 'text' },
    { key: 'revenue', role: 'measure', format: 'money', essential: true },
    { key: 'won_deals', role: 'measure', format: 'int' },
    { key: 'first_purchase', role: 'measure', format: 'date' },
    { key: '_grouping', role: 'grouping', format: 'int' },
    { key: 'r_score', role: 'measure', format: 'int' },
    { key: 'segment', role: 'measure', format: 'text', essential: true },
  ];
  const shown = {
    spec: { ...defaultSpec(), analysis: 'ltv' as const },
    columns: ltv,
    table: resultFromRows([]),
  };

  it('keeps an analysis’s row labels, then its essential columns, then the rest from the left', () => {
    const p = present(shown, L, { maxColumns: 40 });
    const heads = p.grid().cells[0]!.map((c) => c.v);
    expect(p.columnOrder?.map((i) => heads[i])).toEqual([
      'col:client',
      'col:clients.region',
      'col:revenue',
      'col:segment',
      'col:won_deals',
      'col:first_purchase',
      'col:r_score',
    ]);
  });

  it('is none for a pivot: its columns are kept from the left', () => {
    expect(
      present({ spec: pivotSpec, columns: [manager, revenue], table: pivotRows }, L, {
        maxColumns: 40,
      }).columnOrder,
    ).toBeNull();
  });
});

describe('a drivers-of-change result', () => {
  const cols: OutputColumn[] = [
    { key: 'dimension', role: 'dimension', axis: 'row', format: 'text' },
    { key: 'member', role: 'dimension', axis: 'row', format: 'text' },
    revenue,
  ];
  const shown = {
    spec: { ...defaultSpec(), analysis: 'drivers' as const },
    columns: cols,
    table: resultFromRows([
      { dimension: null, member: null, revenue: 40 },
      { dimension: 'campaign', member: null, revenue: 25 },
      { dimension: 'manager', member: 'Ann', revenue: 15 },
    ]),
  };

  it('names its total row Total, while a member without a value still reads (empty)', () => {
    const p = present(shown, L, { maxColumns: 40 });
    if (p.table.kind !== 'flat') throw new Error('flat');
    expect(p.table.rows().rows).toEqual([
      [t('total'), '', '$40'],
      ['campaign', t('empty'), '$25'],
      ['manager', 'Ann', '$15'],
    ]);
  });

  it('reads the same in its grid, which a dashboard tile, print and the exports show', () => {
    // The tile showed a blank first row and blank members: the grid skipped both words.
    const p = present(shown, L, { maxColumns: 40 });
    expect(p.grid().cells.map((r) => r.map((c) => c.v))).toEqual([
      ['col:dimension', 'col:member', 'col:revenue'],
      [t('total'), null, 40],
      ['campaign', t('empty'), 25],
      ['manager', 'Ann', 15],
    ]);
  });
});

describe('present: a tile’s small multiples', () => {
  it('hands maxFacets to the chart: a split funnel draws that many funnels', () => {
    const cols: OutputColumn[] = [
      { key: 'source', role: 'dimension', axis: 'row', format: 'text' },
      { key: 'stage', role: 'dimension', axis: 'row', format: 'text' },
      { key: 'position', role: 'dimension', axis: 'row', format: 'int' },
      { key: 'reached', role: 'measure', format: 'int' },
    ];
    const table = resultFromRows(
      ['Web', 'Ads', 'Email', 'Event'].map((source) => ({
        source,
        stage: 'Lead',
        position: 1,
        reached: 5,
      })),
    );
    const spec = {
      ...defaultSpec(),
      analysis: 'funnel',
      rows: [{ field: 'source' }],
    } as ReportSpec;
    const fy = (o: { maxColumns: number; maxFacets?: number }) =>
      (present({ spec, columns: cols, table }, L, o).chart(600).options?.fy as { domain: string[] })
        .domain;
    expect(fy({ maxColumns: 40 })).toHaveLength(4);
    expect(fy({ maxColumns: 40, maxFacets: 2 })).toEqual(['Web', 'Ads']);
  });
});
