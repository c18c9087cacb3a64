/**
 * The colours of a compared chart, one rule for all of them (the pivot's bars and lines, the
 * funnel, dynamics): the period leads in its own colour, the earlier period is the same hue,
 * lighter. A second hue (the pivot drew last year orange) read as a second thing — a series —
 * rather than the same thing earlier; the funnel's lighter tint reads as "the same, before".
 * Pure.
 */

/** The period's colour where a chart has one series (the page's accent). */
export const NOW_COLOR = '#3b6fd8';

/**
 * The colours of a compared split's members, in turn: Plot's "tableau10" scheme, which the
 * uncompared pivot draws its series in, written out because each is mixed into its tint here.
 */
export const SERIES_COLORS = [
  '#4e79a7',
  '#f28e2c',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc949',
  '#af7aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ab',
] as const;

/** How far the earlier side is mixed toward white: light enough to tell, dark enough to see. */
const TINT = 0.57;

/** The earlier period's colour of a series drawn in `hex` (#rrggbb): the same hue, lighter. */
export function earlierTint(hex: string): string {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`earlierTint: not a #rrggbb colour: ${hex}`);
  const n = parseInt(m[1]!, 16);
  const mix = (shift: number) => {
    const c = (n >> shift) & 0xff;
    return Math.round(c + (255 - c) * TINT)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${mix(16)}${mix(8)}${mix(0)}`;
}

/**
 * An ordinal colour scale's domain and range for compared series: each of `series` (name and
 * colour) in its colour, then each one's earlier side (`earlier(name)`) in its tint — the
 * period's entries first in the legend, the earlier ones after them in the same order.
 */
export function comparedScale(
  series: readonly (readonly [name: string, color: string])[],
  earlier: (name: string) => string,
): { domain: string[]; range: string[] } {
  return {
    domain: [...series.map(([s]) => s), ...series.map(([s]) => earlier(s))],
    range: [...series.map(([, c]) => c), ...series.map(([, c]) => earlierTint(c))],
  };
}
