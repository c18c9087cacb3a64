/**
 * Row order of a pivot, hierarchical: siblings are ordered within their parent, a parent by its
 * own subtotal (as DuckDB computed it, never a sum of its children), a leaf by its value. By a
 * dimension key, only that level is reordered. "Other" stays last; missing values go last in
 * either direction. Pure.
 */
import type { SortKey } from '../query/spec.ts';
import { compareMembers, OTHER, rolledUp, type Member, type Path } from './pivot-path.ts';

export interface OrderContext {
  /** Row dimension keys, outermost first. */
  rowKeys: string[];
  /** The value of result column `key` for a row path (rolled-up levels as TOTAL), if any. */
  value(path: Path, key: string): number | null;
}

/** A comparator of sibling members at `level` under `parent`, or null to keep result order. */
export function siblingOrder(
  sort: readonly SortKey[],
  ctx: OrderContext,
): ((parent: Path, level: number) => (a: Member, b: Member) => number) | null {
  const s = sort[0];
  if (!s) return null;
  const sign = s.dir === 'asc' ? 1 : -1;
  const dimLevel = ctx.rowKeys.indexOf(s.key);
  const levels = ctx.rowKeys.length;
  return (parent, level) => (a, b) => {
    if (a === OTHER || b === OTHER) return a === b ? 0 : a === OTHER ? 1 : -1;
    if (dimLevel >= 0) return level === dimLevel ? sign * compareMembers(a, b) : 0;
    const at = (m: Member) => ctx.value(rolledUp([...parent, m], level + 1, levels), s.key);
    const va = at(a);
    const vb = at(b);
    if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
    return sign * (va - vb);
  };
}
