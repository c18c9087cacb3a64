/**
 * Conditional shading of pivot cells: a per-column-key colour scale over the data cells (totals
 * are left out so they do not flatten the scale). Measures get a sequential blue, growth and delta
 * a diverging vermillion ↔ bluish green (Okabe–Ito: told apart with any colour vision), always
 * as a light background so the text stays dark and readable. Pure.
 */
import type { PivotLayout } from './pivot.ts';

export interface ShadeScale {
  kind: 'sequential' | 'diverging';
  /** Sequential: the value range; diverging: ±max of |value|. */
  min: number;
  max: number;
  /**
   * Diverging over a change whose rise is the bad news (`OutputColumn.worseWhenMore`: lost deals):
   * its rise takes the vermillion, its fall the green.
   */
  turned?: true;
}

const BLUE = '0 114 178';
const VERMILLION = '213 94 0';
const GREEN = '0 158 115';
/** Strongest background alpha: dark text on it still passes WCAG AA. */
export const MAX_ALPHA = 0.38;

/** One scale per leaf (null = not shaded: ranks, or a column without spread). */
export function shadeScales(layout: PivotLayout): (ShadeScale | null)[] {
  const ranges = new Map<string, { min: number; max: number }>();
  layout.leaves.forEach((leaf, i) => {
    if (leaf.kind !== 'data' || leaf.column.role === 'rank') return;
    let r = ranges.get(leaf.column.key);
    for (const row of layout.rows) {
      // "Other" merges many members: it would flatten everyone else's scale.
      if (row.kind !== 'data' || row.other) continue;
      const v = row.values[i];
      if (v === null || v === undefined) continue;
      r ??= { min: v, max: v };
      if (v < r.min) r.min = v;
      if (v > r.max) r.max = v;
    }
    if (r) ranges.set(leaf.column.key, r);
  });
  return layout.leaves.map((leaf) => {
    const r = ranges.get(leaf.column.key);
    if (!r) return null;
    if (leaf.column.role === 'delta' || leaf.column.role === 'growth') {
      const m = Math.max(Math.abs(r.min), Math.abs(r.max));
      if (!(m > 0)) return null;
      const turned = leaf.column.worseWhenMore ? { turned: true as const } : {};
      return { kind: 'diverging', min: -m, max: m, ...turned };
    }
    return r.max > r.min ? { kind: 'sequential', min: r.min, max: r.max } : null;
  });
}

/** The background of a value under a scale, or null for none. */
export function shadeColor(v: number | null, s: ShadeScale | null): string | null {
  if (v === null || s === null || !Number.isFinite(v)) return null;
  if (s.kind === 'diverging') {
    if (v === 0) return null;
    const t = Math.min(1, Math.abs(v) / s.max);
    return `rgb(${v < 0 !== (s.turned === true) ? VERMILLION : GREEN} / ${alpha(t)})`;
  }
  const t = Math.min(1, Math.max(0, (v - s.min) / (s.max - s.min)));
  return `rgb(${BLUE} / ${alpha(t)})`;
}

function alpha(t: number): string {
  // A floor so the smallest non-zero value is still visibly tinted.
  return (0.04 + t * (MAX_ALPHA - 0.04)).toFixed(3);
}
