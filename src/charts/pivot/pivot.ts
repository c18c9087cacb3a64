/**
 * Long result → cross-tab layout. Pure: reads a result by column key (Arrow or a stand-in) and
 * the compiled column meanings, returns render-ready header rows, column leaves and body rows
 * (their shape: pivot-layout.ts; the cell index: pivot-index.ts; the member trees:
 * pivot-tree.ts; the header and body rows: pivot-header.ts, pivot-body.ts).
 *
 * Totals come only from the result (`_grouping` rows computed by DuckDB), never summed here:
 * medians, rates and distinct counts are not additive.
 */
import { ROLLED_UP, type CellKey } from '../../query/spec/cell.ts';
import type { OutputColumn } from '../../query/compiled.ts';
import type { ShowAs, SortKey } from '../../query/spec/spec.ts';
import { dimensionLabel, toNumber } from '../format.ts';
import { bodyRows } from './pivot-body.ts';
import { headerRows } from './pivot-header.ts';
import type { PivotLabels, PivotLayout, PivotLeaf, PivotOptions } from './pivot-layout.ts';
import { siblingOrder, sortColumnPath } from './pivot-order.ts';
import { growthMarks, growthTier, tierValue, type CellReader } from './growth-marks.ts';
import { compareMembers, OTHER, pathKey, type Member, type Path } from './pivot-path.ts';
import { flatten, toMember, type Entry, type Order } from './pivot-tree.ts';
import { indexCells, pivotShape, type CellIndex, type PivotShape } from './pivot-index.ts';
import type { ResultLike } from '../result.ts';
import { isShared, share } from './show-as.ts';

export type * from './pivot-layout.ts';

/** The dimension values that address one body cell (row `r`, leaf `i`), for drill-down. */
export function cellKey(layout: PivotLayout, r: number, i: number): CellKey {
  // Prototype-less: a dimension keyed `__proto__` (a user's column) is a key like any other.
  const out = Object.create(null) as CellKey;
  const row = layout.rows[r];
  const leaf = layout.leaves[i];
  layout.rowKeys.forEach((k, l) => (out[k] = row?.members[l] ?? ROLLED_UP));
  layout.colKeys.forEach((k, l) => (out[k] = leaf?.members[l] ?? ROLLED_UP));
  return out;
}

/**
 * Builds the cross-tab layout of a long result: index the cells, order both axes, cap the
 * columns, then lay out the leaves, the header and the body.
 */
export function buildPivot(
  columns: OutputColumn[],
  result: ResultLike,
  labels: PivotLabels,
  options: PivotOptions = {},
): PivotLayout {
  const shape = pivotShape(columns);
  const { rowDims, colDims, valueCols } = shape;
  const index = indexCells(columns, result, shape);
  const label = (v: Member, col: OutputColumn): string =>
    v === OTHER
      ? (labels.other ?? 'Other')
      : v !== null && col.format === 'text' && labels.member
        ? labels.member(col.key, dimensionLabel(v, col.format, labels.lang, labels.empty))
        : dimensionLabel(v, col.format, labels.lang, labels.empty);

  const { colEntries, rowEntries, sortKey, sortCol, defaultCol } = orderAxes(
    shape,
    columns,
    index,
    result.numRows > 0,
    columns.some((c) => c.role === 'other'),
    options.sort ?? [],
  );
  const { shownCols, hiddenColumns, perEntry } = capColumns(
    colEntries,
    valueCols.length,
    options.maxColumns,
  );
  const show = options.show ?? 'value';
  const shared = valueCols.map((c) => isShared(show, c, options.shareable ?? (() => false)));
  const values = cellValues(shape, index, show, shared, result);

  const labelColumns = Math.max(1, rowDims.length);
  const keys = (list: OutputColumn[]) => list.map((d) => d.key);
  const leaves = leavesOf(shownCols, valueCols, shared);
  const rows = bodyRows({ rowEntries, shownCols, rowDims, labels, label, values });
  const read: CellReader = (r, i, key) =>
    index.value(rowEntries[r]!.path, shownCols[Math.floor(i / perEntry)]!.path, key);
  const marks = growthMarks({ leaves, rows }, read);
  const noRows = options.listsRows ? emptyCells(leaves, rows, read, options.listsRows) : null;
  return {
    header: headerRows({
      rowDims,
      colDims,
      valueCols,
      shownCols,
      perEntry,
      labelColumns,
      labels,
      label,
      sortKey,
      sortCol,
      defaultCol,
      show,
      shared,
    }),
    leaves,
    rows,
    ...(marks ? { marks } : {}),
    ...(noRows ? { noRows } : {}),
    labelColumns,
    hiddenColumns,
    skipped: index.skipped,
    notShareable: notShareable(show, valueCols, shared),
    rowKeys: keys(rowDims),
    colKeys: keys(colDims),
  };
}

/**
 * Per body row, per leaf: true where a value or earlier value has no rows behind it
 * (`listsRows`, query/drill-rows.ts); null when every such cell has some.
 */
function emptyCells(
  leaves: PivotLeaf[],
  rows: PivotLayout['rows'],
  read: CellReader,
  listsRows: NonNullable<PivotOptions['listsRows']>,
): boolean[][] | null {
  let out: boolean[][] | null = null;
  leaves.forEach((leaf, i) => {
    const { role, key } = leaf.column;
    if (role !== 'measure' && role !== 'previous') return;
    // Loops, not maps: a table may have 100,000 rows. A value now other than 0 was made of rows;
    // only a 0 or an earlier value is asked (its `_earlier` may say the earlier period had none).
    for (let r = 0; r < rows.length; r++) {
      const v = rows[r]!.values[i];
      if (v === null || (v !== 0 && role === 'measure')) continue;
      if (listsRows(key, (k) => read(r, i, k))) continue;
      out ??= rows.map(() => leaves.map(() => false));
      out[r]![i] = true;
    }
  });
  return out;
}

/**
 * Both axes in display order: columns by member, rows by the sort (read in the sorted column,
 * by default the row total), an "Other" row last.
 */
function orderAxes(
  { rowDims, colDims }: PivotShape,
  columns: OutputColumn[],
  index: CellIndex,
  hasRows: boolean,
  hasOther: boolean,
  sort: readonly SortKey[],
) {
  const colEntries: Entry[] = [];
  const rowEntries: Entry[] = [];
  const byMember: Order = () => compareMembers;
  if (hasRows) flatten(index.colRoot, [], colDims.length, index.colPresent, byMember, colEntries);
  else if (colDims.length === 0) colEntries.push({ path: [], kind: 'data', depth: 0 });

  const sortKey = sort[0];
  const colPaths = colEntries.map((e) => e.path);
  const sortCol = sortColumnPath(sortKey, colPaths);
  const defaultCol = pathKey(sortColumnPath(undefined, colPaths));
  const otherLast: Order = () => (a, b) => (a === OTHER ? 1 : 0) - (b === OTHER ? 1 : 0);
  const rowOrder =
    siblingOrder(sort, {
      rowKeys: rowDims.map((d) => d.key),
      value: (rp, key) => {
        const v = index.value(rp, sortCol, key);
        // A growth from nothing or from 0 has no number but sorts above them all, as the SQL
        // sorts it (query/growth.ts).
        const m = columns.find((c) => c.key === key && c.role === 'growth')?.measure;
        if (v !== null || !m) return v;
        const at = (k: string) => index.value(rp, sortCol, k);
        const tier = growthTier(at(m), at(`${m}_previous`), at(`${m}_earlier`));
        return tier ? tierValue(tier) : null;
      },
    }) ?? (hasOther ? otherLast : null);
  if (hasRows) flatten(index.rowRoot, [], rowDims.length, index.rowPresent, rowOrder, rowEntries);
  return { colEntries, rowEntries, sortKey, sortCol, defaultCol };
}

/**
 * Column cap: whole column entries, so a member's value columns stay together. The row total
 * (the last entry) stays in place of the last member that fits: a capped table still adds up.
 */
function capColumns(colEntries: Entry[], valueCount: number, maxColumns: number | undefined) {
  const perEntry = Math.max(1, valueCount);
  const maxEntries = maxColumns ? Math.max(1, Math.floor(maxColumns / perEntry)) : Infinity;
  const last = colEntries.at(-1);
  const shownCols =
    colEntries.length > maxEntries && maxEntries > 1 && last?.kind === 'total'
      ? [...colEntries.slice(0, maxEntries - 1), last]
      : colEntries.slice(0, maxEntries);
  return {
    shownCols,
    perEntry,
    hiddenColumns: (colEntries.length - shownCols.length) * valueCount,
  };
}

/** One leaf per shown column entry and value column. */
function leavesOf(shownCols: Entry[], valueCols: OutputColumn[], shared: boolean[]): PivotLeaf[] {
  const leaves: PivotLeaf[] = [];
  for (const e of shownCols) {
    valueCols.forEach((c, v) =>
      leaves.push({ column: c, kind: e.kind, members: e.path.map(toMember), share: shared[v]! }),
    );
  }
  return leaves;
}

/** Measures "show as" could not turn into shares (a median has no share of a total). */
function notShareable(show: ShowAs, valueCols: OutputColumn[], shared: boolean[]): string[] {
  if (show === 'value') return [];
  return [
    ...new Set(
      valueCols.filter((c, v) => c.role === 'measure' && !shared[v]).map((c) => c.measure ?? c.key),
    ),
  ];
}

/** The values of one body cell, one per value column: as read, or as a share under "show as". */
function cellValues(
  { rowDims, colDims, valueCols }: PivotShape,
  index: CellIndex,
  show: ShowAs,
  shared: boolean[],
  result: ResultLike,
): (rp: Path, cp: Path) => (number | null)[] {
  const valueData = valueCols.map((c) => result.getChild(c.key));
  const shareCtx = { rowLevels: rowDims.length, colLevels: colDims.length, value: index.value };
  return (rp, cp) => {
    const idx = index.row(rp, cp);
    return valueCols.map((c, v) => {
      if (shared[v]) return share(show, shareCtx, rp, cp, c.key);
      return idx === undefined ? null : toNumber(valueData[v]?.get(idx));
    });
  };
}
