/**
 * Which chart a pivot result gets: explicit kinds where the dimensions allow them, otherwise the
 * auto rules (time → line, one category → bars, two → stacked or grouped bars). Pure.
 */
import type { OutputColumn } from '../../query/compiled.ts';
import type { ChartKind } from '../../query/spec/spec.ts';

export type ResolvedChart =
  'line' | 'area' | 'barh' | 'bar_stacked' | 'bar_grouped' | 'heatmap' | 'none';

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

/** Decides the chart: explicit kinds where the dimensions allow them, otherwise the auto rules. */
export function chooseChart(
  columns: OutputColumn[],
  chart: ChartKind,
  opts: { valueKey?: string | null; additive?: (measureId: string) => boolean } = {},
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
  // auto (and analyses without a chart of their own here)
  if (time) return { kind: 'line', x: time, series: cats[0] ?? null, value };
  if (!second) return { kind: 'barh', x: first, series: null, value };
  return { kind: additive ? 'bar_stacked' : 'bar_grouped', x: first, series: second, value };
}
