/**
 * The chart pipeline: a report's result → Plot options. `chooseChart` decides what to draw
 * (chart-choice.ts), then the builder registered for that kind lays it out. Every chart — the
 * pivot's and the analyses' — goes through here with the same options and the same result type.
 * Pure: builds mark objects but touches no DOM.
 */
import type { OutputColumn } from '../../query/compiled.ts';
import type { ResultLike } from '../result.ts';
import { chooseChart, type ChartRequest, type ResolvedChart } from './chart-choice.ts';
import { axisTitles, nothing, type Chart, type ChartBuilder, type ChartOptions } from './chart.ts';
import { cohortPlot } from './analyses/cohort-plot.ts';
import { dynamicsPlot, transitionsPlot } from './analyses/dynamics-plot.ts';
import { forecastPlot } from './analyses/forecast-plot.ts';
import { funnelPlot } from './analyses/funnel-plot.ts';
import { ltvPlot } from './analyses/ltv-plot.ts';
import { barhPlot, seriesBarsPlot } from './plot-bars.ts';
import { pivotBuilder } from './plot-data.ts';
import { linePlot } from './plot-line.ts';
import { keepPlotArea, titleRoom } from './plot-margins.ts';
import { scatterPlot } from './analyses/scatter-plot.ts';

/** Chart kind → builder. */
export const CHART_BUILDERS: Record<Exclude<ResolvedChart, 'none'>, ChartBuilder> = {
  line: pivotBuilder(linePlot),
  area: pivotBuilder(linePlot),
  barh: pivotBuilder(barhPlot),
  bar_stacked: pivotBuilder(seriesBarsPlot),
  bar_grouped: pivotBuilder(seriesBarsPlot),
  heatmap: pivotBuilder(seriesBarsPlot),
  scatter: scatterPlot,
  funnel: funnelPlot,
  cohort: cohortPlot,
  dynamics: dynamicsPlot,
  transitions: transitionsPlot,
  ltv: ltvPlot,
  forecast: forecastPlot,
};

/** Builds the chart of a report's result (options null: nothing to draw). */
export function buildChart(
  report: ChartRequest,
  columns: OutputColumn[],
  result: ResultLike,
  o: ChartOptions,
): Chart {
  const choice = chooseChart(report, columns, {
    valueKey: o.valueKey ?? null,
    additive: o.additive,
  });
  if (choice.kind === 'none') return nothing('none', [], choice.reason);
  const chart = CHART_BUILDERS[choice.kind]({ columns, result, choice }, o);
  if (!chart.options) return chart;
  // Every axis is called by what it shows: a builder's names first, else the axis' title.
  const axisNames = { ...axisTitles(chart.options), ...chart.axisNames };
  return {
    ...chart,
    options: keepPlotArea(titleRoom(chart.options)),
    ...(Object.keys(axisNames).length > 0 ? { axisNames } : {}),
  };
}
