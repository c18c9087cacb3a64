/**
 * Plot options for the CRM analyses (funnel, cohorts, relationship dynamics and its transition
 * matrix, LTV segments) and the pivot's scatter: which chart a result gets, and its builder. Each
 * builder is pure and lives in its own module; they are re-exported here.
 */
import type { OutputColumn } from '../../query/compiled.ts';
import { cohortPlot } from './cohort-plot.ts';
import { dynamicsPlot, transitionsPlot } from './dynamics-plot.ts';
import { funnelPlot } from './funnel-plot.ts';
import { ltvPlot } from './ltv-plot.ts';
import type { AnalysisPlot, AnalysisPlotOptions } from './plot-kit.ts';
import type { ResultLike } from '../result.ts';
import { scatterPlot } from './scatter-plot.ts';

export type { AnalysisPlot, AnalysisPlotOptions } from './plot-kit.ts';
export { cohortPlot } from './cohort-plot.ts';
export { STATUS_COLORS, dynamicsPlot, transitionsPlot } from './dynamics-plot.ts';
export { funnelPlot } from './funnel-plot.ts';
export { SEGMENTS, ltvPlot } from './ltv-plot.ts';

export type AnalysisChartKind =
  'funnel' | 'cohort' | 'dynamics' | 'transitions' | 'ltv' | 'scatter';

/** The chart an analysis result gets; `scatter` only for a pivot that asks for it. */
export function analysisChart(
  analysis: 'pivot' | 'funnel' | 'ltv' | 'cohort' | 'dynamics',
  columns: OutputColumn[],
): AnalysisChartKind | null {
  switch (analysis) {
    case 'funnel':
      return 'funnel';
    case 'cohort':
      return 'cohort';
    case 'ltv':
      return columns.some((c) => c.key === 'segment') ? 'ltv' : null;
    case 'dynamics':
      return columns.some((c) => c.key === 'to_status') ? 'transitions' : 'dynamics';
    default:
      return null;
  }
}

const BUILDERS = {
  funnel: funnelPlot,
  cohort: cohortPlot,
  dynamics: dynamicsPlot,
  transitions: transitionsPlot,
  ltv: ltvPlot,
  scatter: scatterPlot,
} as const;

/** Builds the chart of a kind. */
export function buildAnalysisPlot(
  kind: AnalysisChartKind,
  columns: OutputColumn[],
  result: ResultLike,
  o: AnalysisPlotOptions,
): AnalysisPlot {
  return BUILDERS[kind](columns, result, o);
}
