/**
 * Which chart a result gets — the first step of the chart pipeline (registry.ts). An analysis
 * has its own chart; a pivot gets the kind the report asks for where its layout allows it,
 * otherwise the auto rules (time → line, one category → bars, two → stacked or grouped bars).
 * The requested kind (often a preset's) is a starting point, re-checked against the layout on
 * every result: a second dimension turns bars into stacked or grouped bars, a comparison puts the
 * previous period beside the current one, lines only ever run over time, and parts that do not
 * add up are never stacked. Pure.
 */
import { msg, type Message } from '../../lib/message.ts';
import type { OutputColumn } from '../../query/compiled.ts';
import type { AnalysisKind, ChartKind } from '../../query/spec/spec.ts';

/** The pivot's own charts. */
export type PivotChart = 'line' | 'area' | 'barh' | 'bar_stacked' | 'bar_grouped' | 'heatmap';
/** The charts of the analyses (the dynamics' transition matrix is a chart of its own). */
export type AnalysisChart = 'funnel' | 'cohort' | 'dynamics' | 'transitions' | 'ltv' | 'forecast';
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
  /** Under a comparison: the value's previous period, drawn beside it as a second series. */
  previous?: OutputColumn | null;
  /** Why there is no chart (kind `none` where the layout cannot be drawn). */
  reason?: Message;
  /**
   * Why the kind drawn is not the kind asked for (a pivot's explicit kind the layout cannot take
   * as asked): the chart menu says what is drawn and why, instead of the kind asked.
   */
  replaced?: Message;
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
    if (scatterAxes(columns)) return { kind: 'scatter', ...NO_AXES };
    const count = (role: string) => columns.filter((c) => c.role === role).length;
    return {
      kind: 'none',
      ...NO_AXES,
      reason: msg('noChart_scatter', { dims: count('dimension'), measures: count('measure') }),
    };
  }
  const kind = report.chart === 'none' ? null : analysisChart(report.analysis, columns);
  return { kind: kind ?? 'none', ...NO_AXES };
}

/** Which forecast result this is: its slices, a backtest, or neither (the deal list). */
export function forecastShape(keys: string[]): 'slices' | 'backtest' | null {
  if (keys.includes('as_of')) return 'backtest';
  // Slices count revenue, or won deals alone on data without amounts (its revenue columns are
  // left out of what is shown, and the chart went with them).
  if (
    keys.includes('period') &&
    (keys.includes('expected_revenue') || keys.includes('expected_won'))
  )
    return 'slices';
  return null;
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
    case 'forecast':
      // The slices or the backtest; the list of deals is a table only.
      return forecastShape(columns.map((c) => c.key)) ? 'forecast' : null;
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

/** Which drawn kinds are the kind asked for ("Bars" is any bar chart; auto is anything). */
const DRAWN_AS: Partial<Record<ChartKind, readonly ResolvedChart[]>> = {
  bar: ['barh', 'bar_stacked', 'bar_grouped'],
  bar_stacked: ['bar_stacked'],
  bar_grouped: ['bar_grouped'],
  line: ['line'],
  area: ['area'],
  heatmap: ['heatmap'],
};

/** A pivot's chart: explicit kinds where the dimensions allow them, otherwise the auto rules. */
export function choosePivotChart(
  columns: OutputColumn[],
  chart: ChartKind,
  opts: ChoiceOptions = {},
): ChartChoice {
  const choice = pivotChart(columns, chart, opts);
  const asked = DRAWN_AS[chart];
  if (!asked || choice.kind === 'none' || asked.includes(choice.kind)) return choice;
  return { ...choice, replaced: whyReplaced(columns, chart, choice) };
}

/** Why the kind asked for gave way, in the order the choice applies its rules. */
function whyReplaced(columns: OutputColumn[], chart: ChartKind, choice: ChartChoice): Message {
  if (choice.previous) return msg('chartWhy_compare');
  const dims = columns.filter((c) => c.role === 'dimension');
  if ((chart === 'line' || chart === 'area') && !dims.some(isTimeDimension))
    return msg('chartWhy_noTime');
  if (dims.length < 2 && chart !== 'area') return msg('chartWhy_oneDim');
  return msg('chartWhy_notAdditive');
}

function pivotChart(columns: OutputColumn[], chart: ChartKind, opts: ChoiceOptions): ChartChoice {
  const dims = columns.filter((c) => c.role === 'dimension');
  const values = columns.filter((c) => VALUE_ROLES.has(c.role));
  const value =
    (opts.valueKey ? values.find((c) => c.key === opts.valueKey) : undefined) ??
    values.find((c) => c.role === 'measure') ??
    values[0] ??
    null;
  const none: ChartChoice = { kind: 'none', x: null, series: null, value };
  if (chart === 'none') return none;
  if (!value) return { ...none, reason: msg('noChart_noValue') };
  if (dims.length === 0) return { ...none, reason: msg('noChart_noDims') };

  const time = dims.find(isTimeDimension) ?? null;
  const cats = dims.filter((d) => d !== time);
  const additive =
    value.role === 'measure' && value.format !== 'pct' && value.format !== 'days'
      ? (opts.additive?.(value.measure ?? value.key) ?? true)
      : false;

  const first = dims[0]!;
  const second = dims[1] ?? null;
  // A comparison: last period beside this one (grouped bars; two lines over time), each member
  // of a second dimension in its colour, its earlier side lighter. The change itself (Δ, Δ %) is
  // drawn as it is, one bar per category.
  const previous =
    value.role === 'measure'
      ? (columns.find((c) => c.role === 'previous' && c.measure === value.measure) ?? null)
      : null;
  if (previous) {
    return time
      ? { kind: 'line', x: time, series: cats[0] ?? null, value, previous }
      : { kind: 'bar_grouped', x: first, series: second, value, previous };
  }
  // Two dimensions, as bars: stacked where the parts add up, side by side where they do not.
  const twoBars = (asked?: 'bar_stacked' | 'bar_grouped'): ChartChoice => ({
    kind: asked === 'bar_grouped' || !additive ? 'bar_grouped' : 'bar_stacked',
    x: first,
    series: second,
    value,
  });
  switch (chart) {
    case 'line':
    case 'area':
      // A line joins neighbours in order: only time has one. Over categories, bars.
      if (time)
        return {
          kind: chart === 'area' && !additive ? 'line' : chart,
          x: time,
          series: cats[0] ?? null,
          value,
        };
      break;
    case 'bar':
      return second ? twoBars() : { kind: 'barh', x: first, series: null, value };
    case 'bar_stacked':
    case 'bar_grouped':
      return second ? twoBars(chart) : { kind: 'barh', x: first, series: null, value };
    case 'heatmap':
      return second
        ? { kind: 'heatmap', x: first, series: second, value }
        : { kind: 'barh', x: first, series: null, value };
    default:
      break;
  }
  // auto
  if (time) return { kind: 'line', x: time, series: cats[0] ?? null, value };
  if (!second) return { kind: 'barh', x: first, series: null, value };
  return twoBars();
}
