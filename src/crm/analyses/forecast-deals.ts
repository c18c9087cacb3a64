/**
 * The open deals that carry most of a forecast (`options.topDeals`): each deal's chance to be won
 * within the whole horizon (the sum of its slices' chances: they are exclusive), times its amount,
 * ranked by that expected revenue. Read off the same `pd` rows the forecast adds up, so the list's
 * expected revenue over every deal is the forecast's.
 */
import type { CompiledQuery, OutputColumn } from '../../query/compiled.ts';
import { msg } from '../../lib/message.ts';
import { dimCol, q, valCol, withCtes } from './common.ts';
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
  const ctes: [string, string][] = [
    ...f.ctes,
    [
      'per_deal',
      `SELECT ${q('t')}, ${q('rid')},
    any_value(${q('id')}) AS ${q('deal')}, any_value(${q('title')}) AS ${q('title')},
    any_value(${q('at_stage')}) AS ${q('stage')},
    date_diff('day', any_value(${q('entered')}), ${q('t')}) AS ${q('days_in_stage')},
    any_value(${q('manager')}) AS ${q('manager')}, any_value(${q('amount')}) AS ${q('amount')},
    sum(${q('p')}) AS ${q('probability')}, sum(${q('p')} * ${q('amount')}) AS ${q('expected_revenue')}
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
