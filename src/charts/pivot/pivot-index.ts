/**
 * The first step of the pivot: one pass over the long result that files every row under its row
 * path and column path (member trees), and remembers which result row holds each cell. Rows that
 * roll up a dimension of one axis but not a coarser one of it are counted as skipped. Pure.
 */
import type { OutputColumn } from '../../query/compiled.ts';
import { toNumber } from '../format.ts';
import type { ResultLike } from '../result.ts';
import { OTHER, pathKey, TOTAL, type Member, type Path } from './pivot-path.ts';
import { insert, isRollup, type Node } from './pivot-tree.ts';

const VALUE_ROLES = new Set(['measure', 'previous', 'delta', 'growth', 'rank']);

/** The result's columns by their part in the cross-tab. */
export interface PivotShape {
  rowDims: OutputColumn[];
  colDims: OutputColumn[];
  valueCols: OutputColumn[];
}

export function pivotShape(columns: OutputColumn[]): PivotShape {
  const dims = columns.filter((c) => c.role === 'dimension');
  return {
    rowDims: dims.filter((c) => c.axis !== 'column'),
    colDims: dims.filter((c) => c.axis === 'column'),
    valueCols: columns.filter((c) => VALUE_ROLES.has(c.role)),
  };
}

/** Every row of the result, filed by its row and column paths. */
export interface CellIndex {
  rowRoot: Node;
  colRoot: Node;
  /** Path keys that have a row of their own (not only descendants). */
  rowPresent: Set<string>;
  colPresent: Set<string>;
  /** Rows that fit no cell. */
  skipped: number;
  /** The result row of a cell, if any. */
  row(rp: Path, cp: Path): number | undefined;
  /** A value of a cell by result column key (null: no such cell or no value). */
  value(rp: Path, cp: Path, key: string): number | null;
}

/** The key of one body cell in the index: its row path and its column path. */
const cellIndexKey = (rp: Path, cp: Path) => `${pathKey(rp)}\u0002${pathKey(cp)}`;

/**
 * Reads result row `i`'s member of a dimension: `_grouping` bits make totals, `_other` the
 * "Other" row of a top N.
 */
function memberReader(
  columns: OutputColumn[],
  result: ResultLike,
  { rowDims }: PivotShape,
): (i: number) => (d: OutputColumn) => Member {
  const dims = columns.filter((c) => c.role === 'dimension');
  const bit = new Map(dims.map((d, i) => [d.key, 2 ** (dims.length - 1 - i)]));
  const grouping = columns.some((c) => c.role === 'grouping') ? result.getChild('_grouping') : null;
  const dimCols = new Map(dims.map((d) => [d.key, result.getChild(d.key)]));
  const otherCol = columns.some((c) => c.role === 'other') ? result.getChild('_other') : null;
  return (i) => {
    const g = grouping ? (toNumber(grouping.get(i)) ?? 0) : 0;
    return (d) => {
      if ((g & (bit.get(d.key) ?? 0)) !== 0) return TOTAL;
      if (otherCol && d === rowDims[0] && otherCol.get(i) === true) return OTHER;
      return dimCols.get(d.key)?.get(i) ?? null;
    };
  };
}

/** Files each result row under its paths. */
export function indexCells(
  columns: OutputColumn[],
  result: ResultLike,
  shape: PivotShape,
): CellIndex {
  const { rowDims, colDims } = shape;
  const memberOf = memberReader(columns, result, shape);
  const rowRoot: Node = { value: null, children: new Map() };
  const colRoot: Node = { value: null, children: new Map() };
  const rowPresent = new Set<string>();
  const colPresent = new Set<string>();
  const cell = new Map<string, number>();
  let skipped = 0;

  for (let i = 0; i < result.numRows; i++) {
    const member = memberOf(i);
    const rp = rowDims.map(member);
    const cp = colDims.map(member);
    if (!isRollup(rp) || !isRollup(cp)) {
      skipped++;
      continue;
    }
    insert(rowRoot, rp);
    insert(colRoot, cp);
    rowPresent.add(pathKey(rp));
    colPresent.add(pathKey(cp));
    cell.set(cellIndexKey(rp, cp), i);
  }

  const row = (rp: Path, cp: Path) => cell.get(cellIndexKey(rp, cp));
  return {
    rowRoot,
    colRoot,
    rowPresent,
    colPresent,
    skipped,
    row,
    value: (rp, cp, key) => {
      const idx = row(rp, cp);
      return idx === undefined ? null : toNumber(result.getChild(key)?.get(idx));
    },
  };
}

/** A table's size as its reader counts it (`pivotSize`). */
export interface PivotSize {
  /** Body rows of row members ("Other" included), not (sub)totals: the managers of a report. */
  rows: number;
  /**
   * In a cross-tab, the cells of a row member and a column member (each one result row: a
   * manager's quarter); null without column dimensions, where they are the rows.
   */
  cells: number | null;
}

/**
 * The size of the table a pivot result lays out as. The result's own row count is not it: a
 * cross-tab of 12 managers by 4 quarters returns 48 cells, plus its totals, as rows.
 */
export function pivotSize(columns: OutputColumn[], result: ResultLike): PivotSize {
  const shape = pivotShape(columns);
  const memberOf = memberReader(columns, result, shape);
  const rows = new Set<string>();
  let cells = 0;
  for (let i = 0; i < result.numRows; i++) {
    const member = memberOf(i);
    const rp = shape.rowDims.map(member);
    if (rp.includes(TOTAL)) continue;
    rows.add(pathKey(rp));
    if (!shape.colDims.some((d) => member(d) === TOTAL)) cells++;
  }
  return { rows: rows.size, cells: shape.colDims.length ? cells : null };
}
