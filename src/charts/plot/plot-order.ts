/**
 * The order of a chart's data rows: its row type, time order of date buckets, a dimension's own
 * order (stages in pipeline order), ranking by value.
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
  /** x's place in its dimension's own order (a stage's in its pipeline): it sorts by it. */
  xo?: number;
  /** The same for the series. */
  so?: number;
  /** Under a comparison: the earlier period's side. */
  earlier?: true;
  /** Under a comparison, the side's period name ("Q3 2024"); `s` is it, after the member if split. */
  period?: string;
  /** Under a compared split, the series member ("Web"), and its bucket key when a date. */
  member?: string;
  memberKey?: string;
  /** The member's place in its dimension's own order (a stage's in its pipeline). */
  memberPlace?: number;
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

/**
 * Labels in their dimension's own order where they have a place in it (`place` maps a name to
 * it: stages in pipeline order, as the table lists them), the rest (Other, an empty member)
 * after them as given. A stage axis reads as a funnel whatever the measure: by value, Proposal
 * came before Lead.
 */
export function inOwnOrder(labels: string[], place: Map<string, number>): string[] {
  if (place.size === 0) return labels;
  const placed = labels.filter((l) => place.has(l));
  placed.sort((a, b) => place.get(a)! - place.get(b)!);
  return [...placed, ...labels.filter((l) => !place.has(l))];
}

/** Each category's (x) or series' (s) place in its own order by its name; empty when none. */
export function ownPlaces(data: Datum[], of: 'x' | 's'): Map<string, number> {
  const places = new Map<string, number>();
  for (const d of data) {
    const p = of === 'x' ? d.xo : d.so;
    if (p !== undefined) places.set(d[of], p);
  }
  return places;
}

/**
 * Labels in the order their axis or legend reads when it has one of its own: periods in time,
 * stages in pipeline order; else as given (by value).
 */
export function inAxisOrder(labels: string[], data: Datum[], of: 'x' | 's'): string[] {
  return inOwnOrder(inTime(labels, bucketKeys(data, of)), ownPlaces(data, of));
}

/** Keys ranked by the sum of |v|, largest first. */
export function rankBy(data: Datum[], key: (d: Datum) => string): string[] {
  const sums = new Map<string, number>();
  for (const d of data) sums.set(key(d), (sums.get(key(d)) ?? 0) + Math.abs(d.v ?? 0));
  return [...sums.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
}
