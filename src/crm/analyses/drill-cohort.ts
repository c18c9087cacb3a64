/**
 * Drill-down into cohorts: the clients of a cohort, or those who bought in its period k; under a
 * comparison, those of the cohort one comparison shift earlier (cohort-compare.ts).
 */
import type { Catalog } from '../../query/catalog.ts';
import { dateBucket } from '../../query/dimension.ts';
import { comparisonPeriod, comparisonShift, type Shift } from '../../query/period/period.ts';
import type { Grain, Period, SpecOf } from '../../query/spec/spec.ts';
import { agg, bin, col, eq, fn, lit } from '../../query/sql/ast.ts';
import { select, table, type Join, type Select } from '../../query/sql/stmt.ts';
import { COHORT_KEYS, firstPurchases, purchasePeriods, sameClient } from './cohort.ts';
import { cte, dealScope, periodStart, periodsBetween, purchases, ymd } from './common.ts';
import {
  cellValue,
  listed,
  splitCond,
  type AnalysisCell,
  type DrillNodes,
} from './drill-common.ts';

/** A cohort's clients (`cohort_size`) or those who bought in its period k (active, revenue). */
export function cohortRows(
  spec: SpecOf<'cohort'>,
  catalog: Catalog,
  key: string,
  cell: AnalysisCell,
  earlier = false,
): DrillNodes {
  const grain = spec.options.grain ?? 'month';
  const scope = dealScope(spec, catalog, COHORT_KEYS);
  const f = (c: string) => col('f', c);
  const shift = earlier && spec.compare && spec.period ? cohortShift(spec) : null;
  const ctes = [
    cte('p', purchases(scope, null)),
    cte('pp', purchasePeriods(grain)),
    cte('f', firstPurchases(grain, shift ? shift.period : spec.period)),
    ...(shift
      ? [cte('nf', firstPurchases(grain, spec.period)), cte('cur', cellCohortStart(grain, cell))]
      : []),
  ];
  // The earlier cohort is the one starting one shift before the row's own (cohort-compare.ts).
  const cur = col('cur', 'cohort_start');
  const where = [
    shift
      ? eq(f('cohort_start'), periodStart(bin('-', cur, { kind: 'interval', ...shift.by }), grain))
      : eq(dateBucket(f('cohort_start'), grain), cellValue(cell, 'cohort')),
    ...splitCond(scope, f('split'), cell),
  ];
  const curJoin: Join[] = shift ? [{ type: 'CROSS', item: table('cur') }] : [];
  const pp = (c: string) => col('pp', c);
  if (key === 'cohort_size') {
    const bare = (c: string) => col(null, c);
    ctes.push(
      cte(
        'rv',
        select(
          [
            [bare('client'), 'client'],
            [bare('split'), 'split'],
            [agg('sum', [bare('revenue')]), 'revenue'],
          ],
          table('pp'),
          { groupBy: [bare('client'), bare('split')] },
        ),
      ),
    );
    const rv = (c: string) => col('rv', c);
    return {
      ctes,
      from: table('f'),
      joins: [...curJoin, { type: 'LEFT', item: table('rv'), on: sameClient('rv') }],
      where,
      listed: [
        listed('client', f('client'), 'text'),
        listed('first_purchase', ymd(f('cohort_start')), 'date'),
        listed('revenue', fn('coalesce', rv('revenue'), lit(0)), 'money', 'measure'),
      ],
      fact: 'clients',
    };
  }
  return {
    ctes,
    from: table('f'),
    joins: [...curJoin, { type: 'INNER', item: table('pp'), on: sameClient('pp') }],
    where: [
      ...where,
      eq(periodsBetween(grain, f('cohort_start'), pp('per')), cellValue(cell, 'period_index')),
    ],
    listed: [
      listed('client', f('client'), 'text'),
      listed('period', dateBucket(pp('per'), grain), 'text'),
      listed('revenue', pp('revenue'), 'money', 'measure'),
    ],
    fact: 'clients',
  };
}

/** The comparison's shift and earlier period of a compared cohort report. */
function cohortShift(spec: SpecOf<'cohort'>): { by: Shift; period: Period } | null {
  if (!spec.compare || !spec.period) return null;
  return {
    by: comparisonShift(spec.period, spec.compare),
    period: comparisonPeriod(spec.period, spec.compare),
  };
}

/** CTE `cur`: the first day of the row's cohort, read by its key from the period's cohorts `nf`. */
function cellCohortStart(grain: Grain, cell: AnalysisCell): Select {
  const nf = (c: string) => col('nf', c);
  return select([[nf('cohort_start'), 'cohort_start']], table('nf'), {
    where: eq(dateBucket(nf('cohort_start'), grain), cellValue(cell, 'cohort')),
    groupBy: [nf('cohort_start')],
  });
}
