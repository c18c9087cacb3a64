/** The pivot's scatter chart: one dot per row value, two measures as axes (activities vs win rate). */
import * as Plot from '@observablehq/plot';
import type { OutputColumn } from '../../query/compiled.ts';
import { formatter, toNumber } from '../format.ts';
import { scatterAxes } from './chart-choice.ts';
import { nothing, base, text, type Chart, type ChartInput, type ChartOptions } from './chart.ts';

/** Pivot scatter: one dot per row value (manager), labelled; subtotal rows are left out. */
export function scatterPlot({ columns, result }: ChartInput, o: ChartOptions): Chart {
  const axes = scatterAxes(columns);
  if (!axes) return nothing('scatter');
  const grouping = result.getChild('_grouping');
  const xs = result.getChild(axes.x.key);
  const ys = result.getChild(axes.y.key);
  const ls = result.getChild(axes.label.key);
  const data: { x: number; y: number; label: string }[] = [];
  for (let i = 0; i < result.numRows; i++) {
    if (grouping && (toNumber(grouping.get(i)) ?? 0) !== 0) continue;
    const x = toNumber(xs?.get(i));
    const y = toNumber(ys?.get(i));
    if (x === null || y === null) continue;
    data.push({ x, y, label: text(ls?.get(i), o.empty) });
  }
  if (data.length === 0) return nothing('scatter');
  const fmt = (c: OutputColumn, compact: boolean) =>
    formatter(c.format === 'text' || c.format === 'date' ? 'number' : c.format, o.lang, {
      ...(c.format === 'money' ? (o.money ?? {}) : {}),
      compact,
    });
  const fx = fmt(axes.x, false);
  const fy = fmt(axes.y, false);
  return {
    kind: 'scatter',
    notes: [],
    options: {
      ...base(o.width),
      height: 340,
      marginLeft: 60,
      marginRight: 40,
      x: { grid: true, label: o.label(axes.x.key), nice: true, tickFormat: fmt(axes.x, true) },
      y: { grid: true, label: o.label(axes.y.key), nice: true, tickFormat: fmt(axes.y, true) },
      marks: [
        Plot.dot(data, {
          x: 'x',
          y: 'y',
          r: 4,
          fill: 'var(--accent, #3b6fd8)',
          title: (d: (typeof data)[number]) =>
            `${d.label}\n${o.label(axes.x.key)}: ${fx(d.x)}\n${o.label(axes.y.key)}: ${fy(d.y)}`,
          tip: true,
        }),
        ...(data.length <= 40
          ? [
              Plot.text(data, {
                x: 'x',
                y: 'y',
                text: 'label',
                dy: -8,
                fontSize: 10,
                fill: 'currentColor',
              }),
            ]
          : []),
      ],
    },
  };
}
