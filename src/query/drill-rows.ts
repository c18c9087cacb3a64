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
 * - a sum of 0 (revenue) can be won deals of amount 0 or none: it is plain text only when a count
 *   of the same cell, over the same fact, date and rows or more (won for revenue, deals for the
 *   amount of deals created) reads 0; else it stays a link.
 */
import type { MeasureDef } from './catalog.ts';
import { drillTarget } from './drill.ts';
import { EARLIER } from './growth.ts';
import { measureRows } from './rows/where.ts';
import type { ReportSpec } from './spec/spec.ts';

/** What the rule reads of a measure; a measure it cannot read keeps its links. */
export type MeasureFacts = Partial<Pick<MeasureDef, 'expr' | 'ratio' | 'fact' | 'date'>>;

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
  const m = measure(target.measure);
  if (!m) return true;
  if (countsRows(m, measure)) return false;
  const suffix = target.previous ? '_previous' : '';
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

/** Whether a measure's value is the number of rows its drill-down lists. */
function countsRows(
  m: MeasureFacts,
  measure: (id: string) => MeasureFacts | undefined,
  depth = 0,
): boolean {
  if (m.ratio) {
    const n = measure(m.ratio.numerator);
    return depth < 4 && n !== undefined && countsRows(n, measure, depth + 1);
  }
  const e = m.expr;
  return e?.kind === 'fn' && e.name === 'count' && e.args.length === 0 && !e.distinct;
}

/** Whether count `c` counts every row measure `m` lists: same fact and date, rows ⊇ m's rows. */
function covers(spec: ReportSpec, c: MeasureFacts, m: MeasureFacts): boolean {
  if (!c.expr || !m.expr || c.fact === undefined || c.fact !== m.fact) return false;
  const date = (x: MeasureFacts) =>
    x.date === null || x.date === undefined ? null : spec.date === 'auto' ? x.date : spec.date;
  if (date(c) !== date(m)) return false;
  const rows = measureRows({ expr: c.expr });
  return rows === null || JSON.stringify(rows) === JSON.stringify(measureRows({ expr: m.expr }));
}
