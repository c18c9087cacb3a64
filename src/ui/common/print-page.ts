import { columnBands } from '../pivot/grid-cut.ts';

/** The printable width of an A4 page with 14 mm margins (`@page` in PrintView), in CSS px. */
export const PORTRAIT = Math.floor(((210 - 28) / 25.4) * 96);
/** The same on a landscape page (`@page wide`). */
export const LANDSCAPE = Math.floor(((297 - 28) / 25.4) * 96);
/** The printable height of an A4 portrait page with the same margins, in CSS px. */
export const PORTRAIT_HEIGHT = Math.floor(((297 - 28) / 25.4) * 96);
/** The printable height of a landscape page. */
export const LANDSCAPE_HEIGHT = PORTRAIT;

/**
 * The height a chart on paper fits in (Chart's `pageRoom`): a page's, less room for its notes
 * under it and a tile's title over it, which print on its page.
 */
export function chartRoom(wide = false): number {
  return (wide ? LANDSCAPE_HEIGHT : PORTRAIT_HEIGHT) - 70;
}

/** How a table is printed: the page it turns to, its bands of value columns, its scale. */
export interface PrintPlan {
  /** Wider than a portrait page: printed on landscape ones (`@page wide`). */
  wide: boolean;
  /** `[from, to)` grid columns per band, each printed after the label columns. */
  bands: [number, number][];
  /** Below 1 only where a band is still wider than the page (labels and one column group). */
  zoom: number;
}

/**
 * The smallest scale a list (an analysis's table) prints at rather than in bands: each band
 * repeats all its rows, so an LTV list 9 % too wide printed its 1,057 clients twice for type 9 %
 * larger, while a compared funnel's 16 columns at half size could not be read.
 */
export const LIST_MIN_ZOOM = 0.75;

/**
 * How a table prints, from each grid column's right edge as laid out whole at its print type: on
 * a portrait page when it fits one, else on landscape pages, where a table with row labels still
 * too wide is printed in bands of columns, each with the row labels again, cut where `breaks`
 * allow (`columnBands`, as a dashboard tile's). Scaling a cross-tab of 40 months down to the page
 * left type too small to read; so did scaling a compared funnel's 16 columns (its step's name is
 * the label an analysis's list repeats). A table with no row labels at all is scaled down to the
 * page, as before. `minZoom`: the smallest scale kept rather than banding — 1 for a pivot (any
 * overflow bands), `LIST_MIN_ZOOM` for a list.
 */
export function printPlan(
  edges: number[],
  labels: number,
  breaks: number[],
  minZoom = 1,
): PrintPlan {
  const width = edges.at(-1) ?? 0;
  const wide = width > PORTRAIT;
  const page = wide ? LANDSCAPE : PORTRAIT;
  const bands: [number, number][] =
    labels > 0 && width > page && page / width < minZoom
      ? columnBands(edges, labels, page, breaks)
      : [[labels, edges.length]];
  const labelWidth = labels > 0 ? (edges[labels - 1] ?? 0) : 0;
  const left = (c: number) => (c > 0 ? (edges[c - 1] ?? 0) : 0);
  const widest = Math.max(
    0,
    ...bands.map(([from, to]) => labelWidth + (edges[to - 1] ?? 0) - left(from)),
  );
  return { wide, bands, zoom: widest > page ? page / widest : 1 };
}
