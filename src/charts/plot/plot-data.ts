/**
 * What the pivot's chart builders share: the data rows read once from the result (subtotals left
 * out, top series kept), the labels and formats, handed to each drawer as one context. Pure.
 */
import { msg } from '../../lib/message.ts';
import type * as Plot from '@observablehq/plot';
import type { OutputColumn } from '../../query/compiled.ts';
import { GRAINS, type Grain } from '../../query/spec/spec.ts';
import { dimensionLabel, toNumber } from '../format.ts';
import { growthTier, type GrowthTier } from '../pivot/growth-marks.ts';
import type { ResultLike } from '../result.ts';
import type { ChartChoice } from './chart-choice.ts';
import { comparedSides, comparedSplit } from './compared-series.ts';
import { bucketKeys, inAxisOrder, inTime, rankBy, type Datum } from './plot-order.ts';
import { nothing, type ChartBuilder, type ChartNote, type ChartOptions } from './chart.ts';
import { valueFormats, type CellLabel } from './value-formats.ts';

// The rows' order and the compared series live apart; the drawers read them from here.
export { bucketKeys, inAxisOrder, inTime, rankBy, type Datum } from './plot-order.ts';
export { comparedSides, rankByNow } from './compared-series.ts';

/** What a pivot drawer reads: the rows, labels and formats, and the shared options. */
export interface PlotContext {
  choice: ChartChoice;
  data: Datum[];
  /** Things left out; a drawer adds its own (top bars). */
  notes: ChartNote[];
  /** Width, style and the series colour scale. */
  base: Plot.PlotOptions;
  width: number;
  maxBars: number;
  /** Series in legend order (largest first), when there is a series dimension. */
  seriesDomain: string[] | undefined;
  /** Compact value format (axes, heatmap cells). */
  fmt: (v: unknown) => string;
  /**
   * A heatmap cell's label and its font size, given the values drawn and whether a label fits
   * its cell at a size: the first of `CELL_FORMS` (value-formats.ts) every label fits; null where none does.
   */
  cellText: (
    drawn: readonly unknown[],
    fits: (text: string, size: number) => boolean,
  ) => CellLabel | null;
  /**
   * A bar's value label, given the values drawn: compact to three significant digits (12.4K
   * where the axis reads 12K), a rate with the decimals they share.
   */
  valueText: (drawn: Iterable<unknown>) => (v: unknown) => string;
  /** Tooltip text of a row. */
  title: (d: Datum) => string;
  /** The words a growth from nothing and from 0 read instead of a number. */
  tierWords: Record<GrowthTier, string>;
  xLabel: string;
  vLabel: string;
  sLabel: string;
}

/** Data rows only (subtotal rows carry a non-zero `_grouping`). */
export function readData(
  columns: OutputColumn[],
  result: ResultLike,
  choice: ChartChoice,
  opts: Pick<ChartOptions, 'lang' | 'empty' | 'other'> &
    Partial<Pick<ChartOptions, 'label' | 'category' | 'periodLabel'>>,
): Datum[] {
  const grouping = columns.some((c) => c.role === 'grouping') ? result.getChild('_grouping') : null;
  const xs = choice.x ? result.getChild(choice.x.key) : null;
  const ss = choice.series ? result.getChild(choice.series.key) : null;
  const vs = choice.value ? result.getChild(choice.value.key) : null;
  const ps = choice.previous ? result.getChild(choice.previous.key) : null;
  const label_ = (key: string) => opts.periodLabel?.(key) ?? opts.label?.(key) ?? key;
  // Top N with Other: the first dimension's "Other" member reads NULL, told apart by `_other`.
  const others = columns.some((c) => c.role === 'other') ? result.getChild('_other') : null;
  const first = columns.find((c) => c.role === 'dimension');
  // A date bucket is drawn by its name and ordered by its key (query/dimension.ts).
  const xBuckets = choice.x !== null && isGrainKey(choice.x.key);
  const sBuckets = choice.series !== null && isGrainKey(choice.series.key);
  const label = (col: OutputColumn, v: unknown, i: number) =>
    col === first && others?.get(i) === true
      ? (opts.other ?? 'Other')
      : v !== null && v !== undefined && col.format === 'text' && opts.category
        ? opts.category(col.key, dimensionLabel(v, col.format, opts.lang, opts.empty))
        : dimensionLabel(v ?? null, col.format, opts.lang, opts.empty);
  // A stage is drawn by its name and ordered by its place in the pipeline (its column's valueOrder).
  const xPlaces = places(choice.x);
  const sPlaces = places(choice.series);
  const fresh = freshGrowth(columns, result, choice);
  const out: Datum[] = [];
  for (let i = 0; i < result.numRows; i++) {
    if (grouping && (toNumber(grouping.get(i)) ?? 0) !== 0) continue;
    const x = choice.x ? label(choice.x, xs?.get(i), i) : '';
    const raw = xBuckets ? xs?.get(i) : null;
    const xo = placeOf(xPlaces, xs?.get(i));
    const xk = {
      ...(typeof raw === 'string' ? { xk: raw } : {}),
      ...(xo !== undefined ? { xo } : {}),
    };
    if (choice.previous && choice.value) {
      // Under a comparison the two periods are the series, the period's own first (comparedSides);
      // split, each member's two periods ("Web · Q3 2025", "Web · Q3 2024").
      const rs = sBuckets ? ss?.get(i) : null;
      const place = placeOf(sPlaces, ss?.get(i));
      const member = choice.series
        ? {
            member: label(choice.series, ss?.get(i), i),
            ...(typeof rs === 'string' ? { memberKey: rs } : {}),
            ...(place !== undefined ? { memberPlace: place } : {}),
          }
        : null;
      const side = (key: string, v: unknown) => {
        const period = label_(key);
        const s = member ? `${member.member} · ${period}` : period;
        return { x, ...xk, s, period, ...member, v: toNumber(v ?? null) };
      };
      const now: Datum = side(choice.value.key, vs?.get(i));
      const before: Datum = { ...side(choice.previous.key, ps?.get(i)), earlier: true };
      out.push(...comparedSides(now, before));
      continue;
    }
    const v = toNumber(vs?.get(i) ?? null);
    const s = choice.series ? label(choice.series, ss?.get(i), i) : '';
    const rs = sBuckets ? ss?.get(i) : null;
    const so = placeOf(sPlaces, ss?.get(i));
    const keys = {
      ...xk,
      ...(typeof rs === 'string' ? { sk: rs } : {}),
      ...(so !== undefined ? { so } : {}),
    };
    const tier = v === null ? fresh?.(i) : null;
    out.push(tier ? { x, ...keys, s, v, fresh: tier } : { x, ...keys, s, v });
  }
  return out;
}

/** A dimension's values by their place in its own order; null when it has none. */
function places(col: OutputColumn | null): Map<string, number> | null {
  return col?.valueOrder ? new Map(col.valueOrder.map((v, i) => [v, i])) : null;
}

/** A raw value's place in its dimension's own order; undefined when it has none (NULL, Other). */
function placeOf(places: Map<string, number> | null, raw: unknown): number | undefined {
  return typeof raw === 'string' ? places?.get(raw) : undefined;
}

/**
 * The tier of row `i` of a growth chart when its growth has no number, as the table reads it
 * (new, from 0), given an earlier value somewhere in the result. Null for other charts.
 */
function freshGrowth(
  columns: OutputColumn[],
  result: ResultLike,
  choice: ChartChoice,
): ((i: number) => GrowthTier | null) | null {
  const m = choice.value?.role === 'growth' ? choice.value.measure : undefined;
  const has = (k: string) => columns.some((c) => c.key === k);
  if (!m || !has(m) || !has(`${m}_previous`) || !has(`${m}_earlier`)) return null;
  const [now, before, earlier] = [m, `${m}_previous`, `${m}_earlier`].map((k) => {
    const c = result.getChild(k);
    return (i: number) => toNumber(c?.get(i) ?? null);
  }) as [(i: number) => number | null, (i: number) => number | null, (i: number) => number | null];
  let any = false;
  for (let i = 0; i < result.numRows && !any; i++) any = earlier(i) === 1;
  return any ? (i) => growthTier(now(i), before(i), earlier(i)) : null;
}

/** Whether a result column's key is a date dimension at a grain (`created_at:quarter`). */
function isGrainKey(key: string): boolean {
  const i = key.lastIndexOf(':');
  return i > 0 && (GRAINS as readonly string[]).includes(key.slice(i + 1));
}

/**
 * Categories with a growth without a number (new, from 0) first, each part in the order given:
 * they have grown faster than any number says (the table's growth sort puts them first), and by
 * |value| they would rank last and be cut by the top bars.
 */
export function freshFirst(xs: string[], data: Datum[]): string[] {
  const fresh = new Set(data.filter((d) => d.fresh).map((d) => d.x));
  return [...xs.filter((x) => fresh.has(x)), ...xs.filter((x) => !fresh.has(x))];
}

/**
 * The categories a bar chart draws, at most `max`, from `ranked` (the order it would keep them
 * in). Periods (`grain`, with their bucket keys in `data`) keep the most recent, in time order:
 * the largest 24 of 36 months, put back in time, read as a timeline with holes in it. Other
 * members keep the first of `ranked`. The note says what was left out ("Last 24 of 36 months
 * shown"); an empty period, a member without a date, stays after the periods when it fits.
 */
export function keepCategories(
  ranked: string[],
  data: Datum[],
  max: number,
  grain: Grain | null,
): { kept: string[]; note: ChartNote | null } {
  const keys = bucketKeys(data, 'x');
  if (ranked.length <= max) return { kept: ranked, note: null };
  if (!grain || keys.size === 0)
    return {
      kept: ranked.slice(0, max),
      note: msg('topBars', { shown: max, total: ranked.length }),
    };
  const ordered = inTime(ranked, keys);
  const undated = ordered.filter((x) => !keys.has(x));
  const periods = ordered.length - undated.length;
  const room = Math.max(1, max - undated.length);
  const kept = [...ordered.slice(0, periods).slice(-room), ...undated.slice(0, max - room)];
  return {
    kept,
    note: msg(`lastPeriods_${grain}`, { shown: Math.min(room, periods), total: periods }),
  };
}

/** The grain of a date dimension's key (`created_at:month` → month); null for other keys. */
export function grainOf(key: string): Grain | null {
  return isGrainKey(key) ? (key.slice(key.lastIndexOf(':') + 1) as Grain) : null;
}

/**
 * Keeps the largest series (by the sum of |value|); the legend lists them largest first, or
 * periods in time order, or stages in pipeline order. Periods (`grain`) keep the most recent instead, as a time axis of bars
 * does (keepCategories): a heatmap of 36 months kept its 10 largest. Where the parts add up (a
 * stack) the rest is summed into one "Other" series, so every bar still reaches the table's
 * total; elsewhere the rest is left out and a note says so.
 */
export function topSeries(
  data: Datum[],
  max: number,
  notes: ChartNote[],
  other: string | null,
  grain: Grain | null = null,
): { data: Datum[]; seriesDomain: string[] } {
  const ranked = rankBy(data, (d) => d.s);
  const periods = bucketKeys(data, 's');
  // The legend reads periods in time and stages in pipeline order; the rest largest first.
  const legend = (series: string[]) => inAxisOrder(series, data, 's');
  if (ranked.length <= max) return { data, seriesDomain: legend(ranked) };
  // The series kept, given how many may be: the latest periods, else the largest.
  const dated = grain !== null && periods.size > 0;
  const pick = (n: number): string[] => {
    if (!dated) return ranked.filter((s) => s !== other).slice(0, n);
    const inOrder = inTime(ranked, periods).filter((s) => periods.has(s));
    return inOrder.slice(-n);
  };
  const total = dated ? ranked.filter((s) => periods.has(s)).length : ranked.length;
  if (other === null) {
    const kept = pick(max);
    notes.push(
      dated
        ? msg(`lastPeriods_${grain}`, { shown: kept.length, total })
        : msg('topSeries', { shown: max, total }),
    );
    const keep = new Set(kept);
    return {
      data: data.filter((d) => keep.has(d.s)),
      seriesDomain: legend(kept),
    };
  }
  // One slot goes to "Other" (an "Other" the query already made joins it).
  const keep = new Set(pick(max - 1));
  const rest = new Map<string, number>();
  const kept: Datum[] = [];
  for (const d of data) {
    if (keep.has(d.s)) kept.push(d);
    else rest.set(d.x, (rest.get(d.x) ?? 0) + (d.v ?? 0));
  }
  for (const [x, v] of rest) kept.push({ x, s: other, v });
  notes.push(
    dated
      ? msg(`lastPeriodsOther_${grain}`, { shown: keep.size, total })
      : msg('otherSeries', { shown: keep.size, total }),
  );
  return {
    data: kept,
    seriesDomain: [...legend(ranked.filter((s) => keep.has(s))), other],
  };
}

/**
 * A registry entry for a pivot chart: reads the rows and labels once, then `draw` lays out the
 * marks (adding its own notes to the context). No rows: no chart.
 */
export function pivotBuilder(draw: (c: PlotContext) => Plot.PlotOptions): ChartBuilder {
  return ({ columns, result, choice }, o) => {
    const notes: ChartNote[] = [];
    const value = choice.value;
    if (choice.kind === 'none' || !value || !choice.x) return nothing(choice.kind, notes);
    const dimCount = columns.filter((c) => c.role === 'dimension').length;
    if (dimCount > 2) notes.push(msg('extraDims', { shown: 2, total: dimCount }));
    const vLabel = o.label(value.key);
    const xLabel = o.label(choice.x.key);
    const split = choice.series !== null || Boolean(choice.previous);
    const sLabel = choice.series ? o.label(choice.series.key) : '';
    const width = Math.max(280, Math.floor(o.width));

    const all = readData(columns, result, choice, o);
    if (all.length === 0) return nothing(choice.kind, notes, msg('noChart_noRows'));
    const stacked = choice.kind === 'bar_stacked' || choice.kind === 'area';
    const sides = choice.previous
      ? comparedSides(value.key, choice.previous.key).map((k) => o.periodLabel?.(k) ?? o.label(k))
      : [];
    const compared = choice.previous
      ? comparedSplit(all, sides as [string, string], o.maxSeries ?? 10, notes)
      : null;
    const { data, seriesDomain } = compared
      ? compared
      : choice.series
        ? topSeries(
            all,
            o.maxSeries ?? 10,
            notes,
            stacked ? (o.other ?? 'Other') : null,
            grainOf(choice.series.key),
          )
        : { data: all, seriesDomain: undefined };
    const { fmt, cellText, valueText, full } = valueFormats(value, o);
    const tierWords = { new: o.growthNew ?? '', fromZero: o.growthFromZero ?? '' };
    const title = (d: Datum) =>
      d.fresh && tierWords[d.fresh]
        ? `${xLabel}: ${d.x}\n${choice.series ? `${sLabel}: ${d.s}\n` : ''}${vLabel}: ${tierWords[d.fresh]}`
        : choice.previous
          ? `${xLabel}: ${d.x}\n${d.member !== undefined ? `${sLabel}: ${d.member}\n` : ''}${o.periodLabel ? `${vLabel}, ` : ''}${d.period ?? d.s}: ${full(d.v)}`
          : `${choice.x ? `${xLabel}: ${d.x}\n` : ''}${choice.series ? `${sLabel}: ${d.s}\n` : ''}${vLabel}: ${full(d.v)}`;
    const base: Plot.PlotOptions = {
      width,
      style: { fontSize: '11px', fontFamily: 'inherit', overflow: 'visible' },
      // Every chart of several series carries its legend: a colour means nothing without it. The
      // two periods of a comparison are one hue, the earlier lighter (compare-colors.ts).
      color: compared
        ? { legend: true, ...compared.scale }
        : split
          ? { legend: true, domain: seriesDomain, scheme: 'tableau10' }
          : undefined,
    };
    const context: PlotContext = {
      choice,
      data,
      notes,
      base,
      width,
      maxBars: o.maxBars ?? 40,
      seriesDomain,
      fmt,
      cellText,
      valueText,
      title,
      tierWords,
      xLabel,
      vLabel,
      sLabel,
    };
    const options = draw(context);
    // Each axis by what it shows: the categories' field (on y, or facets fy for grouped bars,
    // untitled as their ticks name them), the value's measure, a heatmap's series field on x.
    const time = choice.kind === 'line' || choice.kind === 'area';
    const axisNames = time
      ? { x: xLabel, y: vLabel }
      : choice.kind === 'heatmap'
        ? { x: sLabel, y: xLabel }
        : options.fy
          ? { x: vLabel, fy: xLabel }
          : { x: vLabel, y: xLabel };
    return { kind: choice.kind, options, notes, axisNames };
  };
}
