/**
 * The best and worst marks of an analysis's flat table (a compared funnel's step whose conversion
 * rose most and fell most), read from the result's own values by the pivot's rules
 * (growth-marks.ts): among the rows a column ranks together, "best" goes to the highest value that
 * is above 0, "worst" to the lowest below 0; ties share a mark; a group with fewer than two
 * different values has none, and when every value rose none is "worst". A row whose change reads
 * the other way (more lost clients) ranks by its opposite (`OutputColumn.rankReversed`). Pure.
 */
import type { OutputColumn } from '../../query/compiled.ts';
import { toNumber } from '../format.ts';
import type { ResultLike } from '../result.ts';
import { EARLIER } from '../../query/growth.ts';
import { growthTier, type GrowthTier } from './growth-marks.ts';

export type RankMark = 'best' | 'worst';

/** Per ranked column key (`OutputColumn.rankedWithin`), per result row: its mark, or null. */
export function rankMarks(
  columns: OutputColumn[],
  result: ResultLike,
): Map<string, (RankMark | null)[]> {
  const out = new Map<string, (RankMark | null)[]>();
  for (const c of columns) {
    if (!c.rankedWithin) continue;
    const values = result.getChild(c.key);
    const groups = c.rankedWithin.map((k) => result.getChild(k));
    const marks: (RankMark | null)[] = Array.from({ length: result.numRows }, () => null);
    const byGroup = new Map<string, number[]>();
    for (let r = 0; r < result.numRows; r++) {
      const key = JSON.stringify(groups.map((g) => String(g?.get(r) ?? '\u0000')));
      let rows = byGroup.get(key);
      if (!rows) byGroup.set(key, (rows = []));
      rows.push(r);
    }
    const turned = reversedRows(c, result);
    const sign = (r: number) => (turned?.[r] ? -1 : 1);
    const value = (r: number) => {
      const n = toNumber(values?.get(r) ?? null);
      return n !== null && Number.isFinite(n) ? sign(r) * n : null;
    };
    for (const rows of byGroup.values()) {
      let hi = -Infinity;
      let lo = Infinity;
      for (const r of rows) {
        const v = value(r);
        if (v === null) continue;
        if (v > hi) hi = v;
        if (v < lo) lo = v;
      }
      if (!(hi > lo)) continue;
      for (const r of rows) {
        const v = value(r);
        if (v === hi && v > 0) marks[r] = 'best';
        else if (v === lo && v < 0) marks[r] = 'worst';
      }
    }
    out.set(c.key, marks);
  }
  return out;
}

/**
 * Per result row, whether column `c`'s change reads the other way (`OutputColumn.rankReversed`:
 * its row's `key` is one of `values`, e.g. more lost clients; `worseWhenMore`: every row, e.g.
 * the change of lost deals); null when it never does.
 */
export function reversedRows(c: OutputColumn, result: ResultLike): boolean[] | null {
  if (c.worseWhenMore) return Array.from({ length: result.numRows }, () => true);
  const reversed = c.rankReversed;
  if (!reversed) return null;
  const side = result.getChild(reversed.key);
  return Array.from({ length: result.numRows }, (_, r) =>
    reversed.values.includes(String(side?.get(r) ?? '')),
  );
}

/**
 * Per growth column whose result has `<m>_earlier` (a compared LTV's `revenue_growth`), per row:
 * "new" or "from 0" where the growth has no number, by the pivot's test (growth-marks.ts
 * `growthTier`), and as there only when some row had anything before.
 */
export function tierMarks(
  columns: OutputColumn[],
  result: ResultLike,
): Map<string, (GrowthTier | null)[]> {
  const out = new Map<string, (GrowthTier | null)[]>();
  const num = (v: unknown) => {
    const n = toNumber(v ?? null);
    return n !== null && Number.isFinite(n) ? n : null;
  };
  for (const c of columns) {
    const m = c.measure;
    if (c.role !== 'growth' || !m) continue;
    const [growth, value, previous, earlier] = [c.key, m, `${m}_previous`, `${m}${EARLIER}`].map(
      (k) => result.getChild(k),
    );
    if (!growth || !value || !previous || !earlier) continue;
    let any = false;
    for (let r = 0; r < result.numRows && !any; r++) any = num(earlier.get(r)) === 1;
    if (!any) continue;
    const marks: (GrowthTier | null)[] = [];
    for (let r = 0; r < result.numRows; r++) {
      marks.push(
        num(growth.get(r)) === null
          ? growthTier(num(value.get(r)), num(previous.get(r)), num(earlier.get(r)))
          : null,
      );
    }
    out.set(c.key, marks);
  }
  return out;
}
