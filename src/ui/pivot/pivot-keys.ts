/**
 * Arrow keys in the pivot's body: focus moves to the next value cell that can be drilled. The
 * body is virtualised (pivot-grid.ts), so a row outside the rendered window is scrolled into it
 * first and the cell looked up once it is rendered.
 */
import { tick } from 'svelte';
import { rowTop } from './row-tops.ts';

const STEPS: Record<string, [number, number]> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

/** The step (rows, leaves) an arrow key moves by; undefined for other keys. */
export function arrowStep(key: string): [number, number] | undefined {
  return STEPS[key];
}

/** What moving needs of the table: its size, its scroller and the rendered cells. */
export interface GridView {
  rows: number;
  leaves: number;
  /** The scrolling box and the height of the body rows it shows (below the sticky header). */
  wrap: HTMLElement | null;
  bodyHeight: number;
  /** Where each body row starts, when some are taller (row-tops.ts); null: ROW_HEIGHT each. */
  tops?: Float64Array | null;
  table: HTMLElement | null;
  /** Tells the table its new scroll position, so it renders those rows. */
  scrolled: (top: number) => void;
}

/**
 * The scroll position that brings body row `r` into view, or null when it is in view already.
 */
export function scrollFor(
  r: number,
  scrollTop: number,
  body: number,
  tops: Float64Array | null = null,
): number | null {
  const top = rowTop(r, tops);
  const bottom = rowTop(r + 1, tops);
  if (top < scrollTop) return top;
  if (bottom > scrollTop + body) return bottom - body;
  return null;
}

export async function moveFrom(
  view: GridView,
  row: number,
  leaf: number,
  [dr, dl]: [number, number],
): Promise<void> {
  for (let r = row + dr, l = leaf + dl; ; r += dr, l += dl) {
    if (r < 0 || r >= view.rows || l < 0 || l >= view.leaves) return;
    const to = view.wrap
      ? scrollFor(r, view.wrap.scrollTop, view.bodyHeight, view.tops ?? null)
      : null;
    if (view.wrap && to !== null) {
      view.wrap.scrollTop = to;
      view.scrolled(view.wrap.scrollTop);
      await tick();
    }
    const next = view.table?.querySelector<HTMLElement>(`td[data-row="${r}"][data-leaf="${l}"]`);
    if (next) {
      next.focus({ preventScroll: true });
      next.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      return;
    }
  }
}

/**
 * Makes the table one Tab stop (a roving tabindex): the value cell last walked to, or, when it
 * is not rendered (scrolled out of the window), the first rendered one; every other cell is
 * reached by the arrow keys. Returns the cell that is the stop. A report of 150 stages ×
 * managers had a stop per value: 486 presses of Tab to reach the chart's controls below it.
 */
export function tabStop(
  table: HTMLElement,
  want: { row: number; leaf: number } | null,
): HTMLElement | null {
  const cell =
    (want &&
      table.querySelector<HTMLElement>(`td[data-row="${want.row}"][data-leaf="${want.leaf}"]`)) ??
    table.querySelector<HTMLElement>('td[data-row]');
  for (const c of table.querySelectorAll<HTMLElement>('td[data-row][tabindex="0"]'))
    if (c !== cell) c.tabIndex = -1;
  if (cell) cell.tabIndex = 0;
  return cell;
}
