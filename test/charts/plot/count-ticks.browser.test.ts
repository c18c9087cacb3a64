// A count's value axis is marked in whole numbers: Olist's managers in 2017 had 0 or 1 won deal
// each, and the axis read 0, 0.2, 0.4 … 1 ("0,2 Выиграно") under bars of whole deals. Bars one
// per category and bars per series, as Plot draws them in a real browser.
import { afterEach, describe, expect, it } from 'vitest';
import * as Plot from '@observablehq/plot';
import type { ChartOptions } from '../../../src/charts/plot/chart.ts';
import { buildChart } from '../../../src/charts/plot/registry.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';

const manager: OutputColumn = { key: 'manager', role: 'dimension', axis: 'row', format: 'text' };
const source: OutputColumn = { key: 'source', role: 'dimension', axis: 'column', format: 'text' };
const won: OutputColumn = { key: 'won', role: 'measure', measure: 'won', format: 'int' };
const rate: OutputColumn = { key: 'win_rate', role: 'measure', measure: 'win_rate', format: 'pct' };
const o: ChartOptions = { lang: 'ru', width: 640, empty: '(пусто)', label: (k) => k };

let host: HTMLElement | null = null;
afterEach(() => host?.remove());

/** The value axis's tick labels of the chart drawn. */
function valueTicks(columns: OutputColumn[], rows: Record<string, unknown>[]): string[] {
  const built = buildChart({ analysis: 'pivot', chart: 'auto' }, columns, resultFromRows(rows), o);
  expect(built.options).toBeTruthy();
  host = document.createElement('div');
  document.body.append(host);
  const el = Plot.plot(built.options!);
  host.append(el);
  return [...el.querySelectorAll('[aria-label="x-axis tick label"] text')].map(
    (t) => t.textContent ?? '',
  );
}

const whole = (t: string) => /^−?\d[\d\s\u00a0\u202f]*$/.test(t);

describe('a count’s value axis', () => {
  it('bars of 0 and 1 won deal are marked 0 and 1, not in fifths', () => {
    const rows = ['a', 'b', 'c', 'd'].map((m, i) => ({ manager: m, won: i < 3 ? 1 : 0 }));
    const ticks = valueTicks([manager, won], rows);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks.filter((t) => !whole(t))).toEqual([]);
  });

  it('grouped bars of up to 2 are marked in whole numbers', () => {
    const rows = ['a', 'b'].flatMap((m, i) =>
      ['web', 'ads'].map((s, j) => ({ manager: m, source: s, won: i + j })),
    );
    const ticks = valueTicks([manager, source, won], rows);
    expect(ticks.filter((t) => !whole(t))).toEqual([]);
  });

  it('a rate keeps its fractions', () => {
    const rows = ['a', 'b', 'c'].map((m, i) => ({ manager: m, win_rate: 0.1 * (i + 1) }));
    const ticks = valueTicks([manager, rate], rows);
    expect(ticks.length).toBeGreaterThan(2);
  });
});
