/**
 * Parts of the funnel query kept apart for size: time in stage from the stage history, and the
 * top lost reasons per step. Both read CTEs built by `compileFunnel`: `d` (funnel deals with
 * `split`, `closed_at`) and `r` (deals with `reached_pos`, `status`, `lost_reason`).
 */
import {
  agg,
  bin,
  caseWhen,
  cast,
  col,
  eq,
  fn,
  lit,
  notNull,
  type Expr,
} from '../../query/sql/ast.ts';
import { afn, over } from '../../query/sql/analytic.ts';
import { p, q, select } from './common.ts';

/** How many lost reasons `lost_reasons` lists per stage. */
export const TOP_LOST_REASONS = 3;

/**
 * CTEs `h` (history rows of the funnel's deals, with their step `pos` and the next row's time), `stay`
 * (total days per deal and open step) and `m` (`median_days` per split and step).
 */
export function historyCtes(positionOf: (e: Expr) => Expr, openSteps: number): [string, string][] {
  const out: [string, string][] = [];
  const d = (c: string) => col('d', c);
  const h = (c: string) => col('h', c);
  const sh = (c: string) => col('stage_history', c);
  out.push([
    'h',
    select(
      [
        [sh('deal_id'), 'deal_id'],
        [d('split'), 'split'],
        [d('closed_at'), 'closed_at'],
        [positionOf(sh('stage')), 'pos'],
        [sh('entered_at'), 'entered_at'],
        [over(afn('lead', sh('entered_at')), [sh('deal_id')], [sh('entered_at')]), 'next_at'],
      ],
      `${q('stage_history')} JOIN ${q('d')} ON ${p(eq(sh('deal_id'), d('deal_id')))}`,
    ),
  ]);
  const days = (to: Expr) =>
    bin(
      '/',
      bin('-', cast(fn('epoch', to), 'DOUBLE'), cast(fn('epoch', h('entered_at')), 'DOUBLE')),
      lit(86400),
    );
  // A stay ends at the deal's next history row, or at its close; an open deal's last stay has not ended.
  const dur = caseWhen(
    [
      [notNull(h('next_at')), days(h('next_at'))],
      [notNull(h('closed_at')), days(h('closed_at'))],
    ],
    null,
  );
  out.push([
    'stay',
    select(
      [
        [h('split'), 'split'],
        [h('pos'), 'pos'],
        // Total over repeated visits; a deal with an unfinished visit is left out of the median.
        [caseWhen([[eq(agg('count', [dur]), agg('count', [])), agg('sum', [dur])]], null), 'days'],
      ],
      q('h'),
      [notNull(h('entered_at')), bin('<=', h('pos'), lit(openSteps))],
      `GROUP BY ${p(h('deal_id'))}, ${p(h('split'))}, ${p(h('pos'))}`,
    ),
  ]);
  out.push([
    'm',
    `SELECT ${q('split')}, ${q('pos')}, median(${q('days')}) AS ${q('median_days')}\n  FROM ${q('stay')}\n  GROUP BY ${q('split')}, ${q('pos')}`,
  ]);
  return out;
}

/** CTEs `lr` (lost deals per split, step and reason, ranked) and `lrs` (`lost_reasons` text per split and step). */
export function lostReasonCtes(): [string, string][] {
  const out: [string, string][] = [];
  const r = (c: string) => col('r', c);
  const lost = eq(r('status'), lit('lost'));
  const reason = r('lost_reason');
  out.push([
    'lr',
    select(
      [
        [r('split'), 'split'],
        [r('reached_pos'), 'position'],
        [reason, 'reason'],
        [agg('count', []), 'n'],
        [
          over(
            fn('row_number'),
            [r('split'), r('reached_pos')],
            [[agg('count', []), true], reason],
          ),
          'rn',
        ],
      ],
      q('r'),
      [lost, notNull(reason), bin('<>', fn('trim', reason), lit(''))],
      `GROUP BY ${p(r('split'))}, ${p(r('reached_pos'))}, ${p(reason)}`,
    ),
  ]);
  const label = (k: number): Expr => {
    const text = bin(
      '||',
      bin('||', bin('||', col(null, 'reason'), lit(' (')), cast(col(null, 'n'), 'VARCHAR')),
      lit(')'),
    );
    return agg('max', [caseWhen([[eq(col(null, 'rn'), lit(k)), text]], null)]);
  };
  let reasons = label(1);
  for (let k = 2; k <= TOP_LOST_REASONS; k++)
    reasons = bin('||', reasons, fn('coalesce', bin('||', lit(', '), label(k)), lit('')));
  out.push([
    'lrs',
    `SELECT ${q('split')}, ${q('position')}, ${p(reasons)} AS ${q('lost_reasons')}\n  FROM ${q('lr')}\n  WHERE ${q('rn')} <= ${TOP_LOST_REASONS}\n  GROUP BY ${q('split')}, ${q('position')}`,
  ]);

  return out;
}
