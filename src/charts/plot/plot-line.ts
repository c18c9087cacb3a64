/** Line and area charts of a pivot result: the time (or first) dimension on x. Pure. */
import * as Plot from '@observablehq/plot';
import type { PlotContext } from './plot-data.ts';
import { valueMargin } from './plot-margins.ts';

/** A line, or stacked areas, one per series. */
export function linePlot(c: PlotContext): Plot.PlotOptions {
  const { choice, data, base, width, fmt, title, xLabel, vLabel } = c;
  // Series by a dimension, or the two periods of a comparison.
  const split = c.seriesDomain !== undefined;
  // A date bucket's name sorts by its key ("2025-04" after "2025-03", not "Apr" before "Mar").
  const sortKey = new Map(data.map((d) => [d.x, d.xk ?? d.x]));
  const domain = [...sortKey.keys()].sort((a, b) =>
    sortKey.get(a)!.localeCompare(sortKey.get(b)!, undefined, { numeric: true }),
  );
  // A tick's room from its longest label (~6 px a character at 11 px): «сентябрь 2024» needs
  // more than "2024-09" did, and labels closer than that draw over each other.
  const room = Math.max(64, Math.max(0, ...domain.map((x) => x.length)) * 6 + 12);
  const maxTicks = Math.max(2, Math.floor((width - 60) / room));
  const step = Math.ceil(domain.length / maxTicks);
  const ticks = domain.filter((_, i) => i % step === 0);
  // Lines join points in data order, and the result is sorted by value: order by x.
  const rank = new Map(domain.map((x, i) => [x, i]));
  const lineData = data
    .map((d) => ({ ...d, v: d.v ?? NaN }))
    .sort((a, b) => (rank.get(a.x) ?? 0) - (rank.get(b.x) ?? 0));
  const series = split ? { stroke: 's', z: 's' } : { stroke: 'var(--accent, #3b6fd8)' };
  const marks: Plot.Markish[] = [Plot.ruleY([0], { stroke: '#ccc' })];
  if (choice.kind === 'area') {
    marks.push(
      Plot.areaY(lineData, {
        x: 'x',
        y: 'v',
        fill: split ? 's' : 'var(--accent, #3b6fd8)',
        fillOpacity: split ? 0.8 : 0.3,
        ...(split ? { z: 's', order: c.seriesDomain } : {}),
        title,
        tip: true,
      }),
    );
  } else {
    marks.push(
      Plot.lineY(lineData, {
        x: 'x',
        y: 'v',
        ...series,
        strokeWidth: 2,
        marker: domain.length <= 24 ? 'circle-stroke' : null,
        title,
        tip: true,
      }),
    );
  }
  return {
    ...base,
    height: 280,
    marginLeft: valueMargin(
      lineData.map((d) => d.v),
      fmt,
    ),
    marginBottom: 36,
    x: { type: 'point', domain, ticks, label: xLabel, padding: 0.3 },
    y: { grid: true, label: vLabel, tickFormat: fmt, nice: true, zero: true },
    marks,
  };
}
