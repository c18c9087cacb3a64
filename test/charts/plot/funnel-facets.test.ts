// A split funnel on a dashboard tile draws its first few funnels (`maxFacets`), not eight stacked
// (a 1,600 px tile), and says the report has the rest; the report itself keeps eight.
import { describe, expect, it } from 'vitest';
import type { ChartOptions } from '../../../src/charts/plot/chart.ts';
import { buildChart } from '../../../src/charts/plot/registry.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import { render } from '../../../src/lib/message.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';

const o: ChartOptions = { lang: 'en', width: 600, empty: '(empty)', label: (k) => k };
const cols: OutputColumn[] = [
  { key: 'source', role: 'dimension', axis: 'row', format: 'text' },
  { key: 'stage', role: 'dimension', axis: 'row', format: 'text' },
  { key: 'position', role: 'dimension', axis: 'row', format: 'int' },
  { key: 'reached', role: 'measure', format: 'int' },
];
const SOURCES = ['Web', 'Ads', 'Email', 'Partner', 'Event', 'Cold', 'Referral', 'Phone', 'Chat'];
const STAGES = ['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Contract', 'Won', 'Paid'];
const rows = SOURCES.flatMap((source, s) =>
  STAGES.map((stage, i) => ({ source, stage, position: i + 1, reached: 100 - s - i * 10 })),
);
const funnel = (opts: ChartOptions) =>
  buildChart({ analysis: 'funnel', chart: 'auto' }, cols, resultFromRows(rows), opts);
const domain = (c: ReturnType<typeof funnel>) => (c.options?.fy as { domain: string[] }).domain;

describe('a split funnel’s small multiples', () => {
  it('the report draws eight of nine, stacked', () => {
    const c = funnel(o);
    expect(domain(c)).toEqual(SOURCES.slice(0, 8));
    expect(c.options!.height).toBeGreaterThan(1500);
    expect(c.notes).toEqual([{ code: 'topSeries', params: { shown: 8, total: 9 } }]);
  });

  it('a tile draws two, keeps a tile’s height and says the report has them all (EN, RU)', () => {
    const c = funnel({ ...o, maxFacets: 2 });
    expect(domain(c)).toEqual(['Web', 'Ads']);
    expect(c.options!.height).toBeLessThan(450);
    const bars = (c.options!.marks as unknown as { data: { split: string }[] }[])[0]!.data;
    expect(new Set(bars.map((d) => d.split))).toEqual(new Set(['Web', 'Ads']));
    expect(c.notes.map((n) => render('en', n))).toEqual([
      'Funnels shown: 2 of 9; the report has them all',
    ]);
    expect(c.notes.map((n) => render('ru', n))).toEqual([
      'Показано воронок: 2 из 9; все — в отчёте',
    ]);
  });
});
