// The analyses' charts keep their own labels inside the chart, measured on the SVG Plot draws in
// the page's font: a split cohort triangle's row names (source and month) and a split funnel's
// member names, both long in Russian («Контекстная реклама · февраль 2025»), were cut at the
// chart's edge on the demo at 1440 px.
import { afterEach, describe, expect, it } from 'vitest';
import * as Plot from '@observablehq/plot';
import type { ChartOptions } from '../../../src/charts/plot/chart.ts';
import { EXPORT_FONT } from '../../../src/charts/export/svg-export.ts';
import { buildChart } from '../../../src/charts/plot/registry.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import { ru } from '../../../src/demo/labels/labels-ru.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { dimColumn as dim, measureColumn as val } from '../../fixtures/columns.ts';

const MONTHS = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь'];
const o: ChartOptions = {
  lang: 'ru',
  width: 1100,
  empty: '(пусто)',
  label: (k) => k,
  category: (key, v) =>
    key === 'cohort' ? `${MONTHS[Number(v.slice(5)) - 1]} ${v.slice(0, 4)}` : v,
};

let host: HTMLElement | null = null;
afterEach(() => {
  host?.remove();
  document.body.style.fontFamily = '';
});

function draw(
  analysis: 'cohort' | 'funnel',
  columns: OutputColumn[],
  rows: Record<string, unknown>[],
  width: number,
) {
  const built = buildChart({ analysis, chart: 'auto' }, columns, resultFromRows(rows), {
    ...o,
    width,
  });
  expect(built.options).not.toBeNull();
  document.body.style.fontFamily = EXPORT_FONT;
  host = document.createElement('div');
  document.body.append(host);
  const el = Plot.plot(built.options!) as Element;
  host.append(el);
  const svg =
    el.tagName.toLowerCase() === 'svg'
      ? el
      : [...el.querySelectorAll(':scope > svg')].find(
          (s) => ![...s.classList].some((c) => c.endsWith('-ramp')),
        )!;
  return svg as SVGSVGElement;
}

/** The tick labels of an axis, with those drawn outside the SVG's box (half a pixel spared). */
function outside(svg: SVGSVGElement, axis: string) {
  const box = svg.getBoundingClientRect();
  const ticks = [...svg.querySelectorAll(`g[aria-label="${axis} tick label"] text`)];
  const cut = ticks
    .map((t) => ({ text: t.textContent, r: (t as SVGGraphicsElement).getBoundingClientRect() }))
    .filter(({ r }) => r.left < box.left - 0.5 || r.right > box.right + 0.5)
    .map(({ text, r }) => `${text}: ${Math.round(r.left)}–${Math.round(r.right)}`);
  return { ticks: ticks.map((t) => t.textContent), cut };
}

describe('an analysis chart’s labels stay inside it (RU)', () => {
  for (const width of [1100, 700])
    it(`a split cohort triangle names each row whole at ${width} px`, () => {
      const rows = ru.sources.flatMap((source) =>
        ['2025-01', '2025-02', '2025-03'].flatMap((cohort, c) =>
          [0, 1, 2].slice(0, 3 - c).map((k) => ({
            source,
            cohort,
            period_index: k,
            retention: k === 0 ? 1 : 0.1 * k,
            active_clients: 10 - k,
            cohort_size: 10,
          })),
        ),
      );
      const svg = draw(
        'cohort',
        [
          dim('source'),
          dim('cohort'),
          dim('period_index', 'int'),
          val('retention', 'pct'),
          val('active_clients', 'int'),
          val('cohort_size', 'int'),
        ],
        rows,
        width,
      );
      const { ticks, cut } = outside(svg, 'y-axis');
      expect(ticks).toContain('Контекстная реклама · февраль 2025');
      expect(cut).toEqual([]);
    });

  for (const width of [1100, 700, 420])
    it(`a split funnel names each member inside the chart at ${width} px, clear of the bars' labels`, () => {
      const stages = ['Лид', 'Квалификация', 'Коммерческое предложение', 'Успешно'];
      // The first eight are drawn: the longest name among them.
      const sources = [
        'Контекстная реклама',
        ...ru.sources.filter((s) => s !== 'Контекстная реклама'),
      ];
      const rows = sources.flatMap((source) =>
        stages.map((stage, i) => ({
          source,
          stage,
          position: i + 1,
          reached: 400 - i * 60,
          step_conversion: i === 0 ? null : 0.85,
        })),
      );
      const svg = draw(
        'funnel',
        [
          dim('source'),
          dim('stage'),
          dim('position', 'int'),
          val('reached', 'int'),
          val('step_conversion', 'pct'),
        ],
        rows,
        width,
      );
      const { ticks, cut } = outside(svg, 'fy-axis');
      // Whole where there is room; a tile's narrow chart cuts it with an ellipsis.
      if (width >= 700) expect(ticks).toContain('Контекстная реклама');
      else expect(ticks.find((t) => t?.startsWith('Контекстная'))).toMatch(/^Контекстная.*…$/);
      expect(cut).toEqual([]);
      // Each member's name is clear of every bar's value label ("340 · 85,0 %").
      const names = [...svg.querySelectorAll('g[aria-label="fy-axis tick label"] text')].map((t) =>
        (t as SVGGraphicsElement).getBoundingClientRect(),
      );
      const values = [...svg.querySelectorAll('g[aria-label="text"] text')].map((t) =>
        (t as SVGGraphicsElement).getBoundingClientRect(),
      );
      for (const n of names)
        for (const v of values)
          expect(n.left < v.right && v.left < n.right && n.top < v.bottom && v.top < n.bottom).toBe(
            false,
          );
    });
});
