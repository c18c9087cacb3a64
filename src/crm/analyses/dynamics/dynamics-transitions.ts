/** Relationship dynamics as a transition matrix between consecutive periods. */
import type { Catalog } from '../../../query/catalog.ts';
import type { CompiledQuery } from '../../../query/compiled.ts';
import { comparisonShift } from '../../../query/period/period.ts';
import { CompileError } from '../../../query/resolve.ts';
import type { Grain, SpecOf } from '../../../query/spec/spec.ts';
import {
  agg,
  bin,
  caseWhen,
  cast,
  col,
  dateLit,
  eq,
  fn,
  isNull,
  lit,
  type Expr,
} from '../../../query/sql/ast.ts';
import { printQuery } from '../../../query/sql/print.ts';
import { select, sub, table, type Select } from '../../../query/sql/stmt.ts';
import {
  cte,
  dimCol,
  periodStart,
  splitColumn,
  splitSelect,
  valCol,
  whereAll,
  withNodes,
} from '../common.ts';
import { comparedColumns, comparedValues } from './dynamics-compare.ts';
import {
  CODE,
  crossJoin,
  gapCode,
  periodIndex,
  statusName,
  statusQuery,
} from './dynamics-status.ts';

const pr = (c: string) => col('pr', c);
const plus = (e: Expr, n: number) => bin('+', e, lit(n));

/** The shown periods `lo` … `hi` (indexes; no `hi`: up to the last period, where `gap_end` stops). */
export interface PeriodRange {
  lo: Expr;
  hi: Expr | null;
}

/**
 * The earlier range of a compared matrix: the shown periods moved back by the comparison's shift,
 * each period to the one holding its first day moved back (as the status view's `epi`), so the
 * range runs from the first shown period's earlier period to the last one's.
 */
export function earlierRange(spec: SpecOf<'dynamics'>, grain: Grain): PeriodRange | null {
  if (!spec.compare) return null;
  if (!spec.period) throw new CompileError('compile_compareNeedsPeriod');
  const shift = comparisonShift(spec.period, spec.compare);
  const back = (day: string) =>
    periodIndex(
      grain,
      periodStart(
        bin('-', periodStart(dateLit(day), grain), { kind: 'interval', ...shift }),
        grain,
      ),
    );
  return { lo: back(spec.period.from), hi: back(spec.period.to) };
}

/**
 * The pairs counted over the periods of `range`, one SELECT per kind of period (an arm), each row
 * `split, from_code, to_code, n` (and `side`, when given).
 *
 * Each purchase period contributes its own pair, and the run of non-bought periods after it
 * (pi + 1 … gap_end, gap g = t − pi) contributes: (its status, gap 1) once, lapsed → lapsed for
 * g = 2 … lapsedMax, lapsed → lost at g = lapsedMax + 1, lost → lost after that — each counted
 * over the periods that fall in the range. A status depends on the periods before it alone, so an
 * earlier range reads the same `pr` rows, its runs cut at its own end.
 */
function transitionArms(lapsedMax: number, range: PeriodRange, side: number | null): Select[] {
  const { lo, hi } = range;
  // Periods t in [a, b] ∩ [lo, ∞): how many (may be ≤ 0).
  const span = (a: Expr, b: Expr) => bin('+', bin('-', b, fn('greatest', a, lo)), lit(1));
  const arm = (from: Expr, to: Expr, n: Expr, where: Expr[]) =>
    select(
      [
        [pr('split'), 'split'],
        [from, 'from_code'],
        [to, 'to_code'],
        [n, 'n'],
        ...(side === null ? [] : ([[lit(side), 'side']] as [Expr, string][])),
      ],
      table('pr'),
      { joins: [crossJoin('range')], where: whereAll(where) },
    );
  const gapEnd = hi ? fn('least', pr('gap_end'), hi) : pr('gap_end');
  const arms = [
    // The purchase period itself.
    arm(pr('from_code'), pr('code'), lit(1), [
      bin('>=', pr('pi'), lo),
      ...(hi ? [bin('<=', pr('pi'), hi)] : []),
    ]),
    // The first period without a purchase.
    arm(pr('code'), gapCode(lit(1), lapsedMax), lit(1), [
      bin('<=', plus(pr('pi'), 1), gapEnd),
      bin('>=', plus(pr('pi'), 1), lo),
    ]),
  ];
  if (lapsedMax >= 2) {
    const top = fn('least', plus(pr('pi'), lapsedMax), gapEnd);
    const n = span(plus(pr('pi'), 2), top);
    arms.push(arm(lit(CODE.lapsed), lit(CODE.lapsed), n, [bin('>', n, lit(0))]));
  }
  if (lapsedMax >= 1) {
    const t = plus(pr('pi'), lapsedMax + 1);
    arms.push(
      arm(lit(CODE.lapsed), lit(CODE.lost), lit(1), [bin('<=', t, gapEnd), bin('>=', t, lo)]),
    );
  }
  const lostN = span(plus(pr('pi'), lapsedMax + 2), gapEnd);
  arms.push(arm(lit(CODE.lost), lit(CODE.lost), lostN, [bin('>', lostN, lit(0))]));
  return arms;
}

/**
 * Mode B: the transition matrix. For every shown period t and client with a status in t, the pair
 * (status in t − 1, status in t), counted over all shown periods. `from_status` is NULL for a
 * client's first period (so the NULL → new row counts new clients). Only pairs that occur are listed.
 *
 * With `spec.compare` each pair's count over the shown periods stands beside its count over the
 * earlier range ({@link earlierRange}): `clients_previous`, `_delta`, `_growth` and the hidden
 * `clients_earlier`, as the status view's. A pair that occurs in either range is listed.
 */
export function compileDynamicsTransitions(
  spec: SpecOf<'dynamics'>,
  catalog: Catalog,
): CompiledQuery {
  const { scope, grain, ctes, shownFrom, lapsedMax } = statusQuery(spec, catalog);
  const earlier = earlierRange(spec, grain);
  const now: PeriodRange = { lo: shownFrom, hi: null };
  const arms = earlier
    ? [...transitionArms(lapsedMax, now, 0), ...transitionArms(lapsedMax, earlier, 1)]
    : transitionArms(lapsedMax, now, null);
  const keys = ['split', 'from_code', 'to_code'];
  const n = col(null, 'n');
  const sumSide = (side: number): Expr =>
    agg('sum', [caseWhen([[eq(col(null, 'side'), lit(side)), n]], lit(0))]);
  // Not named `n`: ClickHouse reads an alias of the column it sums as that sum, nested.
  const sums: [Expr, string][] = earlier
    ? [
        [sumSide(0), 'n_now'],
        [sumSide(1), 'n_before'],
      ]
    : [[agg('sum', [n]), 'n']];
  const byKeys = select(
    [...keys.map((k): [Expr, string] => [col(null, k), k]), ...sums],
    sub({ kind: 'union', parts: arms }, 'a'),
    { groupBy: keys.map((k) => col(null, k)) },
  );
  ctes.push(cte('tr', byKeys));
  const tr = (c: string) => col('tr', c);
  const out: [Expr, string][] = [
    ...splitSelect(scope, tr('split')),
    [statusName(tr('from_code')), 'from_status'],
    [statusName(tr('to_code')), 'to_status'],
    ...(earlier
      ? comparedValues(
          { clients: cast(tr('n_now'), 'BIGINT') },
          { clients: cast(tr('n_before'), 'BIGINT') },
        )
      : ([[cast(tr('n'), 'BIGINT'), 'clients']] as [Expr, string][])),
  ];
  const final = select(out, table('tr'), {
    orderBy: [
      { expr: tr('split') },
      { expr: isNull(tr('from_code')), desc: true },
      { expr: tr('from_code') },
      { expr: tr('to_code') },
    ],
  });
  return {
    sql: printQuery(withNodes(ctes, final)),
    columns: [
      ...splitColumn(scope),
      dimCol('from_status'),
      { ...dimCol('to_status'), axis: 'column' },
      // The growth ranked among the moves from one status (and split member): "where did the
      // clients of a status go, against before"; a rise of moves to lapsed or lost reads as a fall.
      ...(earlier
        ? comparedColumns([...(scope.split ? [scope.split.key] : []), 'from_status'], 'to_status', [
            'clients',
          ])
        : [valCol('clients', 'int')]),
    ],
    hasTotals: false,
    notes: scope.notes,
  };
}
