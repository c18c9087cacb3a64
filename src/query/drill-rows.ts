/**
 * Whether a pivot cell has rows behind it, read from its own result row. A cell that is a link
 * reads as "there are rows here"; one whose list would be empty (a manager's count of won deals of
 * 0, an earlier value of a member the earlier period did not have) is plain text. A query per cell
 * would cost a round trip for each of a table's numbers, so the rule reads only what the row holds
 * (docs/design.md, "Drill-down adds up to the cell"):
 * - a count of the rows it lists (`count(*)`, with its FILTER: deals, won, lost, open,
 *   activities — or a ratio of such a count, whose list is its numerator's rows) is 0 exactly
 *   when its list is empty;
 * - an earlier value whose `<m>_earlier` is 0 had no rows of its fact in the earlier period at all;
 * - a sum of 0 (revenue) can be won deals of amount 0 or none: it is plain text when the count of
 *   its rows the result carries (`revenue_rows`, where no count asked for covers it:
 *   row-counts.ts) reads 0, or a count of the same cell, over the same fact, date and rows or
 *   more (won for revenue, deals for the amount of deals created) reads 0; else it stays a link.
 */
import { drillTarget } from './drill.ts';
import { EARLIER } from './growth.ts';
import { countsRows, covers, ROWS, type MeasureFacts } from './row-counts.ts';
import type { ReportSpec } from './spec/spec.ts';

export type { MeasureFacts } from './row-counts.ts';

/**
 * Whether value `key` (a measure or `<m>_previous`) of a pivot result row lists rows. `read`
 * gives the row's value of a result key; `measure` a measure by id (the catalog's).
 */
export function pivotListsRows(
  spec: ReportSpec,
  key: string,
  read: (key: string) => number | null,
  measure: (id: string) => MeasureFacts | undefined,
): boolean {
  const target = drillTarget(spec, key);
  const value = read(key);
  if (!target || value === null) return false;
  if (target.previous && read(`${target.measure}${EARLIER}`) === 0) return false;
  if (value !== 0) return true;
  const suffix = target.previous ? '_previous' : '';
  const rows = read(`${target.measure}${ROWS}${suffix}`);
  if (rows !== null) return rows > 0;
  const m = measure(target.measure);
  if (!m) return true;
  if (countsRows(m, measure)) return false;
  return !spec.measures.some((id) => {
    const c = measure(id);
    return (
      id !== target.measure &&
      c !== undefined &&
      countsRows(c, measure) &&
      !c.ratio &&
      covers(spec, c, m) &&
      read(`${id}${suffix}`) === 0
    );
  });
}
