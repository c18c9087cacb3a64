/**
 * The keyboard of a list table's body (ListTable.svelte): one Tab stop for all its buttons (a
 * roving tabindex), the arrow keys walk them. The LTV list's 200 clients each had three drill
 * buttons in the Tab order: 600 presses of Tab to reach "Show 200 more rows" below it.
 */
import type { Attachment } from 'svelte/attachments';

const ITEMS = 'tbody td button';

/**
 * Makes `want` (when still in the list) or else the first button the list's one Tab stop, and
 * takes every other button out of the Tab order.
 */
export function listStop(root: HTMLElement, want: HTMLElement | null): void {
  const items = [...root.querySelectorAll<HTMLElement>(ITEMS)];
  const stop = want && items.includes(want) ? want : (items[0] ?? null);
  for (const b of items) b.tabIndex = b === stop ? 0 : -1;
}

/** Where the cell of a button sits: its row and column. */
function place(b: HTMLElement): { tr: HTMLTableRowElement; col: number } | null {
  const td = b.closest('td');
  const tr = td?.parentElement;
  if (!td || !(tr instanceof HTMLTableRowElement)) return null;
  return { tr, col: [...tr.cells].indexOf(td) };
}

/**
 * The button an arrow key moves to from `from`: left and right, the previous or next button in
 * reading order; up and down, the nearest row above or below with a button in the same column.
 * Null for any other key or at an edge.
 */
export function listMove(root: HTMLElement, from: HTMLElement, key: string): HTMLElement | null {
  const items = [...root.querySelectorAll<HTMLElement>(ITEMS)];
  const i = items.indexOf(from);
  if (i < 0) return null;
  if (key === 'ArrowLeft') return items[i - 1] ?? null;
  if (key === 'ArrowRight') return items[i + 1] ?? null;
  if (key !== 'ArrowUp' && key !== 'ArrowDown') return null;
  const at = place(from);
  if (!at) return null;
  const step = key === 'ArrowDown' ? 1 : -1;
  for (let k = i + step; k >= 0 && k < items.length; k += step) {
    const p = place(items[k]!);
    if (p && p.tr !== at.tr && p.col === at.col) return items[k]!;
  }
  return null;
}

/**
 * The list's keyboard on its box: the stop placed again whenever rows come or go (a new result,
 * "Show 200 more rows"), the arrows walking the buttons.
 */
export const listKeys: Attachment<HTMLElement> = (box) => {
  let walked: HTMLElement | null = null;
  const place = () => listStop(box, walked);
  const keydown = (e: KeyboardEvent) => {
    const to = listMove(box, e.target as HTMLElement, e.key);
    if (!to) return;
    e.preventDefault();
    to.focus();
  };
  const focusin = (e: FocusEvent) => {
    const b = (e.target as HTMLElement).closest<HTMLElement>(ITEMS);
    if (b) listStop(box, (walked = b));
  };
  // Rows are added and replaced by Svelte; only the tabindex attributes change here, which this
  // observer does not watch, so placing the stop never calls it again.
  const rows = new MutationObserver(place);
  rows.observe(box, { childList: true, subtree: true });
  box.addEventListener('keydown', keydown);
  box.addEventListener('focusin', focusin);
  place();
  return () => {
    rows.disconnect();
    box.removeEventListener('keydown', keydown);
    box.removeEventListener('focusin', focusin);
  };
};
