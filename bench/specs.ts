/** The representative reports timed by the benchmark, as specs over the demo dataset. */
import type { DatasetModel } from '../src/crm/model.ts';
import { defaultSpec, type ReportSpec } from '../src/query/spec/spec.ts';

export interface BenchRow {
  where: string;
  deals: number;
  what: string;
  ms: number;
  /** '×' for a ratio of two timings in the same run, ' MiB' for memory; milliseconds otherwise. */
  unit?: '×' | ' MiB';
  /** Why a step failed (its `ms` is NaN). */
  note?: string;
}

const lastYear = (m: DatasetModel) => {
  const y = Number((m.maxDate ?? '2025-12-31').slice(0, 4));
  return { from: `${y}-01-01`, to: `${y}-12-31` };
};

export const BENCH_SPECS: Record<string, (m: DatasetModel) => ReportSpec> = {
  'by source (deals, won, revenue, win rate)': () => ({
    ...defaultSpec(),
    rows: [{ field: 'source' }],
    measures: ['deals', 'won', 'revenue', 'win_rate'],
  }),
  'manager × quarter (revenue, totals)': (m) => ({
    ...defaultSpec(),
    rows: [{ field: 'manager' }],
    columns: [{ field: 'period', grain: 'quarter' }],
    measures: ['revenue'],
    period: lastYear(m),
  }),
  'filtered: region × product category, one source': (m) => ({
    ...defaultSpec(),
    rows: [{ field: 'clients.region' }, { field: 'products.category' }],
    measures: ['won', 'revenue', 'median_won'],
    filters: [{ field: 'status', op: 'in', values: ['won', 'lost'] }],
    period: lastYear(m),
  }),
  'manager vs last year (growth rank)': (m) => ({
    ...defaultSpec(),
    rows: [{ field: 'manager' }],
    measures: ['revenue', 'won', 'win_rate'],
    period: lastYear(m),
    compare: 'year',
    sort: [{ key: 'revenue_growth', dir: 'desc' }],
    totals: false,
  }),
  'funnel (stage history)': (m) => ({ ...defaultSpec(), analysis: 'funnel', period: lastYear(m) }),
  // No period: every deal of the pipeline, so nearly every stage-history row is read.
  'funnel, all time (stage history)': () => ({ ...defaultSpec(), analysis: 'funnel' }),
  'LTV per client with RFM': () => ({ ...defaultSpec(), analysis: 'ltv', measures: ['revenue'] }),
  'cohorts by month': () => ({ ...defaultSpec(), analysis: 'cohort', options: { grain: 'month' } }),
  'relationship dynamics by quarter': () => ({
    ...defaultSpec(),
    analysis: 'dynamics',
    options: { grain: 'quarter' },
  }),
  'activities by manager × type': (m) => ({
    ...defaultSpec(),
    rows: [{ field: 'manager' }],
    columns: [{ field: 'activities.type' }],
    measures: ['activities'],
    period: lastYear(m),
  }),
};

/**
 * The bench specs whose name contains `only`, or one of its comma-separated parts (all of them
 * without it): `--only funnel,source` times the funnels and the pivot they are compared with.
 */
export function benchSpecs(only?: string): [string, (m: DatasetModel) => ReportSpec][] {
  const parts = only?.split(',').filter(Boolean) ?? [];
  return Object.entries(BENCH_SPECS).filter(
    ([name]) => parts.length === 0 || parts.some((o) => name.includes(o)),
  );
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
