/**
 * The order of a chart's data rows: its row type, time order of date buckets, ranking by value.
 * Pure.
 */
import type { GrowthTier } from '../pivot/growth-marks.ts';

/** One data row of a chart: category, series and value. */
export interface Datum {
  x: string;
  s: string;
  v: number | null;
  /**
   * A growth without a number: from nothing ("new") or from 0, drawn first with its word at 0
   * (growth-marks.ts).
   */
  fresh?: GrowthTier;
  /** x's bucket key ("2025-03") when x is a date bucket's name («март 2025»): it sorts in time. */
  xk?: string;
  /** The same for the series. */
  sk?: string;
  /** Under a comparison: the earlier period's side. */
  earlier?: true;
  /** Under a comparison, the side's period name ("Q3 2024"); `s` is it, after the member if split. */
  period?: string;
  /** Under a compared split, the series member ("Web"), and its bucket key when a date. */
  member?: string;
  memberKey?: string;
}

/**
 * Labels in time order where they name date buckets (`key` maps a name to its bucket key), the
 * rest (Other, an empty member) after them as given; labels of no bucket stay as given. A period
 * axis or legend reads in time whatever the measure: by value Q3 came before Q1.
 */
export function inTime(labels: string[], key: Map<string, string>): string[] {
  if (key.size === 0) return labels;
  const dated = labels.filter((l) => key.has(l));
  dated.sort((a, b) => (key.get(a)! < key.get(b)! ? -1 : key.get(a)! > key.get(b)! ? 1 : 0));
  return [...dated, ...labels.filter((l) => !key.has(l))];
}

/** Each category's (x) or series' (s) bucket key by its name, for inTime; empty when not dates. */
export function bucketKeys(data: Datum[], of: 'x' | 's'): Map<string, string> {
  const keys = new Map<string, string>();
  for (const d of data) {
    const k = of === 'x' ? d.xk : d.sk;
    if (k !== undefined) keys.set(d[of], k);
  }
  return keys;
}

/** Keys ranked by the sum of |v|, largest first. */
export function rankBy(data: Datum[], key: (d: Datum) => string): string[] {
  const sums = new Map<string, number>();
  for (const d of data) sums.set(key(d), (sums.get(key(d)) ?? 0) + Math.abs(d.v ?? 0));
  return [...sums.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
}
