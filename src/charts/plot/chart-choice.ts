/**
 * Which chart a result gets — the first step of the chart pipeline (registry.ts). An analysis
 * has its own chart; a pivot gets the kind the report asks for where its dimensions allow it,
 * otherwise the auto rules (time → line, one category → bars, two → stacked or grouped bars). Pure.
 */
import type { OutputColumn } from '../../query/compiled.ts';
import type { AnalysisKind, ChartKind } from '../../query/spec/spec.ts';

/** The pivot's own charts. */
export type PivotChart = 'line' | 'area' | 'barh' | 'bar_stacked' | 'bar_grouped' | 'heatmap';
/** The charts of the analyses (the dynamics' transition matrix is a chart of its own). */
export type AnalysisChart = 'funnel' | 'cohort' | 'dynamics' | 'transitions' | 'ltv';
/** Every chart the registry draws, and `none`. */
export type ResolvedChart = PivotChart | 'scatter' | AnalysisChart | 'none';

export interface ChartChoice {
  kind: ResolvedChart;
  /** The category or time axis. */
  x: OutputColumn | null;
  /** The series (colour) dimension. */
  series: OutputColumn | null;
  /** The value plotted. */
  value: OutputColumn | null;
}

const GRAIN_SUFFIX = /:(day|week|month|quarter|year)$/;
const VALUE_ROLES = new Set(['measure', 'previous', 'delta', 'growth', 'rank']);

/** A time dimension: a date grain bucket or a raw date column. */
export function isTimeDimension(col: OutputColumn): boolean {
  return col.role === 'dimension' && (col.format === 'date' || GRAIN_SUFFIX.test(col.key));
}

/** What a report asks to draw: its analysis and, for a pivot, its chart setting. */
export interface ChartRequest {
  analysis: AnalysisKind;
  chart: ChartKind;
}

/** Options of the choice: which value to draw, and whether a measure's parts add up. */
export interface ChoiceOptions {
  valueKey?: string | null;
  additive?: (measureId: string) => boolean;
}

const NO_AXES = { x: null, series: null, value: null } as const;

/** Decides the chart of a report's result (the entry of the pipeline). */
export function chooseChart(
  report: ChartRequest,
  columns: OutputColumn[],
  opts: ChoiceOptions = {},
): ChartChoice {
  if (report.analysis === 'pivot') {
    if (report.chart !== 'scatter') return choosePivotChart(columns, report.chart, opts);
    return { kind: scatterAxes(columns) ? 'scatter' : 'none', ...NO_AXES };
  }
  const kind = report.chart === 'none' ? null : analysisChart(report.analysis, columns);
  return { kind: kind ?? 'none', ...NO_AXES };
}

/** The chart of an analysis result (none for a pivot, or an LTV without segments). */
export function analysisChart(
  analysis: AnalysisKind,
  columns: OutputColumn[],
): AnalysisChart | null {
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

/** A pivot's chart: explicit kinds where the dimensions allow them, otherwise the auto rules. */
export function choosePivotChart(
  columns: OutputColumn[],
  chart: ChartKind,
  opts: ChoiceOptions = {},
): ChartChoice {
  const dims = columns.filter((c) => c.role === 'dimension');
  const values = columns.filter((c) => VALUE_ROLES.has(c.role));
  const value =
    (opts.valueKey ? values.find((c) => c.key === opts.valueKey) : undefined) ??
    values.find((c) => c.role === 'measure') ??
    values[0] ??
    null;
  const none: ChartChoice = { kind: 'none', x: null, series: null, value };
  if (!value || dims.length === 0 || chart === 'none') return none;

  const time = dims.find(isTimeDimension) ?? null;
  const cats = dims.filter((d) => d !== time);
  const additive =
    value.role === 'measure' && value.format !== 'pct' && value.format !== 'days'
      ? (opts.additive?.(value.measure ?? value.key) ?? true)
      : false;

  const first = dims[0]!;
  const second = dims[1] ?? null;
  switch (chart) {
    case 'line':
    case 'area': {
      const x = time ?? first;
      const series = dims.find((d) => d !== x) ?? null;
      return { kind: chart, x, series, value };
    }
    case 'bar':
      return { kind: 'barh', x: cats[0] ?? first, series: null, value };
    case 'bar_stacked':
    case 'bar_grouped':
    case 'heatmap':
      return second
        ? { kind: chart, x: first, series: second, value }
        : { kind: 'barh', x: first, series: null, value };
    default:
      break;
  }
  // auto
  if (time) return { kind: 'line', x: time, series: cats[0] ?? null, value };
  if (!second) return { kind: 'barh', x: first, series: null, value };
  return { kind: additive ? 'bar_stacked' : 'bar_grouped', x: first, series: second, value };
}
