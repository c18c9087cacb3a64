// A chart taller than a page's room is drawn shorter for paper, then scaled as a whole only past
// MIN_SQUEEZE: a top-40 bar chart (1,010 px) ran on over two printed pages.
import { describe, expect, it } from 'vitest';
import { fitHeight, MIN_SQUEEZE } from '../../../src/charts/plot/paper-fit.ts';
import type { Chart } from '../../../src/charts/plot/chart.ts';

const chart = (height?: number): Chart => ({
  kind: 'barh',
  options: height === undefined ? { marks: [] } : { height, marks: [] },
  notes: [],
});

describe('fitHeight', () => {
  it('leaves a chart that fits as it is', () => {
    const c = chart(600);
    expect(fitHeight(c, 946)).toEqual({ chart: c, scale: 1 });
    expect(fitHeight(chart(), 946).scale).toBe(1);
  });

  it('draws a taller chart at the room’s height, its type at its size', () => {
    const { chart: fit, scale } = fitHeight(chart(1010), 946);
    expect(fit.options?.height).toBe(946);
    expect(scale).toBe(1);
  });

  it('scales the rest as a whole past MIN_SQUEEZE, to the room exactly', () => {
    const { chart: fit, scale } = fitHeight(chart(2000), 617);
    expect(fit.options?.height).toBe(2000 * MIN_SQUEEZE);
    expect(scale).toBeCloseTo(617 / 1200);
    expect((fit.options?.height ?? 0) * scale).toBeCloseTo(617);
  });

  it('nothing to draw stays nothing', () => {
    const none: Chart = { kind: 'none', options: null, notes: [] };
    expect(fitHeight(none, 100)).toEqual({ chart: none, scale: 1 });
  });
});
