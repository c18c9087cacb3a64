/**
 * Parts of the funnel query kept apart for size: time in stage from the stage history, and the
 * top lost reasons per step. Both read CTEs built by `compileFunnel`: `d` (funnel deals with
 * `k`, `split`, `closed_at`) and `r` (deals with `reached_pos`, `status`, `lost_reason`).
 */
import {
  agg,
  and,
  bin,
  caseWhen,
  cast,
  col,
  eq,
  fn,
  lit,
  not,
  notNull,
  type Expr,
} from '../../query/sql/ast.ts';
import { afn, over } from '../../query/sql/analytic.ts';
import { p, q, select } from './common.ts';

/** How many lost reasons `lost_reasons` lists per stage. */
export const TOP_LOST_REASONS = 3;

/**
 * CTEs `h` (history rows of the funnel's deals: deal number `k`, step `pos`, the next row's time),
 * `hs` (each row's open step and stay in days), `hm` (per deal: furthest step `max_pos` and total
 * days `days_<i>` in each open step i) and `m` (per split: `median_days_<i>`). `d` must carry a row number `k`: the window and the groupings then work on
 * integers, and stage_history is read and joined once.
 */
export function historyCtes(positionOf: (e: Expr) => Expr, openSteps: number): [string, string][] {
  const out: [string, string][] = [];
  const d = (c: string) => col('d', c);
  const h = (c: string) => col('h', c);
  const sh = (c: string) => col('stage_history', c);
  // The step is worked out before the window, so the window sorts numbers, not stage names.
  const rows = select(
    [
      [d('k'), 'k'],
      [d('split'), 'split'],
      [d('closed_at'), 'closed_at'],
      [positionOf(sh('stage')), 'pos'],
      [sh('entered_at'), 'entered_at'],
    ],
    `${q('stage_history')} JOIN ${q('d')} ON ${p(eq(sh('deal_id'), d('deal_id')))}`,
  );
  const next = over(
    afn('lead', col(null, 'entered_at')),
    [col(null, 'k')],
    [col(null, 'entered_at')],
  );
  out.push(['h', `SELECT *, ${p(next)} AS ${q('next_at')}\n  FROM (${rows})`]);
  const days = (to: Expr) =>
    bin(
      '/',
      bin('-', cast(fn('epoch', to), 'DOUBLE'), cast(fn('epoch', h('entered_at')), 'DOUBLE')),
      lit(86400),
    );
  // A row is a stay in an open step when it has a time; other rows only bound their neighbours' stays.
  const isStay = and(notNull(h('entered_at')), bin('<=', h('pos'), lit(openSteps)));
  const step = caseWhen([[isStay, h('pos')]], null);
  // A stay ends at the deal's next history row, or at its close; an open deal's last stay has not ended.
  const dur = caseWhen(
    [
      [not(isStay), lit(null)],
      [notNull(h('next_at')), days(h('next_at'))],
      [notNull(h('closed_at')), days(h('closed_at'))],
    ],
    null,
  );
  out.push([
    'hs',
    select(
      [
        [h('k'), 'k'],
        [h('split'), 'split'],
        [h('pos'), 'pos'],
        [step, 'step'],
        [dur, 'dur'],
      ],
      q('h'),
    ),
  ]);
  // One row per deal: its furthest step and, per open step, the total of its stays there (NULL
  // when it never stayed there or a stay has not ended). One conditional sum per open step instead
  // of a (deal, step) grouping: far fewer groups. An unfinished stay counts as +∞, so its total is
  // +∞ and becomes NULL.
  const hs = (c: string) => col('hs', c);
  const inf = cast(lit('Infinity'), 'DOUBLE');
  const steps: number[] = [];
  for (let i = 1; i <= openSteps; i++) steps.push(i);
  const total = (i: number) =>
    agg('sum', [caseWhen([[eq(hs('step'), lit(i)), fn('coalesce', hs('dur'), inf)]], null)]);
  const t = (i: number) => col(null, `total_${i}`);
  out.push([
    'hm',
    `SELECT ${q('k')}, ${q('split')}, ${q('max_pos')}, ${steps
      .map((i) => `${p(caseWhen([[afn('isinf', t(i)), lit(null)]], t(i)))} AS ${q(`days_${i}`)}`)
      .join(', ')}\n  FROM (${select(
      [
        [hs('k'), 'k'],
        [agg('any_value', [hs('split')]), 'split'],
        [agg('max', [hs('pos')]), 'max_pos'],
        ...steps.map((i) => [total(i), `total_${i}`] as [Expr, string]),
      ],
      q('hs'),
      [],
      `GROUP BY ${p(hs('k'))}`,
    )})`,
  ]);
  const perStep = steps.map((i) => [null, `days_${i}`] as const);
  // Medians per split, one column per step; the final select picks the step's column.
  out.push([
    'm',
    select(
      [
        [col('hm', 'split'), 'split'],
        ...perStep.map(([, k]) => [agg('median', [col('hm', k)]), `median_${k}`] as [Expr, string]),
      ],
      q('hm'),
      [],
      `GROUP BY ${p(col('hm', 'split'))}`,
    ),
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
    // Blank reasons are dropped after grouping, so trim runs once per distinct reason.
    `SELECT *, ${p(
      over(
        fn('row_number'),
        [col(null, 'split'), col(null, 'position')],
        [[col(null, 'n'), true], col(null, 'reason')],
      ),
    )} AS ${q('rn')}\n  FROM (${select(
      [
        [r('split'), 'split'],
        [r('reached_pos'), 'position'],
        [reason, 'reason'],
        [agg('count', []), 'n'],
      ],
      q('r'),
      [lost, notNull(reason)],
      `GROUP BY ${p(r('split'))}, ${p(r('reached_pos'))}, ${p(reason)}`,
    )})\n  WHERE ${p(bin('<>', fn('trim', col(null, 'reason')), lit('')))}`,
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
