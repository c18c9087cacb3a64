/** The pivot's scatter chart: one dot per row value, two measures as axes (activities vs win rate). */
import * as Plot from '@observablehq/plot';
import type { OutputColumn } from '../../../query/compiled.ts';
import { formatter, toNumber } from '../../format.ts';
import { scatterAxes } from '../chart-choice.ts';
import { placeLabels } from '../label-place.ts';
import { nothing, base, text, type Chart, type ChartInput, type ChartOptions } from '../chart.ts';

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
          r: DOT_R,
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
                fontSize: LABEL_SIZE,
                fill: 'currentColor',
                render: spreadLabels,
              }),
            ]
          : []),
      ],
    },
  };
}

const LABEL_SIZE = 10;
const DOT_R = 4;

/**
 * A render transform for the dots' labels: each goes to a free spot around its dot (label-place.ts)
 * or is left out, so no two names are written over each other.
 */
const spreadLabels: Plot.RenderFunction = (index, scales, values, dimensions, context, next) => {
  const X = values.x as ArrayLike<number> | undefined;
  const Y = values.y as ArrayLike<number> | undefined;
  const T = values.text as ArrayLike<unknown> | undefined;
  if (!X || !Y || !T || !next) return next?.(index, scales, values, dimensions, context) ?? null;
  const { width, height, marginLeft, marginTop, marginBottom } = dimensions;
  const placed = placeLabels(
    // The index may be a typed array, whose map cannot hold objects.
    Array.from(index, (i) => ({ x: X[i] ?? NaN, y: Y[i] ?? NaN, text: String(T[i] ?? '') })),
    {
      fontSize: LABEL_SIZE,
      r: DOT_R,
      // The frame, and half a label into the axes' margins: tick labels start past the ticks.
      bounds: {
        x0: marginLeft - 6,
        y0: Math.max(0, marginTop - 6),
        x1: width,
        y1: height - marginBottom + 6,
      },
    },
  );
  const nx = Array.from(X);
  const ny = Array.from(Y);
  const keep: number[] = [];
  const anchors: string[] = [];
  Array.from(index).forEach((i, k) => {
    const p = placed[k];
    if (!p) return;
    keep.push(i);
    anchors.push(p.anchor);
    nx[i] = p.x;
    ny[i] = p.y;
  });
  const g = next(keep, scales, Object.assign({}, values, { x: nx, y: ny }), dimensions, context);
  g?.querySelectorAll('text').forEach((t, k) =>
    t.setAttribute('text-anchor', anchors[k] ?? 'middle'),
  );
  return g;
};
