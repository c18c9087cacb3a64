import type { ExportGrid, ExportMerge } from '../../charts/export/export.ts';
import type { EntryKind, PivotLeaf } from '../../charts/pivot/pivot-layout.ts';

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

/** The data rows of a grid's body whose rows are of `kinds` (a row without a kind is data). */
export function dataRows(grid: ExportGrid, kinds: EntryKind[]): number {
  let n = 0;
  for (let r = 0; r < grid.cells.length - grid.headerRows; r++)
    if ((kinds[r] ?? 'data') === 'data') n++;
  return n;
}

/**
 * The grid's columns at `keep` (ascending indices), its header merges clipped to them: a column
 * group cut short keeps its label over the columns left, moved to the first of them when its own
 * first column is gone.
 */
export function pickColumns(grid: ExportGrid, keep: number[]): ExportGrid {
  const at = new Map(keep.map((c, i) => [c, i]));
  const cells = grid.cells.map((r) => keep.map((c) => r[c] ?? { v: null }));
  const merges: ExportMerge[] = [];
  for (const m of grid.merges) {
    const kept = keep.filter((c) => c >= m.c && c < m.c + m.cols);
    const first = at.get(kept[0] ?? -1);
    if (first === undefined) continue;
    merges.push({ r: m.r, c: first, rows: m.rows, cols: kept.length });
    const row = cells[m.r];
    const label = grid.cells[m.r]?.[m.c];
    if (row && label) row[first] = label;
  }
  return { cells, headerRows: grid.headerRows, merges };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** The grid's columns at `keep` (see `pickColumns`); the grid itself when that is all of them. */
export function keepColumns(grid: ExportGrid, keep: number[]): ExportGrid {
  const width = Math.max(0, ...grid.cells.map((r) => r.length));
  return keep.length >= width ? grid : pickColumns(grid, keep);
}

/** The label columns and the value columns `from`…`to` − 1 of a grid: one band of a split table. */
export function bandColumns(
  grid: ExportGrid,
  labels: number,
  from: number,
  to: number,
): ExportGrid {
  return pickColumns(grid, [...range(0, labels), ...range(from, to)]);
}

/**
 * A table too wide for `width` px split into bands of value columns, each printed under the one
 * before with the label columns again: `[from, to)` per band, from each column's right edge as
 * laid out with all of them. Every value column is in exactly one band; a band has at least one.
 * `breaks[c]` says how good a place column `c` is to start a band (`leafBreaks`; 1 for every
 * column when absent): a band that runs over is cut at its best place, the last of the highest
 * rank, and never where the rank is 0 — a group that cannot be cut runs on past the width.
 */
export function columnBands(
  rightEdges: number[],
  labels: number,
  width: number,
  breaks: number[] = [],
): [number, number][] {
  const labelWidth = labels > 0 ? (rightEdges[labels - 1] ?? 0) : 0;
  const left = (c: number) => (c > 0 ? (rightEdges[c - 1] ?? 0) : 0);
  const over = (from: number, to: number) =>
    labelWidth + (rightEdges[to] ?? 0) - left(from) > width + 0.5;
  const bands: [number, number][] = [];
  let from = labels;
  for (let c = labels; c < rightEdges.length; c++) {
    while (c > from && over(from, c)) {
      let at = -1;
      for (let p = from + 1; p <= c; p++)
        if ((breaks[p] ?? 1) > 0 && (at < 0 || (breaks[p] ?? 1) >= (breaks[at] ?? 1))) at = p;
      if (at < 0) break;
      bands.push([from, at]);
      from = at;
    }
  }
  if (from < rightEdges.length) bands.push([from, rightEdges.length]);
  return bands;
}

/**
 * Where a pivot's bands may start, per grid column (for `columnBands`): at a new member of an
 * outer column dimension best (a quarter with its sources and measures stays together where it
 * fits), then of an inner one, then at the next measure of the same member (1); never (0) at a
 * measure's previous value, Δ and Δ %, which are read against the measure beside them. The label
 * columns are 0: every band has them.
 */
export function leafBreaks(leaves: PivotLeaf[], labels: number): number[] {
  return [
    ...Array<number>(labels).fill(0),
    ...leaves.map((leaf, i) => {
      const before = leaves[i - 1];
      if (!before) return 0;
      const level = leaf.members.findIndex((m, l) => m !== before.members[l]);
      if (level >= 0) return 1 + leaf.members.length - level;
      return leaf.column.role !== 'measure' && leaf.column.measure === before.column.measure
        ? 0
        : 1;
    }),
  ];
}

/** Where each column of the table in `el` ends, from its left edge (its first body row). */
export function rightEdges(el: HTMLElement): number[] | null {
  const table = el.querySelector('table');
  const cells = table?.querySelector('tbody tr')?.children;
  const box = table?.getBoundingClientRect();
  if (!table || !cells || !box?.width) return null;
  const left = box.left;
  return [...cells].map((c) => c.getBoundingClientRect().right - left);
}

/**
 * The columns that fit `width` px when taken in `order` (the row labels first, then the columns
 * that say the most…), from each column's right edge as laid out with all of them (wrapped
 * headers at their narrowest): shown without the others they take no more room, so they fit.
 * As many of `order` as fit one after another — the first that does not ends it, so what is left
 * out is the end of `order` — and at least its first `least` (the label columns and one value
 * column: as far as a table can be narrowed). In the grid's own order.
 */
export function fitColumns(
  rightEdges: number[],
  width: number,
  order: number[],
  least: number,
): number[] {
  const w = (c: number) => (rightEdges[c] ?? Infinity) - (c > 0 ? (rightEdges[c - 1] ?? 0) : 0);
  let used = 0;
  let n = 0;
  for (const c of order) {
    if (used + w(c) > width + 0.5) break;
    used += w(c);
    n++;
  }
  return order.slice(0, Math.max(n, least)).sort((a, b) => a - b);
}

/**
 * The height of a scroll box over the table in `el` that ends on a row's edge: the bottom of the
 * last row (header rows too) that fits whole in `limit` px, or null when the whole table fits.
 * A fixed height cut the last visible row of a tile's table in half. A grand total row pinned
 * to the box's foot (`position: sticky`, a tile's) is kept in view: the box ends on the row that
 * fits whole above it, plus the total's height.
 */
export function wholeRowsHeight(el: HTMLElement, limit: number): number | null {
  const top = el.getBoundingClientRect().top - el.scrollTop;
  const rows = [...el.querySelectorAll('tr')];
  const bottoms = rows.map((r) => r.getBoundingClientRect().bottom - top);
  if (bottoms.length === 0 || Math.max(...bottoms) <= limit) return null;
  const pinned = pinnedFoot(el);
  const foot = pinned ? pinned.getBoundingClientRect().height : 0;
  const fit = bottoms.filter((b, i) => rows[i] !== pinned && b + foot <= limit);
  return fit.length ? Math.ceil(Math.max(...fit) + foot) : limit;
}

/** The grand total row kept at the foot of a tile's scroll box (the last body row, `.total`). */
function pinnedFoot(el: HTMLElement): Element | null {
  const last = el.querySelector('tbody tr:last-child');
  return last?.classList.contains('total') && getComputedStyle(last).position === 'sticky'
    ? last
    : null;
}

/**
 * The data rows (`tr.data`) wholly in view in the scroll box `el` as it is scrolled: under its
 * header (pinned at the top) and above a total pinned at its foot. What a tile's note counts
 * against: the rows the box hides count as much as those it never shows.
 */
export function dataRowsInView(el: HTMLElement): number {
  const box = el.getBoundingClientRect();
  const head = el.querySelector('thead');
  const pinnedHead = head && getComputedStyle(head).position === 'sticky';
  const top = pinnedHead ? head.getBoundingClientRect().bottom : box.top;
  const foot = pinnedFoot(el);
  const bottom = foot ? foot.getBoundingClientRect().top : box.top + el.clientTop + el.clientHeight;
  let n = 0;
  for (const r of el.querySelectorAll('tbody tr.data')) {
    const b = r.getBoundingClientRect();
    if (b.top >= top - 0.5 && b.bottom <= bottom + 0.5) n++;
  }
  return n;
}
