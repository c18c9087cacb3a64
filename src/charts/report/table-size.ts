/**
 * What the status line says of a result's size: the table's rows as the reader counts them, not
 * the query's rows — a cross-tab of managers by quarter returns one row per manager and quarter,
 * and "444 rows" above a table of 12 managers read as the table's length. Pure.
 */
import { msg, type Message } from '../../lib/message.ts';
import { pivotSize, type PivotSize } from '../pivot/pivot-index.ts';
import type { Shown } from './present.ts';

/** The table's size: a pivot's body rows (and cross-tab cells); an analysis's list rows. */
export function tableSize(shown: Shown): PivotSize {
  // An analysis's list shows one row per result row (charts/pivot/flat-table.ts).
  if (shown.spec.analysis !== 'pivot') return { rows: shown.table.numRows, cells: null };
  return pivotSize(shown.columns, shown.table);
}

/** "12 rows", or in a cross-tab "12 rows · 48 cells" / «12 строк · 48 ячеек». */
export function tableSizeText(size: PivotSize): Message {
  return size.cells === null
    ? msg('tableRows', { n: size.rows })
    : msg('tableRowsCells', { n: size.rows, cells: size.cells });
}
