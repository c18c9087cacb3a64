/**
 * Drill-down into relationship dynamics: the clients with a status in a period, and the client
 * periods of a transition. Built on the same `pr` CTE (one row per client and purchase period) as
 * the counts, with the same run arithmetic written out row by row: a lapsed or lost run covers the
 * periods between its ends, and the transition matrix counts one pair per client and period.
 */
import type { Catalog } from '../../../query/catalog.ts';
import { dateBucket } from '../../../query/dimension.ts';
import { comparisonShift } from '../../../query/period/period.ts';
import { CompileError } from '../../../query/resolve.ts';
import type { SpecOf } from '../../../query/spec/spec.ts';
import { and, bin, col, eq, fn, lit, type Expr } from '../../../query/sql/ast.ts';
import { select, table } from '../../../query/sql/stmt.ts';
import { cte, whereAll } from '../common.ts';
import {
  cellValue,
  listed,
  splitCond,
  type AnalysisCell,
  type DrillNodes,
} from '../drill-common.ts';
import { periodAxis } from './dynamics.ts';
import { earlierRange } from './dynamics-transitions.ts';
import { CODE, STATUSES, crossJoin, gapCode, statusQuery, type Status } from './dynamics-status.ts';

const pr = (c: string) => col('pr', c);

/** A status name of the cell as its code; NULL (a client's first period) stays NULL. */
function statusCode(cell: AnalysisCell, key: string): Expr {
  const v = cellValue(cell, key);
  if (v.kind !== 'lit' || v.value === null) return lit(null);
  const name = String(v.value);
  if (!(STATUSES as readonly string[]).includes(name))
    throw new CompileError('compile_drillStatus', { status: name });
  return lit(CODE[name as Status]);
}

/**
 * The clients with the row's status in the row's period, or (`earlier`, a compared report's
 * `clients_previous`) in the period it is compared with: the same period index the counts read.
 */
export function dynamicsStatusNodes(
  spec: SpecOf<'dynamics'>,
  catalog: Catalog,
  cell: AnalysisCell,
  earlier = false,
): DrillNodes {
  const { scope, grain, ctes, shownFromDate, lapsedMax } = statusQuery(spec, catalog);
  const periods = (c: string) => col('periods', c);
  const shift =
    earlier && spec.compare && spec.period ? comparisonShift(spec.period, spec.compare) : null;
  ctes.push(
    cte('periods', periodAxis(spec.period, grain, shownFromDate, shift)),
    cte(
      't',
      select([[periods(shift ? 'epi' : 'pi'), 'pi']], table('periods'), {
        where: eq(dateBucket(periods('per'), grain), cellValue(cell, 'period')),
      }),
    ),
  );
  const code = statusCode(cell, 'status');
  const t = col('t', 'pi');
  const plus = (e: Expr, n: number) => bin('+', e, lit(n));
  const c = code.kind === 'lit' ? Number(code.value) : NaN;
  const at =
    c === CODE.lapsed
      ? [
          bin('<=', plus(pr('pi'), 1), t),
          bin('<=', t, fn('least', plus(pr('pi'), lapsedMax), pr('gap_end'))),
        ]
      : c === CODE.lost
        ? [bin('<=', plus(pr('pi'), lapsedMax + 1), t), bin('<=', t, pr('gap_end'))]
        : [eq(pr('pi'), t), eq(pr('code'), code)];
  const lp = (x: string) => col('lp', x);
  return {
    ctes,
    from: table('pr'),
    joins: [
      crossJoin('t'),
      { type: 'LEFT', item: table('periods', 'lp'), on: eq(lp('pi'), pr('pi')) },
    ],
    where: [...splitCond(scope, pr('split'), cell), ...at],
    listed: [
      listed('client', pr('client'), 'text'),
      listed('last_purchase', dateBucket(lp('per'), grain), 'text'),
      listed('revenue', pr('revenue'), 'money', 'measure'),
    ],
    fact: 'clients',
  };
}

/**
 * The client periods of the row's transition (from status → to status): one row per client and
 * period t in the shown range, as compileDynamicsTransitions counts them; or (`earlier`, a
 * compared matrix's `clients_previous`) in the earlier range it is compared with.
 */
export function dynamicsTransitionNodes(
  spec: SpecOf<'dynamics'>,
  catalog: Catalog,
  cell: AnalysisCell,
  earlier = false,
): DrillNodes {
  const { scope, grain, ctes, shownFrom, shownFromDate, lapsedMax } = statusQuery(spec, catalog);
  const range = (earlier ? earlierRange(spec, grain) : null) ?? { lo: shownFrom, hi: null };
  const lo = range.lo;
  const plus = (e: Expr, n: number) => bin('+', e, lit(n));
  const arm = (from: Expr, to: Expr, t: Expr, where: Expr[]) =>
    select(
      [
        [pr('client'), 'client'],
        [pr('split'), 'split'],
        [from, 'from_code'],
        [to, 'to_code'],
        [t, 't'],
      ],
      table('pr'),
      { joins: [crossJoin('range')], where: whereAll(where) },
    );
  // Periods a … b of a run that fall in the range, one row each.
  const each = (a: Expr, b: Expr) => fn('series', fn('greatest', a, lo), b);
  // The earlier range ends before the last period: its runs stop at its own end.
  const gapEnd = range.hi ? fn('least', pr('gap_end'), range.hi) : pr('gap_end');
  const arms = [
    arm(pr('from_code'), pr('code'), pr('pi'), [
      bin('>=', pr('pi'), lo),
      ...(range.hi ? [bin('<=', pr('pi'), range.hi)] : []),
    ]),
    arm(pr('code'), gapCode(lit(1), lapsedMax), plus(pr('pi'), 1), [
      bin('<=', plus(pr('pi'), 1), gapEnd),
      bin('>=', plus(pr('pi'), 1), lo),
    ]),
  ];
  if (lapsedMax >= 2) {
    const hi = fn('least', plus(pr('pi'), lapsedMax), gapEnd);
    arms.push(arm(lit(CODE.lapsed), lit(CODE.lapsed), each(plus(pr('pi'), 2), hi), []));
  }
  if (lapsedMax >= 1) {
    const t = plus(pr('pi'), lapsedMax + 1);
    arms.push(arm(lit(CODE.lapsed), lit(CODE.lost), t, [bin('<=', t, gapEnd), bin('>=', t, lo)]));
  }
  arms.push(arm(lit(CODE.lost), lit(CODE.lost), each(plus(pr('pi'), lapsedMax + 2), gapEnd), []));
  ctes.push(
    cte('periods', periodAxis(spec.period, grain, shownFromDate)),
    cte('tr', { kind: 'union', parts: arms }),
  );
  const tr = (c: string) => col('tr', c);
  return {
    ctes,
    from: table('tr'),
    joins: [{ type: 'INNER', item: table('periods'), on: eq(col('periods', 'pi'), tr('t')) }],
    where: [
      ...splitCond(scope, tr('split'), cell),
      bin('IS NOT DISTINCT FROM', tr('from_code'), statusCode(cell, 'from_status')),
      and(eq(tr('to_code'), statusCode(cell, 'to_status'))),
    ],
    listed: [
      listed('client', tr('client'), 'text'),
      listed('period', dateBucket(col('periods', 'per'), grain), 'text'),
    ],
    fact: 'clients',
  };
}
