/**
 * A compared pivot too wide for a narrow screen leaves its previous-period columns out: each
 * measure keeps its value, Δ and Δ % (the previous value is the value less Δ, and the exports,
 * print and drill-down keep it). At 768 px the default report compared with the previous period
 * showed the first quarter's revenue and its previous value, and its won deals' Δ % only after a
 * sideways scroll.
 */
import type { MarkWords } from '../../charts/pivot/growth-marks.ts';
import type { PivotLayout } from '../../charts/pivot/pivot.ts';
import { columnWidths, type TextStyle } from './pivot-grid.ts';

/** Whether the table has columns of the previous period to leave out. */
export const hasPrevious = (layout: PivotLayout): boolean =>
  layout.leaves.some((l) => l.column.role === 'previous');

/**
 * `layout` with only the leaves `keep` says yes to: their values, marks and empty cells, the
 * header's cells over them narrowed to the columns left (a cell over none goes). Built from the
 * whole layout, not from the result without the previous values: the growth's "new", "from 0",
 * "best" and "worst" are read beside them (growth-marks.ts).
 */
export function keepLeaves(
  layout: PivotLayout,
  keep: (leaf: PivotLayout['leaves'][number]) => boolean,
): PivotLayout {
  const kept = layout.leaves.map(keep);
  const pick = <T>(row: T[]) => row.filter((_, i) => kept[i]);
  const width = layout.labelColumns + layout.leaves.length;
  const column = (at: number) => at < layout.labelColumns || kept[at - layout.labelColumns];
  // Columns still covered by a cell of an earlier row (rowspan), as in HTML table layout.
  const coveredUntil = Array.from({ length: width }, () => 0);
  const header = layout.header.map((row, r) => {
    const out: PivotLayout['header'][number] = [];
    let at = 0;
    for (const cell of row) {
      while (at < width && coveredUntil[at]! > r) at++;
      let colspan = 0;
      for (let k = at; k < at + cell.colspan && k < width; k++) {
        coveredUntil[k] = r + cell.rowspan;
        if (column(k)) colspan++;
      }
      if (colspan > 0) out.push({ ...cell, colspan });
      at += cell.colspan;
    }
    return out;
  });
  return {
    ...layout,
    header,
    leaves: pick(layout.leaves),
    rows: layout.rows.map((row) => ({ ...row, values: pick(row.values) })),
    ...(layout.marks ? { marks: layout.marks.map(pick) } : {}),
    ...(layout.noRows ? { noRows: layout.noRows.map(pick) } : {}),
  };
}

/** Whether a leaf is a previous period's column. */
export const isPrevious = (leaf: PivotLayout['leaves'][number]): boolean =>
  leaf.column.role === 'previous';

/**
 * The width of what the table shows before any sideways scroll is needed to read one column
 * member whole: the row labels and the first member's columns (every column when none).
 */
export function firstScreenWidth(layout: PivotLayout, widths: number[]): number {
  const first = layout.leaves[0]?.members[0];
  let sum = 0;
  for (let i = 0; i < layout.labelColumns; i++) sum += widths[i] ?? 0;
  layout.leaves.forEach((leaf, i) => {
    if (first === undefined || leaf.members[0] === first)
      sum += widths[layout.labelColumns + i] ?? 0;
  });
  return sum;
}

/**
 * The widest box a compared table is compacted in: a narrow screen's. The shell folds its field
 * list at 900 px, giving the report the window's width less its margins; a wider box (1,014 px at
 * 1280) scrolls a little rather than drop columns a desktop user reads.
 */
export const NARROW_BOX = 900;

/**
 * Whether a compared table leaves its previous-period columns out in a box `room` px wide: on a
 * narrow screen, when its row labels and its first column member's columns do not fit it.
 */
export function leavesOutPrevious(
  layout: PivotLayout,
  formats: ((v: number | null) => string)[],
  measure: (text: string, style: TextStyle) => number,
  room: number,
  words?: MarkWords,
): boolean {
  if (!hasPrevious(layout) || !(room > 0) || room > NARROW_BOX) return false;
  const widths = columnWidths(layout, formats, measure, room, words);
  return firstScreenWidth(layout, widths) > room;
}
