/**
 * The value sets of key columns as the sample scan and the key-set passes gathered them, and the
 * two questions the plan asks of them: how much one set overlaps another, how unique a column is.
 * Apart from relations.ts so that lookup-targets.ts can read them without importing it back.
 */
import type { Scanned } from './detect.ts';

/** Below this share of matching values, a same-named column is still a join; an unrelated name is not. */
export const MIN_OVERLAP = 0.3;

const norm = (v: string) => v.trim().toLowerCase();

export function colOf(t: Scanned, role: string): number {
  return t.proposal.columns.findIndex((c) => c.role === role);
}

/**
 * Normalised sets, once per gathered set: the plan asks for the main ids once per table it
 * places, and 200,000 values cost ≈ 0.1 s each time. Keyed by the stats' own set, which
 * `resetKeys` replaces, and by its size, which grows while a pass gathers it.
 */
const normalised = new WeakMap<Set<string>, { size: number; set: Set<string> }>();

export function values(t: Scanned, col: number): Set<string> {
  const distinct = t.stats[col]?.distinct;
  if (!distinct) return new Set();
  const hit = normalised.get(distinct);
  if (hit && hit.size === distinct.size) return hit.set;
  const out = new Set<string>();
  for (const v of distinct) out.add(norm(v));
  normalised.set(distinct, { size: distinct.size, set: out });
  return out;
}

/** Share of `from` values found in `to`. */
export function overlap(from: Set<string>, to: Set<string>): number {
  if (from.size === 0) return 0;
  let hit = 0;
  for (const v of from) if (to.has(v)) hit++;
  return hit / from.size;
}

export function uniqueness(t: Scanned, col: number): number {
  const st = t.stats[col];
  return !st || st.seen === 0 ? 0 : st.distinct.size / st.seen;
}
