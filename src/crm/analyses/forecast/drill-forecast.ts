/**
 * The deals behind a forecast's number, read off the same `pd` rows the number adds up: for an
 * expectation (`expected_won`, `expected_revenue`) the deals open at the as-of date with their
 * chance in that slice (and that chance × amount), so the listed chances add up to the expected
 * won deals and the listed expected revenue to the expected revenue; for an actual (`actual_won`,
 * `actual_revenue`) the deals open then and won in that slice. A backtest row lists the same over
 * its whole horizon, as of its date.
 */
import type { Catalog } from '../../../query/catalog.ts';
import { factListColumns, type Listed } from '../../../query/drill.ts';
import type { SpecOf } from '../../../query/spec/spec.ts';
import { bin, col, eq, fn, lit, type Expr } from '../../../query/sql/ast.ts';
import { cellValue, listed, type AnalysisCell, type DrillNodes } from '../drill-common.ts';
import { table } from '../../../query/sql/stmt.ts';
import { forecastParts } from './forecast.ts';
import { formatNeeds } from '../column-needs.ts';
import { lacking } from '../../needs.ts';

export const FORECAST_DRILLABLE = [
  'expected_won',
  'expected_revenue',
  'actual_won',
  'actual_revenue',
];

export function forecastDrillRows(
  spec: SpecOf<'forecast'>,
  catalog: Catalog,
  key: string,
  cell: AnalysisCell,
): DrillNodes {
  const own = factListColumns(catalog, 'deals');
  const f = forecastParts(
    spec,
    catalog,
    own.map((c, i): [Expr, string] => [c.expr, `_l${i}`]),
  );
  const { ctes } = f;
  const from = table('pd');
  const pd = (c: string) => col('pd', c);
  const where: Expr[] = f.backtest
    ? [eq(fn('format_date', pd('t'), lit('%Y-%m-%d')), cellValue(cell, 'as_of'))]
    : [eq(pd('period'), cellValue(cell, 'period'))];
  // A total row of a split (`_grouping` 1) stands for every member.
  const split = f.scope.split;
  if (split && !f.backtest && Number(cell._grouping ?? 0) !== 1)
    where.push(bin('IS NOT DISTINCT FROM', pd('split'), cellValue(cell, split.key)));
  const deals = own.map((c, i): Listed => ({ column: c.column, expr: pd(`_l${i}`) }));
  if (key.startsWith('actual_')) {
    where.push(eq(pd('won_in'), lit(true)));
    return {
      ctes,
      from,
      joins: [],
      where,
      listed: deals,
      fact: 'deals',
    };
  }
  // Deals with no chance in the slice add nothing to the number: left out of its list.
  where.push(bin('>', pd('p'), lit(0)));
  return {
    ctes,
    from,
    joins: [],
    where,
    listed: [
      ...deals,
      listed('probability', pd('p'), 'number', 'measure'),
      // Without deal amounts every deal's expected revenue would read 0.
      ...(lacking(formatNeeds('money'), catalog).length
        ? []
        : [listed('expected_revenue', bin('*', pd('p'), pd('amount')), 'money', 'measure')]),
    ],
    fact: 'deals',
  };
}
