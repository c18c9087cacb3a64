// Every compared bar chart lists the period first and its earlier one after it, in the legend
// and in each group of bars, and orders its categories by the period's own value: the pivot's
// legend read "Q3 2024, Q3 2025" beside the funnel's "Q3 2025, Q3 2024", and a manager with a
// bigger last year came first (ranked by the sum of both periods).
import { describe, expect, it } from 'vitest';
import type { ChartOptions } from '../../../src/charts/plot/chart.ts';
import { earlierTint, NOW_COLOR, SERIES_COLORS } from '../../../src/charts/plot/compare-colors.ts';
import { buildChart } from '../../../src/charts/plot/registry.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';

const periods: Record<string, string> = {
  revenue: 'Q3 2025',
  revenue_previous: 'Q3 2024',
  reached: 'Q3 2025',
  reached_previous: 'Q3 2024',
};
const o: ChartOptions = {
  lang: 'en',
  width: 640,
  empty: '(empty)',
  label: (k) => k,
  periodLabel: (k) => periods[k] ?? k,
};
const manager: OutputColumn = { key: 'manager', role: 'dimension', axis: 'row', format: 'text' };
const val = (key: string, role: OutputColumn['role']) =>
  ({ key, role, measure: 'revenue', format: 'money' }) as OutputColumn;

const funnelOf = () =>
  buildChart(
    { analysis: 'funnel', chart: 'auto' },
    [
      { key: 'stage', role: 'dimension', format: 'text' },
      { key: 'position', role: 'dimension', format: 'int' },
      { key: 'reached', role: 'measure', measure: 'reached', format: 'int' },
      { key: 'reached_previous', role: 'previous', measure: 'reached', format: 'int' },
    ],
    resultFromRows([{ stage: 'Lead', position: 1, reached: 10, reached_previous: 8 }]),
    o,
  );

describe('earlierTint', () => {
  it('mixes each channel toward white: lighter, the same hue', () => {
    expect(earlierTint('#3b6fd8')).toBe('#abc1ee');
    expect(earlierTint('#000000')).toBe('#919191');
    expect(earlierTint('#ffffff')).toBe('#ffffff');
    expect(() => earlierTint('steelblue')).toThrow();
  });
});

describe('compared bar charts read alike', () => {
  const pivot = buildChart(
    { analysis: 'pivot', chart: 'auto' },
    [manager, val('revenue', 'measure'), val('revenue_previous', 'previous')],
    resultFromRows([
      { manager: 'Bob', revenue: 50, revenue_previous: 200 },
      { manager: 'Ann', revenue: 100, revenue_previous: 10 },
      { manager: 'Cid', revenue: 70, revenue_previous: 0 },
    ]),
    o,
  );

  it("the pivot's legend and bars: the period first, as the funnel's", () => {
    expect(pivot.kind).toBe('bar_grouped');
    const color = pivot.options?.color as { domain: string[] };
    expect(color.domain).toEqual(['Q3 2025', 'Q3 2024']);
    expect((pivot.options?.y as { domain: string[] }).domain).toEqual(['Q3 2025', 'Q3 2024']);

    const funnel = funnelOf();
    const fc = funnel.options?.color as { domain: string[]; tickFormat: (k: string) => string };
    expect(fc.domain.map(fc.tickFormat)).toEqual(color.domain);
  });

  it('the earlier period is the same hue lighter on both, not a second hue (the pivot drew orange)', () => {
    const fc = funnelOf().options?.color as { range: string[] };
    const pc = pivot.options?.color as { range?: string[]; scheme?: string };
    expect(pc.scheme).toBeUndefined();
    expect(pc.range).toEqual([NOW_COLOR, earlierTint(NOW_COLOR)]);
    expect(fc.range).toEqual(pc.range);
  });

  it("the pivot's managers by this period's revenue, not by both periods' sum", () => {
    const fy = pivot.options?.fy as { domain: string[] };
    expect(fy.domain).toEqual(['Ann', 'Cid', 'Bob']);
  });
});

describe('a compared pivot split by a second dimension', () => {
  const source: OutputColumn = { key: 'source', role: 'dimension', axis: 'column', format: 'text' };
  const month: OutputColumn = {
    key: 'created:month',
    role: 'dimension',
    axis: 'row',
    format: 'text',
  };
  const columns = (x: OutputColumn) => [
    x,
    source,
    val('revenue', 'measure'),
    val('revenue_previous', 'previous'),
  ];

  it('bars: each source in its colour, its earlier side that colour lighter (were one colour, stacked)', () => {
    const chart = buildChart(
      { analysis: 'pivot', chart: 'auto' },
      columns(manager),
      resultFromRows([
        { manager: 'Ann', source: 'Web', revenue: 100, revenue_previous: 10 },
        { manager: 'Ann', source: 'Ads', revenue: 20, revenue_previous: 40 },
        { manager: 'Bob', source: 'Web', revenue: 30, revenue_previous: 60 },
      ]),
      o,
    );
    expect(chart.kind).toBe('bar_grouped');
    const color = chart.options?.color as { domain: string[]; range: string[] };
    expect(color.domain).toEqual([
      'Web · Q3 2025',
      'Ads · Q3 2025',
      'Web · Q3 2024',
      'Ads · Q3 2024',
    ]);
    expect(color.range).toEqual([
      SERIES_COLORS[0],
      SERIES_COLORS[1],
      earlierTint(SERIES_COLORS[0]),
      earlierTint(SERIES_COLORS[1]),
    ]);
    // Within a manager's group each source's two periods stand together, the period first.
    expect((chart.options?.y as { domain: string[] }).domain).toEqual([
      'Web · Q3 2025',
      'Web · Q3 2024',
      'Ads · Q3 2025',
      'Ads · Q3 2024',
    ]);
  });

  it('lines: one per source and period; at most half the series, as each member draws two', () => {
    const sources = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
    const chart = buildChart(
      { analysis: 'pivot', chart: 'auto' },
      columns({ ...month, format: 'date' }),
      resultFromRows(
        sources.flatMap((s, i) =>
          ['2025-01', '2025-02'].map((m) => ({
            'created:month': m,
            source: s,
            revenue: 100 - i,
            revenue_previous: 50,
          })),
        ),
      ),
      o,
    );
    expect(chart.kind).toBe('line');
    const color = chart.options?.color as { domain: string[] };
    expect(color.domain).toHaveLength(10);
    expect(color.domain.slice(0, 2)).toEqual(['A · Q3 2025', 'B · Q3 2025']);
    expect(chart.notes).toContainEqual(expect.objectContaining({ code: 'topSeries' }));
  });
});
