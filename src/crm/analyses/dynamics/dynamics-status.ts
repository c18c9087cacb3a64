/**
 * The statuses of relationship dynamics, derived from each client's purchase periods alone, as
 * CTEs shared by the status counts and the transition matrix. Rules: docs/metrics.md,
 * "Relationship dynamics".
 *
 * Nothing is materialised per client × period. Periods are integers (`pi`, whole periods since a
 * fixed anchor), so a distance is a subtraction. One window over the purchase periods of each
 * client gives the purchase count n = j, the previous two and the next purchase period; from these
 * the status of a bought period is known, and the periods between two purchases (or after the
 * last one) form at most one lapsed and one lost run with known ends. Status counts then add up
 * runs with +1/−1 events and a running sum over the (small) period axis; transitions count how
 * many periods of each run fall in the shown range. Status names are attached at the very end.
 */
import type { Catalog } from '../../../query/catalog.ts';
import type { Grain, Period, SpecOf } from '../../../query/spec/spec.ts';
import {
  agg,
  bin,
  caseWhen,
  cast,
  col,
  dateLit,
  eq,
  fn,
  lit,
  type Expr,
} from '../../../query/sql/ast.ts';
import { afn, over } from '../../../query/sql/analytic.ts';
import {
  allCols,
  item,
  select,
  sub,
  table,
  type Cte,
  type Join,
  type Select,
} from '../../../query/sql/stmt.ts';
import {
  cte,
  deal,
  dealScope,
  periodStart,
  periodsBetween,
  purchases,
  type DealScope,
} from '../common.ts';

/** Statuses in display order. */
export const STATUSES = ['new', 'repeat', 'regular', 'returned', 'lapsed', 'lost'] as const;
export type Status = (typeof STATUSES)[number];

export const DEFAULT_LAPSE_AFTER = 2;
export const DEFAULT_REGULAR_AFTER = 3;

const KEYS = ['period', 'status', 'status_order', 'clients', 'revenue', 'from_status', 'to_status'];

/** Status codes: the 1-based position in {@link STATUSES} (= `status_order`). */
export const CODE: Record<Status, number> = {
  new: 1,
  repeat: 2,
  regular: 3,
  returned: 4,
  lapsed: 5,
  lost: 6,
};

/** The status name of a code (NULL stays NULL). */
export const statusName = (code: Expr): Expr =>
  caseWhen(
    STATUSES.map((s, i) => [eq(code, lit(i + 1)), lit(s)] as [Expr, Expr]),
    null,
  );

/** A period start of this grain; period indexes count whole periods from it. */
export function periodAnchor(grain: Grain): Expr {
  return dateLit(grain === 'week' ? '2000-01-03' : '2000-01-01');
}

/** The integer index of the period starting at `start`. */
export const periodIndex = (grain: Grain, start: Expr): Expr =>
  periodsBetween(grain, periodAnchor(grain), start);

export interface StatusQuery {
  scope: DealScope;
  grain: Grain;
  ctes: Cte[];
  /**
   * Index of the first shown period: a literal with `spec.period`, else `range.first_pi` (the
   * earliest purchase period; the caller's FROM must include `range`).
   */
  shownFrom: Expr;
  /** Its start as a DATE (same rule). */
  shownFromDate: Expr;
  /** Consecutive non-bought periods up to which a client is lapsed (≥ 0; 0 = straight to lost). */
  lapsedMax: number;
}

/** The spec's dynamics settings with their defaults. */
function settings(spec: SpecOf<'dynamics'>) {
  const grain = spec.options.grain ?? 'quarter';
  const lapseAfter = spec.options.lapseAfter ?? DEFAULT_LAPSE_AFTER;
  const regularAfter = spec.options.regularAfter ?? DEFAULT_REGULAR_AFTER;
  // gap ≤ lapseAfter for an integer gap ≥ 1.
  const lapsedMax = Math.max(Math.floor(lapseAfter), 0);
  return { grain, regularAfter, lapsedMax };
}

/** CTE `pp`: revenue per client, split and purchase period, with the period's index. */
function purchasePeriods(grain: Grain): Select {
  const pc = (c: string) => col('p', c);
  const per = periodStart(pc('day'), grain);
  const perPeriod = select(
    [
      [pc('client'), 'client'],
      [pc('split'), 'split'],
      [per, 'per'],
      [fn('coalesce', agg('sum', [pc('amount')]), lit(0)), 'revenue'],
    ],
    table('p'),
    { groupBy: [pc('client'), pc('split'), per] },
  );
  return {
    kind: 'select',
    columns: [allCols(), item(periodIndex(grain, col(null, 'per')), 'pi')],
    from: sub(perPeriod, 'g'),
  };
}

/** CTE `span`: the last period, the one holding `period.to` or else the latest deal date. */
function lastPeriod(period: Period | null, grain: Grain): Select {
  // max(greatest(a, b)) = greatest(max(a), max(b)); DATE casts keep the order.
  const latest = fn(
    'greatest',
    cast(agg('max', [deal('created_at')]), 'DATE'),
    cast(agg('max', [deal('closed_at')]), 'DATE'),
  );
  const last: Select = period
    ? { kind: 'select', columns: [item(periodStart(dateLit(period.to), grain), 'last_per')] }
    : select([[periodStart(latest, grain), 'last_per']], table('deals'));
  const lastPer = col(null, 'last_per');
  return select(
    [
      [lastPer, 'last_per'],
      [periodIndex(grain, lastPer), 'last_pi'],
    ],
    sub(last, 'l'),
  );
}

/** `CROSS JOIN "name"`. */
export const crossJoin = (name: string): Join => ({ type: 'CROSS', item: table(name) });

/** CTE `pw`: each purchase period with the purchase count so far and its neighbours. */
function purchaseWindows(): Select {
  const pp = (c: string) => col('pp', c);
  const w = (f: Expr) => over(f, [pp('client'), pp('split')], [pp('pi')]);
  return select(
    [
      [pp('client'), 'client'],
      [pp('split'), 'split'],
      [pp('pi'), 'pi'],
      [pp('revenue'), 'revenue'],
      [w(fn('row_number')), 'j'],
      [w(afn('lag', pp('pi'))), 'prev1'],
      [w(afn('lag', pp('pi'), lit(2))), 'prev2'],
      [w(afn('lead', pp('pi'))), 'next1'],
    ],
    table('pp'),
    { joins: [crossJoin('span')], where: bin('<=', pp('pi'), col('span', 'last_pi')) },
  );
}

/** CTE `pr`: each purchase period's status, the status before it, and the end of the gap after it. */
function purchaseStatuses(lapsedMax: number, regularAfter: number): Select {
  const x = (c: string) => col('pw', c);
  const ge = (a: Expr, n: number) => bin('>=', a, lit(n));
  // Status of a bought period: the j-th purchase period, `step` periods after the previous one.
  const bought = (j: Expr, step: Expr): Expr =>
    caseWhen(
      [
        [eq(j, lit(1)), lit(CODE.new)],
        [ge(step, 2), lit(CODE.returned)],
        [bin('>=', j, lit(regularAfter)), lit(CODE.regular)],
      ],
      lit(CODE.repeat),
    );
  const j1 = bin('-', x('j'), lit(1));
  const code = bought(x('j'), bin('-', x('pi'), x('prev1')));
  const fromCode = caseWhen(
    [
      [eq(x('j'), lit(1)), lit(null)],
      [eq(bin('-', x('pi'), x('prev1')), lit(1)), bought(j1, bin('-', x('prev1'), x('prev2')))],
      // The period before was a gap of pi − 1 − prev1 periods.
      [
        bin('<=', bin('-', bin('-', x('pi'), lit(1)), x('prev1')), lit(lapsedMax)),
        lit(CODE.lapsed),
      ],
    ],
    lit(CODE.lost),
  );
  const gapEnd = fn(
    'least',
    fn('coalesce', bin('-', x('next1'), lit(1)), col('span', 'last_pi')),
    col('span', 'last_pi'),
  );
  return select(
    [
      [x('client'), 'client'],
      [x('split'), 'split'],
      [x('pi'), 'pi'],
      [x('revenue'), 'revenue'],
      [x('j'), 'j'],
      [code, 'code'],
      [fromCode, 'from_code'],
      [gapEnd, 'gap_end'],
    ],
    table('pw'),
    { joins: [crossJoin('span')] },
  );
}

/**
 * CTEs:
 * - `p` purchases, `pp` per client, split and purchase period (`per` DATE, `pi` index, `revenue`);
 * - `span` the last period (`last_per`, `last_pi`): the one holding `spec.period.to`, or else the
 *   latest created/closed date of any deal;
 * - `range` the earliest purchase period (`first_per`, `first_pi`);
 * - `pr` one row per client, split and purchase period up to the last period, with `j` (purchase
 *   periods so far), `code` (status code of that period), `from_code` (status code of the period
 *   before, NULL in the first) and `gap_end` (the last non-bought period after it, clipped to the
 *   last period; < pi + 1 when there is none).
 */
export function statusQuery(spec: SpecOf<'dynamics'>, catalog: Catalog): StatusQuery {
  const { grain, regularAfter, lapsedMax } = settings(spec);
  const scope = dealScope(spec, catalog, KEYS);
  const ctes: Cte[] = [
    cte('p', purchases(scope, null)),
    cte('pp', purchasePeriods(grain)),
    cte('span', lastPeriod(spec.period, grain)),
    cte(
      'range',
      select(
        [
          [agg('min', [col(null, 'per')]), 'first_per'],
          [agg('min', [col(null, 'pi')]), 'first_pi'],
        ],
        table('pp'),
      ),
    ),
    cte('pw', purchaseWindows()),
    cte('pr', purchaseStatuses(lapsedMax, regularAfter)),
  ];
  const firstShown = spec.period ? periodStart(dateLit(spec.period.from), grain) : null;
  const shownFrom = firstShown ? periodIndex(grain, firstShown) : col('range', 'first_pi');
  const shownFromDate = firstShown ?? col('range', 'first_per');
  return { scope, grain, ctes, shownFrom, shownFromDate, lapsedMax };
}

/** Status code of a non-bought period `gap` periods after the latest purchase. */
export const gapCode = (gap: Expr, lapsedMax: number): Expr =>
  caseWhen([[bin('<=', gap, lit(lapsedMax)), lit(CODE.lapsed)]], lit(CODE.lost));
