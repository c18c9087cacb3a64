/**
 * Result → Observable Plot options. Pure: builds mark objects but touches no DOM, so it runs in
 * Node tests. `chooseChart` decides what to draw; `buildPlot` draws it.
 */
import * as Plot from '@observablehq/plot';
import type { Lang } from '../query/catalog.ts';
import type { OutputColumn } from '../query/compiled.ts';
import type { ChartKind } from '../query/spec.ts';
import { dimensionLabel, formatter, toNumber, type FormatOptions } from './format.ts';
import type { ResultLike } from './result.ts';

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

interface Datum {
  x: string;
  s: string;
  v: number | null;
}

/** Data rows only (subtotal rows carry a non-zero `_grouping`). */
function readData(
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
function rankBy(data: Datum[], key: (d: Datum) => string): string[] {
  const sums = new Map<string, number>();
  for (const d of data) sums.set(key(d), (sums.get(key(d)) ?? 0) + Math.abs(d.v ?? 0));
  return [...sums.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
}

function truncate(s: string, n = 28): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Left margin that fits the longest (truncated) category label at ~11px. */
export function labelMargin(labels: Iterable<string>, min = 40, max = 220): number {
  let longest = 0;
  for (const l of labels) longest = Math.max(longest, truncate(l).length);
  return Math.max(min, Math.min(max, Math.ceil(longest * 6.4) + 14));
}

/**
 * Left margin that fits the value axis' tick labels (long in Russian: "1,5 млн ₽"): the formatted
 * extremes and a few in-between values stand in for the ticks Plot will choose.
 */
export function valueMargin(
  values: Iterable<number>,
  fmt: (v: number) => string,
  min = 44,
): number {
  let hi = 0;
  let lo = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    hi = Math.max(hi, v);
    lo = Math.min(lo, v);
  }
  const probes = [hi, lo, hi * 1.2, hi * 0.75, hi / 2, hi / 4, lo / 2].map((v) => fmt(v).length);
  return Math.max(min, Math.ceil(Math.max(...probes) * 6.6) + 16);
}

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
  if (dimCount > 2) notes.push({ key: 'extraDims', shown: 2, total: dimCount });

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
      notes.push({ key: 'topSeries', shown: maxSeries, total: ranked.length });
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

  if (choice.kind === 'line' || choice.kind === 'area') {
    const domain = [...new Set(data.map((d) => d.x))].sort((a, b) =>
      a.localeCompare(b, undefined, { numeric: true }),
    );
    const maxTicks = Math.max(2, Math.floor((width - 60) / 64));
    const step = Math.ceil(domain.length / maxTicks);
    const ticks = domain.filter((_, i) => i % step === 0);
    // Lines join points in data order, and the result is sorted by value: order by x.
    const rank = new Map(domain.map((x, i) => [x, i]));
    const lineData = data
      .map((d) => ({ ...d, v: d.v ?? NaN }))
      .sort((a, b) => (rank.get(a.x) ?? 0) - (rank.get(b.x) ?? 0));
    const series = choice.series ? { stroke: 's', z: 's' } : { stroke: 'var(--accent, #3b6fd8)' };
    const marks: Plot.Markish[] = [Plot.ruleY([0], { stroke: '#ccc' })];
    if (choice.kind === 'area') {
      marks.push(
        Plot.areaY(lineData, {
          x: 'x',
          y: 'v',
          fill: choice.series ? 's' : 'var(--accent, #3b6fd8)',
          fillOpacity: choice.series ? 0.8 : 0.3,
          ...(choice.series ? { z: 's' } : {}),
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
      choice,
      notes,
      options: {
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
      },
    };
  }

  if (choice.kind === 'barh') {
    let domain = rankBy(data, (d) => d.x);
    // Sort by signed value (largest first), not by magnitude.
    const sums = new Map<string, number>();
    for (const d of data) sums.set(d.x, (sums.get(d.x) ?? 0) + (d.v ?? 0));
    domain = domain.slice(0, maxBars).sort((a, b) => (sums.get(b) ?? 0) - (sums.get(a) ?? 0));
    if (sums.size > maxBars) notes.push({ key: 'topBars', shown: maxBars, total: sums.size });
    const keep = new Set(domain);
    const bars = data.filter((d) => keep.has(d.x));
    return {
      choice,
      notes,
      options: {
        ...base,
        height: Math.max(120, domain.length * 24 + 50),
        marginLeft: labelMargin(domain),
        marginRight: 60,
        x: { grid: true, label: vLabel, tickFormat: fmt, nice: true },
        y: { domain, label: null, tickFormat: (s: string) => truncate(s) },
        marks: [
          Plot.barX(bars, { x: 'v', y: 'x', fill: 'var(--accent, #3b6fd8)', title, tip: true }),
          Plot.text(bars, {
            x: 'v',
            y: 'x',
            text: (d: Datum) => fmt(d.v),
            textAnchor: 'start',
            dx: 4,
            fill: 'currentColor',
          }),
          Plot.ruleX([0]),
        ],
      },
    };
  }

  // Two dimensions: categories on y, series as colour.
  const catDomainAll = rankBy(data, (d) => d.x);
  const catDomain = catDomainAll.slice(0, maxBars);
  if (catDomainAll.length > maxBars)
    notes.push({ key: 'topBars', shown: maxBars, total: catDomainAll.length });
  const keep = new Set(catDomain);
  const bars = data.filter((d) => keep.has(d.x));
  const marginLeft = labelMargin(catDomain);

  if (choice.kind === 'heatmap') {
    const sDomain = seriesDomain ?? [];
    const rotate = sDomain.length > 8;
    // Rotated by 30°, a label reaches down half its length; the axis title goes below that.
    const longest = Math.max(0, ...sDomain.map((s) => truncate(s, 16).length));
    return {
      choice,
      notes,
      options: {
        ...base,
        color: { type: 'linear', scheme: 'blues', legend: true, tickFormat: fmt, label: vLabel },
        height: Math.max(120, catDomain.length * 26 + 70),
        marginLeft,
        marginBottom: rotate ? Math.max(50, Math.ceil(longest * 6.4 * 0.5) + 40) : 50,
        x: {
          domain: sDomain,
          label: sLabel,
          tickRotate: rotate ? -30 : 0,
          tickFormat: (s: string) => truncate(s, 16),
        },
        y: { domain: catDomain, label: null, tickFormat: (s: string) => truncate(s) },
        marks: [
          Plot.cell(bars, { x: 's', y: 'x', fill: 'v', inset: 0.5, title, tip: true }),
          Plot.text(bars, {
            x: 's',
            y: 'x',
            text: (d: Datum) => fmt(d.v),
            fill: 'black',
            fontSize: 10,
          }),
        ],
      },
    };
  }

  if (choice.kind === 'bar_grouped') {
    const nSeries = seriesDomain?.length ?? 1;
    return {
      choice,
      notes,
      options: {
        ...base,
        height: Math.max(140, catDomain.length * (nSeries * 9 + 10) + 60),
        marginLeft,
        marginRight: 20,
        x: { grid: true, label: vLabel, tickFormat: fmt, nice: true },
        y: { axis: null, domain: seriesDomain },
        fy: {
          domain: catDomain,
          label: null,
          tickFormat: (s: string) => truncate(s),
          padding: 0.15,
        },
        marks: [
          Plot.barX(bars, { x: 'v', y: 's', fy: 'x', fill: 's', title, tip: true }),
          Plot.ruleX([0]),
        ],
      },
    };
  }

  return {
    choice,
    notes,
    options: {
      ...base,
      height: Math.max(140, catDomain.length * 24 + 60),
      marginLeft,
      marginRight: 20,
      x: { grid: true, label: vLabel, tickFormat: fmt, nice: true },
      y: { domain: catDomain, label: null, tickFormat: (s: string) => truncate(s) },
      marks: [
        // Segments in the legend's order, so each colour sits in the same place on every bar.
        Plot.barX(bars, { x: 'v', y: 'x', fill: 's', order: seriesDomain, title, tip: true }),
        Plot.ruleX([0]),
      ],
    },
  };
}
