// Every chart's axis titles against its tick labels, measured on the SVG Plot draws at its own
// scale: Plot writes an x title 3px inside a 30px bottom margin and a value axis' title ("↑
// Revenue") at the top edge, which put them 1–3px into the last tick label. Titles must keep at
// least 3px clear (plot-margins.ts `titleRoom`), in English and Russian, narrow and wide.
import { afterEach, describe, expect, it } from 'vitest';
import * as Plot from '@observablehq/plot';
import type { ChartOptions } from '../../../src/charts/plot/chart.ts';
import { EXPORT_FONT } from '../../../src/charts/export/svg-export.ts';
import { buildChart } from '../../../src/charts/plot/registry.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import type { AnalysisKind, ChartKind } from '../../../src/query/spec/spec.ts';
import type { Lang } from '../../../src/lib/i18n.ts';

const dim = (
  key: string,
  format: OutputColumn['format'] = 'text',
  axis: 'row' | 'column' = 'row',
): OutputColumn => ({ key, role: 'dimension', axis, format });
const val = (key: string, format: OutputColumn['format']): OutputColumn => ({
  key,
  role: 'measure',
  measure: key,
  format,
});
const LABELS: Record<Lang, Record<string, string>> = {
  en: {
    manager: 'Manager',
    'period:quarter': 'Quarter',
    'period:month': 'Month',
    revenue: 'Revenue, $',
    activities: 'Activities',
    win_rate: 'Win rate',
    reached: 'Reached',
    period_index: 'Periods since first',
    retention: 'Retention',
    period: 'Period',
    clients: 'Clients',
    from_status: 'From',
    to_status: 'To',
    expected: 'Expected revenue',
    source: 'Source',
  },
  ru: {
    manager: 'Менеджер',
    'period:quarter': 'Квартал',
    'period:month': 'Месяц',
    revenue: 'Выручка, ₽',
    activities: 'Активности',
    win_rate: 'Доля выигранных',
    reached: 'Дошли',
    period_index: 'Периодов с первого',
    retention: 'Удержание',
    period: 'Период',
    clients: 'Клиенты',
    from_status: 'Из',
    to_status: 'В',
    expected: 'Ожидаемая выручка',
    source: 'Источник',
  },
};
let host: HTMLElement | null = null;
afterEach(() => {
  host?.remove();
  document.body.style.fontFamily = '';
});

function draw(
  report: { analysis: AnalysisKind; chart: ChartKind },
  columns: OutputColumn[],
  rows: Record<string, unknown>[],
  lang: Lang,
  width: number,
) {
  document.body.style.fontFamily = EXPORT_FONT;
  const o: ChartOptions = {
    lang,
    width,
    empty: '(empty)',
    label: (k) => LABELS[lang][k] ?? k,
    money: { currency: lang === 'ru' ? 'RUB' : 'USD' },
  };
  const built = buildChart(report, columns, resultFromRows(rows), o);
  host = document.createElement('div');
  document.body.append(host);
  const el = Plot.plot(built.options!) as HTMLElement;
  // At its own size: Plot's `max-width: 100%` would shrink a wide chart, and every gap with it.
  for (const svg of [el, ...el.querySelectorAll('svg')])
    (svg as HTMLElement).style.maxWidth = 'none';
  host.append(el);
  return el;
}
/** The distance between two boxes along the axis they are apart on; negative when they overlap. */
function gap(a: DOMRect, b: DOMRect) {
  return Math.max(b.left - a.right, a.left - b.right, b.top - a.bottom, a.top - b.bottom);
}
const managers = ['Ann', 'Bob', 'Carla', 'Dmitry Ivanov'];
const months = Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`);
const cases: [
  string,
  { analysis: AnalysisKind; chart: ChartKind },
  OutputColumn[],
  Record<string, unknown>[],
][] = [
  [
    'bars',
    { analysis: 'pivot', chart: 'auto' },
    [dim('manager'), val('revenue', 'money')],
    managers.map((manager, i) => ({ manager, revenue: (i + 1) * 1234567 })),
  ],
  [
    'line',
    { analysis: 'pivot', chart: 'line' },
    [dim('manager'), dim('period:month', 'text', 'column'), val('revenue', 'money')],
    managers.flatMap((manager, m) =>
      months.map((q, i) => ({
        manager,
        'period:month': q,
        revenue: (m + 1) * 1000000 + i * 25000,
      })),
    ),
  ],
  [
    'scatter',
    { analysis: 'pivot', chart: 'scatter' },
    [dim('manager'), val('activities', 'int'), val('win_rate', 'pct')],
    managers.map((manager, i) => ({ manager, activities: 500 + i * 300, win_rate: 0.2 + i * 0.1 })),
  ],
  [
    'heatmap',
    { analysis: 'pivot', chart: 'heatmap' },
    [dim('manager'), dim('period:month', 'text', 'column'), val('revenue', 'money')],
    managers.flatMap((manager, m) =>
      months.map((q, i) => ({ manager, 'period:month': q, revenue: (m + 1) * 1000 + i })),
    ),
  ],
  [
    'funnel',
    { analysis: 'funnel', chart: 'auto' },
    [dim('stage'), dim('position', 'int'), val('reached', 'int'), val('step_conversion', 'pct')],
    ['Lead', 'Proposal', 'Won'].map((stage, i) => ({
      stage,
      position: i + 1,
      reached: 12000 / (i + 1),
      step_conversion: i ? 0.5 : null,
    })),
  ],
  [
    'cohort',
    { analysis: 'cohort', chart: 'auto' },
    [dim('cohort'), dim('period_index', 'int'), val('retention', 'pct')],
    ['2024-01', '2024-02', '2024-03'].flatMap((cohort, c) =>
      [0, 1, 2]
        .filter((k) => k + c < 3)
        .map((k) => ({
          cohort,
          period_index: k,
          retention: k ? 0.3 : 1,
          active_clients: 3,
          cohort_size: 10,
        })),
    ),
  ],
  [
    'dynamics',
    { analysis: 'dynamics', chart: 'auto' },
    [dim('period'), dim('status'), val('clients', 'int')],
    months.flatMap((period) =>
      ['new', 'lost', 'repeat'].map((status, s) => ({ period, status, clients: 1000 + s * 700 })),
    ),
  ],
  [
    'ltv',
    { analysis: 'ltv', chart: 'auto' },
    [dim('client'), val('revenue', 'money'), val('segment', 'text')],
    [
      { client: 'a', revenue: 1000000, segment: 'Loyal' },
      { client: 'b', revenue: 2500000, segment: 'Champions' },
    ],
  ],
  [
    'transitions',
    { analysis: 'dynamics', chart: 'auto' },
    [dim('from_status'), dim('to_status'), val('clients', 'int')],
    [
      { from_status: null, to_status: 'new', clients: 9 },
      { from_status: 'new', to_status: 'repeat', clients: 4 },
      { from_status: 'repeat', to_status: 'regular', clients: 4 },
    ],
  ],
  [
    'forecast',
    { analysis: 'forecast', chart: 'auto' },
    [
      dim('period'),
      dim('period_end'),
      val('expected_revenue', 'money'),
      val('low', 'money'),
      val('high', 'money'),
    ],
    Array.from({ length: 14 }, (_, i) => ({
      period: `2025-${String((i % 12) + 1).padStart(2, '0')}-01`.replace(
        '2025',
        String(2025 + Math.floor(i / 12)),
      ),
      expected_revenue: 1000000 + i * 1000,
      low: 900000,
      high: 1200000,
    })),
  ],
  [
    'forecast6',
    { analysis: 'forecast', chart: 'auto' },
    [
      dim('period'),
      dim('period_end'),
      val('expected_revenue', 'money'),
      val('low', 'money'),
      val('high', 'money'),
    ],
    Array.from({ length: 6 }, (_, i) => ({
      period: `2025-0${i + 1}-01`,
      expected_revenue: 1000000 + i * 1000,
      low: 900000,
      high: 1200000,
    })),
  ],
];

describe('axis titles keep clear of the tick labels', () => {
  for (const [name, report, cols, rows] of cases)
    for (const lang of ['en', 'ru'] as const)
      for (const width of [480, 700, 1100])
        it(`${name}, ${lang}, ${width}px`, () => {
          const el = draw(report, cols, rows, lang, width);
          const svgs = el.tagName.toLowerCase() === 'svg' ? [el] : [...el.querySelectorAll('svg')];
          let titles = 0;
          for (const svg of svgs)
            for (const axis of ['x', 'y']) {
              const ticks = [
                ...svg.querySelectorAll(`g[aria-label="${axis}-axis tick label"] text`),
              ].map((k) => k.getBoundingClientRect());
              for (const t of svg.querySelectorAll(`g[aria-label="${axis}-axis label"] text`)) {
                titles++;
                const box = t.getBoundingClientRect();
                const nearest = Math.min(...ticks.map((k) => gap(box, k)));
                expect(
                  nearest,
                  `“${t.textContent}” to its nearest tick label`,
                ).toBeGreaterThanOrEqual(3);
              }
            }
          expect(titles).toBeGreaterThan(0);
        });
});
