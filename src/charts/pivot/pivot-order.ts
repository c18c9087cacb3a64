/**
 * Row order of a pivot, hierarchical: siblings are ordered within their parent, a parent by its
 * own subtotal (as DuckDB computed it, never a sum of its children), a leaf by its value. By a
 * dimension key, only that level is reordered. "Other" stays last; missing values go last in
 * either direction. With column dimensions the values are read in one table column: the one the
 * sort key names, else the row total. Pure.
 */
import type { SortKey } from '../../query/spec/spec.ts';
import {
  compareMembers,
  OTHER,
  pathKey,
  rolledUp,
  TOTAL,
  type Member,
  type Path,
} from './pivot-path.ts';

/** A member as a sort column names it: its text, null for an empty value. */
export function memberText(m: Member): string | null {
  return m === null || m === undefined ? null : String(m);
}

/**
 * How a sort key names a table column: its members up to the first rolled-up level, as text.
 * The grand-total column (and a table without column dimensions) is `[]`.
 */
export function columnName(path: Path): (string | null)[] {
  const i = path.indexOf(TOTAL);
  return (i < 0 ? path : path.slice(0, i)).map(memberText);
}

const sameName = (a: readonly (string | null)[], b: readonly (string | null)[]) =>
  a.length === b.length && a.every((m, i) => m === b[i]);

/**
 * The table column whose values order the rows: the one `sort.column` names when the table has
 * it, else the grand-total column, else the first column. `columns` are the column paths in
 * table order (data columns, subtotals and the total).
 */
export function sortColumnPath(sort: SortKey | undefined, columns: readonly Path[]): Path {
  const named = sort?.column;
  if (named) {
    const hit = columns.find((p) => sameName(columnName(p), named));
    if (hit) return hit;
  }
  return columns.find((p) => p.every((m) => m === TOTAL)) ?? columns[0] ?? [];
}

/**
 * The direction to show on a value column's header: set on exactly the column the rows are
 * ordered by (`key` at `path`), so the arrow never claims an order the table does not have.
 */
export function headerSort(
  sort: SortKey | undefined,
  key: string,
  path: Path,
  sortPath: Path,
): 'asc' | 'desc' | null {
  if (!sort || sort.key !== key) return null;
  return pathKey(path) === pathKey(sortPath) ? sort.dir : null;
}

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
    if (va === vb) return 0; // two new members (Infinity) would subtract to NaN
    if (va === null || vb === null) return va === null ? 1 : -1;
    return sign * (va - vb);
  };
}
