/**
 * "Show as" % of row / column / grand total. The denominators are totals the SQL returned (the
 * `_grouping` rows), so a share is a ratio of two DuckDB results, never a sum made here. Only
 * shareable measures (counts and sums, `MeasureDef.shareable`) take part; the rest are shown as
 * values. Pure.
 */
import type { OutputColumn } from '../../query/compiled.ts';
import type { ShowAs } from '../../query/spec/spec.ts';
import { rolledUp, type Path } from './pivot-path.ts';

export interface ShareContext {
  rowLevels: number;
  colLevels: number;
  /** The value of a result column at a (row path, column path), if that cell exists. */
  value(row: Path, col: Path, key: string): number | null;
}

/** Whether a value column is turned into a share under `show`. */
export function isShared(
  show: ShowAs,
  col: OutputColumn,
  shareable: (measure: string) => boolean,
): boolean {
  if (show === 'value') return false;
  if (col.role !== 'measure' && col.role !== 'previous') return false;
  return shareable(col.measure ?? col.key);
}

/** The share of one cell, or null when its denominator is missing or zero. */
export function share(
  show: ShowAs,
  ctx: ShareContext,
  row: Path,
  col: Path,
  key: string,
): number | null {
  const v = ctx.value(row, col, key);
  if (v === null) return null;
  const rowTotal = rolledUp(row, 0, ctx.rowLevels);
  const colTotal = rolledUp(col, 0, ctx.colLevels);
  const den =
    show === 'pct_row'
      ? ctx.value(row, colTotal, key)
      : show === 'pct_col'
        ? ctx.value(rowTotal, col, key)
        : ctx.value(rowTotal, colTotal, key);
  return den === null || den === 0 ? null : v / den;
}
