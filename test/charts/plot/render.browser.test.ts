// Every kind of the chart registry, rendered by Plot in a real browser: the SVG must hold the
// marks it is built from (with a size), its axis labels and its legend. A chart that renders
// blank — no marks, zero-sized bars, an empty path — fails here, where the option tests cannot see.
import { afterEach, describe, expect, it } from 'vitest';
import * as Plot from '@observablehq/plot';
import type { ChartOptions } from '../../../src/charts/plot/chart.ts';
import { buildChart } from '../../../src/charts/plot/registry.ts';
import { earlierTint } from '../../../src/charts/plot/compare-colors.ts';
import { STATUS_COLORS } from '../../../src/charts/plot/analyses/dynamics-plot.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import type { AnalysisKind, ChartKind } from '../../../src/query/spec/spec.ts';

const dim = (key: string, format: OutputColumn['format'] = 'text'): OutputColumn => ({
  key,
  role: 'dimension',
  axis: 'row',
  format,
});
const val = (key: string, format: OutputColumn['format']): OutputColumn => ({
  key,
  role: 'measure',
  measure: key,
  format,
});

const LABELS: Record<string, string> = {
  manager: 'Manager',
  source: 'Source',
  'period:quarter': 'Quarter',
  revenue: 'Revenue',
  activities: 'Activities',
  win_rate: 'Win rate',
  reached: 'Reached',
  period_index: 'Periods since first',
  retention: 'Retention',
  period: 'Period',
  clients: 'Clients',
  from_status: 'From',
  to_status: 'To',
};
const o: ChartOptions = {
  lang: 'en',
  width: 640,
  empty: '(empty)',
  label: (k) => LABELS[k] ?? k,
};

const managers = ['Ann', 'Bob', 'Carla'];
const quarters = ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4'];
const sources = ['Web', 'Ads'];
const pivotRows = managers.flatMap((manager, m) =>
  quarters.map((q, i) => ({ manager, 'period:quarter': q, revenue: (m + 1) * 1000 + i * 250 })),
);
const bySource = managers.flatMap((manager, m) =>
  sources.map((source, s) => ({ manager, source, revenue: (m + 1) * 100 + s * 40 })),
);

let host: HTMLElement | null = null;
afterEach(() => host?.remove());

/** Builds and draws a chart as Chart.svelte does; returns Plot's element. */
function render(
  report: { analysis: AnalysisKind; chart: ChartKind },
  columns: OutputColumn[],
  rows: Record<string, unknown>[],
  more: Partial<typeof o> = {},
): Element {
  const built = buildChart(report, columns, resultFromRows(rows), { ...o, ...more });
  expect(built.options).not.toBeNull();
  host = document.createElement('div');
  document.body.append(host);
  const el = Plot.plot(built.options!);
  host.append(el);
  return el;
}

const isRamp = (s: Element) => [...s.classList].some((c) => c.endsWith('-ramp'));

/**
 * The chart reduced to what a reader sees, stable across runs: each mark group by its
 * aria-label with how many shapes it drew, the axis titles, and the legend entries.
 */
function outline(el: Element) {
  // With a legend Plot returns a <figure>: the legend (swatches or a ramp <svg>), then the chart.
  const svg =
    el.tagName.toLowerCase() === 'svg'
      ? el
      : [...el.querySelectorAll(':scope > svg')].find((s) => !isRamp(s))!;
  const marks: Record<string, number> = {};
  for (const g of svg.querySelectorAll(':scope > g[aria-label]')) {
    const label = g.getAttribute('aria-label')!;
    if (/axis/.test(label)) continue;
    const shapes = [...g.querySelectorAll('rect, path, circle, text')].filter(
      (n) => !n.closest('marker'),
    );
    marks[label] = (marks[label] ?? 0) + shapes.length;
  }
  const axisTitles = [...svg.querySelectorAll('g[aria-label$="-axis label"] text')].map((t) =>
    t.textContent?.replace(/[↑↓→←]/g, '').trim(),
  );
  const swatches = [...el.querySelectorAll('span[class$="-swatch"]')].map((s) =>
    s.textContent?.trim(),
  );
  const ramp = [...el.querySelectorAll('svg')].find(isRamp);
  return {
    marks,
    axisTitles,
    swatches,
    rampTexts: ramp ? [...ramp.querySelectorAll('text')].map((t) => t.textContent) : [],
  };
}

/**
 * Every label of the ramp legend lies inside the legend's box: past its edge, the chart's frame
 * cuts it (a retention ramp's '0.0%' lost its first half).
 */
function expectRampInside(el: Element): void {
  const ramp = [...el.querySelectorAll('svg')].find(isRamp)!;
  const box = ramp.getBoundingClientRect();
  const ticks = [...ramp.querySelectorAll('g text')];
  expect(ticks.length).toBeGreaterThan(1);
  for (const t of ticks) {
    const r = t.getBoundingClientRect();
    expect({
      text: t.textContent,
      left: r.left >= box.left - 0.5,
      right: r.right <= box.right + 0.5,
    }).toEqual({ text: t.textContent, left: true, right: true });
  }
}

/** Fails on a blank chart: some drawn shape has a size on screen. */
function expectVisible(el: Element, selector: string): void {
  const shapes = [...el.querySelectorAll(selector)];
  expect(shapes.length).toBeGreaterThan(0);
  const sized = shapes.filter((s) => {
    const box = (s as SVGGraphicsElement).getBBox();
    return box.width > 0 && box.height > 0;
  });
  expect(sized.length).toBeGreaterThan(0);
}

describe('pivot charts rendered', () => {
  const columns = [
    dim('manager'),
    { ...dim('period:quarter'), axis: 'column' as const },
    val('revenue', 'money'),
  ];

  it('line: one line per manager, the quarter and revenue axes, the managers in the legend', () => {
    const el = render({ analysis: 'pivot', chart: 'auto' }, columns, pivotRows);
    const out = outline(el);
    expect(out.marks.line).toBe(3);
    expect(out.axisTitles).toEqual(expect.arrayContaining(['Quarter', 'Revenue']));
    expect(out.swatches.sort()).toEqual([...managers].sort());
    expectVisible(el, 'g[aria-label="line"] path');
  });

  it('area: stacked areas, one per manager', () => {
    const el = render({ analysis: 'pivot', chart: 'area' }, columns, pivotRows);
    expect(outline(el).marks.area).toBe(3);
    expectVisible(el, 'g[aria-label="area"] path');
  });

  it('bars of one dimension: a bar and a value label per manager', () => {
    const rows = managers.map((manager, i) => ({ manager, revenue: (i + 1) * 100 }));
    const el = render(
      { analysis: 'pivot', chart: 'auto' },
      [dim('manager'), val('revenue', 'money')],
      rows,
    );
    const out = outline(el);
    expect(out.marks.bar).toBe(3);
    expect(out.marks.text).toBe(3);
    expect(out.axisTitles).toEqual(['Revenue']);
    expect(out.swatches).toEqual([]);
    expectVisible(el, 'g[aria-label="bar"] rect');
  });

  it('stacked and grouped bars: a segment per manager and source, sources in the legend', () => {
    const cols = [dim('manager'), dim('source'), val('revenue', 'money')];
    for (const chart of ['bar_stacked', 'bar_grouped'] as const) {
      const el = render({ analysis: 'pivot', chart }, cols, bySource);
      const out = outline(el);
      expect(out.marks.bar).toBe(6);
      expect(out.swatches.sort()).toEqual([...sources].sort());
      expectVisible(el, 'g[aria-label="bar"] rect');
      host?.remove();
    }
  });

  it('heatmap: a cell per pair, written values and a ramp legend titled by the value', () => {
    const cols = [dim('manager'), dim('source'), val('revenue', 'money')];
    const el = render({ analysis: 'pivot', chart: 'heatmap' }, cols, bySource);
    const out = outline(el);
    expect(out.marks.cell).toBe(6);
    expect(out.marks.text).toBe(6);
    expect(out.axisTitles).toContain('Source');
    expect(out.rampTexts).toContain('Revenue');
    expectRampInside(el);
    expectVisible(el, 'g[aria-label="cell"] rect');
  });

  it('scatter: a labelled dot per manager on the activities and win-rate axes', () => {
    const rows = managers.map((manager, i) => ({
      manager,
      activities: 50 + i * 30,
      win_rate: 0.2 + i * 0.1,
    }));
    const cols = [dim('manager'), val('activities', 'int'), val('win_rate', 'pct')];
    const el = render({ analysis: 'pivot', chart: 'scatter' }, cols, rows);
    const out = outline(el);
    expect(out.marks.dot).toBe(3);
    expect(out.marks.text).toBe(3);
    expect(out.axisTitles).toEqual(expect.arrayContaining(['Activities', 'Win rate']));
    expectVisible(el, 'g[aria-label="dot"] circle');
  });
});

describe('analysis charts rendered', () => {
  it('funnel: a bar and a label per step', () => {
    const cols = [
      dim('stage'),
      dim('position', 'int'),
      val('reached', 'int'),
      val('step_conversion', 'pct'),
    ];
    const rows = ['Lead', 'Proposal', 'Won'].map((stage, i) => ({
      stage,
      position: i + 1,
      reached: 100 / (i + 1),
      step_conversion: i ? 0.5 : null,
    }));
    const el = render({ analysis: 'funnel', chart: 'auto' }, cols, rows);
    const out = outline(el);
    expect(out.marks.bar).toBe(3);
    expect(out.marks.text).toBe(3);
    expect(out.axisTitles).toEqual(['Reached']);
    expectVisible(el, 'g[aria-label="bar"] rect');
  });

  it('funnel compared: two bars and labels per step, both periods in the legend', () => {
    const cols: OutputColumn[] = [
      dim('stage'),
      dim('position', 'int'),
      val('reached', 'int'),
      { key: 'reached_previous', role: 'previous', measure: 'reached', format: 'int' },
      val('step_conversion', 'pct'),
    ];
    const rows = ['Lead', 'Proposal', 'Won'].map((stage, i) => ({
      stage,
      position: i + 1,
      reached: 100 / (i + 1),
      reached_previous: 90 / (i + 1),
      step_conversion: i ? 0.5 : null,
    }));
    const names: Record<string, string> = { reached: 'Q3 2025', reached_previous: 'Q3 2024' };
    const el = render({ analysis: 'funnel', chart: 'auto' }, cols, rows, {
      periodLabel: (k) => names[k] ?? k,
    });
    const out = outline(el);
    expect(out.marks.bar).toBe(6);
    expect(out.marks.text).toBe(6);
    expect(out.swatches).toEqual(['Q3 2025', 'Q3 2024']);
    expectVisible(el, 'g[aria-label="bar"] rect');
  });

  it('funnel split and compared, at its narrowest: no bar of negative width', () => {
    // Russian step names want a 190 px margin beside 110 px of value labels: wider than the
    // chart's least width (280 px), so the x range ran backwards and Chromium logged
    // "<rect> attribute width: A negative value is not valid" for every bar.
    const cols: OutputColumn[] = [
      dim('source'),
      dim('stage'),
      dim('position', 'int'),
      val('reached', 'int'),
      { key: 'reached_previous', role: 'previous', measure: 'reached', format: 'int' },
      val('step_conversion', 'pct'),
    ];
    const stages = ['Лид', 'Выявление потребностей', 'Коммерческое предложение', 'Успешно'];
    const rows = ['Сайт', 'Партнёр'].flatMap((source) =>
      stages.map((stage, i) => ({
        source,
        stage,
        position: i + 1,
        reached: 1000 / (i + 1),
        reached_previous: 800 / (i + 1),
        step_conversion: i ? 0.5 : null,
      })),
    );
    for (const width of [200, 300, 340, 768]) {
      const el = render({ analysis: 'funnel', chart: 'auto' }, cols, rows, { lang: 'ru', width });
      const widths = [...el.querySelectorAll('g[aria-label="bar"] rect')].map((r) =>
        Number(r.getAttribute('width')),
      );
      expect(widths.length, `${width} px`).toBe(2 * stages.length * 2);
      expect(Math.min(...widths), `${width} px: ${widths.join()}`).toBeGreaterThan(0);
      host?.remove();
    }
  });

  it('cohorts: a cell per cohort and period, a retention ramp', () => {
    const cols = [dim('cohort'), dim('period_index', 'int'), val('retention', 'pct')];
    const rows = [
      { cohort: '2024-01', period_index: 0, retention: 1, active_clients: 10, cohort_size: 10 },
      { cohort: '2024-01', period_index: 1, retention: 0.4, active_clients: 4, cohort_size: 10 },
      { cohort: '2024-02', period_index: 0, retention: 1, active_clients: 5, cohort_size: 5 },
    ];
    const el = render({ analysis: 'cohort', chart: 'auto' }, cols, rows);
    const out = outline(el);
    expect(out.marks.cell).toBe(3);
    expect(out.axisTitles).toEqual(['Periods since first']);
    expect(out.rampTexts).toContain('Retention');
    expectRampInside(el);
    expectVisible(el, 'g[aria-label="cell"] rect');
  });

  it('dynamics: stacked bars of clients per status, statuses in the legend', () => {
    const cols = [dim('period'), dim('status'), val('clients', 'int')];
    const rows = [
      { period: '2024-Q1', status: 'new', clients: 10 },
      { period: '2024-Q1', status: 'lost', clients: 2 },
      { period: '2024-Q2', status: 'repeat', clients: 4 },
    ];
    const el = render({ analysis: 'dynamics', chart: 'auto' }, cols, rows);
    const out = outline(el);
    expect(out.marks.bar).toBe(3);
    expect(out.axisTitles).toEqual(expect.arrayContaining(['Period', 'Clients']));
    expect(out.swatches).toEqual(['new', 'repeat', 'regular', 'returned', 'lapsed', 'lost']);
    expectVisible(el, 'g[aria-label="bar"] rect');
  });

  it('dynamics over one period: its bar keeps a bar’s width, not the plot’s', () => {
    const cols = [dim('period'), dim('status'), val('clients', 'int')];
    const rows = [
      { period: '2025-Q3', status: 'new', clients: 101 },
      { period: '2025-Q3', status: 'lost', clients: 580 },
    ];
    const el = render({ analysis: 'dynamics', chart: 'auto' }, cols, rows, { width: 1100 });
    const widths = [...el.querySelectorAll('g[aria-label="bar"] rect')].map((r) =>
      Number(r.getAttribute('width')),
    );
    expect(widths).toHaveLength(2);
    for (const w of widths) expect(w).toBeGreaterThan(40);
    for (const w of widths) expect(w).toBeLessThanOrEqual(100);
  });

  it('dynamics compared: each period’s stack and its earlier one’s beside it, lighter, named by their periods', () => {
    const cols = [
      dim('period'),
      dim('status'),
      val('clients', 'int'),
      { ...val('clients_previous', 'int'), role: 'previous' as const },
    ];
    const rows = [
      { period: '2025-Q3', status: 'new', clients: 101, clients_previous: 134 },
      { period: '2025-Q3', status: 'lost', clients: 580, clients_previous: 238 },
      { period: '2025-Q4', status: 'new', clients: 90, clients_previous: 120 },
    ];
    const sides: Record<string, string> = { clients: '2025', clients_previous: '2024' };
    const el = render({ analysis: 'dynamics', chart: 'auto' }, cols, rows, {
      width: 1100,
      periodLabel: (k) => sides[k] ?? k,
    });
    const out = outline(el);
    // Two stacks per period: the period's, then the earlier one's (it drew only the period's).
    expect(out.marks.bar).toBe(6);
    expect(out.axisTitles).toEqual(expect.arrayContaining(['Period', 'Clients']));
    expect(out.swatches.slice(0, 2)).toEqual(['new · 2025', 'repeat · 2025']);
    expect(out.swatches.slice(6, 8)).toEqual(['new · 2024', 'repeat · 2024']);
    const fills = [...el.querySelectorAll('g[aria-label="bar"]')].map((g) =>
      [...g.querySelectorAll('rect')].map((r) => r.getAttribute('fill')),
    );
    expect(fills[0]).toContain(STATUS_COLORS[0]![1]);
    expect(fills[1]).toContain(earlierTint(STATUS_COLORS[0]![1]));
    // Each stack keeps a bar's width (MAX_BAR), the pair side by side within its period.
    const rects = [...el.querySelectorAll('g[aria-label="bar"] rect')];
    for (const r of rects) expect(Number(r.getAttribute('width'))).toBeLessThanOrEqual(100);
    for (const r of rects) expect(Number(r.getAttribute('width'))).toBeGreaterThan(30);
  });

  it('transitions: a cell and a count per from/to pair', () => {
    const cols = [dim('from_status'), dim('to_status'), val('clients', 'int')];
    const rows = [
      { from_status: null, to_status: 'new', clients: 9 },
      { from_status: 'new', to_status: 'repeat', clients: 4 },
    ];
    const el = render({ analysis: 'dynamics', chart: 'auto' }, cols, rows);
    const out = outline(el);
    expect(out.marks.cell).toBe(2);
    expect(out.marks.text).toBe(2);
    expect(out.axisTitles).toEqual(expect.arrayContaining(['From', 'To']));
    expectVisible(el, 'g[aria-label="cell"] rect');
  });

  it('LTV: a bar per segment', () => {
    const cols = [dim('client'), val('revenue', 'money'), val('segment', 'text')];
    const rows = [
      { client: 'a', revenue: 10, segment: 'Loyal' },
      { client: 'b', revenue: 5, segment: 'Champions' },
    ];
    const el = render({ analysis: 'ltv', chart: 'auto' }, cols, rows);
    const out = outline(el);
    expect(out.marks.bar).toBe(2);
    expect(out.axisTitles).toEqual(['Revenue']);
    expectVisible(el, 'g[aria-label="bar"] rect');
  });
});
