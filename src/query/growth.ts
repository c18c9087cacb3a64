/**
 * Growth without a number. `m_growth` is `(m − m_previous) / |m_previous|`: with nothing before,
 * or exactly 0 before, there is no such number and the cell stays NULL, so the result stays
 * numbers and its keys stay as documented. Two such members are told apart by the data, never by
 * a string the SQL invents: `m_earlier` says whether the earlier period had anything for the
 * member (rows of the measure's fact there; for a ratio or an average, a value), so
 * - "new": something now, nothing before (a manager hired this year, a new source);
 * - "from 0": something now, rows before but a value of exactly 0 (won nothing of 5 closed deals:
 *   revenue 0, win rate 0 %). Its Δ is a number; only its growth in per cent is not.
 * Both have grown faster than any number says: a growth sort puts new members first under
 * "fastest growth first", then those from 0, then the numbers, and `m_growth_rank` ranks them so;
 * a decline sort reverses that after the numbers. A growth that is truly undefined (0 → 0, nothing
 * now) keeps no rank and sorts last either way. The table reads the same tiers from the same
 * columns (charts/pivot/growth-marks.ts).
 */
import type { MeasureDef } from './catalog.ts';
import { bin, caseWhen, cast, col, fn, isNull, lit, type Expr } from './sql/ast.ts';
import type { OrderKey } from './sql/stmt.ts';

/**
 * `m_growth` before its cast: `(m − m_previous) / |m_previous|` from the Δ, NULL from 0 (and from
 * nothing, as NULL − x is NULL). The one rule of the pivot, the funnel, LTV and dynamics.
 */
export function growthValue(delta: Expr, previous: Expr): Expr {
  return caseWhen([[bin('=', previous, lit(0)), lit(null)]], bin('/', delta, fn('abs', previous)));
}

/** The suffix of the result column saying whether the earlier period had anything (1) or not (0). */
export const EARLIER = '_earlier';

/**
 * `m_earlier`: 1 where the earlier period had anything for the member, else 0. An additive
 * measure reads 0 without rows, so it asks its fact's row count there (`rows`); an average or a
 * rate is NULL over nothing.
 */
export function earlierValue(m: MeasureDef, previous: Expr, rows: () => Expr): Expr {
  // Cast: DuckDB types the literals INTEGER, ClickHouse UInt8; every engine returns the same type.
  if (m.ratio || !m.additive)
    return cast(caseWhen([[isNull(previous), lit(0)]], lit(1)), 'INTEGER');
  const had = bin('>', fn('coalesce', rows(), lit(0)), lit(0));
  return cast(caseWhen([[had, lit(1)]], lit(0)), 'INTEGER');
}

/**
 * 2 where a member has something now and nothing before (`earlier` 0), 1 where it had rows before
 * with a value of exactly 0, else 0. `earlier` is NULL for a measure without a previous value.
 */
export function growthTier(value: Expr, previous: Expr, earlier: Expr): Expr {
  const now = bin('>', value, lit(0));
  return caseWhen(
    [
      [bin('AND', now, bin('=', earlier, lit(0))), lit(2)],
      [bin('AND', now, bin('AND', bin('=', earlier, lit(1)), bin('=', previous, lit(0)))), lit(1)],
    ],
    lit(0),
  );
}

/**
 * Order keys for a growth, tiers counted above every number: new, from 0, then the numbers when
 * descending; the numbers, from 0, new when ascending (the undefined ones last either way).
 */
export function growthOrder(growth: Expr, tier: Expr, desc: boolean): OrderKey[] {
  return desc
    ? [
        { expr: tier, desc: true },
        { expr: growth, desc: true },
      ]
    : [{ expr: growth }, { expr: fn('nullif', tier, lit(0)) }];
}

/** The rank of a growth among `partition`, highest = 1, tiers first; NULL when undefined. */
export function growthRank(growth: Expr, tier: Expr, partition: Expr[]): Expr {
  const r: Expr = {
    kind: 'over',
    fn: fn('rank'),
    partitionBy: partition,
    orderBy: growthOrder(growth, tier, true).map((o) => ({ expr: o.expr, desc: o.desc === true })),
  };
  return caseWhen([[bin('AND', isNull(growth), bin('=', tier, lit(0))), lit(null)]], r);
}

/** The measure whose `<id>_growth` a sort key names among `measures`, if any. */
export function growthOf(key: string, measures: readonly MeasureDef[]): MeasureDef | undefined {
  return measures.find((m) => key === `${m.id}_growth`);
}

/** How the result's rows sort by a growth key: by its own columns, the tiers counted. */
export function growthSort(m: MeasureDef, desc: boolean): OrderKey[] {
  const c = (suffix: string) => col(null, `${m.id}${suffix}`);
  return growthOrder(c('_growth'), growthTier(c(''), c('_previous'), c(EARLIER)), desc);
}
