/** Chart margins that fit their labels, estimated from the text (pure; no DOM to measure in). */
import type * as Plot from '@observablehq/plot';

/** A label cut to `n` characters with an ellipsis (axis ticks stay readable). */
export function truncate(s: string, n = 28): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/**
 * Average glyph widths in em of the page's sans-serif (measured in Chromium on Linux): Cyrillic
 * is wider than Latin, so one width a character for all, tuned on English, cut Russian labels.
 */
const EM = {
  /** m, w, ш, ж…: nearly twice a narrow letter; counted as average, "Email campaign" lost its E in print. */
  wideLower: 1.0,
  wideUpper: 1.0,
  cyrUpper: 0.77,
  cyrLower: 0.67,
  latUpper: 0.68,
  latLower: 0.57,
  digit: 0.64,
  narrow: 0.34,
  space: 0.32,
  other: 0.66,
} as const;

function em(ch: string): number {
  if (ch === ' ') return EM.space;
  if (/[iljtfr.,:;|!()'[\]]/.test(ch)) return EM.narrow;
  if (/[0-9]/.test(ch)) return EM.digit;
  if (/[mwшщжюы]/.test(ch)) return EM.wideLower;
  if (/[MWШЩЖЮЫФ]/.test(ch)) return EM.wideUpper;
  if (/[a-z]/.test(ch)) return EM.latLower;
  if (/[A-Z]/.test(ch)) return EM.latUpper;
  if (/[\u0430-\u045f]/.test(ch)) return EM.cyrLower;
  if (/[\u0400-\u042f]/.test(ch)) return EM.cyrUpper;
  return EM.other;
}

/** Estimated width in px of `s` drawn at `size` px. */
export function textWidth(s: string, size = 11): number {
  let w = 0;
  for (const ch of s) w += em(ch);
  return w * size;
}

/** `s` cut (with an ellipsis) to what `px` holds at `size` px: whole when it fits. */
export function fitText(s: string, px: number, size = 11): string {
  if (textWidth(s, size) <= px) return s;
  let n = s.length;
  while (n > 2 && textWidth(truncate(s, n), size) > px) n--;
  return truncate(s, n);
}

/**
 * Left margin that fits the widest category label at 11px, past the ticks: cut to `cut`
 * characters, as the axis draws it (`truncate`); a chart that draws its labels whole passes
 * `Infinity`.
 */
export function labelMargin(labels: Iterable<string>, min = 40, max = 220, cut = 28): number {
  let widest = 0;
  for (const l of labels) widest = Math.max(widest, textWidth(truncate(l, cut)));
  return Math.max(min, Math.min(max, Math.ceil(widest) + 14));
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
  return Math.max(min, Math.ceil(widestValue(values, fmt)) + 16);
}

/**
 * The widest value-axis label, estimated: the formatted extremes and a few in-between values
 * stand in for the ticks Plot will choose.
 */
function widestValue(values: Iterable<number>, fmt: (v: number) => string, size = 11): number {
  let hi = 0;
  let lo = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    hi = Math.max(hi, v);
    lo = Math.min(lo, v);
  }
  const probes = [hi, lo, hi * 1.2, hi * 0.75, hi / 2, hi / 4, lo / 2].map((v) =>
    textWidth(fmt(v), size),
  );
  return Math.max(...probes);
}

/**
 * How many ticks a horizontal value axis `span` px wide asks Plot for, so that its labels stand
 * apart: Plot's default, one per 80 px, wrote Russian money («200 тыс. ₽», 10 px) over each other
 * on a 768 px page. d3 may draw up to about 1.5 times the count asked (its steps are 1, 2, 5).
 */
export function valueTicks(
  values: Iterable<number>,
  fmt: (v: number) => string,
  span: number,
): number {
  const all = [...values];
  const room = (widestValue(all, fmt, 10) + 12) * 1.5;
  const count = Math.max(2, Math.min(Math.floor(span / 80), Math.floor(span / room)));
  // Whole numbers (deals, won, activities) are marked in whole steps: asked for no more ticks
  // than the axis has units, d3's step is 1 or more. Bars of 0 and 1 deal read 0, 0.2 … 1.
  let [low, high] = [0, 0];
  for (const v of all) {
    if (!Number.isInteger(v)) return count;
    [low, high] = [Math.min(low, v), Math.max(high, v)];
  }
  return high > low ? Math.min(count, high - low) : count;
}

/** Plot’s axis text is 10px, its box about 11px high (12 to spare a rounding); a tick is 6px long, then 3px of padding. */
const TEXT_BOX = 12;
const TICK = 9;
/** The least room left between an axis title and the tick labels beside it. */
export const TITLE_GAP = 4;

/** How far past the axis line its tick labels reach, turned by `rotate` degrees. */
export function tickDepth(labels: Iterable<string>, rotate = 0): number {
  if (!rotate) return TEXT_BOX;
  const rad = (Math.abs(rotate) * Math.PI) / 180;
  let widest = 0;
  for (const l of labels) widest = Math.max(widest, textWidth(l, 10));
  return widest * Math.sin(rad) + TEXT_BOX * Math.cos(rad);
}

/**
 * The margin an x axis needs for its tick labels (`depth` deep) and its title past them: Plot
 * writes the title against the margin's outer edge, 3px in, so a default 30px margin put it 1–3px
 * into the last tick label.
 */
export function xTitleMargin(depth = TEXT_BOX): number {
  return Math.ceil(TICK + depth + TITLE_GAP + TEXT_BOX + 3);
}

type Scale = Plot.ScaleOptions;

const titled = (s: Scale | undefined): s is Scale =>
  s !== undefined && s.label !== null && s.axis !== null && s.axis !== false;

const banded = (s: Scale) =>
  s.type === 'band' ||
  s.type === 'point' ||
  (Array.isArray(s.domain) && typeof s.domain[0] === 'string');

/**
 * The chart's margins widened where an axis title would touch the tick labels beside it (every
 * chart goes through here, registry.ts): an x title goes below (or above) its ticks, a value
 * axis' title ("↑ Revenue") above the top tick, a category axis' turned title left of its
 * labels. Rotated x ticks are the builder's to size (`tickDepth`, `xTitleMargin`): only it knows
 * their text.
 */
export function titleRoom(options: Plot.PlotOptions): Plot.PlotOptions {
  const out = { ...options };
  const x = options.x as Scale | undefined;
  const y = options.y as Scale | undefined;
  if (titled(x) && !x.tickRotate) {
    if (x.axis === 'top') out.marginTop = Math.max(out.marginTop ?? 0, xTitleMargin());
    else out.marginBottom = Math.max(out.marginBottom ?? 0, xTitleMargin());
  }
  if (titled(y)) {
    if (banded(y)) {
      // Turned a quarter, the title is a text box wide at the margin's outer edge.
      if (out.marginLeft !== undefined) out.marginLeft += TEXT_BOX + TITLE_GAP;
    } else {
      // Centred on the top tick, its label reaches half a box above the frame.
      const top = 3 + TEXT_BOX + TITLE_GAP + TEXT_BOX / 2;
      out.marginTop = Math.max(out.marginTop ?? 0, Math.ceil(top));
    }
  }
  return out;
}

/** The least width the marks keep between the left and right margins, in px. */
export const PLOT_MIN = 80;

/**
 * Margins that leave the marks room, however narrow the chart: the margins sized for labels (a
 * funnel's Russian step names, 220 px at most, beside 110 px of value labels) are wider than a
 * chart of 280–330 px, and then the x range runs backwards: Plot drew bars of negative width
 * (a console error, nothing visible). Both margins shrink in proportion until the marks have
 * `PLOT_MIN`; the cut labels are the lesser harm.
 */
export function keepPlotArea(options: Plot.PlotOptions): Plot.PlotOptions {
  const width = options.width;
  const left = options.marginLeft;
  const right = options.marginRight;
  if (width === undefined || (left === undefined && right === undefined)) return options;
  const margins = (left ?? 0) + (right ?? 0);
  const room = Math.max(0, width - PLOT_MIN);
  if (margins <= room) return options;
  const scale = room / margins;
  return {
    ...options,
    ...(left === undefined ? {} : { marginLeft: Math.floor(left * scale) }),
    ...(right === undefined ? {} : { marginRight: Math.floor(right * scale) }),
  };
}

/** A ramp legend's ramp width, Plot's default. */
const RAMP = 240;

/**
 * A colour ramp legend with room at its ends: Plot centres each tick label on its tick and puts
 * the ramp's ends at the box's edges, so the first label ('0,0 %' of a retention ramp) hung half
 * outside the legend and the chart's frame cut it. Room for half the widest extreme, at the
 * legend's 10px.
 */
export function rampLegend(
  tickFormat: (v: number) => string,
  extremes: number[],
): {
  legend: true;
  tickFormat: (v: number) => string;
  width: number;
  marginLeft: number;
  marginRight: number;
} {
  const half = Math.ceil(Math.max(0, ...extremes.map((v) => textWidth(tickFormat(v), 10))) / 2) + 2;
  return { legend: true, tickFormat, width: RAMP + 2 * half, marginLeft: half, marginRight: half };
}
