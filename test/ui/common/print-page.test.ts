// Which page a printed table turns to, its bands of columns and its scale (PrintBands): a table
// with row labels wider than a landscape page is printed in bands at its own type size; a list
// without labels is scaled down as before.
import { describe, expect, it } from 'vitest';
import {
  LANDSCAPE,
  LIST_MIN_ZOOM,
  PORTRAIT,
  printPlan,
} from '../../../src/ui/common/print-page.ts';

/** Right edges of a 120 px label column and `n` value columns of `w` px. */
const table = (n: number, w: number, labels = 1) =>
  Array.from({ length: labels + n }, (_, c) =>
    c < labels ? 120 * (c + 1) : 120 * labels + w * (c - labels + 1),
  );

describe('printPlan', () => {
  it('a table within a portrait page: portrait, one table, full size', () => {
    expect(printPlan(table(5, 80), 1, [])).toEqual({ wide: false, bands: [[1, 6]], zoom: 1 });
  });

  it('wider than portrait, within landscape: a landscape page, one table', () => {
    const edges = table(10, 80);
    expect(edges.at(-1)).toBeGreaterThan(PORTRAIT);
    expect(printPlan(edges, 1, [])).toEqual({ wide: true, bands: [[1, 11]], zoom: 1 });
  });

  it('wider than landscape: bands that fit the page, every column once, full size', () => {
    const edges = table(40, 80);
    const plan = printPlan(edges, 1, []);
    expect(plan.wide).toBe(true);
    expect(plan.zoom).toBe(1);
    expect(plan.bands.length).toBeGreaterThan(1);
    expect(plan.bands[0]![0]).toBe(1);
    expect(plan.bands.at(-1)![1]).toBe(41);
    for (const [i, [from, to]] of plan.bands.entries()) {
      if (i > 0) expect(from).toBe(plan.bands[i - 1]![1]);
      expect(120 + (to - from) * 80).toBeLessThanOrEqual(LANDSCAPE);
    }
  });

  it('a group that cannot be cut and is wider than the page is scaled down to it', () => {
    // Value columns of 400 px in groups of three (a measure and two comparison columns).
    const edges = table(6, 400);
    const plan = printPlan(edges, 1, [0, 0, 0, 0, 1, 0, 0]);
    expect(plan.bands).toEqual([
      [1, 4],
      [4, 7],
    ]);
    expect(plan.zoom).toBeCloseTo(LANDSCAPE / (120 + 1200));
  });

  it('a list without row labels is one table, scaled down to a landscape page', () => {
    const edges = table(20, 100, 0);
    expect(printPlan(edges, 0, [])).toEqual({
      wide: true,
      bands: [[0, 20]],
      zoom: LANDSCAPE / 2000,
    });
  });

  it('a list with row labels: scaled a little, in bands only where the scale would be small', () => {
    // A step's name and 14 columns of 130 px: 1,940 px, half a landscape page's scale.
    const funnel = table(14, 130);
    const banded = printPlan(funnel, 1, [], LIST_MIN_ZOOM);
    expect(banded.bands.length).toBeGreaterThan(1);
    expect(banded.zoom).toBe(1);
    // 9 % too wide: one table, scaled, rather than every row printed twice.
    const ltv = table(10, 100);
    expect(ltv.at(-1)! / LANDSCAPE).toBeGreaterThan(1);
    expect(ltv.at(-1)! / LANDSCAPE).toBeLessThan(1 / LIST_MIN_ZOOM);
    expect(printPlan(ltv, 1, [], LIST_MIN_ZOOM)).toEqual({
      wide: true,
      bands: [[1, 11]],
      zoom: LANDSCAPE / ltv.at(-1)!,
    });
    // A pivot of the same width bands, as before.
    expect(printPlan(ltv, 1, []).bands.length).toBeGreaterThan(1);
  });
});
