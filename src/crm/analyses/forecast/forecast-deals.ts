/**
 * The open deals that carry most of a forecast (`options.topDeals`): each deal's chance to be won
 * within the whole horizon (the sum of its slices' chances: they are exclusive), times its amount,
 * ranked by that expected revenue. Read off the same `pd` rows the forecast adds up, so the list's
 * expected revenue over every deal is the forecast's.
 */
import type { CompiledQuery } from '../../../query/compiled.ts';
import { msg } from '../../../lib/message.ts';
import { bin, col, fn, lit, type Expr } from '../../../query/sql/ast.ts';
import { printQuery } from '../../../query/sql/print.ts';
import { select, table } from '../../../query/sql/stmt.ts';
import { cte, dimCol, valCol, withNodes } from '../common.ts';
import type { ForecastParts } from './forecast.ts';
import { FORECAST_NEEDS, keepAnswerable, keptNote } from '../column-needs.ts';

/** The most deals a list may ask for. */
export const TOP_DEALS_MAX = 1000;

export const TOP_DEALS_KEYS = [
  'deal',
  'title',
  'stage',
  'days_in_stage',
  'manager',
  'amount',
  'probability',
  'expected_revenue',
  'share_of_expected',
] as const;

export function topDealsQuery(f: ForecastParts, limit: number): CompiledQuery {
  // Qualified: ClickHouse would read a bare `amount` as the alias given below.
  const pd = (c: string) => col('pd', c);
  const any = (c: string) => fn('any_value', pd(c));
  const c = (name: string) => col(null, name);
  const perDeal = select(
    [
      [pd('t'), 't'],
      [pd('rid'), 'rid'],
      [any('id'), 'deal'],
      [any('title'), 'title'],
      [any('at_stage'), 'stage'],
      [fn('date_diff', lit('day'), any('entered'), pd('t')), 'days_in_stage'],
      [any('manager'), 'manager'],
      [any('amount'), 'amount'],
      [fn('sum', pd('p')), 'probability'],
      [fn('sum', bin('*', pd('p'), pd('amount'))), 'expected_revenue'],
    ],
    table('pd'),
    { groupBy: [c('t'), c('rid')] },
  );
  const share: Expr = bin(
    '/',
    c('expected_revenue'),
    fn(
      'nullif',
      {
        kind: 'over',
        fn: fn('sum', c('expected_revenue')),
        partitionBy: [],
        orderBy: [],
      },
      lit(0),
    ),
  );
  const kept = keepAnswerable(
    [
      ...TOP_DEALS_KEYS.slice(0, -1).map((k): [Expr, string] => [c(k), k]),
      [share, 'share_of_expected'],
    ],
    [
      dimCol('deal'),
      dimCol('title'),
      dimCol('stage'),
      valCol('days_in_stage', 'int'),
      dimCol('manager'),
      valCol('amount', 'money'),
      valCol('probability', 'pct'),
      valCol('expected_revenue', 'money'),
      valCol('share_of_expected', 'pct'),
    ],
    FORECAST_NEEDS,
    f.data,
  );
  // Without amounts every expected revenue is 0, and the deals rank by their chance alone.
  const final = select(kept.items, table('per_deal'), {
    orderBy: [
      { expr: c('expected_revenue'), desc: true },
      { expr: c('probability'), desc: true },
      { expr: c('deal') },
      { expr: c('rid') },
    ],
    limit: Math.min(TOP_DEALS_MAX, Math.max(1, Math.floor(limit))),
  });
  const sql = printQuery(withNodes([...f.ctes, cte('per_deal', perDeal)], final));
  return {
    sql,
    columns: kept.columns,
    hasTotals: false,
    notes: [
      ...f.scope.notes,
      msg('note_forecastMethod', {}),
      ...keptNote(kept, msg('note_forecastDealsByChance')),
    ],
  };
}
