/**
 * The forecast's open deals over its horizon (docs/metrics.md, "Forecast"): each deal open at an
 * as-of date read off its survival curve (forecast-survival.ts), slice by slice, and what a
 * group of those rows adds up to. Also the slices' days, shared by the forecast and its drill.
 */
import {
  agg,
  and,
  bin,
  caseWhen,
  cast,
  eq,
  fn,
  isNull,
  lit,
  notNull,
  type Expr,
} from '../../../query/sql/ast.ts';
import { select, sub, table, type Cte, type Join } from '../../../query/sql/stmt.ts';
import { cte } from '../common.ts';
import { b, c, cn, coalesce0, countWhere, oneRow } from './forecast-nodes.ts';

/** The day `n` slices after `t`, as a DATE. */
export const sliceDay = (t: Expr, n: Expr, L: number): Expr =>
  cast(bin('+', t, cast(fn('floor', bin('*', n, lit(L))), 'INTEGER')), 'DATE');

/** A day as `YYYY-MM-DD` text, the same in every dialect. */
export const isoDay = (d: Expr): Expr => fn('format_date', d, lit('%Y-%m-%d'));

/** Slice h's first day as text: the label of the forecast's `period` and the drill's match. */
export const sliceStart = (t: Expr, h: Expr, L: number): Expr =>
  isoDay(bin('+', sliceDay(t, bin('-', h, lit(1)), L), lit(1)));

/**
 * - `o`: each deal open at t with the curve it is read off (`cg`, NULL for the pooled one) and
 *   its age slice on that curve `ck`; its stage and the day it entered it (NULL when unknown).
 * - `pd`: each open deal × each horizon slice h (1…H): the chance p it is won in that slice,
 *   s(ck+h−1) / s(ck) · hw(ck+h−1) (0 past the oldest age seen: no deal that old was ever won),
 *   its amount (or the typical one), and whether it was in fact won then.
 */
const O_COLS = ['t', 'rid', 'id', 'title', 'split', 'status', 'manager', 'amount', 'c1'];

export function openCtes(L: number, H: number, history: boolean, extra: string[] = []): Cte[] {
  const e = (name: string) => c('e', name);
  const own: [Expr, string][] = history
    ? [
        [c('cur', 'g'), 'at_stage'],
        [cast(c('cur', 'at'), 'DATE'), 'entered'],
        [c('fit', 'g'), 'cg'],
        [caseWhen([[notNull(c('fit', 'g')), c('cur', 'k')]], e('k')), 'ck'],
      ]
    : [
        [e('stage'), 'at_stage'],
        [cast(lit(null), 'DATE'), 'entered'],
        [cast(lit(null), 'VARCHAR'), 'cg'],
        [e('k'), 'ck'],
      ];
  const joins: Join[] = history
    ? [
        {
          type: 'LEFT',
          item: table('cur'),
          on: and(eq(c('cur', 't'), e('t')), eq(c('cur', 'id'), e('id'))),
        },
        {
          type: 'LEFT',
          item: table('fit'),
          on: and(eq(c('fit', 't'), e('t')), eq(c('fit', 'g'), c('cur', 'g'))),
        },
      ]
    : [];
  const o = (name: string) => c('o', name);
  const hh = c('h', 'h');
  const survAt = (as: string, k: Expr): Join => ({
    type: 'LEFT',
    item: table('surv', as),
    on: and(
      eq(c(as, 't'), o('t')),
      bin('IS NOT DISTINCT FROM', c(as, 'g'), o('cg')),
      eq(c(as, 'k'), k),
    ),
  });
  const wonIn = and(
    eq(o('status'), lit('won')),
    bin('>', o('c1'), o('t')),
    eq(fn('ceil', bin('/', fn('date_diff', lit('day'), o('t'), o('c1')), lit(L))), hh),
  );
  return [
    // What `pd` reads, by name: ClickHouse names `e.*` beside a join `e.t`, `e.id`….
    cte(
      'o',
      select([...[...O_COLS, ...extra].map((k) => cn('e', k)), ...own], table('e'), {
        ...(joins.length ? { joins } : {}),
        where: isNull(e('ev')),
      }),
    ),
    cte(
      'pd',
      select(
        [
          ...['t', 'rid', 'id', 'title', 'manager', 'at_stage', 'entered'].map((k) => cn('o', k)),
          cn('o', 'split'),
          cn('h', 'h'),
          [sliceStart(o('t'), hh, L), 'period'],
          ...extra.map((k) => cn('o', k)),
          [o('amount'), 'own_amount'],
          [fn('coalesce', o('amount'), c('ty', 'amount'), lit(0)), 'amount'],
          [
            coalesce0(
              bin('*', bin('/', c('s1', 's'), fn('nullif', c('s0', 's'), lit(0))), c('s1', 'hw')),
            ),
            'p',
          ],
          [wonIn, 'won_in'],
        ],
        table('o'),
        {
          joins: [
            {
              type: 'CROSS',
              item: sub(oneRow(fn('series', lit(1), lit(H)), 'h'), 'h'),
            },
            survAt('s0', o('ck')),
            survAt('s1', bin('-', bin('+', o('ck'), hh), lit(1))),
            {
              type: 'LEFT',
              item: table('typical', 'ty'),
              on: eq(c('ty', 't'), o('t')),
            },
          ],
        },
      ),
    ),
  ];
}

/** What a group of `pd` rows adds up to: expectations, their variances and the actuals. */
export function sliceSums(): [Expr, string][] {
  const p = b('p');
  const amount = b('amount');
  const pq = bin('*', p, bin('-', lit(1), p));
  return [
    [countWhere(), 'open_deals'],
    [fn('sum', p), 'expected_won'],
    [fn('sum', bin('*', p, amount)), 'expected_revenue'],
    [fn('sum', pq), 'var_won'],
    [fn('sum', bin('*', bin('*', pq, amount), amount)), 'var_revenue'],
    [countWhere(b('won_in')), 'actual_won'],
    [coalesce0(agg('sum', [b('own_amount')], { filter: b('won_in') })), 'actual_revenue'],
  ];
}
