/**
 * The header rows of a pivot: one per column dimension (members spanning their columns, totals
 * spanning down), then one naming the row dimensions and every value column. Pure.
 */
import type { OutputColumn } from '../../query/compiled.ts';
import type { ShowAs, SortKey } from '../../query/spec/spec.ts';
import type { HeaderCell, PivotLabels } from './pivot-layout.ts';
import { columnName, headerSort } from './pivot-order.ts';
import { pathKey, TOTAL, type Member, type Path } from './pivot-path.ts';
import type { Entry } from './pivot-tree.ts';

export interface HeaderInput {
  rowDims: OutputColumn[];
  colDims: OutputColumn[];
  valueCols: OutputColumn[];
  /** The column entries shown (after the column cap), in table order. */
  shownCols: Entry[];
  /** Value columns per column entry. */
  perEntry: number;
  labelColumns: number;
  labels: PivotLabels;
  label: (m: Member, col: OutputColumn) => string;
  /** The row sort: its key, the column path it reads, and the path key of the default column. */
  sortKey: SortKey | undefined;
  sortCol: Path;
  defaultCol: string;
  /** "Show as", and which value columns it turns into shares (their headers say so). */
  show?: ShowAs;
  shared?: boolean[];
}

/** The header rows, top to bottom. */
export function headerRows(h: HeaderInput): HeaderCell[][] {
  const { rowDims, colDims, valueCols, shownCols, perEntry, labelColumns, labels, label } = h;
  const { sortKey, sortCol, defaultCol, show = 'value', shared = [] } = h;
  const valueText = (c: OutputColumn, v: number) =>
    show !== 'value' && shared[v] && labels.share ? labels.share(c, show) : labels.value(c);
  const headerRows = colDims.length + 1;
  const header: HeaderCell[][] = [];
  for (let l = 0; l < colDims.length; l++) {
    const row: HeaderCell[] = [];
    if (l === 0) {
      row.push({
        text: '',
        colspan: labelColumns,
        rowspan: headerRows - 1,
        kind: 'corner',
        scope: null,
      });
    }
    const dim = colDims[l]!;
    let i = 0;
    while (i < shownCols.length) {
      const e = shownCols[i]!;
      const m = e.path[l];
      if (m === TOTAL) {
        if (l === 0 || e.path[l - 1] !== TOTAL) {
          row.push({
            text: labels.total,
            colspan: perEntry,
            rowspan: colDims.length - l,
            kind: 'total',
            scope: perEntry > 1 ? 'colgroup' : 'col',
          });
        }
        i++;
        continue;
      }
      const prefix = pathKey(e.path.slice(0, l + 1));
      let j = i + 1;
      while (j < shownCols.length && pathKey(shownCols[j]!.path.slice(0, l + 1)) === prefix) j++;
      const span = (j - i) * perEntry;
      row.push({
        text: label(m, dim),
        colspan: span,
        rowspan: 1,
        kind: 'member',
        scope: span > 1 ? 'colgroup' : 'col',
      });
      i = j;
    }
    header.push(row);
  }
  const last: HeaderCell[] = [];
  if (rowDims.length === 0) {
    last.push({ text: '', colspan: 1, rowspan: 1, kind: 'dim', scope: 'col' });
  } else {
    for (const d of rowDims) {
      last.push({ text: labels.dimension(d), colspan: 1, rowspan: 1, kind: 'dim', scope: 'col' });
    }
  }
  shownCols.forEach((e) => {
    const column = pathKey(e.path) === defaultCol ? undefined : columnName(e.path);
    valueCols.forEach((c, v) => {
      const sort = headerSort(sortKey, c.key, e.path, sortCol);
      last.push({
        text: valueText(c, v),
        colspan: 1,
        rowspan: 1,
        kind: 'value',
        scope: 'col',
        key: c.key,
        colKind: e.kind,
        ...(column ? { column } : {}),
        ...(sort ? { sort } : {}),
      });
    });
  });
  header.push(last);
  return header;
}
