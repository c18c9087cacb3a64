/**
 * Bar charts of a pivot result: horizontal bars of one dimension; with two, stacked or grouped
 * bars (series as colour) or a heatmap: drawers of pivotBuilder (plot-data.ts). Pure.
 */
import * as Plot from '@observablehq/plot';
import {
  freshFirst,
  grainOf,
  inAxisOrder,
  keepCategories,
  rankBy,
  rankByNow,
  type Datum,
  type PlotContext,
} from './plot-data.ts';
import { tierValue } from '../pivot/growth-marks.ts';
import {
  labelMargin,
  rampLegend,
  textWidth,
  tickDepth,
  truncate,
  valueTicks,
  xTitleMargin,
} from './plot-margins.ts';

/**
 * The value scale when every bar is 0: Plot stretched the empty domain [0, 0] over the whole
 * width, full-length bars of 0 (won deals among lost ones, Olist's lost deals per sales rep).
 * From 0 to 1 with its one tick at 0, the bars are lines at 0, as their labels say.
 */
function zeroOnly(bars: Datum[]): { domain?: [number, number]; ticks?: number[] } {
  return bars.length > 0 && bars.every((d) => !d.fresh && (d.v ?? 0) === 0)
    ? { domain: [0, 1], ticks: [0] }
    : {};
}

/**
 * One dimension: horizontal bars, largest first (periods in time, stages in pipeline order),
 * labelled with their value.
 */
export function barhPlot(c: PlotContext): Plot.PlotOptions {
  const { data, notes, base, maxBars, fmt, valueText, title, vLabel, tierWords } = c;
  // The largest bars are kept (on a time axis the latest: keepCategories), a growth from nothing
  // or from 0 first (freshFirst); then drawn by signed value, largest first, not by magnitude,
  // the fresh ones on top (tierValue: above every number, new above from 0), or in time, or in
  // the dimension's own order (stages as the pipeline runs).
  const ranked = freshFirst(
    rankBy(data, (d) => d.x),
    data,
  );
  const signed = new Map<string, number>();
  for (const d of data)
    signed.set(d.x, (signed.get(d.x) ?? 0) + (d.fresh ? tierValue(d.fresh) : (d.v ?? 0)));
  const { kept, note } = keepCategories(ranked, data, maxBars, grainOf(c.choice.x!.key));
  if (note) notes.push(note);
  const byValue = [...kept].sort((a, b) => {
    const [sa, sb] = [signed.get(a) ?? 0, signed.get(b) ?? 0];
    return sa === sb ? 0 : sb - sa;
  });
  const domain = inAxisOrder(byValue, data, 'x');
  const keep = new Set(domain);
  const bars = data.filter((d) => keep.has(d.x));
  const label = valueText(bars.map((d) => d.v));
  const marginLeft = labelMargin(domain);
  const ticks = valueTicks(
    bars.map((d) => d.v ?? 0),
    fmt,
    c.width - marginLeft - 60,
  );
  return {
    ...base,
    height: Math.max(120, domain.length * 24 + 50),
    marginLeft,
    marginRight: 60,
    x: { grid: true, label: vLabel, tickFormat: fmt, nice: true, ticks, ...zeroOnly(bars) },
    y: { domain, label: null, tickFormat: (s: string) => truncate(s) },
    marks: [
      Plot.barX(bars, { x: 'v', y: 'x', fill: 'var(--accent, #3b6fd8)', title, tip: true }),
      Plot.text(bars, {
        // A growth from nothing or 0 has no bar: its word stands at 0, so the member stays. A
        // negative value's label stands there too, clear of its bar: at the bar's end it was
        // written over the bar and the line at 0 («−31 %» crossed out).
        x: (d: Datum) => (d.fresh || (d.v ?? 0) < 0 ? 0 : d.v),
        y: 'x',
        text: (d: Datum) => (d.fresh ? tierWords[d.fresh] : label(d.v)),
        textAnchor: 'start',
        dx: 4,
        fill: 'currentColor',
      }),
      Plot.ruleX([0]),
    ],
  };
}

/** Two dimensions: categories on y, series as colour (stacked, grouped or a heatmap). */
export function seriesBarsPlot(c: PlotContext): Plot.PlotOptions {
  const { choice, data, notes, base, maxBars, seriesDomain, fmt, title, vLabel, sLabel } = c;
  // A category with a growth from nothing or 0 ranks first, as one bar per category does.
  // Compared, by the period's own value, not its earlier side's.
  const catDomainAll = freshFirst(
    choice.previous ? rankByNow(data) : rankBy(data, (d) => d.x),
    data,
  );
  const { kept, note } = keepCategories(catDomainAll, data, maxBars, grainOf(choice.x!.key));
  if (note) notes.push(note);
  const catDomain = inAxisOrder(kept, data, 'x');
  const keep = new Set(catDomain);
  const bars = data.filter((d) => keep.has(d.x));
  const marginLeft = labelMargin(catDomain);
  // A stack reaches each category's sum; its labels are as wide as the sums'.
  const sums = new Map<string, number>();
  for (const d of bars) sums.set(d.x, (sums.get(d.x) ?? 0) + (d.v ?? 0));
  const ticks = valueTicks(
    [...bars.map((d) => d.v ?? 0), ...sums.values()],
    fmt,
    c.width - marginLeft - 20,
  );

  if (choice.kind === 'heatmap') {
    const sDomain = seriesDomain ?? [];
    const rotate = sDomain.length > 8;
    // Values are written in the cells only where they fit, their width estimated glyph by glyph
    // (Cyrillic runs wider than Latin), in the first form and size every cell's label fits
    // (CELL_FORMS): narrow cells would draw their labels over each other; the tooltip still
    // tells each value.
    const cellWidth = (c.width - marginLeft - 20) / Math.max(1, sDomain.length);
    const label = c.cellText(
      bars.map((d) => d.v),
      (text, size) => cellFits(text, size, cellWidth),
    );
    const tickText = sDomain.map((s) => truncate(s, 16));
    const values = bars.flatMap((d) => (d.v === null ? [] : [d.v]));
    return {
      ...base,
      color: {
        type: 'linear',
        scheme: 'blues',
        label: vLabel,
        ...rampLegend(fmt, values),
      },
      height: Math.max(120, catDomain.length * 26 + 70),
      marginLeft,
      marginRight: 20,
      marginBottom: Math.max(50, xTitleMargin(tickDepth(tickText, rotate ? 30 : 0))),
      x: {
        domain: sDomain,
        label: sLabel,
        tickRotate: rotate ? -30 : 0,
        tickFormat: (s: string) => truncate(s, 16),
      },
      y: { domain: catDomain, label: null, tickFormat: (s: string) => truncate(s) },
      marks: [
        Plot.cell(bars, { x: 's', y: 'x', fill: 'v', inset: 0.5, title, tip: true }),
        // One mark per ink: a colour given as a channel would be read through the blues' scale.
        ...(label
          ? (['black', 'white'] as const).map((ink) =>
              Plot.text(
                bars.filter((d) => inkOn(d.v, values) === ink),
                {
                  x: 's',
                  y: 'x',
                  text: (d: Datum) => label.text(d.v),
                  fill: ink,
                  fontSize: label.size,
                },
              ),
            )
          : []),
      ],
    };
  }

  if (choice.kind === 'bar_grouped') {
    const nSeries = seriesDomain?.length ?? 1;
    return {
      ...base,
      height: Math.max(140, catDomain.length * (nSeries * 9 + 10) + 60),
      marginLeft,
      marginRight: 20,
      x: { grid: true, label: vLabel, tickFormat: fmt, nice: true, ticks, ...zeroOnly(bars) },
      y: { axis: null, domain: seriesDomain },
      fy: {
        domain: catDomain,
        label: null,
        tickFormat: (s: string) => truncate(s),
        padding: 0.15,
      },
      marks: [
        Plot.barX(bars, { x: 'v', y: 's', fy: 'x', fill: 's', title, tip: true }),
        // A growth from nothing or 0 has no bar: its word stands at 0 in its series' place, so
        // the member does not vanish (the grouped chart drew nothing for it).
        Plot.text(
          bars.filter((d) => d.fresh),
          {
            x: () => 0,
            y: 's',
            fy: 'x',
            text: (d: Datum) => c.tierWords[d.fresh!],
            textAnchor: 'start',
            dx: 4,
            fill: 's',
            title,
          },
        ),
        Plot.ruleX([0]),
      ],
    };
  }

  return {
    ...base,
    height: Math.max(140, catDomain.length * 24 + 60),
    marginLeft,
    marginRight: 20,
    x: { grid: true, label: vLabel, tickFormat: fmt, nice: true, ticks, ...zeroOnly(bars) },
    y: { domain: catDomain, label: null, tickFormat: (s: string) => truncate(s) },
    marks: [
      // Segments in the legend's order, so each colour sits in the same place on every bar.
      Plot.barX(bars, { x: 'v', y: 'x', fill: 's', order: seriesDomain, title, tip: true }),
      Plot.ruleX([0]),
    ],
  };
}

/**
 * Whether a label at `size` px fits a heatmap cell `width` px wide, 2 px clear of each side:
 * wider, it would run into its neighbours' labels.
 */
export function cellFits(text: string, size: number, width: number): boolean {
  return textWidth(text, size) + 4 <= width;
}

/**
 * A heatmap label's colour on its cell: white on the darker blues, where black read poorly
 * ("2 756 795 ₽" on navy), else black. The blues pass their middle at about 0.6 of the range.
 */
export function inkOn(v: number | null, values: readonly number[]): string {
  if (v === null || values.length === 0) return 'black';
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return hi > lo && (v - lo) / (hi - lo) > 0.6 ? 'white' : 'black';
}
