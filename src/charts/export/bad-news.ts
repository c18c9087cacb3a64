import type { ExportCell } from './export.ts';

/**
 * Whether a cell reads as bad news (red) wherever it is shown — the analyses' flat tables on
 * screen, print and dashboard tiles alike: a change in percent or points that fell — or, where a
 * rise is the bad news (`ExportCell.reversed`: more lost clients), that rose. "−28 % lapsed"
 * carried the mark "best" and was red beside it.
 */
export function badNews(cell: ExportCell): boolean {
  const { v, fmt } = cell;
  if (typeof v !== 'number' || v === 0 || (fmt !== 'pct' && fmt !== 'pp')) return false;
  return v < 0 !== (cell.reversed === true);
}
