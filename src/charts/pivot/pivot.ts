/**
 * Long result → cross-tab layout. Pure: reads a result by column key (Arrow or a stand-in) and
 * the compiled column meanings, returns render-ready header rows, column leaves and body rows
 * (their shape: pivot-layout.ts; the member trees: pivot-tree.ts; the header and body rows:
 * pivot-header.ts, pivot-body.ts).
 *
 * Totals come only from the result (`_grouping` rows computed by DuckDB), never summed here:
 * medians, rates and distinct counts are not additive.
 */
import { ROLLED_UP, type CellKey } from '../../query/spec/cell.ts';
import type { OutputColumn } from '../../query/compiled.ts';
import { dimensionLabel, toNumber } from '../format.ts';
import { bodyRows } from './pivot-body.ts';
import { headerRows } from './pivot-header.ts';
import type { PivotLabels, PivotLayout, PivotLeaf, PivotOptions } from './pivot-layout.ts';
import { siblingOrder, sortColumnPath } from './pivot-order.ts';
import { compareMembers, OTHER, pathKey, TOTAL, type Member, type Path } from './pivot-path.ts';
import {
  flatten,
  insert,
  isRollup,
  toMember,
  type Entry,
  type Node,
  type Order,
} from './pivot-tree.ts';
import type { ResultLike } from '../result.ts';
import { isShared, share } from './show-as.ts';

export type * from './pivot-layout.ts';

const VALUE_ROLES = new Set(['measure', 'previous', 'delta', 'growth', 'rank']);

/** The key of one body cell in the index: its row path and its column path. */
const cellIndexKey = (rp: Path, cp: Path) => `${pathKey(rp)}\u0002${pathKey(cp)}`;

/** The dimension values that address one body cell (row `r`, leaf `i`), for drill-down. */
export function cellKey(layout: PivotLayout, r: number, i: number): CellKey {
  const out: CellKey = {};
  const row = layout.rows[r];
  const leaf = layout.leaves[i];
  layout.rowKeys.forEach((k, l) => (out[k] = row?.members[l] ?? ROLLED_UP));
  layout.colKeys.forEach((k, l) => (out[k] = leaf?.members[l] ?? ROLLED_UP));
  return out;
}

/** Builds the cross-tab layout of a long result. */
export function buildPivot(
  columns: OutputColumn[],
  result: ResultLike,
  labels: PivotLabels,
  options: PivotOptions = {},
): PivotLayout {
  const dims = columns.filter((c) => c.role === 'dimension');
  const rowDims = dims.filter((c) => c.axis !== 'column');
  const colDims = dims.filter((c) => c.axis === 'column');
  const valueCols = columns.filter((c) => VALUE_ROLES.has(c.role));
  const n = result.numRows;

  const bit = new Map(dims.map((d, i) => [d.key, 2 ** (dims.length - 1 - i)]));
  const grouping = columns.some((c) => c.role === 'grouping') ? result.getChild('_grouping') : null;
  const dimCols = new Map(dims.map((d) => [d.key, result.getChild(d.key)]));
  const valueData = valueCols.map((c) => result.getChild(c.key));
  const otherCol = columns.some((c) => c.role === 'other') ? result.getChild('_other') : null;
  const show = options.show ?? 'value';
  const shareable = options.shareable ?? (() => false);

  const label = (v: Member, col: OutputColumn): string =>
    v === OTHER
      ? (labels.other ?? 'Other')
      : dimensionLabel(v, col.format, labels.lang, labels.empty);

  const rowRoot: Node = { value: null, children: new Map() };
  const colRoot: Node = { value: null, children: new Map() };
  const rowPresent = new Set<string>();
  const colPresent = new Set<string>();
  const cell = new Map<string, number>();
  let skipped = 0;

  for (let i = 0; i < n; i++) {
    const g = grouping ? (toNumber(grouping.get(i)) ?? 0) : 0;
    const member = (d: OutputColumn): Member => {
      if ((g & (bit.get(d.key) ?? 0)) !== 0) return TOTAL;
      if (otherCol && d === rowDims[0] && otherCol.get(i) === true) return OTHER;
      return dimCols.get(d.key)?.get(i) ?? null;
    };
    const rp = rowDims.map(member);
    const cp = colDims.map(member);
    if (!isRollup(rp) || !isRollup(cp)) {
      skipped++;
      continue;
    }
    insert(rowRoot, rp);
    insert(colRoot, cp);
    const rk = pathKey(rp);
    const ck = pathKey(cp);
    rowPresent.add(rk);
    colPresent.add(ck);
    cell.set(cellIndexKey(rp, cp), i);
  }

  const rowEntries: Entry[] = [];
  const colEntries: Entry[] = [];
  const byMember: Order = () => compareMembers;
  if (n > 0) flatten(colRoot, [], colDims.length, colPresent, byMember, colEntries);
  else if (colDims.length === 0) colEntries.push({ path: [], kind: 'data', depth: 0 });

  const cellValue = (rp: Path, cp: Path, key: string): number | null => {
    const idx = cell.get(cellIndexKey(rp, cp));
    return idx === undefined ? null : toNumber(result.getChild(key)?.get(idx));
  };
  const sortKey = options.sort?.[0];
  const colPaths = colEntries.map((e) => e.path);
  const sortCol = sortColumnPath(sortKey, colPaths);
  const defaultCol = pathKey(sortColumnPath(undefined, colPaths));
  const otherLast: Order = () => (a, b) => (a === OTHER ? 1 : 0) - (b === OTHER ? 1 : 0);
  const rowOrder =
    siblingOrder(options.sort ?? [], {
      rowKeys: rowDims.map((d) => d.key),
      value: (rp, key) => cellValue(rp, sortCol, key),
    }) ?? (otherCol ? otherLast : null);
  if (n > 0) flatten(rowRoot, [], rowDims.length, rowPresent, rowOrder, rowEntries);

  // Column cap: whole column entries, so a member's value columns stay together.
  const perEntry = Math.max(1, valueCols.length);
  const maxEntries = options.maxColumns
    ? Math.max(1, Math.floor(options.maxColumns / perEntry))
    : Infinity;
  const shownCols = colEntries.slice(0, maxEntries);
  const hiddenColumns = (colEntries.length - shownCols.length) * valueCols.length;

  const shared = valueCols.map((c) => isShared(show, c, shareable));
  const leaves: PivotLeaf[] = [];
  for (const e of shownCols) {
    valueCols.forEach((c, v) =>
      leaves.push({ column: c, kind: e.kind, members: e.path.map(toMember), share: shared[v]! }),
    );
  }
  const notShareable =
    show === 'value'
      ? []
      : [
          ...new Set(
            valueCols
              .filter((c, v) => c.role === 'measure' && !shared[v])
              .map((c) => c.measure ?? c.key),
          ),
        ];
  const shareCtx = { rowLevels: rowDims.length, colLevels: colDims.length, value: cellValue };
  const values = (rp: Path, cp: Path): (number | null)[] => {
    const idx = cell.get(cellIndexKey(rp, cp));
    return valueCols.map((c, v) => {
      if (shared[v]) return share(show, shareCtx, rp, cp, c.key);
      return idx === undefined ? null : toNumber(valueData[v]?.get(idx));
    });
  };

  const labelColumns = Math.max(1, rowDims.length);
  const header = headerRows({
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
  });
  const rows = bodyRows({ rowEntries, shownCols, rowDims, labels, label, values });

  const keys = (list: OutputColumn[]) => list.map((d) => d.key);
  return {
    header,
    leaves,
    rows,
    labelColumns,
    hiddenColumns,
    skipped,
    notShareable,
    rowKeys: keys(rowDims),
    colKeys: keys(colDims),
  };
}
