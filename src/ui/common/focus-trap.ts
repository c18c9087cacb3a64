/**
 * Tab stays inside a modal dialog (`aria-modal="true"`), as the ARIA dialog pattern has it: from
 * its last control Tab goes to its first, Shift+Tab from its first to its last. Without this,
 * Tab walked out of "My reports" or a drill-down list into the page behind the backdrop, where
 * focus sat on controls the dialog covered and Escape no longer reached the dialog.
 */

const TABBABLE = 'a[href], button, input, select, textarea, summary, [tabindex]';

/** The controls Tab stops at inside `root`, in order: enabled, rendered, not taken out by tabindex -1. */
export function tabStops(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (el) =>
      el.tabIndex >= 0 &&
      !(el as HTMLButtonElement).disabled &&
      !(el instanceof HTMLInputElement && el.type === 'hidden') &&
      el.getClientRects().length > 0,
  );
}

/** The dialog's keydown for Tab: wraps focus around its first and last control. */
export function keepTabInside(e: KeyboardEvent, root: HTMLElement): void {
  if (e.key !== 'Tab') return;
  const stops = tabStops(root);
  const first = stops[0];
  const last = stops[stops.length - 1];
  if (!first || !last) {
    e.preventDefault();
    return;
  }
  const active = document.activeElement;
  const inside = active instanceof HTMLElement && active !== root && root.contains(active);
  if (e.shiftKey && (!inside || active === first)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (!inside || active === last)) {
    e.preventDefault();
    first.focus();
  }
}
