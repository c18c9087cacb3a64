// Chart export in a real browser: Plot draws its colour legend as HTML beside the chart's <svg>;
// the exported SVG and PNG must still say which colour is which series.
import { afterEach, describe, expect, it } from 'vitest';
import * as Plot from '@observablehq/plot';
import type { ChartOptions } from '../../../src/charts/plot/chart.ts';
import { earlierTint, NOW_COLOR } from '../../../src/charts/plot/compare-colors.ts';
import { buildChart } from '../../../src/charts/plot/registry.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { chartImage, readPlot, svgToPng } from '../../../src/ui/common/download.ts';

const columns: OutputColumn[] = [
  { key: 'manager', role: 'dimension', axis: 'row', format: 'text' },
  { key: 'period:quarter', role: 'dimension', axis: 'column', format: 'text' },
  { key: 'revenue', role: 'measure', measure: 'revenue', format: 'money' },
];
const managers = ['Анна Петрова', 'Bob & Co', 'Carla <CEO>', 'Dmitri'];
const quarters = ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4'];
const rows = managers.flatMap((manager, m) =>
  quarters.map((q, i) => ({ manager, 'period:quarter': q, revenue: (m + 1) * 1000 + i * 250 })),
);
const opts: ChartOptions = {
  lang: 'en',
  width: 640,
  empty: '(empty)',
  label: (key) => key,
};

let host: HTMLElement | null = null;
afterEach(() => host?.remove());

/** Draws the chart as Chart.svelte does and returns the element Plot.plot returned. */
function draw(chart: 'line' | 'heatmap'): Element {
  const built = buildChart({ analysis: 'pivot', chart }, columns, resultFromRows(rows), opts);
  host = document.createElement('div');
  document.body.append(host);
  const el = Plot.plot(built.options!);
  host.append(el);
  return el;
}

const parse = (markup: string) => {
  const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
  expect(doc.querySelector('parsererror')).toBeNull();
  return doc;
};

describe('chart export with the legend', () => {
  it('an exported multi-series chart names every series in its legend, in its colour', () => {
    const plot = draw('line');
    expect(plot.tagName.toLowerCase()).toBe('figure'); // the legend is HTML beside the <svg>
    const doc = parse(chartImage(plot, 'Revenue by manager', '2024').markup);
    const labels = [...doc.querySelectorAll('g.legend text')].map((t) => t.textContent);
    expect([...labels].sort()).toEqual([...managers].sort());
    // Each swatch has the colour of its series' line in the chart.
    const swatches = [...doc.querySelectorAll('g.legend rect')].map((r) => r.getAttribute('fill'));
    const lines = new Set(
      [...plot.querySelectorAll('svg [aria-label="line"] path')].map((p) =>
        p.getAttribute('stroke'),
      ),
    );
    expect(new Set(swatches)).toEqual(lines);
    expect(doc.querySelector('text.title')?.textContent).toBe('Revenue by manager');
    expect(doc.querySelector('text.subtitle')?.textContent).toBe('2024');
  });

  it('a compared chart exports its legend in the on-screen rule: the period, then it lighter', () => {
    const built = buildChart(
      { analysis: 'pivot', chart: 'auto' },
      [
        columns[0]!,
        columns[2]!,
        { key: 'revenue_previous', role: 'previous', measure: 'revenue', format: 'money' },
      ],
      resultFromRows([{ manager: 'Ann', revenue: 10, revenue_previous: 8 }]),
      { ...opts, periodLabel: (k) => (k === 'revenue' ? 'Q3 2025' : 'Q3 2024') },
    );
    host = document.createElement('div');
    document.body.append(host);
    const plot = Plot.plot(built.options!);
    host.append(plot);
    const doc = parse(chartImage(plot, 'Revenue by manager', 'Q3 2025 vs Q3 2024').markup);
    const legend = [...doc.querySelectorAll('g.legend text')].map((t) => t.textContent);
    const swatches = [...doc.querySelectorAll('g.legend rect')].map((r) => r.getAttribute('fill'));
    expect(legend).toEqual(['Q3 2025', 'Q3 2024']);
    // The earlier period was orange (a second hue) on screen and in the export.
    expect(swatches).toEqual([NOW_COLOR, earlierTint(NOW_COLOR)]);
  });

  it('a ramp legend (heatmap) is carried over as SVG with its ticks', () => {
    const plot = draw('heatmap');
    const { legends } = readPlot(plot);
    expect(legends.map((l) => l.kind)).toEqual(['svg']);
    const doc = parse(chartImage(plot, 'Heat').markup);
    const nested = [...doc.documentElement.children].filter((c) => c.tagName === 'svg');
    expect(nested).toHaveLength(2); // the ramp, then the chart
    expect(nested[0]!.querySelectorAll('text').length).toBeGreaterThan(1);
  });

  it('the PNG has the legend drawn: the first swatch is its colour in the pixels', async () => {
    const plot = draw('line');
    const { markup, width, height } = chartImage(plot, 'Revenue by manager');
    const doc = parse(markup);
    const rect = doc.querySelector('g.legend rect')!;
    const x = Number(rect.getAttribute('x')) + 6;
    const y = Number(rect.getAttribute('y')) + 6;
    const png = await svgToPng(markup, width, height, 1);
    const bitmap = await createImageBitmap(png);
    expect([bitmap.width, bitmap.height]).toEqual([width, height]);
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const [r, g, b] = ctx.getImageData(x, y, 1, 1).data;
    const want = rect.getAttribute('fill')!;
    const probe = new OffscreenCanvas(1, 1).getContext('2d')!;
    probe.fillStyle = want;
    probe.fillRect(0, 0, 1, 1);
    const [er, eg, eb] = probe.getImageData(0, 0, 1, 1).data;
    expect(Math.abs(r! - er!) + Math.abs(g! - eg!) + Math.abs(b! - eb!)).toBeLessThan(12);
  });
});
