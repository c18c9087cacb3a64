// Point labels are placed so none covers another label or a dot, inside the plot; a label with no
// free spot is left out rather than written over its neighbours.
import { describe, expect, it } from 'vitest';
import { labelWidth, placeLabels, type Box } from '../../../src/charts/plot/label-place.ts';

const bounds: Box = { x0: 0, y0: 0, x1: 400, y1: 300 };
const o = { fontSize: 10, r: 4, bounds };
const meet = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

describe('placeLabels', () => {
  it('puts a lone label above its dot, centred', () => {
    const [p] = placeLabels([{ x: 200, y: 150, text: 'Ann' }], o);
    expect(p).toMatchObject({ x: 200, anchor: 'middle' });
    // Box height 12 (10px × 1.2), 4px radius + 3px gap: the box ends 7px above the dot's centre.
    expect(p!.box.y1).toBe(143);
    expect(p!.box.x1 - p!.box.x0).toBe(labelWidth('Ann', 10));
  });

  it('moves a label below when the spot above is taken, and sideways after that', () => {
    // Two dots 18px apart at the same x: the second's spot above holds the first dot and label.
    const pts = [
      { x: 200, y: 100, text: 'Alpha' },
      { x: 200, y: 118, text: 'Bravo' },
    ];
    const [a, b] = placeLabels(pts, o);
    expect(a!.anchor).toBe('middle');
    expect(a!.box.y1).toBeLessThanOrEqual(100 - 4);
    expect(b!.box.y0).toBeGreaterThanOrEqual(118 + 4);
  });

  it('keeps labels inside the bounds: a dot at the right edge is labelled to its left or above', () => {
    const [p] = placeLabels([{ x: 398, y: 150, text: 'A long manager name' }], o);
    expect(p).not.toBeNull();
    expect(p!.box.x1).toBeLessThanOrEqual(400);
    expect(p!.box.x0).toBeGreaterThanOrEqual(0);
  });

  it('in a dense cluster no two labels meet and no label covers a dot; the rest are left out', () => {
    const pts = Array.from({ length: 30 }, (_, i) => ({
      x: 150 + (i % 6) * 12,
      y: 140 + Math.floor(i / 6) * 9,
      text: `Manager ${i}`,
    }));
    const placed = placeLabels(pts, o);
    const boxes = placed.filter((p) => p !== null).map((p) => p.box);
    expect(boxes.length).toBeGreaterThan(0);
    expect(boxes.length).toBeLessThan(pts.length);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        expect(meet(boxes[i]!, boxes[j]!), `labels ${i} and ${j}`).toBe(false);
    for (const b of boxes)
      for (const p of pts)
        expect(meet(b, { x0: p.x - 4, y0: p.y - 4, x1: p.x + 4, y1: p.y + 4 })).toBe(false);
  });

  it('leaves out points with no position or no text', () => {
    const placed = placeLabels(
      [
        { x: NaN, y: 10, text: 'x' },
        { x: 50, y: 50, text: '' },
      ],
      o,
    );
    expect(placed).toEqual([null, null]);
  });
});
