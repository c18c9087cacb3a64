/**
 * Point labels that never cover one another: Plot draws a text mark's labels where it is told,
 * so a scatter of two dozen managers clustered around the same win rate wrote names over names.
 * Each label tries a few spots around its dot and is left out (its dot keeps the tooltip) when
 * none is free. Pure: positions in pixels in, placements out; the text width is estimated, as
 * there is no DOM to measure in before Plot attaches the chart.
 */

/** A label's box in pixels: left, top, right, bottom. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Where one label goes: its anchor point and how the text hangs from it. */
export interface Placement {
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  box: Box;
}

export interface PlaceOptions {
  /** Font size of the labels in px. */
  fontSize: number;
  /** Radius of the dots in px: a label covers no dot either. */
  r: number;
  /** The area labels must stay in. */
  bounds: Box;
}

/** Average glyph width as a share of the font size, generous so estimates err on the wide side. */
const GLYPH = 0.62;
/** Gap between a dot and its label. */
const GAP = 3;

export const labelWidth = (text: string, fontSize: number): number =>
  Math.ceil(text.length * fontSize * GLYPH);

const intersects = (a: Box, b: Box): boolean =>
  a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

const inside = (a: Box, b: Box): boolean =>
  a.x0 >= b.x0 && a.x1 <= b.x1 && a.y0 >= b.y0 && a.y1 <= b.y1;

/** The spots tried around a dot at (x, y), best first: above, below, right, left. A corner spot
 * was tried and dropped: a name hanging off a dot's corner read as the next dot's. */
function candidates(x: number, y: number, w: number, h: number, r: number): Placement[] {
  const off = r + GAP;
  const above = y - off - h / 2;
  const below = y + off + h / 2;
  const spot = (cx: number, cy: number, anchor: Placement['anchor']): Placement => {
    const x0 = anchor === 'start' ? cx : anchor === 'end' ? cx - w : cx - w / 2;
    return { x: cx, y: cy, anchor, box: { x0, y0: cy - h / 2, x1: x0 + w, y1: cy + h / 2 } };
  };
  return [
    spot(x, above, 'middle'),
    spot(x, below, 'middle'),
    spot(x + off, y, 'start'),
    spot(x - off, y, 'end'),
  ];
}

/**
 * Places the labels of the points in order (earlier points win a contested spot): for each, the
 * first spot that stays in the bounds and meets no placed label and no dot; null when none does.
 */
export function placeLabels(
  points: readonly { x: number; y: number; text: string }[],
  o: PlaceOptions,
): (Placement | null)[] {
  const h = Math.ceil(o.fontSize * 1.2);
  const dots: Box[] = points.map((p) => ({
    x0: p.x - o.r,
    y0: p.y - o.r,
    x1: p.x + o.r,
    y1: p.y + o.r,
  }));
  const taken: Box[] = [];
  return points.map((p) => {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y) || p.text === '') return null;
    const w = labelWidth(p.text, o.fontSize);
    const spot = candidates(p.x, p.y, w, h, o.r).find(
      (c) =>
        inside(c.box, o.bounds) &&
        !taken.some((t) => intersects(c.box, t)) &&
        !dots.some((d) => intersects(c.box, d)),
    );
    if (!spot) return null;
    taken.push(spot.box);
    return spot;
  });
}
