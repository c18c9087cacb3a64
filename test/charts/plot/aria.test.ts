// Plot's English names of a chart's parts, in the UI language (drawChart renames them).
import { describe, expect, it } from 'vitest';
import { ariaName } from '../../../src/charts/plot/aria.ts';
import type { ChartOptions } from '../../../src/charts/plot/chart.ts';
import { buildChart } from '../../../src/charts/plot/registry.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { dimColumn as dim, measureColumn as val } from '../../fixtures/columns.ts';

describe('ariaName', () => {
  it('names axes, grids and marks in Russian', () => {
    expect(ariaName('y-axis tick', 'ru')).toBe('деления оси Y');
    expect(ariaName('x-axis tick label', 'ru')).toBe('подписи делений оси X');
    expect(ariaName('x-axis', 'ru')).toBe('ось X');
    expect(ariaName('y-grid', 'ru')).toBe('сетка по оси Y');
    expect(ariaName('bar', 'ru')).toBe('столбцы');
    expect(ariaName('tip', 'ru')).toBe('подсказка');
  });

  it('calls a split’s axis by its field’s label, not Plot’s letters (FY)', () => {
    const names = { fy: 'Финансовый год' };
    expect(ariaName('fy-axis label', 'ru', names)).toBe('название оси «Финансовый год»');
    expect(ariaName('fy-axis tick label', 'ru', names)).toBe(
      'подписи делений оси «Финансовый год»',
    );
    expect(ariaName('fy-axis', 'ru', names)).toBe('ось «Финансовый год»');
    expect(ariaName('fy-grid', 'ru', names)).toBe('сетка по оси «Финансовый год»');
    expect(ariaName('fy-axis tick', 'en', { fy: 'Fiscal year' })).toBe('Fiscal year axis tick');
    // Only the named axis: x keeps its letter.
    expect(ariaName('x-axis', 'ru', names)).toBe('ось X');
  });

  it('keeps Plot’s English in English and leaves names Plot did not give', () => {
    expect(ariaName('y-axis tick label', 'en')).toBe('Y-axis tick label');
    expect(ariaName('line', 'en')).toBe('line');
    expect(ariaName('Revenue by month', 'ru')).toBeNull();
    expect(ariaName('z-axis tick', 'ru')).toBeNull();
  });
});

describe('the charts that facet name that axis by the field', () => {
  const LABELS: Record<string, string> = { source: 'Источник', manager: 'Менеджер' };
  const o: ChartOptions = {
    lang: 'ru',
    width: 900,
    empty: '(пусто)',
    label: (k) => LABELS[k] ?? k,
  };

  it('a funnel split by source: its fy axis is «Источник»', () => {
    const chart = buildChart(
      { analysis: 'funnel', chart: 'auto' },
      [dim('source'), dim('stage'), dim('position', 'int'), val('reached', 'int')],
      resultFromRows([
        { source: 'Web', stage: 'Lead', position: 1, reached: 10 },
        { source: 'Ads', stage: 'Lead', position: 1, reached: 5 },
      ]),
      o,
    );
    expect(chart.options?.fy).toBeDefined();
    expect(chart.axisNames).toEqual({ fy: 'Источник', x: 'reached', y: 'stage' });
  });

  it('grouped bars facet the rows’ field: «Менеджер»; a plain bar chart names its categories’ axis so too', () => {
    const rows = [
      { manager: 'Ann', source: 'Web', revenue: 10 },
      { manager: 'Bob', source: 'Ads', revenue: 5 },
    ];
    const grouped = buildChart(
      { analysis: 'pivot', chart: 'bar_grouped' },
      [dim('manager'), dim('source'), val('revenue', 'money')],
      resultFromRows(rows),
      o,
    );
    expect(grouped.kind).toBe('bar_grouped');
    expect(grouped.axisNames).toEqual({ fy: 'Менеджер', x: 'revenue' });
    const plain = buildChart(
      { analysis: 'pivot', chart: 'auto' },
      [dim('manager'), val('revenue', 'money')],
      resultFromRows(rows),
      o,
    );
    expect(plain.axisNames).toEqual({ x: 'revenue', y: 'Менеджер' });
  });
});

describe('every axis a chart draws is called by what it shows, not by its letter', () => {
  const LABELS: Record<string, string> = {
    manager: 'Менеджер',
    source: 'Источник',
    'created:quarter': 'Квартал',
    revenue: 'Выручка',
    period: 'Период',
    clients: 'Клиенты',
    cohort: 'Когорта',
    period_index: 'Периодов с первой',
    retention: 'Удержание',
    stage: 'Этап',
    reached: 'Дошли',
    segment: 'Сегмент',
  };
  const o: ChartOptions = {
    lang: 'ru',
    width: 900,
    empty: '(пусто)',
    label: (k) => LABELS[k] ?? k,
  };
  const dim = (key: string, format: OutputColumn['format'] = 'text'): OutputColumn => ({
    key,
    role: 'dimension',
    axis: 'row',
    format,
  });
  const val = (key: string, format: OutputColumn['format'] = 'int'): OutputColumn => ({
    key,
    role: 'measure',
    measure: key,
    format,
  });
  const CASES: [
    string,
    Parameters<typeof buildChart>[0],
    OutputColumn[],
    Record<string, unknown>[],
    Record<string, string>,
  ][] = [
    [
      'bars',
      { analysis: 'pivot', chart: 'auto' },
      [dim('manager'), val('revenue', 'money')],
      [{ manager: 'Ann', revenue: 1 }],
      { x: 'Выручка', y: 'Менеджер' },
    ],
    [
      'line',
      { analysis: 'pivot', chart: 'auto' },
      [dim('created:quarter'), val('revenue', 'money')],
      [{ 'created:quarter': '2025-Q1', revenue: 1 }],
      { x: 'Квартал', y: 'Выручка' },
    ],
    [
      'heatmap',
      { analysis: 'pivot', chart: 'heatmap' },
      [dim('manager'), dim('source'), val('revenue', 'money')],
      [{ manager: 'Ann', source: 'Web', revenue: 1 }],
      { x: 'Источник', y: 'Менеджер' },
    ],
    [
      'funnel',
      { analysis: 'funnel', chart: 'auto' },
      [dim('stage'), dim('position', 'int'), val('reached')],
      [{ stage: 'Lead', position: 1, reached: 3 }],
      { x: 'Дошли', y: 'Этап' },
    ],
    [
      'dynamics',
      { analysis: 'dynamics', chart: 'auto' },
      [dim('period'), dim('status'), val('clients')],
      [{ period: '2025-Q1', status: 'new', clients: 3 }],
      { x: 'Период', y: 'Клиенты' },
    ],
    [
      'ltv',
      { analysis: 'ltv', chart: 'auto' },
      [dim('client'), dim('segment'), val('revenue', 'money')],
      [{ client: 'A', segment: 'Champions', revenue: 3 }],
      { y: 'Сегмент' },
    ],
  ];
  for (const [name, report, columns, rows, want] of CASES)
    it(`${name}: ${JSON.stringify(want)}`, () => {
      const chart = buildChart(report, columns, resultFromRows(rows), o);
      expect(chart.options).not.toBeNull();
      expect(chart.axisNames).toMatchObject(want);
      // Each axis drawn has a name (an axis: null is not drawn).
      for (const letter of ['x', 'y', 'fx', 'fy'] as const) {
        const axis = chart.options?.[letter];
        if (axis && axis.axis !== null) expect(chart.axisNames?.[letter], letter).toBeTruthy();
      }
      expect(ariaName('y-axis tick label', 'ru', chart.axisNames)).toBe(
        `подписи делений оси «${chart.axisNames!.y}»`,
      );
    });
});
