/**
 * Relationship dynamics: every client gets a status in every period from their first purchase on
 * (new, repeat, regular, returned, lapsed, lost), counted per period, or followed from one period
 * to the next as a transition matrix. Rules: docs/metrics.md, "Relationship dynamics".
 */
import type { Catalog } from '../../../query/catalog.ts';
import type { CompiledQuery } from '../../../query/compiled.ts';
import { dateBucket } from '../../../query/dimension.ts';
import { comparisonShift, type Shift } from '../../../query/period/period.ts';
import { CompileError } from '../../../query/resolve.ts';
import type { Grain, Period, SpecOf } from '../../../query/spec/spec.ts';
import { agg, and, bin, cast, col, eq, fn, lit, type Expr } from '../../../query/sql/ast.ts';
import { over } from '../../../query/sql/analytic.ts';
import { printQuery } from '../../../query/sql/print.ts';
import {
  allCols,
  item,
  select,
  sub,
  table,
  type FromItem,
  type Join,
  type Select,
} from '../../../query/sql/stmt.ts';
import {
  cte,
  dimCol,
  periodStep,
  splitColumn,
  splitSelect,
  valCol,
  essential,
  periodStart,
  sortKey,
  withNodes,
  type DealScope,
} from '../common.ts';
import { CODE, STATUSES, crossJoin, periodIndex, statusQuery } from './dynamics-status.ts';
import { comparedColumns, comparedValues } from './dynamics-compare.ts';
import { lacking, leftOutNote } from '../../needs.ts';

export {
  STATUSES,
  DEFAULT_LAPSE_AFTER,
  DEFAULT_REGULAR_AFTER,
  type Status,
} from './dynamics-status.ts';
export { compileDynamicsTransitions } from './dynamics-transitions.ts';

const pr = (c: string) => col('pr', c);

/** Literal rows as a table `alias(columns…)`. */
const values = (as: string, columns: string[], rows: Expr[][]): FromItem => ({
  kind: 'values',
  rows,
  as,
  columns,
});

/** `name` unqualified, selected under its own name. */
const bare = (name: string): [Expr, string] => [col(null, name), name];

/**
 * CTE `ev`: +1 at the first and −1 after the last period of each lapsed and lost run.
 * Lapsed run: pi + 1 … min(pi + lapsedMax, gap_end); lost run: pi + lapsedMax + 1 … gap_end.
 */
function runEvents(lapsedMax: number): Select {
  const lapsedHi = fn('least', bin('+', pr('pi'), lit(lapsedMax)), pr('gap_end'));
  const lostLo = bin('+', pr('pi'), lit(lapsedMax + 1));
  const event = (t: Expr, code: number, delta: number, cond: Expr) =>
    select(
      [
        [pr('split'), 'split'],
        [t, 't'],
        [lit(code), 'code'],
        [lit(delta), 'delta'],
      ],
      table('pr'),
      { where: cond },
    );
  const lapsedRun = bin('<=', bin('+', pr('pi'), lit(1)), lapsedHi);
  const lostRun = bin('<=', lostLo, pr('gap_end'));
  const events = {
    kind: 'union' as const,
    parts: [
      event(bin('+', pr('pi'), lit(1)), CODE.lapsed, 1, lapsedRun),
      event(bin('+', lapsedHi, lit(1)), CODE.lapsed, -1, lapsedRun),
      event(lostLo, CODE.lost, 1, lostRun),
      event(bin('+', pr('gap_end'), lit(1)), CODE.lost, -1, lostRun),
    ],
  };
  const keys = ['split', 't', 'code'].map((k) => col(null, k));
  return select(
    [bare('split'), bare('t'), bare('code'), [agg('sum', [col(null, 'delta')]), 'delta']],
    sub(events, 'e'),
    { groupBy: keys },
  );
}

/** CTE `bt`: clients and revenue per split, purchase period and bought status. */
function boughtCounts(): Select {
  return select(
    [
      [pr('split'), 'split'],
      [pr('pi'), 't'],
      [pr('code'), 'code'],
      [agg('count', []), 'clients'],
      [agg('sum', [pr('revenue')]), 'revenue'],
    ],
    table('pr'),
    { groupBy: [pr('split'), pr('pi'), pr('code')] },
  );
}

/**
 * CTE `periods`: the period axis, from the earliest purchase (or the first shown period, if
 * earlier) on. Under a comparison each period also gets `epi`, the index of the period it is
 * compared with: the one holding its first day moved back by the comparison's shift.
 */
export function periodAxis(
  period: Period | null,
  grain: Grain,
  shownFromDate: Expr,
  shift: Shift | null = null,
): Select {
  const gridFrom = period
    ? fn('least', shownFromDate, col('range', 'first_per'))
    : col('range', 'first_per');
  const series = fn('series', gridFrom, col('span', 'last_per'), periodStep(grain));
  const days = select([[cast(series, 'DATE'), 'per']], table('range'), {
    joins: [crossJoin('span')],
  });
  const per = col(null, 'per');
  const earlier = (s: Shift): [Expr, string] => [
    periodIndex(grain, periodStart(bin('-', per, { kind: 'interval', ...s }), grain)),
    'epi',
  ];
  return select(
    [bare('per'), [periodIndex(grain, per), 'pi'], ...(shift ? [earlier(shift)] : [])],
    sub(days, 'd'),
  );
}

const sp = (c: string) => col('splits', c);
const pe = (c: string) => col('periods', c);

/** CTE `run`: lapsed and lost clients per split and period, as running sums of the events. */
function runningCounts(): Select {
  const rc = (c: string) => col('rc', c);
  const ev = (c: string) => col('ev', c);
  return select(
    [
      [sp('split'), 'split'],
      [pe('pi'), 't'],
      [rc('code'), 'code'],
      [
        cast(
          over(
            agg('sum', [fn('coalesce', ev('delta'), lit(0))]),
            [sp('split'), rc('code')],
            [pe('pi')],
          ),
          'BIGINT',
        ),
        'clients',
      ],
    ],
    table('splits'),
    {
      joins: [
        crossJoin('periods'),
        { type: 'CROSS', item: values('rc', ['code'], [[lit(CODE.lapsed)], [lit(CODE.lost)]]) },
        {
          type: 'LEFT',
          item: table('ev'),
          on: and(
            bin('IS NOT DISTINCT FROM', ev('split'), sp('split')),
            eq(ev('t'), pe('pi')),
            eq(ev('code'), rc('code')),
          ),
        },
      ],
    },
  );
}

/**
 * The final SELECT: every shown period × status, bought counts or else running counts, zeros
 * included. Compared, the same counts at the period's `epi` sit beside them: every period's
 * statuses come from the whole history before it, so the earlier period's are already counted
 * (`bp`, `rp`), and a period before the first purchase had no clients of any status (0).
 */
function statusSelect(scope: DealScope, grain: Grain, shownFrom: Expr, compared: boolean): Select {
  const ss = (c: string) => col('statuses', c);
  const on = (t: string, at: Expr) =>
    and(
      bin('IS NOT DISTINCT FROM', col(t, 'split'), sp('split')),
      eq(col(t, 't'), at),
      eq(col(t, 'code'), ss('status_order')),
    );
  const values = (bt: string, run: string) => ({
    clients: fn('coalesce', col(bt, 'clients'), col(run, 'clients'), lit(0)),
    revenue: fn('coalesce', col(bt, 'revenue'), lit(0)),
  });
  const now = values('bt', 'run');
  const out: [Expr, string][] = [
    ...splitSelect(scope, sp('split')),
    [dateBucket(pe('per'), grain), 'period'],
    [ss('status'), 'status'],
    [ss('status_order'), 'status_order'],
    ...(compared
      ? comparedValues(now, values('bp', 'rp'))
      : ([
          [now.clients, 'clients'],
          [now.revenue, 'revenue'],
        ] as [Expr, string][])),
  ];
  const earlier: Join[] = compared
    ? [
        { type: 'LEFT', item: table('bt', 'bp'), on: on('bp', pe('epi')) },
        { type: 'LEFT', item: table('run', 'rp'), on: on('rp', pe('epi')) },
      ]
    : [];
  return select(out, table('splits'), {
    joins: [
      crossJoin('periods'),
      crossJoin('statuses'),
      crossJoin('range'),
      { type: 'LEFT', item: table('bt'), on: on('bt', pe('pi')) },
      { type: 'LEFT', item: table('run'), on: on('run', pe('pi')) },
      ...earlier,
    ],
    where: bin('>=', pe('pi'), shownFrom),
    orderBy: [{ expr: sp('split') }, { expr: pe('pi') }, { expr: ss('status_order') }],
  });
}

/**
 * Mode A: clients (and their revenue) per period and status — every shown period × status, zeros
 * included. Shown periods run from the first purchase period (or the period of `spec.period.from`)
 * to the last period.
 *
 * Bought statuses are counted from the purchase periods directly. A lapsed or lost run adds +1 at
 * its first period and −1 after its last; a running sum over the periods (from the earliest of the
 * first purchase and the first shown period, so runs that began earlier count) gives the clients.
 *
 * With `spec.compare` each period is set beside the period it is compared with, by the pivot's
 * arithmetic (`comparisonShift`: the same quarter a year earlier, or the period as far back as
 * the report's period is long): `clients_previous`, `_delta`, `_growth`, the same for revenue
 * (dynamics-compare.ts).
 */
export function compileDynamics(spec: SpecOf<'dynamics'>, catalog: Catalog): CompiledQuery {
  if (spec.compare && !spec.period) throw new CompileError('compile_compareNeedsPeriod');
  const shift = spec.compare && spec.period ? comparisonShift(spec.period, spec.compare) : null;
  const { scope, grain, ctes, shownFrom, shownFromDate, lapsedMax } = statusQuery(spec, catalog);
  const statuses = values(
    'statuses',
    ['status', 'status_order'],
    STATUSES.map((s, i) => [lit(s), lit(i + 1)]),
  );
  const splits: Select = scope.split
    ? { kind: 'select', distinct: true, columns: [item(col(null, 'split'))], from: table('pp') }
    : { kind: 'select', columns: [item(lit(null), 'split')] };
  ctes.push(
    cte('ev', runEvents(lapsedMax)),
    cte('bt', boughtCounts()),
    cte('periods', periodAxis(spec.period, grain, shownFromDate, shift)),
    cte('statuses', { kind: 'select', columns: [allCols()], from: statuses }),
    cte('splits', splits),
    cte('run', runningCounts()),
  );
  // Without deal amounts (a lead export such as Olist's) every status's revenue reads 0: it is
  // left out and a note says why, as LTV and cohorts do. The SQL still sums the 0s.
  const noAmounts = lacking(['amount'], catalog).length > 0;
  const rankedWithin = scope.split ? [scope.split.key, 'period'] : ['period'];
  return {
    sql: printQuery(withNodes(ctes, statusSelect(scope, grain, shownFrom, shift !== null))),
    columns: [
      ...splitColumn(scope),
      dimCol('period'),
      dimCol('status'),
      sortKey(valCol('status_order', 'int')),
      ...(shift
        ? comparedColumns(rankedWithin, 'status', noAmounts ? ['clients'] : undefined)
        : [
            essential(valCol('clients', 'int')),
            ...(noAmounts ? [] : [valCol('revenue', 'money')]),
          ]),
    ],
    hasTotals: false,
    notes: [...scope.notes, ...(noAmounts ? [leftOutNote(['revenue'], ['amount'])] : [])],
  };
}
