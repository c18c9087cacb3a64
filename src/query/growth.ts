/**
 * Growth from nothing. `m_growth` is `(m − m_previous) / |m_previous|`: with nothing before
 * (previous empty or 0) there is no such number and the cell stays NULL, so the result stays
 * numbers and its keys stay as documented. Such a member with something now (a manager hired this
 * year, a new source) has grown faster than any number says: a growth sort puts it first under
 * "fastest growth first" and after every number under a decline sort, and `m_growth_rank` ranks it
 * first. A growth that is truly undefined (0 → 0, nothing now) keeps no rank and sorts last either
 * way. The table reads the same fact from the same two numbers (charts/pivot/growth-marks.ts).
 */
import type { MeasureDef } from './catalog.ts';
import { bin, caseWhen, col, fn, isNull, lit, type Expr } from './sql/ast.ts';
import type { OrderKey } from './sql/stmt.ts';

/** 1 where a member has something now and nothing (empty or 0) before, else 0. */
export function fromNothing(value: Expr, previous: Expr): Expr {
  const before = bin('OR', isNull(previous), bin('=', previous, lit(0)));
  return caseWhen([[bin('AND', before, bin('>', value, lit(0))), lit(1)]], lit(0));
}

/**
 * Order keys for a growth, new members counted above every number: first when descending, after
 * the numbers (and before the undefined ones) when ascending.
 */
export function growthOrder(growth: Expr, isNew: Expr, desc: boolean): OrderKey[] {
  return desc
    ? [
        { expr: isNew, desc: true },
        { expr: growth, desc: true },
      ]
    : [{ expr: growth }, { expr: isNew, desc: true }];
}

/** The rank of a growth among `partition`, highest = 1, new members first; NULL when undefined. */
export function growthRank(growth: Expr, isNew: Expr, partition: Expr[]): Expr {
  const r: Expr = {
    kind: 'over',
    fn: fn('rank'),
    partitionBy: partition,
    orderBy: growthOrder(growth, isNew, true).map((o) => ({ expr: o.expr, desc: o.desc === true })),
  };
  return caseWhen([[bin('AND', isNull(growth), bin('=', isNew, lit(0))), lit(null)]], r);
}

/** The measure whose `<id>_growth` a sort key names among `measures`, if any. */
export function growthOf(key: string, measures: readonly MeasureDef[]): MeasureDef | undefined {
  return measures.find((m) => key === `${m.id}_growth`);
}

/** How the result's rows sort by a growth key: by its own columns, new members counted. */
export function growthSort(m: MeasureDef, desc: boolean): OrderKey[] {
  const isNew = fromNothing(col(null, m.id), col(null, `${m.id}_previous`));
  return growthOrder(col(null, `${m.id}_growth`), isNew, desc);
}
