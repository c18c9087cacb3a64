import type { ExportCell } from './export.ts';

/**
 * Whether a cell reads as bad news (red) wherever it is shown — the analyses' flat tables on
 * screen, print and dashboard tiles alike: a change in percent or points that fell — or, where a
 * rise is the bad news (`ExportCell.reversed`: more lost clients), that rose. "−28 % lapsed"
 * carried the mark "best" and was red beside it.
 */
export function badNews(cell: ExportCell): boolean {
  const { v, fmt } = cell;
  if (typeof v !== 'number' || (fmt !== 'pct' && fmt !== 'pp')) return false;
  // A change that reads 0.0 % or 0.0 pp (rates show one decimal at most) tells nothing: a funnel
  // step at 83.0 % against 83.03 % read a red "0.0 pp".
  if (Math.abs(v) < SHOWN_ZERO) return false;
  return v < 0 !== (cell.reversed === true);
}

/** Half a tenth of a percent, as a fraction: below it a rate's change is written as 0.0. */
const SHOWN_ZERO = 0.0005;
