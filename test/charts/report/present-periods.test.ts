// A date dimension's buckets reach the reader by name ("Q1 2025" / «1 кв. 2025»), with the real
// Labels of the views: the pivot's headers and rows, the export grid, a drill-down title, a line
// chart's axis (in time, not in the names' alphabet), the dynamics' table and chart, a filter
// chip. The result keeps the keys: they are the data, the sort and the URL.
import { describe, expect, it } from 'vitest';
import { cellCaption, present } from '../../../src/charts/report/present.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import { translator } from '../../../src/lib/i18n.ts';
import type { Catalog } from '../../../src/query/catalog.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { defaultSpec, type ReportSpec } from '../../../src/query/spec/spec.ts';
import { Labels } from '../../../src/state/report/labels.ts';
import { dimColumn as dim, measureColumn as val } from '../../fixtures/columns.ts';

const catalog = {
  fields: [
    { id: 'manager', label: { en: 'Manager', ru: 'Менеджер' }, type: 'text' },
    { id: 'created_at', label: { en: 'Created', ru: 'Создана' }, type: 'date' },
  ],
  measures: [
    {
      id: 'revenue',
      label: { en: 'Revenue', ru: 'Выручка' },
      format: 'money',
      shareable: true,
      additive: true,
    },
  ],
} as unknown as Catalog;
const labelsIn = (lang: 'en' | 'ru') =>
  new Labels({ catalog, currency: null }, { lang, t: translator(lang) });

const manager: OutputColumn = { key: 'manager', role: 'dimension', axis: 'row', format: 'text' };
const revenue: OutputColumn = {
  key: 'revenue',
  role: 'measure',
  measure: 'revenue',
  format: 'money',
};

describe('a pivot of managers × quarters', () => {
  const quarter: OutputColumn = {
    key: 'created_at:quarter',
    role: 'dimension',
    axis: 'column',
    format: 'text',
  };
  const spec: ReportSpec = {
    ...defaultSpec(),
    rows: [{ field: 'manager' }],
    columns: [{ field: 'created_at', grain: 'quarter' }],
    measures: ['revenue'],
  };
  const shown = {
    spec,
    columns: [manager, quarter, revenue],
    table: resultFromRows([
      { manager: 'Анна', 'created_at:quarter': '2024-Q4', revenue: 5 },
      { manager: 'Анна', 'created_at:quarter': '2025-Q1', revenue: 7 },
    ]),
  };

  it('names its quarter columns, in time order, on screen, in the export and in a drill title', () => {
    for (const [lang, q4, q1] of [
      ['ru', '4 кв. 2024', '1 кв. 2025'],
      ['en', 'Q4 2024', 'Q1 2025'],
    ] as const) {
      const L = labelsIn(lang);
      const p = present(shown, L, { maxColumns: 40 });
      if (p.table.kind !== 'pivot') throw new Error('a pivot');
      const { layout } = p.table;
      const headers = layout.header.flat().map((c) => c.text);
      expect(headers).toContain(q4);
      expect(headers).toContain(q1);
      expect(headers.indexOf(q4)).toBeLessThan(headers.indexOf(q1));
      expect(headers.join(' ')).not.toMatch(/Q[1-4]\b.*-|\d{4}-Q/);
      // The members stay keys: a sort (`revenue:desc@2024-Q4`) and a drill read them.
      expect(layout.leaves.map((l) => l.members[0])).toEqual(['2024-Q4', '2025-Q1']);
      const exported = p
        .grid()
        .cells.flat()
        .map((c) => c.v);
      expect(exported).toContain(q1);
      expect(exported).not.toContain('2025-Q1');
      const leaf = layout.leaves.findIndex((l) => l.members[0] === '2025-Q1');
      expect(cellCaption(layout, 0, leaf, L)).toMatch(new RegExp(`Анна · ${q1}$`));
    }
  });
});

describe('a line chart by month', () => {
  const month: OutputColumn = {
    key: 'created_at:month',
    role: 'dimension',
    axis: 'row',
    format: 'text',
  };
  // Alphabetically the Russian names run апрель, март, февраль, январь: the axis must not.
  const rows = ['2025-03', '2025-01', '2025-04', '2025-02'].map((m, i) => ({
    'created_at:month': m,
    revenue: i + 1,
  }));
  const shown = {
    spec: {
      ...defaultSpec(),
      rows: [{ field: 'created_at', grain: 'month' as const }],
      measures: ['revenue'],
      chart: 'line' as const,
    },
    columns: [month, revenue],
    table: resultFromRows(rows),
  };

  it('reads the months by name, in time order', () => {
    const ru = present(shown, labelsIn('ru'), { maxColumns: 40 }).chart(800);
    expect(ru.kind).toBe('line');
    expect((ru.options?.x as { domain: string[] }).domain).toEqual([
      'январь 2025',
      'февраль 2025',
      'март 2025',
      'апрель 2025',
    ]);
    const en = present(shown, labelsIn('en'), { maxColumns: 40 }).chart(800);
    expect((en.options?.x as { domain: string[] }).domain).toEqual([
      'Jan 2025',
      'Feb 2025',
      'Mar 2025',
      'Apr 2025',
    ]);
  });
});

describe('the dynamics of relationships by quarter', () => {
  const cols: OutputColumn[] = [
    { key: 'period', role: 'dimension', axis: 'row', format: 'text' },
    { key: 'status', role: 'dimension', axis: 'row', format: 'text' },
    { key: 'clients', role: 'measure', format: 'int' },
  ];
  const shown = {
    spec: { ...defaultSpec(), analysis: 'dynamics' as const },
    columns: cols,
    table: resultFromRows([
      { period: '2025-Q2', status: 'new', clients: 3 },
      { period: '2025-Q1', status: 'new', clients: 2 },
    ]),
  };

  it('names its periods in the table, the export and the chart, whose axis keeps time order', () => {
    const p = present(shown, labelsIn('ru'), { maxColumns: 40 });
    if (p.table.kind !== 'flat') throw new Error('flat');
    expect(p.table.rows().rows.map((r) => r[0])).toEqual(['2 кв. 2025', '1 кв. 2025']);
    expect(
      p
        .grid()
        .cells.slice(1)
        .map((r) => r[0]?.v),
    ).toEqual(['2 кв. 2025', '1 кв. 2025']);
    const x = p.chart(800).options?.x as { domain: string[]; tickFormat: (k: string) => string };
    expect(x.domain).toEqual(['2025-Q1', '2025-Q2']);
    expect(x.domain.map(x.tickFormat)).toEqual(['1 кв. 2025', '2 кв. 2025']);
  });
});

describe('a filter on a grain', () => {
  it('names its bucket keys in the chip', () => {
    const f = {
      field: 'created_at',
      grain: 'quarter' as const,
      op: 'in' as const,
      values: ['2024-Q3'],
    };
    expect(labelsIn('ru').filterLabel(f)).toBe('Создана: 3 кв. 2024');
    expect(labelsIn('en').filterLabel(f)).toBe('Created: Q3 2024');
  });
});

describe('cohorts split by a field', () => {
  const row = (source: string, cohort: string, k: number, retention: number) => ({
    source,
    cohort,
    cohort_size: 4,
    period_index: k,
    active_clients: 4 * retention,
    retention,
  });
  const shown = {
    spec: { ...defaultSpec(), analysis: 'cohort' as const, rows: [{ field: 'source' }] },
    columns: [
      dim('source'),
      dim('cohort'),
      val('cohort_size', 'int'),
      dim('period_index', 'int'),
      val('active_clients', 'int'),
      val('retention', 'pct'),
    ],
    table: resultFromRows([
      row('Web', '2025-03', 0, 1),
      row('Web', '2025-02', 0, 1),
      row('Web', '2025-02', 1, 0.5),
      row('Ads', '2025-03', 0, 1),
    ]),
  };

  it('names the cohort part of each row ("Web · Mar 2025"), rows still in split, then time', () => {
    for (const [lang, feb, mar] of [
      ['en', 'Feb 2025', 'Mar 2025'],
      ['ru', 'февраль 2025', 'март 2025'],
    ] as const) {
      const y = present(shown, labelsIn(lang), { maxColumns: 40 }).chart(800).options?.y as {
        domain: string[];
        tickFormat: (k: string) => string;
      };
      expect(y.domain.map(y.tickFormat)).toEqual([`Ads · ${mar}`, `Web · ${feb}`, `Web · ${mar}`]);
    }
  });
});

describe('periods on a pivot chart go in time order, whatever the measure', () => {
  const dim = (key: string, axis: 'row' | 'column'): OutputColumn => ({
    key,
    role: 'dimension',
    axis,
    format: 'text',
  });
  const source = (axis: 'row' | 'column') => dim('source', axis);
  const quarter = (axis: 'row' | 'column') => dim('created_at:quarter', axis);
  const month = (axis: 'row' | 'column') => dim('created_at:month', axis);
  // Revenue largest in the latest period: by value the order would be backwards in time.
  const rows = (key: string, members: string[]) =>
    members.flatMap((m, i) =>
      ['Web', 'Ads'].map((s, j) => ({ source: s, [key]: m, revenue: (i + 1) * 100 + j })),
    );
  const quarters = ['2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3'];
  const months = ['2025-01', '2025-02', '2025-03', '2025-04'];
  const spec = (
    chart: ReportSpec['chart'],
    r: ReportSpec['rows'],
    c: ReportSpec['columns'],
  ): ReportSpec => ({ ...defaultSpec(), rows: r, columns: c, measures: ['revenue'], chart });
  const chartOf = (s: ReportSpec, columns: OutputColumn[], data: object[], lang: 'en' | 'ru') =>
    present({ spec: s, columns, table: resultFromRows(data as never[]) }, labelsIn(lang), {
      maxColumns: 40,
    }).chart(900);
  const QUARTERS = {
    en: ['Q4 2024', 'Q1 2025', 'Q2 2025', 'Q3 2025'],
    ru: ['4 кв. 2024', '1 кв. 2025', '2 кв. 2025', '3 кв. 2025'],
  };
  const MONTHS = {
    en: ['Jan 2025', 'Feb 2025', 'Mar 2025', 'Apr 2025'],
    ru: ['январь 2025', 'февраль 2025', 'март 2025', 'апрель 2025'],
  };

  it('a heatmap of sources × quarters: its quarter axis', () => {
    const s = spec('heatmap', [{ field: 'source' }], [{ field: 'created_at', grain: 'quarter' }]);
    for (const lang of ['en', 'ru'] as const) {
      const c = chartOf(
        s,
        [source('row'), quarter('column'), revenue],
        rows('created_at:quarter', quarters),
        lang,
      );
      expect(c.kind).toBe('heatmap');
      expect((c.options?.x as { domain: string[] }).domain).toEqual(QUARTERS[lang]);
    }
  });

  it('a heatmap of months × sources: its month rows', () => {
    const s = spec('heatmap', [{ field: 'created_at', grain: 'month' }], [{ field: 'source' }]);
    for (const lang of ['en', 'ru'] as const) {
      const c = chartOf(
        s,
        [month('row'), source('column'), revenue],
        rows('created_at:month', months),
        lang,
      );
      expect(c.kind).toBe('heatmap');
      expect((c.options?.y as { domain: string[] }).domain).toEqual(MONTHS[lang]);
    }
  });

  it('stacked bars by month: the bars; by quarter as series: the legend and the stack', () => {
    for (const lang of ['en', 'ru'] as const) {
      const byMonth = chartOf(
        spec('bar_stacked', [{ field: 'created_at', grain: 'month' }], [{ field: 'source' }]),
        [month('row'), source('column'), revenue],
        rows('created_at:month', months),
        lang,
      );
      expect(byMonth.kind).toBe('bar_stacked');
      expect((byMonth.options?.y as { domain: string[] }).domain).toEqual(MONTHS[lang]);
      const byQuarter = chartOf(
        spec('bar_stacked', [{ field: 'source' }], [{ field: 'created_at', grain: 'quarter' }]),
        [source('row'), quarter('column'), revenue],
        rows('created_at:quarter', quarters),
        lang,
      );
      expect(byQuarter.kind).toBe('bar_stacked');
      expect((byQuarter.options?.color as { domain: string[] }).domain).toEqual(QUARTERS[lang]);
    }
  });

  it('grouped bars and one dimension of months: the same', () => {
    const byMonth = chartOf(
      spec('bar', [{ field: 'created_at', grain: 'month' }], []),
      [month('row'), revenue],
      rows('created_at:month', months).filter((r) => r.source === 'Web'),
      'ru',
    );
    expect(byMonth.kind).toBe('barh');
    expect((byMonth.options?.y as { domain: string[] }).domain).toEqual(MONTHS.ru);
    const grouped = chartOf(
      spec('bar_grouped', [{ field: 'source' }], [{ field: 'created_at', grain: 'quarter' }]),
      [source('row'), quarter('column'), revenue],
      rows('created_at:quarter', quarters),
      'en',
    );
    expect(grouped.kind).toBe('bar_grouped');
    expect((grouped.options?.y as { domain: string[] }).domain).toEqual(QUARTERS.en);
  });
});
