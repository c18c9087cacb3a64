/**
 * Long result → cross-tab layout. Pure: reads a result by column key (Arrow or a stand-in) and
 * the compiled column meanings, returns render-ready header rows, column leaves and body rows.
 *
 * Totals come only from the result (`_grouping` rows computed by DuckDB), never summed here:
 * medians, rates and distinct counts are not additive.
 */
import type { OutputColumn } from '../query/compiled.ts';
import { dimensionLabel, toNumber } from './format.ts';
import type { Lang } from '../query/catalog.ts';
import type { ResultLike } from './result.ts';
import { ROLLED_UP, type CellKey } from '../query/cell.ts';
import type { Scalar, ShowAs, SortKey } from '../query/spec.ts';
import { columnName, headerSort, siblingOrder, sortColumnPath } from './pivot-order.ts';
import {
  compareMembers,
  memberKey,
  OTHER,
  pathKey,
  TOTAL,
  type Member,
  type Path,
} from './pivot-path.ts';
import { isShared, share } from './show-as.ts';

/** A dimension value of a row or column path, or ROLLED_UP in a (sub)total. */
export type PathMember = Scalar | typeof ROLLED_UP;

export interface PivotLabels {
  lang: Lang;
  /** A null dimension value: "(empty)". */
  empty: string;
  /** Grand total: "Total". */
  total: string;
  /** A subtotal of one group: "Total Alice". */
  subtotal(groupLabel: string): string;
  /** The single body row when there are no row dimensions: "All". */
  all: string;
  /** The rest of a top N: "Other". */
  other?: string;
  /** Header of a dimension (its field label with grain). */
  dimension(col: OutputColumn): string;
  /** Header of a value column (measure label, or "Revenue, Δ%"). */
  value(col: OutputColumn): string;
}

export type HeaderKind = 'corner' | 'dim' | 'member' | 'total' | 'value';

export interface HeaderCell {
  text: string;
  colspan: number;
  rowspan: number;
  kind: HeaderKind;
  scope: 'col' | 'colgroup' | null;
  /** For `value` cells: the result column key (for sorting by clicking). */
  key?: string;
  /** For `value` cells: the kind of column it heads. */
  colKind?: EntryKind;
  /**
   * For `value` cells: the table column a sort by this header names (`SortKey.column`); absent
   * for the column rows are ordered by by default (the row total).
   */
  column?: (string | null)[];
  /** For `value` cells: the direction when the rows are ordered by exactly this column. */
  sort?: 'asc' | 'desc';
}

export type EntryKind = 'data' | 'subtotal' | 'total';

export interface PivotLeaf {
  /** The result column whose values fill this table column. */
  column: OutputColumn;
  /** Whether the column-dimension path is a data member or a (sub)total. */
  kind: EntryKind;
  /** The column-dimension values of this column, aligned with `colKeys`. */
  members: PathMember[];
  /** Values are shares (fractions) under "show as", not the measure's own unit. */
  share: boolean;
}

export interface RowLabel {
  text: string;
  colspan: number;
  /** Repeated group label left blank for readability (the value is in `text` for a11y). */
  repeat: boolean;
  /** Null dimension value. */
  empty: boolean;
}

export interface PivotRow {
  kind: EntryKind;
  /** How many row dimensions this row is broken down by (n for data rows, less for totals). */
  depth: number;
  labels: RowLabel[];
  /** Aligned with `leaves`; null = no value. */
  values: (number | null)[];
  /**
   * The row-dimension values of this row, aligned with `rowKeys`. The "Other" member of a top N
   * has no single value: it reads ROLLED_UP here, with `other` set.
   */
  members: PathMember[];
  /** The row is (under) the "Other" member of a top N. */
  other: boolean;
}

export interface PivotLayout {
  header: HeaderCell[][];
  leaves: PivotLeaf[];
  rows: PivotRow[];
  /** Number of row-label columns (≥ 1). */
  labelColumns: number;
  /** Table columns left out by `maxColumns`. */
  hiddenColumns: number;
  /** Result rows whose grouping is not a rollup of the layout (cube cross-totals): ignored. */
  skipped: number;
  /** Measures left as values under "show as": a share of them means nothing (rates, medians). */
  notShareable: string[];
  /** Dimension keys of the row and column axes (what `members` are aligned with). */
  rowKeys: string[];
  colKeys: string[];
}

/** The dimension values that address one body cell (row `r`, leaf `i`), for drill-down. */
export function cellKey(layout: PivotLayout, r: number, i: number): CellKey {
  const out: CellKey = {};
  const row = layout.rows[r];
  const leaf = layout.leaves[i];
  layout.rowKeys.forEach((k, l) => (out[k] = row?.members[l] ?? ROLLED_UP));
  layout.colKeys.forEach((k, l) => (out[k] = leaf?.members[l] ?? ROLLED_UP));
  return out;
}

function toMember(v: Member): PathMember {
  if (v === TOTAL || v === OTHER) return ROLLED_UP;
  if (typeof v === 'bigint') return Number(v);
  if (v === undefined) return null;
  return v as Scalar;
}

export interface PivotOptions {
  /** At most this many value columns; the rest are counted in `hiddenColumns`. */
  maxColumns?: number;
  /** "Show as" % of row / column / total; needs the totals in the result. */
  show?: ShowAs;
  /** Whether a measure's share means something (`MeasureDef.shareable`); default no. */
  shareable?: (measure: string) => boolean;
  /**
   * Row order (first key only), applied within each parent, by the values in the column the key
   * names (default the row total). Default: the result's order.
   */
  sort?: readonly SortKey[];
}

const VALUE_ROLES = new Set(['measure', 'previous', 'delta', 'growth', 'rank']);
type Order = ((parent: Path, level: number) => (a: Member, b: Member) => number) | null;

/** Rollup-shaped paths only: once a level is rolled up, every deeper level is too. */
function isRollup(p: Path): boolean {
  let rolled = false;
  for (const m of p) {
    if (m === TOTAL) rolled = true;
    else if (rolled) return false;
  }
  return true;
}

interface Node {
  value: Member;
  children: Map<string, Node>;
}

interface Entry {
  path: Path;
  kind: EntryKind;
  /** Levels kept (not rolled up). */
  depth: number;
}

function insert(root: Node, path: Path): void {
  let node = root;
  for (const m of path) {
    if (m === TOTAL) return;
    const k = memberKey(m);
    let child = node.children.get(k);
    if (!child) {
      child = { value: m, children: new Map() };
      node.children.set(k, child);
    }
    node = child;
  }
}

/** Tree order: children (first-appearance or sorted), then the group's (sub)total if present. */
function flatten(
  node: Node,
  prefix: Path,
  levels: number,
  present: Set<string>,
  order: Order,
  out: Entry[],
): void {
  if (prefix.length === levels) {
    out.push({ path: prefix, kind: 'data', depth: levels });
    return;
  }
  const children = [...node.children.values()];
  if (order) {
    const cmp = order(prefix, prefix.length);
    children.sort((a, b) => cmp(a.value, b.value));
  }
  for (const child of children)
    flatten(child, [...prefix, child.value], levels, present, order, out);
  const totalPath: Path = [...prefix, ...Array<Member>(levels - prefix.length).fill(TOTAL)];
  if (present.has(pathKey(totalPath))) {
    out.push({
      path: totalPath,
      kind: prefix.length === 0 ? 'total' : 'subtotal',
      depth: prefix.length,
    });
  }
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
    cell.set(`${rk}\u0002${ck}`, i);
  }

  const rowEntries: Entry[] = [];
  const colEntries: Entry[] = [];
  const byMember: Order = () => compareMembers;
  if (n > 0) flatten(colRoot, [], colDims.length, colPresent, byMember, colEntries);
  else if (colDims.length === 0) colEntries.push({ path: [], kind: 'data', depth: 0 });

  const cellValue = (rp: Path, cp: Path, key: string): number | null => {
    const idx = cell.get(`${pathKey(rp)}\u0002${pathKey(cp)}`);
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

  // Header rows: one per column dimension, then the value-column row.
  const labelColumns = Math.max(1, rowDims.length);
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
    for (const c of valueCols) {
      const sort = headerSort(sortKey, c.key, e.path, sortCol);
      last.push({
        text: labels.value(c),
        colspan: 1,
        rowspan: 1,
        kind: 'value',
        scope: 'col',
        key: c.key,
        colKind: e.kind,
        ...(column ? { column } : {}),
        ...(sort ? { sort } : {}),
      });
    }
  });
  header.push(last);

  // Body rows.
  const rows: PivotRow[] = [];
  let previous: Path | null = null;
  const nr = rowDims.length;
  for (const e of rowEntries) {
    const rk = pathKey(e.path);
    const values: (number | null)[] = [];
    for (const ce of shownCols) {
      const idx = cell.get(`${rk}\u0002${pathKey(ce.path)}`);
      for (let v = 0; v < valueCols.length; v++) {
        if (shared[v]) values.push(share(show, shareCtx, e.path, ce.path, valueCols[v]!.key));
        else values.push(idx === undefined ? null : toNumber(valueData[v]?.get(idx)));
      }
    }
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
