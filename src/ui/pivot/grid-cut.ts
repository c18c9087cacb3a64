import type { ExportGrid } from '../../charts/export/export.ts';
import type { EntryKind } from '../../charts/pivot/pivot-layout.ts';

/** A body row of a grid table: its cells and what it is (a data row, a subtotal, the total). */
export interface BodyRow<C> {
  cells: C[];
  kind: EntryKind;
}

/** A table cut to its first rows: what is shown and the data rows it shows and has. */
export interface CutRows<C> {
  body: BodyRow<C>[];
  /** Data rows shown (subtotals and the total are not rows of the data). */
  shown: number;
  /** Data rows in the whole table. */
  total: number;
}

/**
 * The first `maxRows` data rows of a table in its own order. The count is of data rows, as the
 * note under a cut table says ("50 of 120 rows"): subtotals come on top of them. A subtotal
 * follows its group, so one shown is always its whole group's (the group ended before the cut);
 * a group cut short loses its subtotal with its rows. The grand total row is always kept.
 */
export function cutRows<C>(rows: BodyRow<C>[], maxRows: number): CutRows<C> {
  const total = rows.filter((r) => r.kind === 'data').length;
  if (total <= maxRows) return { body: rows, shown: total, total };
  const body: BodyRow<C>[] = [];
  let shown = 0;
  for (const row of rows) {
    if (row.kind === 'data') {
      if (shown === maxRows) break;
      shown++;
    }
    if (row.kind !== 'total') body.push(row);
  }
  const grand = rows.at(-1);
  if (grand?.kind === 'total') body.push(grand);
  return { body, shown, total };
}

/**
 * The grid's first `n` columns, its header merges clipped to them (a column group cut short keeps
 * its label over the columns left); the grid itself when it has no more.
 */
export function keepColumns(grid: ExportGrid, n: number): ExportGrid {
  const width = Math.max(0, ...grid.cells.map((r) => r.length));
  if (n >= width) return grid;
  return {
    cells: grid.cells.map((r) => r.slice(0, n)),
    headerRows: grid.headerRows,
    merges: grid.merges
      .filter((m) => m.c < n)
      .map((m) => ({ ...m, cols: Math.min(m.cols, n - m.c) })),
  };
}

/**
 * How many leading columns fit `width` px, from each column's right edge as laid out with all of
 * them (wrapped headers at their narrowest): shown alone they take no more room, so they fit. At
 * least the label columns and one value column, which is as far as a table can be narrowed.
 */
export function columnsThatFit(rightEdges: number[], width: number, least: number): number {
  let n = 0;
  while (n < rightEdges.length && (rightEdges[n] ?? Infinity) <= width + 0.5) n++;
  return Math.min(rightEdges.length, Math.max(n, least));
}
