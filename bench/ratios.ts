/**
 * The targets of issue #11 are ratios of two timings taken in the same run (same machine, same
 * load): this turns the timed rows into those ratios, per place (`node`, `chromium`) and size.
 */
import type { BenchRow } from './specs.ts';

/** [ratio name, numerator `what`, denominator `what`]. */
const RATIOS: [string, string, string][] = [
  [
    'ratio: funnel, all time ÷ by source',
    'query: funnel, all time (stage history)',
    'query: by source (deals, won, revenue, win rate)',
  ],
  [
    'ratio: funnel (last year) ÷ by source',
    'query: funnel (stage history)',
    'query: by source (deals, won, revenue, win rate)',
  ],
];

export function ratioRows(rows: BenchRow[]): BenchRow[] {
  const out: BenchRow[] = [];
  const places = [...new Set(rows.map((r) => `${r.where}\t${r.deals}`))];
  for (const place of places) {
    const [where, deals] = place.split('\t') as [string, string];
    const ms = (what: string) =>
      rows.find((r) => r.where === where && String(r.deals) === deals && r.what === what)?.ms;
    for (const [name, num, den] of RATIOS) {
      const a = ms(num);
      const b = ms(den);
      if (a !== undefined && b !== undefined && b > 0)
        out.push({ where, deals: Number(deals), what: name, ms: a / b, unit: '×' });
    }
  }
  return out;
}
