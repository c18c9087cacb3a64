/**
 * What a comparison's growth cells say beyond their number, read from the layout's own values:
 * "new" where a member has something now and nothing before (its growth has no number), and the
 * best and worst growth of a table column. Pure.
 *
 * "New" needs an earlier value somewhere in the column: when nobody has one (a snapshot measure
 * without history, data that starts after the earlier period) there is nothing to be new against
 * and the cell stays "–". The best and worst marks go to the highest and lowest growth that is a
 * number, among the innermost rows (the members `m_growth_rank` ranks against each other); a new
 * member already reads "new", which sorts above them all, and "best" beside it would say nothing
 * more. Ties share a mark; a column with fewer than two different growths has none.
 */
import type { PivotLayout, PivotRow } from './pivot-layout.ts';
import { pathKey } from './pivot-path.ts';

export type GrowthMark = 'new' | 'best' | 'worst';

/** A growth cell's marks in the UI language: the word shown and its longer title. */
export type MarkWords = Record<GrowthMark, { text: string; title: string }>;

/**
 * Something now, nothing before: the same test as the SQL's (query/growth.ts), so the table's
 * "new" and the growth sort agree.
 */
export function fromNothing(value: number | null, previous: number | null): boolean {
  return (previous === null || previous === 0) && value !== null && value > 0;
}

/** Per body row, per leaf: the growth cell's mark, or null. Null for a layout without growth. */
export function growthMarks(
  layout: Pick<PivotLayout, 'leaves' | 'rows'>,
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
    const earlier = rows.some((row) => (row.values[pi] ?? 0) !== 0);
    rows.forEach((row, r) => {
      if (earlier && row.values[i] === null && fromNothing(row.values[vi]!, row.values[pi]!))
        mark(r, 'new');
    });
    // Loops, not spreads: a table may have 100,000 rows.
    let hi = -Infinity;
    let lo = Infinity;
    rows.forEach((row) => {
      const g = row.values[i] ?? null;
      if (g === null || !ranks(row) || !Number.isFinite(g)) return;
      if (g > hi) hi = g;
      if (g < lo) lo = g;
    });
    if (!(hi > lo)) return;
    rows.forEach((row, r) => {
      const g = row.values[i] ?? null;
      if (g === null || !ranks(row)) return;
      if (g === hi) mark(r, 'best');
      else if (g === lo) mark(r, 'worst');
    });
  });
  return out;
}

/** Rows ranked against each other: the innermost members, not totals or "Other". */
const ranks = (row: PivotRow) => row.kind === 'data' && !row.other;
