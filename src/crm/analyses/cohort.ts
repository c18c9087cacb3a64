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
import {
  dealScope,
  dimCol,
  inPeriod,
  p,
  periodStart,
  periodsBetween,
  purchasesQuery,
  q,
  select,
  splitColumn,
  splitSelect,
  valCol,
  withCtes,
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
export function purchasePeriods(grain: Grain): string {
  const per = periodStart(pc('day'), grain);
  return select(
    [
      [pc('client'), 'client'],
      [pc('split'), 'split'],
      [per, 'per'],
      [fn('coalesce', agg('sum', [pc('amount')]), lit(0)), 'revenue'],
    ],
    q('p'),
    [],
    `GROUP BY ${p(pc('client'))}, ${p(pc('split'))}, ${p(per)}`,
  );
}

/** CTE `f`: each client's cohort, the period of their first purchase, if it falls in `period`. */
export function firstPurchases(grain: Grain, period: Period | null): string {
  const first = agg('min', [pc('day')]);
  return select(
    [
      [pc('client'), 'client'],
      [pc('split'), 'split'],
      [periodStart(first, grain), 'cohort_start'],
    ],
    q('p'),
    [],
    `GROUP BY ${p(pc('client'))}, ${p(pc('split'))}${period ? `\n  HAVING ${p(and(...inPeriod(first, period)))}` : ''}`,
  );
}

/** CTE `sz`: clients per cohort. */
function cohortSizes(): string {
  return select(
    [
      [f('split'), 'split'],
      [f('cohort_start'), 'cohort_start'],
      [agg('count', []), 'cohort_size'],
    ],
    q('f'),
    [],
    `GROUP BY ${p(f('split'))}, ${p(f('cohort_start'))}`,
  );
}

/** CTE `grid`: every cohort with every period index k from 0 to the last period with a purchase. */
function cohortGrid(grain: Grain): string {
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
    `${q('sz')} CROSS JOIN ${q('last')}`,
  );
}

/** CTE `act`: active clients and revenue per cohort and period index. */
function cohortActivity(grain: Grain): string {
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
    `${q('f')} JOIN ${q('pp')} ON ${p(and(eq(f('client'), pp('client')), bin('IS NOT DISTINCT FROM', f('split'), pp('split'))))}`,
    [],
    `GROUP BY ${p(f('split'))}, ${p(f('cohort_start'))}, ${p(k)}`,
  );
}

/** The final SELECT: the grid with its activity, retention and cumulative revenue per client. */
function cohortSelect(scope: DealScope, grain: Grain): string {
  const g = (c: string) => col('grid', c);
  const a = (c: string) => col('act', c);
  const active = fn('coalesce', a('active'), lit(0));
  const revenue = fn('coalesce', a('revenue'), lit(0));
  const size = cast(g('cohort_size'), 'DOUBLE');
  const cumulative = over(agg('sum', [revenue]), [g('split'), g('cohort_start')], [g('k')]);
  const out: [Expr, string][] = [
    ...splitSelect(scope, g('split')),
    [dateBucket(g('cohort_start'), grain), 'cohort'],
    [g('cohort_size'), 'cohort_size'],
    [g('k'), 'period_index'],
    [active, 'active_clients'],
    [bin('/', cast(active, 'DOUBLE'), size), 'retention'],
    [revenue, 'revenue'],
    [bin('/', cumulative, size), 'cumulative_revenue_per_client'],
  ];
  const on = and(
    bin('IS NOT DISTINCT FROM', a('split'), g('split')),
    eq(a('cohort_start'), g('cohort_start')),
    eq(a('k'), g('k')),
  );
  const order = `ORDER BY ${p(g('split'))} ASC NULLS LAST, ${p(g('cohort_start'))}, ${p(g('k'))}`;
  return `${select(out, `${q('grid')} LEFT JOIN ${q('act')} ON ${p(on)}`)}\n${order}`;
}

/**
 * One row per cohort (per split value and cohort with `spec.rows[0]`) and period index k = 0, 1, …
 * up to the last period with any purchase in scope. `spec.period` selects the cohorts (clients whose
 * first purchase falls in it); their purchases are then followed to the end of the data.
 */
export function compileCohort(spec: SpecOf<'cohort'>, catalog: Catalog): CompiledQuery {
  const grain = spec.options.grain ?? 'month';
  const scope = dealScope(spec, catalog, COHORT_KEYS);
  const ctes: [string, string][] = [
    ['p', purchasesQuery(scope, null)],
    ['pp', purchasePeriods(grain)],
    ['f', firstPurchases(grain, spec.period)],
    ['last', `SELECT max(${q('per')}) AS ${q('last_per')} FROM ${q('pp')}`],
    ['sz', cohortSizes()],
    ['grid', cohortGrid(grain)],
    ['act', cohortActivity(grain)],
  ];
  return {
    sql: withCtes(ctes, cohortSelect(scope, grain)),
    columns: [
      ...splitColumn(scope),
      dimCol('cohort'),
      valCol('cohort_size', 'int'),
      dimCol('period_index', 'int'),
      valCol('active_clients', 'int'),
      valCol('retention', 'pct'),
      valCol('revenue', 'money'),
      valCol('cumulative_revenue_per_client', 'money'),
    ],
    hasTotals: false,
    notes: scope.notes,
  };
}
