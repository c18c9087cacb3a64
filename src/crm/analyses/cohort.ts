/**
 * Purchase cohorts: clients grouped by the period of their first won deal, followed period by
 * period since. Rules: docs/metrics.md, "Cohorts".
 */
import type { Catalog } from '../../query/catalog.ts';
import type { CompiledQuery } from '../../query/compiled.ts';
import { dateBucket } from '../../query/dimension.ts';
import type { Grain, Period, SpecOf } from '../../query/spec/spec.ts';
import { agg, and, bin, cast, col, eq, fn, lit, type Expr } from '../../query/sql/ast.ts';
import { over } from '../../query/sql/analytic.ts';
import { leftOutNote } from '../needs.ts';
import { keepAnswerable } from './column-needs.ts';
import { printQuery } from '../../query/sql/print.ts';
import { select, table, type Query, type Select } from '../../query/sql/stmt.ts';
import { prefixCtes } from '../../query/sql/rename.ts';
import { comparisonPeriod, comparisonShift, type Shift } from '../../query/period/period.ts';
import { CompileError } from '../../query/resolve.ts';
import { comparedColumns, earlierJoins, withCompared } from './cohort-compare.ts';
import {
  cte,
  dealScope,
  dimCol,
  inPeriod,
  periodStart,
  periodsBetween,
  purchases,
  splitColumn,
  splitSelect,
  valCol,
  essential,
  secondary,
  withNodes,
  type DealScope,
} from './common.ts';

export const COHORT_KEYS = [
  'cohort',
  'cohort_size',
  'period_index',
  'active_clients',
  'retention',
  'revenue',
  'cumulative_revenue_per_client',
];

const pc = (c: string) => col('p', c);
const f = (c: string) => col('f', c);

/** CTE `pp`: revenue per client, split and purchase period. */
export function purchasePeriods(grain: Grain): Select {
  const per = periodStart(pc('day'), grain);
  return select(
    [
      [pc('client'), 'client'],
      [pc('split'), 'split'],
      [per, 'per'],
      [fn('coalesce', agg('sum', [pc('amount')]), lit(0)), 'revenue'],
    ],
    table('p'),
    { groupBy: [pc('client'), pc('split'), per] },
  );
}

/** CTE `f`: each client's cohort, the period of their first purchase, if it falls in `period`. */
export function firstPurchases(grain: Grain, period: Period | null): Select {
  const first = agg('min', [pc('day')]);
  return select(
    [
      [pc('client'), 'client'],
      [pc('split'), 'split'],
      [periodStart(first, grain), 'cohort_start'],
    ],
    table('p'),
    {
      groupBy: [pc('client'), pc('split')],
      ...(period ? { having: and(...inPeriod(first, period)) } : {}),
    },
  );
}

/** CTE `sz`: clients per cohort. */
function cohortSizes(): Select {
  return select(
    [
      [f('split'), 'split'],
      [f('cohort_start'), 'cohort_start'],
      [agg('count', []), 'cohort_size'],
    ],
    table('f'),
    { groupBy: [f('split'), f('cohort_start')] },
  );
}

/** CTE `last`: the last period with a purchase. */
function lastPeriod(): Select {
  return select([[agg('max', [col(null, 'per')]), 'last_per']], table('pp'));
}

/** CTE `grid`: every cohort with every period index k from 0 to the last period with a purchase. */
function cohortGrid(grain: Grain): Select {
  const sz = (c: string) => col('sz', c);
  return select(
    [
      [sz('split'), 'split'],
      [sz('cohort_start'), 'cohort_start'],
      [sz('cohort_size'), 'cohort_size'],
      [
        fn('series', lit(0), periodsBetween(grain, sz('cohort_start'), col('last', 'last_per'))),
        'k',
      ],
    ],
    table('sz'),
    { joins: [{ type: 'CROSS', item: table('last') }] },
  );
}

/** The same client (and split value) in `f` and `other`. */
export function sameClient(other: string): Expr {
  const o = (c: string) => col(other, c);
  return and(eq(f('client'), o('client')), bin('IS NOT DISTINCT FROM', f('split'), o('split')));
}

/** CTE `act`: active clients and revenue per cohort and period index. */
function cohortActivity(grain: Grain): Select {
  const pp = (c: string) => col('pp', c);
  const k = periodsBetween(grain, f('cohort_start'), pp('per'));
  return select(
    [
      [f('split'), 'split'],
      [f('cohort_start'), 'cohort_start'],
      [k, 'k'],
      [agg('count', []), 'active'],
      [agg('sum', [pp('revenue')]), 'revenue'],
    ],
    table('f'),
    {
      joins: [{ type: 'INNER', item: table('pp'), on: sameClient('pp') }],
      groupBy: [f('split'), f('cohort_start'), k],
    },
  );
}

/**
 * The final SELECT: the grid with its activity, retention and cumulative revenue per client;
 * `keep` picks which of the value items stay (without deal amounts the revenue ones read 0).
 */
function cohortSelect(
  scope: DealScope,
  grain: Grain,
  keep: (items: [Expr, string][]) => [Expr, string][],
  shift: Shift | null,
): Select {
  const g = (c: string) => col('grid', c);
  const a = (c: string) => col('act', c);
  const active = fn('coalesce', a('active'), lit(0));
  const revenue = fn('coalesce', a('revenue'), lit(0));
  const size = cast(g('cohort_size'), 'DOUBLE');
  const cumulative = over(agg('sum', [revenue]), [g('split'), g('cohort_start')], [g('k')]);
  const own: [Expr, string][] = keep([
    ...splitSelect(scope, g('split')),
    [dateBucket(g('cohort_start'), grain), 'cohort'],
    [g('cohort_size'), 'cohort_size'],
    [g('k'), 'period_index'],
    [active, 'active_clients'],
    [bin('/', cast(active, 'DOUBLE'), size), 'retention'],
    [revenue, 'revenue'],
    [bin('/', cumulative, size), 'cumulative_revenue_per_client'],
  ]);
  const out = shift ? withCompared(own) : own;
  const on = and(
    bin('IS NOT DISTINCT FROM', a('split'), g('split')),
    eq(a('cohort_start'), g('cohort_start')),
    eq(a('k'), g('k')),
  );
  return select(out, table('grid'), {
    joins: [
      { type: 'LEFT', item: table('act'), on },
      ...(shift ? earlierJoins(shift, grain, 'e_sz', 'e_act') : []),
    ],
    orderBy: [{ expr: g('split') }, { expr: g('cohort_start') }, { expr: g('k') }],
  });
}

/** The cohort table as a statement (see {@link compileCohort}). */
function cohortQuery(
  spec: SpecOf<'cohort'>,
  scope: DealScope,
  grain: Grain,
  keep: (items: [Expr, string][]) => [Expr, string][],
): Query {
  const shift = spec.compare && spec.period ? comparisonShift(spec.period, spec.compare) : null;
  return withNodes(
    [
      cte('p', purchases(scope, null)),
      cte('pp', purchasePeriods(grain)),
      cte('f', firstPurchases(grain, spec.period)),
      cte('last', lastPeriod()),
      cte('sz', cohortSizes()),
      cte('grid', cohortGrid(grain)),
      cte('act', cohortActivity(grain)),
      ...(spec.compare && spec.period
        ? earlierCohorts(grain, comparisonPeriod(spec.period, spec.compare))
        : []),
    ],
    cohortSelect(scope, grain, keep, shift),
  );
}

/**
 * CTEs `e_f`, `e_sz`, `e_act`: the cohorts of the earlier period, their sizes and activity, built
 * as the period's are from the same purchases (`p`, `pp`), so both sides count alike.
 */
function earlierCohorts(grain: Grain, earlier: Period): NonNullable<Query['with']> {
  const q = withNodes(
    [
      cte('f', firstPurchases(grain, earlier)),
      cte('sz', cohortSizes()),
      cte('act', cohortActivity(grain)),
    ],
    select([[lit(1), 'one']], table('act')),
  );
  return prefixCtes(q, 'e_').with ?? [];
}

/**
 * One row per cohort (per split value and cohort with `spec.rows[0]`) and period index k = 0, 1, …
 * up to the last period with any purchase in scope. `spec.period` selects the cohorts (clients whose
 * first purchase falls in it); their purchases are then followed to the end of the data.
 */
export function compileCohort(spec: SpecOf<'cohort'>, catalog: Catalog): CompiledQuery {
  if (spec.compare && !spec.period) throw new CompileError('compile_compareNeedsPeriod');
  const grain = spec.options.grain ?? 'month';
  const scope = dealScope(spec, catalog, COHORT_KEYS);
  const columns = [
    ...splitColumn(scope),
    dimCol('cohort'),
    valCol('cohort_size', 'int'),
    dimCol('period_index', 'int'),
    valCol('active_clients', 'int'),
    // Retention is what a cohort table is read for: a narrow tile keeps it.
    essential(valCol('retention', 'pct')),
    valCol('revenue', 'money'),
    // The revenue of ages 0 … k over the cohort's size, told by the columns beside it: a
    // compared table too wide for its box leaves it out first (OutputColumn.secondary).
    secondary(valCol('cumulative_revenue_per_client', 'money')),
  ];
  // Without deal amounts (a lead export such as Olist's) the revenue columns read 0 in every
  // cohort: they are left out and a note says why, as LTV and the forecast do.
  const kept = keepAnswerable([], columns, {}, catalog);
  const out = new Set(kept.left);
  const keep = (items: [Expr, string][]) => items.filter(([, key]) => !out.has(key));
  return {
    sql: printQuery(cohortQuery(spec, scope, grain, keep)),
    columns: spec.compare ? comparedColumns(kept.columns, scope.split?.key ?? null) : kept.columns,
    hasTotals: false,
    notes: [...scope.notes, ...(kept.left.length > 0 ? [leftOutNote(kept.left, kept.lacks)] : [])],
  };
}
