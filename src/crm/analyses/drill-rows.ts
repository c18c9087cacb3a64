/**
 * Whether a number of an analysis has rows behind it, read from its own result row: a link that
 * opens an empty list reads as "there are rows here", and a query per cell would cost a round trip
 * for every number of a table. Each listed value has a count in its row that is exactly the
 * length of its list (test/crm/analyses/drill.test.ts checks it on every cell it drills):
 * a funnel step's deals, a cohort's clients and those active in a period, a client's won deals,
 * the clients of a status. A sum beside such a count (a client's revenue, a cohort period's
 * revenue) has rows exactly when the count has: a client's revenue of 0 may be a won deal of 0,
 * and then `won_deals` reads 1.
 */
import type { ReportSpec } from '../../query/spec/spec.ts';
import { analysisDrillable } from './drill.ts';

/** Per analysis: the count of the rows each listed value column lists (its own for a count). */
const COUNTED_BY: Partial<Record<ReportSpec['analysis'], Record<string, string>>> = {
  funnel: { reached: 'reached', dropped: 'dropped' },
  cohort: {
    cohort_size: 'cohort_size',
    active_clients: 'active_clients',
    revenue: 'active_clients',
  },
  ltv: { revenue: 'won_deals', won_deals: 'won_deals' },
  dynamics: { clients: 'clients' },
};

const PREVIOUS = '_previous';

/**
 * Whether value `key` of an analysis row lists rows: a drillable column, a value, and, where the
 * row counts what the list holds, a count above 0 (the earlier period's count for an earlier
 * value: a lapsed client's revenue now lists nothing, its earlier revenue its earlier deals).
 * `read` gives the row's value of a result key.
 */
export function analysisListsRows(
  spec: ReportSpec,
  key: string,
  read: (key: string) => unknown,
): boolean {
  const value = read(key);
  if (value === null || value === undefined || !analysisDrillable(spec, key)) return false;
  const earlier = key.endsWith(PREVIOUS);
  const base = earlier ? key.slice(0, -PREVIOUS.length) : key;
  const counted = COUNTED_BY[spec.analysis]?.[base];
  if (!counted) return true;
  const n = read(earlier ? `${counted}${PREVIOUS}` : counted);
  // A row without the count (an older result) keeps its link: the list then says what it holds.
  if (n === null || n === undefined) return counted !== base;
  return Number(n) > 0;
}

/**
 * The row's labels that do not narrow the list behind value `key`, so its caption leaves them
 * out: LTV's segment lists every client of the segment (of the split member), not the row's
 * client — the caption read "Segment · Sapphire Service JSC" over the 188 clients of Champions.
 * A funnel step's number says again what its name says (the caption ended in a bare
 * "Lead · 1"), and a cohort's size is the whole cohort, whatever the period of the row
 * ("Cohort size · Jan 2025 · 3" listed the same clients as "… · 0").
 */
export function captionSkips(spec: ReportSpec, key: string): string[] {
  const base = key.endsWith(PREVIOUS) ? key.slice(0, -PREVIOUS.length) : key;
  if (spec.analysis === 'ltv' && base === 'segment') return ['client'];
  if (spec.analysis === 'funnel') return ['position'];
  if (spec.analysis === 'cohort' && base === 'cohort_size') return ['period_index'];
  return [];
}
