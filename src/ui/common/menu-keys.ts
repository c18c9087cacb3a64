/**
 * The keyboard of a small pop-up menu (`role="menu"` holding `role="menuitem"` buttons), as the
 * ARIA menu pattern has it: it opens with focus on its first item, the arrows (and Home/End) move
 * between items, wrapping, and Escape closes it with focus back on the button that opened it.
 * Without this a keyboard user pressed Enter on “+” and stayed on “+”, with no arrow keys inside.
 */

/** A `use:` action for the menu: its first item takes focus when it opens. */
export function focusFirstItem(menu: HTMLElement): void {
  menu.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
}

/** The menu's keydown: moves among its items; on Escape calls `close` and focuses `opener`. */
export function menuKeydown(
  e: KeyboardEvent,
  close: () => void,
  opener: HTMLElement | null | undefined,
): void {
  const menu = e.currentTarget as HTMLElement;
  const items = [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  if (e.key === 'Escape') {
    e.preventDefault();
    e.stopPropagation();
    close();
    opener?.focus();
    return;
  }
  const at = items.indexOf(document.activeElement as HTMLElement);
  const next = step(e.key, at, items.length);
  if (next === null) return;
  e.preventDefault();
  items[next]?.focus();
}

/** The item a key moves to from `at` (-1: none focused) among `n`, or null for other keys. */
export function step(key: string, at: number, n: number): number | null {
  if (n === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return (at + 1) % n;
    case 'ArrowUp':
      return at <= 0 ? n - 1 : at - 1;
    case 'Home':
      return 0;
    case 'End':
      return n - 1;
    default:
      return null;
  }
}
