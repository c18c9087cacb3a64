/**
 * The open deals that carry most of a forecast (`options.topDeals`): each deal's chance to be won
 * within the whole horizon (the sum of its slices' chances: they are exclusive), times its amount,
 * ranked by that expected revenue. Read off the same `pd` rows the forecast adds up, so the list's
 * expected revenue over every deal is the forecast's.
 */
import type { CompiledQuery, OutputColumn } from '../../../query/compiled.ts';
import { msg } from '../../../lib/message.ts';
import { col, fn } from '../../../query/sql/ast.ts';
import { dimCol, p, q, valCol, withCtes } from '../common.ts';
import type { ForecastParts } from './forecast.ts';

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
  const any = (c: string) => p(fn('any_value', col('pd', c)));
  const pd = (c: string) => `${q('pd')}.${q(c)}`;
  const ctes: [string, string][] = [
    ...f.ctes,
    [
      'per_deal',
      `SELECT ${pd('t')} AS ${q('t')}, ${pd('rid')} AS ${q('rid')},
    ${any('id')} AS ${q('deal')}, ${any('title')} AS ${q('title')},
    ${any('at_stage')} AS ${q('stage')},
    date_diff('day', ${any('entered')}, ${pd('t')}) AS ${q('days_in_stage')},
    ${any('manager')} AS ${q('manager')}, ${any('amount')} AS ${q('amount')},
    sum(${pd('p')}) AS ${q('probability')}, sum(${pd('p')} * ${pd('amount')}) AS ${q('expected_revenue')}
  FROM ${q('pd')}
  GROUP BY ${q('t')}, ${q('rid')}`,
    ],
  ];
  const final = `SELECT ${TOP_DEALS_KEYS.slice(0, -1)
    .map((k) => q(k))
    .join(', ')},
  ${q('expected_revenue')} / nullif(sum(${q('expected_revenue')}) OVER (), 0) AS ${q('share_of_expected')}
FROM ${q('per_deal')}
ORDER BY ${q('expected_revenue')} DESC, ${q('probability')} DESC, ${q('deal')} ASC NULLS LAST, ${q('rid')}
LIMIT ${Math.min(TOP_DEALS_MAX, Math.max(1, Math.floor(limit)))}`;
  const columns: OutputColumn[] = [
    dimCol('deal'),
    dimCol('title'),
    dimCol('stage'),
    valCol('days_in_stage', 'int'),
    dimCol('manager'),
    valCol('amount', 'money'),
    valCol('probability', 'pct'),
    valCol('expected_revenue', 'money'),
    valCol('share_of_expected', 'pct'),
  ];
  return {
    sql: withCtes(ctes, final, f.materialized),
    columns,
    hasTotals: false,
    notes: [...f.scope.notes, msg('note_forecastMethod', {})],
  };
}
