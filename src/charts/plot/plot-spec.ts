/**
 * Result → Observable Plot options. Pure: builds mark objects but touches no DOM, so it runs in
 * Node tests. `chooseChart` (chart-choice.ts) decides what to draw; `buildPlot` reads the data
 * once and hands it to the builder of that kind (plot-line.ts, plot-bars.ts).
 */
import { msg } from '../../lib/message.ts';
import type * as Plot from '@observablehq/plot';
import type { OutputColumn } from '../../query/compiled.ts';
import type { ChartKind } from '../../query/spec/spec.ts';
import { chooseChart } from './chart-choice.ts';
import { formatter } from '../format.ts';
import { barhPlot, seriesBarsPlot } from './plot-bars.ts';
import {
  rankBy,
  readData,
  type Datum,
  type PlotContext,
  type PlotResult,
  type PlotSpecOptions,
} from './plot-data.ts';
import { linePlot } from './plot-line.ts';
import type { ResultLike } from '../result.ts';

export {
  chooseChart,
  isTimeDimension,
  type ChartChoice,
  type ResolvedChart,
} from './chart-choice.ts';
export type { PlotResult, PlotSpecOptions } from './plot-data.ts';
export { labelMargin, valueMargin } from './plot-margins.ts';

/** Builds the Plot options for a result. */
export function buildPlot(
  columns: OutputColumn[],
  result: ResultLike,
  chart: ChartKind,
  opts: PlotSpecOptions,
): PlotResult {
  const choice = chooseChart(columns, chart, {
    valueKey: opts.valueKey ?? null,
    additive: opts.additive,
  });
  const notes: PlotResult['notes'] = [];
  if (choice.kind === 'none' || !choice.value || !choice.x) return { choice, options: null, notes };

  const dimCount = columns.filter((c) => c.role === 'dimension').length;
  if (dimCount > 2) notes.push(msg('extraDims', { shown: 2, total: dimCount }));

  const value = choice.value;
  const fmt = formatter(
    value.format === 'text' || value.format === 'date' ? 'number' : value.format,
    opts.lang,
    {
      ...(value.format === 'money' ? opts.money : {}),
      compact: true,
    },
  );
  const full = formatter(
    value.format === 'text' || value.format === 'date' ? 'number' : value.format,
    opts.lang,
    value.format === 'money' ? (opts.money ?? {}) : {},
  );
  const vLabel = opts.valueLabel(value);
  const xLabel = opts.dimensionLabel(choice.x);
  const sLabel = choice.series ? opts.dimensionLabel(choice.series) : '';
  const maxSeries = opts.maxSeries ?? 10;
  const maxBars = opts.maxBars ?? 40;
  const width = Math.max(280, Math.floor(opts.width));

  let data = readData(columns, result, choice, opts);
  if (data.length === 0) return { choice, options: null, notes };

  let seriesDomain: string[] | undefined;
  if (choice.series) {
    const ranked = rankBy(data, (d) => d.s);
    if (ranked.length > maxSeries) {
      notes.push(msg('topSeries', { shown: maxSeries, total: ranked.length }));
      const keep = new Set(ranked.slice(0, maxSeries));
      data = data.filter((d) => keep.has(d.s));
      seriesDomain = ranked.slice(0, maxSeries);
    } else {
      seriesDomain = ranked;
    }
  }
  const title = (d: Datum) =>
    `${choice.x ? `${xLabel}: ${d.x}\n` : ''}${choice.series ? `${sLabel}: ${d.s}\n` : ''}${vLabel}: ${full(d.v)}`;
  const base: Plot.PlotOptions = {
    width,
    style: { fontSize: '11px', fontFamily: 'inherit', overflow: 'visible' },
    color: choice.series ? { legend: true, domain: seriesDomain, scheme: 'tableau10' } : undefined,
  };
  const context: PlotContext = {
    choice,
    data,
    notes,
    base,
    width,
    maxBars,
    seriesDomain,
    fmt,
    title,
    xLabel,
    vLabel,
    sLabel,
  };
  if (choice.kind === 'line' || choice.kind === 'area') return linePlot(context);
  if (choice.kind === 'barh') return barhPlot(context);
  return seriesBarsPlot(context);
}
