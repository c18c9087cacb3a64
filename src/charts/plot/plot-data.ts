/**
 * What the pivot's chart builders share: the options and result types, the data rows read once
 * from the result, and the context buildPlot hands each builder. Pure.
 */
import type * as Plot from '@observablehq/plot';
import type { Lang } from '../../lib/i18n.ts';
import type { OutputColumn } from '../../query/compiled.ts';
import type { ChartChoice } from './chart-choice.ts';
import { dimensionLabel, toNumber, type FormatOptions } from '../format.ts';
import type { ResultLike } from '../result.ts';

export interface PlotSpecOptions {
  lang: Lang;
  /** Container width in px. */
  width: number;
  empty: string;
  /** The rest of a top N ("Other"). */
  other?: string;
  dimensionLabel(col: OutputColumn): string;
  valueLabel(col: OutputColumn): string;
  money?: FormatOptions;
  /** Whether a measure's parts add up (stack) or must be drawn side by side. */
  additive?(measureId: string): boolean;
  /** Which value column to draw; default the first measure. */
  valueKey?: string | null;
  maxBars?: number;
  maxSeries?: number;
}

export interface PlotResult {
  choice: ChartChoice;
  options: Plot.PlotOptions | null;
  /** Things left out (top-N, extra dimensions), as message keys with a count. */
  notes: { key: 'topBars' | 'topSeries' | 'extraDims'; shown: number; total: number }[];
}

/** One data row of a chart: category, series and value. */
export interface Datum {
  x: string;
  s: string;
  v: number | null;
}

/** Data rows only (subtotal rows carry a non-zero `_grouping`). */
export function readData(
  columns: OutputColumn[],
  result: ResultLike,
  choice: ChartChoice,
  opts: PlotSpecOptions,
): Datum[] {
  const grouping = columns.some((c) => c.role === 'grouping') ? result.getChild('_grouping') : null;
  const xs = choice.x ? result.getChild(choice.x.key) : null;
  const ss = choice.series ? result.getChild(choice.series.key) : null;
  const vs = choice.value ? result.getChild(choice.value.key) : null;
  // Top N with Other: the first dimension's "Other" member reads NULL, told apart by `_other`.
  const others = columns.some((c) => c.role === 'other') ? result.getChild('_other') : null;
  const first = columns.find((c) => c.role === 'dimension');
  const label = (col: OutputColumn, v: unknown, i: number) =>
    col === first && others?.get(i) === true
      ? (opts.other ?? 'Other')
      : dimensionLabel(v ?? null, col.format, opts.lang, opts.empty);
  const out: Datum[] = [];
  for (let i = 0; i < result.numRows; i++) {
    if (grouping && (toNumber(grouping.get(i)) ?? 0) !== 0) continue;
    out.push({
      x: choice.x ? label(choice.x, xs?.get(i), i) : '',
      s: choice.series ? label(choice.series, ss?.get(i), i) : '',
      v: toNumber(vs?.get(i) ?? null),
    });
  }
  return out;
}

/** Keys ranked by the sum of |v|, largest first. */
export function rankBy(data: Datum[], key: (d: Datum) => string): string[] {
  const sums = new Map<string, number>();
  for (const d of data) sums.set(key(d), (sums.get(key(d)) ?? 0) + Math.abs(d.v ?? 0));
  return [...sums.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
}

/** What buildPlot hands a chart builder: the rows, labels and formats, and the shared options. */
export interface PlotContext {
  choice: ChartChoice;
  data: Datum[];
  /** Things left out; a builder adds its own (top bars). */
  notes: PlotResult['notes'];
  /** Width, style and the series colour scale. */
  base: Plot.PlotOptions;
  width: number;
  maxBars: number;
  /** Series in legend order (largest first), when there is a series dimension. */
  seriesDomain: string[] | undefined;
  /** Compact value format (axes, labels). */
  fmt: (v: unknown) => string;
  /** Tooltip text of a row. */
  title: (d: Datum) => string;
  xLabel: string;
  vLabel: string;
  sLabel: string;
}
