/** The pivot's scatter chart: one dot per row value, two measures as axes (activities vs win rate). */
import * as Plot from '@observablehq/plot';
import type { OutputColumn } from '../../query/compiled.ts';
import { formatter, toNumber } from '../format.ts';
import { NONE, base, text, type AnalysisPlot, type AnalysisPlotOptions } from './plot-kit.ts';
import type { ResultLike } from '../result.ts';

/** The two measures a scatter plots: x = activities and y = win rate when present, else the first two. */
export function scatterAxes(
  columns: OutputColumn[],
): { x: OutputColumn; y: OutputColumn; label: OutputColumn } | null {
  const dims = columns.filter((c) => c.role === 'dimension');
  const measures = columns.filter((c) => c.role === 'measure');
  if (dims.length !== 1 || measures.length < 2) return null;
  const x = measures.find((m) => m.key === 'activities') ?? measures[0]!;
  const y = measures.find((m) => m.key === 'win_rate' && m !== x) ?? measures.find((m) => m !== x)!;
  return { x, y, label: dims[0]! };
}

/** Pivot scatter: one dot per row value (manager), labelled; subtotal rows are left out. */
export function scatterPlot(
  columns: OutputColumn[],
  result: ResultLike,
  o: AnalysisPlotOptions,
): AnalysisPlot {
  const axes = scatterAxes(columns);
  if (!axes) return NONE;
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
  if (data.length === 0) return NONE;
  const fmt = (c: OutputColumn, compact: boolean) =>
    formatter(c.format === 'text' || c.format === 'date' ? 'number' : c.format, o.lang, {
      ...(c.format === 'money' ? (o.money ?? {}) : {}),
      compact,
    });
  const fx = fmt(axes.x, false);
  const fy = fmt(axes.y, false);
  return {
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
