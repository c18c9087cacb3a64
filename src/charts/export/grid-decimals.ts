/**
 * The decimals each column of an export grid shares, as the result view's table decides them
 * (format.ts `sharedDecimals`; charts/pivot/flat-table.ts): a dashboard tile, a printout and an
 * XLSX sheet of the LTV list read 193 d as the screen does, not 193.0 d. Pure.
 */
import { sharedDecimals, type ValueFormat } from '../format.ts';
import type { ExportGrid } from './export.ts';

/** Formats whose decimals a column decides from all its values. */
const COLUMN_DECIMALS: ReadonlySet<ValueFormat> = new Set(['days', 'number']);

/** Per column, the decimals of its days and plain numbers, by format. */
export type GridDecimals = Partial<Record<ValueFormat, number>>[];

/** The decimals the body cells of each column share, per format (a number without one: `number`). */
export function gridDecimals(grid: ExportGrid): GridDecimals {
  const values: Map<ValueFormat, number[]>[] = [];
  for (const row of grid.cells.slice(grid.headerRows))
    row.forEach((cell, c) => {
      const fmt = cell.fmt ?? 'number';
      if (typeof cell.v !== 'number' || !COLUMN_DECIMALS.has(fmt)) return;
      const column = (values[c] ??= new Map());
      const list = column.get(fmt);
      if (list) list.push(cell.v);
      else column.set(fmt, [cell.v]);
    });
  return Array.from(values, (column) => {
    const out: Partial<Record<ValueFormat, number>> = {};
    for (const [fmt, vs] of column ?? []) {
      const d = sharedDecimals(fmt, vs);
      if (d !== undefined) out[fmt] = d;
    }
    return out;
  });
}
