/**
 * A chart on paper fits one page: a chart taller than the page's room (40 bars of a top list,
 * a split funnel's eight funnels) ran on over two pages, its axis on one and its bars on the
 * other. Pure: the page's room is the caller's (ui/common/print-page.ts).
 */
import type { Chart } from './chart.ts';

/**
 * The least share of its own height a chart is drawn at before it is scaled down as a picture:
 * a bar's 24 px keep 14, room for its 10 px label; a heatmap's 18 px rows keep 11. Type stays
 * its size until then.
 */
export const MIN_SQUEEZE = 0.6;

/** A chart fitted to a page: its options, and the scale it is drawn at (1: its own size). */
export interface PaperFit {
  chart: Chart;
  scale: number;
}

/**
 * `chart` made to fit `room` px of height: taller, it is drawn shorter — its bars, rows and
 * facets closer, its labels the same size — down to MIN_SQUEEZE of its height; still taller, it
 * is also scaled down as a whole to `room` (`scale` below 1), the least loss of type size that
 * keeps it on one page.
 */
export function fitHeight(chart: Chart, room: number): PaperFit {
  const height = chart.options?.height;
  if (!chart.options || height === undefined || height <= room) return { chart, scale: 1 };
  const drawn = Math.max(room, Math.ceil(height * MIN_SQUEEZE));
  return {
    chart: { ...chart, options: { ...chart.options, height: drawn } },
    scale: Math.min(1, room / drawn),
  };
}
