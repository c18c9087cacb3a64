// The chart follows the layout, checked on the SVG Plot draws: a preset's chart kind is only a
// starting point. A second dimension gets a legend, lines only run over time, narrow cells drop
// their value labels instead of writing them over each other, a stack adds up to the table's
// total (the rest summed into Other), and a comparison shows last year beside this year.
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import * as Plot from '@observablehq/plot';
import type { ChartOptions } from '../../../src/charts/plot/chart.ts';
import { EXPORT_FONT } from '../../../src/charts/export/svg-export.ts';
import { buildChart } from '../../../src/charts/plot/registry.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import type { ChartKind } from '../../../src/query/spec/spec.ts';

/** No two boxes overlap by more than half a pixel; `name(i)` names box i in the failure. */
function expectApart(boxes: DOMRect[], name: (i: number) => string): void {
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const overlap =
        a.left < b.right - 0.5 &&
        b.left < a.right - 0.5 &&
        a.top < b.bottom - 0.5 &&
        b.top < a.bottom - 0.5;
      expect(overlap, `${name(i)} and ${name(j)} overlap`).toBe(false);
    }
  }
}

const dim = (key: string, axis: 'row' | 'column' = 'row'): OutputColumn => ({
  key,
  role: 'dimension',
  axis,
  format: 'text',
});
const val = (key: string, role: OutputColumn['role'] = 'measure'): OutputColumn => ({
  key,
  role,
  measure: 'revenue',
  format: 'number',
});
const LABELS: Record<string, string> = {
  revenue: 'Revenue',
  revenue_previous: 'Revenue, last year',
};
const o: ChartOptions = {
  lang: 'en',
  width: 640,
  empty: '(empty)',
  other: 'Other',
  label: (k) => LABELS[k] ?? k,
};

let host: HTMLElement | null = null;
afterEach(() => {
  host?.remove();
  document.body.style.fontFamily = '';
});

function draw(
  chart: ChartKind,
  columns: OutputColumn[],
  rows: Record<string, unknown>[],
  extra: Partial<ChartOptions> = {},
) {
  const built = buildChart({ analysis: 'pivot', chart }, columns, resultFromRows(rows), {
    ...o,
    ...extra,
  });
  expect(built.options).not.toBeNull();
  host = document.createElement('div');
  document.body.append(host);
  const el = Plot.plot(built.options!) as Element & {
    scale(name: string): { apply(v: unknown): number };
  };
  host.append(el);
  const svg =
    el.tagName.toLowerCase() === 'svg'
      ? el
      : [...el.querySelectorAll(':scope > svg')].find(
          (s) => ![...s.classList].some((c) => c.endsWith('-ramp')),
        )!;
  const swatches = [...el.querySelectorAll('span[class$="-swatch"]')].map((s) =>
    s.textContent?.trim(),
  );
  return { built, el, svg, swatches };
}

const managers = ['Ann', 'Bob', 'Carla'];

describe('the chart follows the layout', () => {
  it('a preset asking for bars gets a stack with its legend once a column dimension is added', () => {
    const sources = ['Web', 'Ads', 'Referral'];
    const rows = managers.flatMap((manager, m) =>
      sources.map((source, s) => ({ manager, source, revenue: 100 * (m + 1) + 10 * s })),
    );
    const { built, svg, swatches } = draw(
      'bar',
      [dim('manager'), dim('source', 'column'), val('revenue')],
      rows,
    );
    expect(built.kind).toBe('bar_stacked');
    expect(swatches.sort()).toEqual([...sources].sort());
    // The segments carry more than one colour.
    const fills = new Set(
      [...svg.querySelectorAll('g[aria-label="bar"] rect')].map((r) => r.getAttribute('fill')),
    );
    expect(fills.size).toBe(sources.length);
  });

  it('a line is drawn only over time: over two categories it becomes bars', () => {
    const rows = managers.flatMap((manager, m) =>
      ['Web', 'Ads'].map((source, s) => ({ manager, source, revenue: 50 * (m + 1) + s })),
    );
    const cats = draw('line', [dim('manager'), dim('source', 'column'), val('revenue')], rows);
    expect(cats.built.kind).not.toBe('line');
    expect(cats.svg.querySelector('g[aria-label="line"]')).toBeNull();
    expect(cats.svg.querySelectorAll('g[aria-label="bar"] rect').length).toBe(6);

    const quarter: OutputColumn = { ...dim('period:quarter', 'column') };
    const overTime = managers.flatMap((manager, m) =>
      ['2024-Q1', '2024-Q2'].map((q, i) => ({ manager, 'period:quarter': q, revenue: m + i })),
    );
    const time = draw('line', [dim('manager'), quarter, val('revenue')], overTime);
    expect(time.built.kind).toBe('line');
    expect(time.svg.querySelectorAll('g[aria-label="line"] path').length).toBe(3);
  });

  // Russian money ticks are long («200 тыс. ₽»): Plot's default count, one per 80 px, wrote
  // them over each other on a 768 px page.
  for (const [kind, columns] of [
    ['bar', [dim('manager'), { ...val('revenue'), format: 'money' }]],
    [
      'bar_grouped',
      [dim('manager'), dim('source', 'column'), { ...val('revenue'), format: 'money' }],
    ],
  ] as const)
    it(`the value axis of ${kind} keeps its tick labels apart in Russian at 740 px`, () => {
      document.body.style.fontFamily = EXPORT_FONT;
      // Names as wide as the demo's leave the value axis about 560 px.
      const names = ['Екатерина Панова', 'Римма Спиридонова', 'Алина Синицына'];
      const rows = names.flatMap((manager, m) =>
        ['Web', 'Ads'].map((source, s) => ({
          manager,
          source,
          revenue: 1_980_000 - m * 400_000 - s * 90_000,
        })),
      );
      const { svg } = draw(kind, [...columns], rows, {
        lang: 'ru',
        width: 740,
        money: { currency: 'RUB' },
      });
      const ticks = [...svg.querySelectorAll('g[aria-label="x-axis tick label"] text')];
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      expectApart(
        ticks.map((t) => t.getBoundingClientRect()),
        (i) => ticks[i]!.textContent ?? '',
      );
    });

  it('many narrow heatmap cells drop their value labels rather than overlap them', () => {
    const series = Array.from({ length: 30 }, (_, i) => `S${i}`);
    const rows = managers.flatMap((manager, m) =>
      series.map((s, i) => ({ manager, s, revenue: 1_234_567 * (m + 1) + i * 98_765 })),
    );
    const { svg } = draw('heatmap', [dim('manager'), dim('s', 'column'), val('revenue')], rows, {
      maxSeries: 30,
    });
    expect(svg.querySelectorAll('g[aria-label="cell"] rect').length).toBe(90);
    const boxes = [...svg.querySelectorAll('g[aria-label="text"] text')].map((t) =>
      (t as SVGGraphicsElement).getBoundingClientRect(),
    );
    expectApart(boxes, (i) => `labels ${i}`);
  });

  it('a scatter of clustered managers writes no name over another, and none outside the chart', () => {
    // 26 managers, most within a few points of the same win rate (the demo's managers at 768 px).
    const names = Array.from({ length: 26 }, (_, i) => `Manager number ${i + 1}`);
    const rows = names.map((manager, i) => ({
      manager,
      activities: 600 + ((i * 37) % 13) * 120 + (i > 22 ? 3000 : 0),
      win_rate: 0.4 + (((i * 7) % 11) - 5) / 100,
    }));
    const cols: OutputColumn[] = [
      dim('manager'),
      { ...val('activities'), measure: 'activities' },
      { ...val('win_rate'), measure: 'win_rate', format: 'pct' },
    ];
    const { svg } = draw('scatter', cols, rows, { width: 560 });
    expect(svg.querySelectorAll('g[aria-label="dot"] circle').length).toBe(26);
    const texts = [...svg.querySelectorAll('g[aria-label="text"] text')];
    expect(texts.length).toBeGreaterThan(5);
    const frame = svg.getBoundingClientRect();
    const boxes = texts.map((t) => (t as SVGGraphicsElement).getBoundingClientRect());
    for (const b of boxes) {
      expect(b.left).toBeGreaterThanOrEqual(frame.left - 0.5);
      expect(b.right).toBeLessThanOrEqual(frame.right + 0.5);
    }
    expectApart(boxes, (i) => `“${texts[i]!.textContent}”`);
  });

  it('long Russian category labels fit in the left margin, none cut at the chart’s edge', () => {
    const stages = ['Коммерческое предложение', 'Выявление потребностей', 'Счёт выставлен', 'Лид'];
    const rows = stages.map((stage, i) => ({ stage, revenue: 1000 * (i + 1) }));
    // The page's font (global.css), not the test page's default serif.
    document.body.style.fontFamily = EXPORT_FONT;
    const { svg } = draw('bar', [dim('stage'), val('revenue')], rows, { lang: 'ru', width: 480 });
    const left = svg.getBoundingClientRect().left;
    const ticks = [...svg.querySelectorAll('g[aria-label="y-axis tick label"] text')];
    expect(ticks.map((t) => t.textContent)).toEqual(expect.arrayContaining(stages));
    for (const t of ticks)
      expect(
        (t as SVGGraphicsElement).getBoundingClientRect().left,
        `“${t.textContent}” starts left of the chart`,
      ).toBeGreaterThanOrEqual(left - 0.5);
  });

  it('wide heatmap cells keep their value labels', () => {
    const rows = managers.flatMap((manager, m) =>
      ['Web', 'Ads'].map((s, i) => ({ manager, s, revenue: 10 * m + i })),
    );
    const { svg } = draw('heatmap', [dim('manager'), dim('s', 'column'), val('revenue')], rows);
    expect(svg.querySelectorAll('g[aria-label="text"] text').length).toBe(6);
  });

  it('every stacked bar reaches the table total: series past the top ten are summed as Other', () => {
    const sources = Array.from({ length: 14 }, (_, i) => `Src${i}`);
    const rows = managers.flatMap((manager, m) =>
      sources.map((source, s) => ({ manager, source, revenue: (m + 1) * 10 + s * 3 })),
    );
    // The table's row totals, computed independently of the chart.
    const totals = managers.map((_, m) =>
      sources.reduce((a, _s, s) => a + (m + 1) * 10 + s * 3, 0),
    );
    const { built, el, svg, swatches } = draw(
      'bar_stacked',
      [dim('manager'), dim('source', 'column'), val('revenue')],
      rows,
    );
    expect(built.notes.map((n) => n.code)).toContain('otherSeries');
    expect(swatches).toContain('Other');
    expect(swatches.length).toBe(10);
    const x = el.scale('x');
    const y = el.scale('y') as unknown as { apply(v: string): number };
    const rects = [...svg.querySelectorAll('g[aria-label="bar"] rect')];
    managers.forEach((manager, m) => {
      const top = y.apply(manager);
      const inRow = rects.filter((r) => Math.abs(Number(r.getAttribute('y')) - top) < 1);
      const right = Math.max(
        ...inRow.map((r) => Number(r.getAttribute('x')) + Number(r.getAttribute('width'))),
      );
      expect(Math.abs(right - x.apply(totals[m]))).toBeLessThan(0.5);
    });
  });

  it('year over year draws last year beside this year, with both in the legend', () => {
    const rows = managers.map((manager, m) => ({
      manager,
      revenue: 100 * (m + 1),
      revenue_previous: 80 * (m + 1),
      revenue_delta: 20 * (m + 1),
      revenue_growth: 0.25,
    }));
    const columns: OutputColumn[] = [
      dim('manager'),
      val('revenue'),
      val('revenue_previous', 'previous'),
      val('revenue_delta', 'delta'),
      { ...val('revenue_growth', 'growth'), format: 'pct' },
    ];
    const { built, svg, swatches } = draw('bar_grouped', columns, rows);
    expect(built.kind).toBe('bar_grouped');
    expect(swatches).toEqual(['Revenue', 'Revenue, last year']);
    const bars = [...svg.querySelectorAll('g[aria-label="bar"] rect')];
    expect(bars.length).toBe(6);
    const widths = bars.map((r) => Math.round(Number(r.getAttribute('width'))));
    // Ann's 80 last year and 100 this year are both drawn: 4 : 5.
    expect(widths.filter((w) => w > 0).length).toBe(6);
  });

  // Growth by manager and source (grouped bars: a growth does not add up). A growth without a
  // number drew nothing here while one bar per category drew its word: Ann's Partner deals are
  // new, Bob's Website ones grew from 0; both words stand at 0 in their own facet.
  it('a grouped growth chart writes "new" and "from 0" where the bars would be', async () => {
    const row = (manager: string, source: string, now: number, before: number, earlier = 1) => ({
      manager,
      source,
      revenue: now,
      revenue_previous: before,
      revenue_growth: before === 0 ? null : (now - before) / before,
      revenue_earlier: earlier,
    });
    const rows = [
      row('Ann', 'Partner', 500, 0, 0),
      row('Ann', 'Website', 300, 200),
      row('Bob', 'Website', 900, 0),
      row('Bob', 'Partner', 100, 400),
      row('Carla', 'Partner', 250, 200),
    ];
    const columns: OutputColumn[] = [
      dim('manager'),
      dim('source'),
      val('revenue'),
      val('revenue_previous', 'previous'),
      { ...val('revenue_growth', 'growth'), format: 'pct' },
      { ...val('revenue_earlier', 'earlier'), format: 'int' },
    ];
    const { built, svg } = draw('auto', columns, rows, {
      valueKey: 'revenue_growth',
      growthNew: 'new',
      growthFromZero: 'from 0',
      width: 720,
    });
    expect(built.kind).toBe('bar_grouped');
    // A text's own words, without its tooltip's <title>.
    const own = (t: Element) => t.firstChild?.nodeValue ?? '';
    const words = [...svg.querySelectorAll('text')].filter((t) =>
      ['new', 'from 0'].includes(own(t)),
    );
    expect(words.map(own).sort()).toEqual(['from 0', 'new']);
    // Each in its manager's own facet, beside the line at 0.
    const facetOf = (t: Element) => t.closest('g[aria-label="facet"]') ?? t.parentElement;
    expect(facetOf(words[0]!)).not.toBe(facetOf(words[1]!));
    const zero = svg.querySelector('g[aria-label="rule"] line')!.getBoundingClientRect().left;
    for (const t of words) expect(Math.abs(t.getBoundingClientRect().left - zero)).toBeLessThan(8);
    // Numbers still draw their bars: Bob's Partner −75 %, Ann's Website +50 %, Carla's +25 %.
    const drawn = [...svg.querySelectorAll('g[aria-label="bar"] rect')].filter(
      (r) => Number(r.getAttribute('width')) > 0,
    );
    expect(drawn.length).toBe(3);
    // For a person to look at (test-results/ is not kept).
    await page.screenshot({
      path: '../../../test-results/grouped-growth-chart.png',
      element: host!,
    });
  });
});
