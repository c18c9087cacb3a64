/**
 * The body rows of a pivot: values per shown column, and the row labels (a repeated group label
 * kept for screen readers but marked, subtotals named after their group). Pure.
 */
import type { OutputColumn } from '../../query/compiled.ts';
import type { PivotLabels, PivotRow, RowLabel } from './pivot-layout.ts';
import { OTHER, pathKey, type Member, type Path } from './pivot-path.ts';
import { toMember, type Entry } from './pivot-tree.ts';

export interface BodyInput {
  rowEntries: Entry[];
  /** The column entries shown (after the column cap), in table order. */
  shownCols: Entry[];
  rowDims: OutputColumn[];
  labels: PivotLabels;
  label: (m: Member, col: OutputColumn) => string;
  /** The values of one row under one column entry, one per value column. */
  values: (row: Path, col: Path) => (number | null)[];
}

/** The body rows, in the order of `rowEntries`. */
export function bodyRows(b: BodyInput): PivotRow[] {
  const { rowEntries, shownCols, rowDims, labels, label } = b;
  const rows: PivotRow[] = [];
  let previous: Path | null = null;
  const nr = rowDims.length;
  for (const e of rowEntries) {
    const values = shownCols.flatMap((ce) => b.values(e.path, ce.path));
    const rowLabels: RowLabel[] = [];
    if (nr === 0) {
      rowLabels.push({ text: labels.all, colspan: 1, repeat: false, empty: false });
    } else if (e.kind === 'data') {
      for (let l = 0; l < nr; l++) {
        const m = e.path[l];
        const same =
          previous !== null &&
          pathKey(previous.slice(0, l + 1)) === pathKey(e.path.slice(0, l + 1));
        const empty = m === null || m === undefined;
        rowLabels.push({ text: label(m, rowDims[l]!), colspan: 1, repeat: same, empty });
      }
      previous = e.path;
    } else if (e.kind === 'total') {
      rowLabels.push({ text: labels.total, colspan: nr, repeat: false, empty: false });
    } else {
      for (let l = 0; l < e.depth - 1; l++) {
        rowLabels.push({
          text: label(e.path[l], rowDims[l]!),
          colspan: 1,
          repeat: true,
          empty: false,
        });
      }
      const group = e.path[e.depth - 1];
      rowLabels.push({
        text: labels.subtotal(label(group, rowDims[e.depth - 1]!)),
        colspan: nr - (e.depth - 1),
        repeat: false,
        empty: false,
      });
    }
    rows.push({
      kind: e.kind,
      depth: e.depth,
      labels: rowLabels,
      values,
      members: e.path.map(toMember),
      other: e.path[0] === OTHER,
    });
  }
  return rows;
}
