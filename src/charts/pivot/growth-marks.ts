/**
 * What a comparison's growth cells say beyond their number, read from the result's own values:
 * "new" where a member has something now and nothing before, "from 0" where it had rows before
 * but a value of exactly 0 (neither has a growth in per cent), and the best and worst growth of a
 * table column. Pure.
 *
 * "New" needs an earlier value somewhere in the column: when nobody has one (a snapshot measure
 * without history, data that starts after the earlier period) there is nothing to be new against
 * and the cell stays "–". "Best" goes to the highest growth that is a number and above 0, "worst"
 * to the lowest below 0, among the innermost rows (the members `m_growth_rank` ranks against each
 * other): when every member grew, none is "worst", as nothing declined. A member that reads "new"
 * or "from 0" already sorts above them all, and "best" beside it would say nothing more. Ties
 * share a mark; a column with fewer than two different growths has none. For a measure whose rise
 * is the bad news (`OutputColumn.worseWhenMore`: lost deals, a longer cycle) "best" is its
 * largest fall and "worst" its largest rise.
 */
import type { PivotLayout, PivotRow } from './pivot-layout.ts';
import { pathKey } from './pivot-path.ts';

export type GrowthMark = 'new' | 'fromZero' | 'best' | 'worst';

/** A growth without a number: nothing before, or exactly 0 before (query/growth.ts). */
export type GrowthTier = 'new' | 'fromZero';

/** A mark's word in the UI language and its longer title. */
export interface MarkWord {
  text: string;
  title: string;
}

/**
 * A growth cell's marks in the UI language; `turned`: the best and worst of a column whose rise
 * is the bad news, the same words with titles that say a fall is the best.
 */
export type MarkWords = Record<GrowthMark, MarkWord> & {
  turned?: Record<'best' | 'worst', MarkWord>;
};

/** The words of `mark` on a cell of `column`, turned where its rise is the bad news. */
export function markWord(
  words: MarkWords,
  mark: GrowthMark,
  column: { worseWhenMore?: true } | undefined,
): MarkWord {
  if ((mark === 'best' || mark === 'worst') && column?.worseWhenMore && words.turned)
    return words.turned[mark];
  return words[mark];
}

/**
 * The tier of a growth without a number, from the member's value now, its previous value and
 * `<m>_earlier` (1: the earlier period had something, 0: nothing, null: no previous value at
 * all): the same test as the SQL's (query/growth.ts), so the table and the growth sort agree.
 */
export function growthTier(
  value: number | null,
  previous: number | null,
  earlier: number | null,
): GrowthTier | null {
  if (value === null || !(value > 0)) return null;
  if (earlier === 0) return 'new';
  return earlier === 1 && previous === 0 ? 'fromZero' : null;
}

/** Whether a mark stands in place of a number (new, from 0) rather than beside one. */
export const isTier = (m: GrowthMark | null): m is GrowthTier => m === 'new' || m === 'fromZero';

/** Where a growth tier sorts among numbers: above all of them, new above "from 0". */
export const tierValue = (t: GrowthTier): number => (t === 'new' ? Infinity : Number.MAX_VALUE);

/** Reads a result column of the cell under body row `r` and leaf `i`. */
export type CellReader = (r: number, i: number, key: string) => number | null;

/** Per body row, per leaf: the growth cell's mark, or null. Null for a layout without growth. */
export function growthMarks(
  layout: Pick<PivotLayout, 'leaves' | 'rows'>,
  read: CellReader,
): (GrowthMark | null)[][] | null {
  const { leaves, rows } = layout;
  const at = new Map(leaves.map((l, i) => [`${l.column.key}|${pathKey(l.members)}`, i]));
  let out: (GrowthMark | null)[][] | null = null;
  leaves.forEach((leaf, i) => {
    const m = leaf.column.measure;
    if (leaf.column.role !== 'growth' || !m || leaf.share) return;
    const vi = at.get(`${m}|${pathKey(leaf.members)}`);
    const pi = at.get(`${m}_previous|${pathKey(leaf.members)}`);
    if (vi === undefined || pi === undefined) return;
    const mark = (r: number, k: GrowthMark) => {
      out ??= rows.map(() => leaves.map(() => null));
      out[r]![i] = k;
    };
    const earlier = (r: number) => read(r, i, `${m}_earlier`);
    const any = rows.some((_, r) => earlier(r) === 1);
    rows.forEach((row, r) => {
      if (!any || row.values[i] !== null) return;
      const tier = growthTier(row.values[vi]!, row.values[pi]!, earlier(r));
      if (tier) mark(r, tier);
    });
    // Where a rise is the bad news (more lost deals) the marks read the growth turned: its
    // largest fall is the best. `m_growth_rank` keeps ranking the number itself.
    const sign = leaf.column.worseWhenMore ? -1 : 1;
    const news = (row: PivotRow) => {
      const g = row.values[i] ?? null;
      return g === null || !ranks(row) || !Number.isFinite(g) ? null : sign * g;
    };
    // Loops, not spreads: a table may have 100,000 rows.
    let hi = -Infinity;
    let lo = Infinity;
    rows.forEach((row) => {
      const g = news(row);
      if (g === null) return;
      if (g > hi) hi = g;
      if (g < lo) lo = g;
    });
    if (!(hi > lo)) return;
    rows.forEach((row, r) => {
      const g = news(row);
      if (g === null) return;
      if (g === hi && g > 0) mark(r, 'best');
      else if (g === lo && g < 0) mark(r, 'worst');
    });
  });
  return out;
}

/** Rows ranked against each other: the innermost members, not totals or "Other". */
const ranks = (row: PivotRow) => row.kind === 'data' && !row.other;
