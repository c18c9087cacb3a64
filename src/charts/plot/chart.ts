/**
 * The one chart pipeline's types: every chart — the pivot's bars, lines and heatmap, its scatter,
 * and the analyses' funnel, cohorts, dynamics and LTV — is built from a result by a builder of
 * the registry (registry.ts) with the same options, and returns the same shape. Pure.
 */
import { msg, type Message } from '../../lib/message.ts';
import type * as Plot from '@observablehq/plot';
import type { Lang } from '../../lib/i18n.ts';
import type { OutputColumn } from '../../query/compiled.ts';
import type { FormatOptions } from '../format.ts';
import type { ResultLike } from '../result.ts';
import type { ChartChoice } from './chart-choice.ts';

export interface ChartOptions {
  lang: Lang;
  /** Width in px the chart may take. */
  width: number;
  /** The label of an empty (NULL) category. */
  empty: string;
  /** The rest of a top N ("Other"). */
  other?: string;
  /** Axis, legend and tooltip label of a result column, by key (a value with its currency). */
  label(key: string): string;
  /**
   * Under a comparison, the legend and tooltip name of a period's series by its value or previous
   * column's key ("Q3 2024"); default its column label ("Revenue, previous").
   */
  periodLabel?(key: string): string;
  /** Display text of a category value (a status, a segment); default the value itself. */
  category?(key: string, value: string): string;
  money?: FormatOptions;
  /** Whether a measure's parts add up (stack) or must be drawn side by side. */
  additive?(measureId: string): boolean;
  /** The word of a growth from nothing ("new"), drawn at 0 where its bar would be. */
  growthNew?: string;
  /** The word of a growth from exactly 0 ("from 0"), drawn the same way. */
  growthFromZero?: string;
  /** Which value column a pivot chart draws; default the first measure. */
  valueKey?: string | null;
  maxBars?: number;
  maxSeries?: number;
  /**
   * Small multiples drawn at most (a split funnel's funnels, stacked); default 8. A dashboard
   * tile draws fewer: eight stacked funnels made a tile's chart 1,600 px tall.
   */
  maxFacets?: number;
}

/**
 * Something left out of a chart (top N, the latest periods, extra dimensions): a message
 * `topBars`, `lastPeriods_<grain>`, `topSeries`, `topFunnels`, `otherSeries`,
 * `lastPeriodsOther_<grain>` or `extraDims` with the counts `shown` and `total`.
 */
export type ChartNote = Message;

/** A built chart: the Plot options (null: nothing to draw) and what was left out. */
/** Plot's axes, as it names them in the SVG ("fy-axis tick label"). */
export type AxisLetter = 'x' | 'y' | 'fx' | 'fy';

export interface Chart {
  /** What was drawn (`none` when the result gets no chart). */
  kind: ChartChoice['kind'];
  options: Plot.PlotOptions | null;
  notes: ChartNote[];
  /**
   * What a screen reader calls each axis, in the UI language, instead of the letter Plot names
   * it by (X, Y, FY mean nothing to a reader): the field or measure it shows — a split's facets
   * (fy) by the split field's label, a bar chart's categories by their field. `buildChart` adds
   * an axis' title (`axisTitles`) where a builder named none.
   */
  axisNames?: Partial<Record<AxisLetter, string>>;
  /** Why nothing is drawn, when the layout says (options null). */
  reason?: Message;
}

/**
 * The axes a chart titles, by their titles (an axis' `label`): what a screen reader calls them
 * where the builder named them no other way. An axis without a title (categories named by their
 * ticks) or not drawn is left out.
 */
export function axisTitles(options: Plot.PlotOptions): Partial<Record<AxisLetter, string>> {
  const names: Partial<Record<AxisLetter, string>> = {};
  for (const letter of ['x', 'y', 'fx', 'fy'] as const) {
    const axis = options[letter];
    if (axis && axis.axis !== null && typeof axis.label === 'string' && axis.label !== '')
      names[letter] = axis.label;
  }
  return names;
}

/** What a builder reads: the result, its columns, and the chart chosen for it. */
export interface ChartInput {
  columns: OutputColumn[];
  result: ResultLike;
  choice: ChartChoice;
}

/** One entry of the registry: a result → Plot options. */
export type ChartBuilder = (input: ChartInput, o: ChartOptions) => Chart;

/** No chart of a kind (an empty result). */
export const nothing = (
  kind: ChartChoice['kind'],
  notes: ChartNote[] = [],
  reason?: Message,
): Chart => ({ kind, options: null, notes, ...(reason ? { reason } : {}) });

/** Width and type every chart shares. */
export const base = (width: number): Plot.PlotOptions => ({
  width: Math.max(280, Math.floor(width)),
  style: { fontSize: '11px', fontFamily: 'inherit', overflow: 'visible' },
});

export function text(v: unknown, empty: string): string {
  return v === null || v === undefined || v === '' ? empty : String(v);
}

/** Reads result rows as objects of the named keys (charts need a few columns, never all). */
export function rows(result: ResultLike, keys: string[]): Record<string, unknown>[] {
  const cols = keys.map((k) => [k, result.getChild(k)] as const);
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < result.numRows; i++) {
    const r: Record<string, unknown> = {};
    for (const [k, c] of cols) r[k] = c ? (c.get(i) ?? null) : null;
    out.push(r);
  }
  return out;
}

/** The split column of an analysis (its first dimension that is not one of the analysis's own). */
export function splitKey(columns: OutputColumn[], own: string[]): string | null {
  return columns.find((c) => c.role === 'dimension' && !own.includes(c.key))?.key ?? null;
}

/**
 * The note of an analysis's chart drawn over a split (`splitKey`): its bars add up the split's
 * members, the table lists them apart. Dynamics said "the chart uses the first 2 of 3
 * dimensions" (the split is the first, and the one left out); LTV said nothing.
 */
export function splitAddedUp(split: string | null, o: ChartOptions): ChartNote[] {
  return split ? [msg('chartAddsUpSplit', { name: o.label(split) })] : [];
}
