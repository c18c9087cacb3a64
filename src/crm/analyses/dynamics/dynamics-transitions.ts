/** Relationship dynamics as a transition matrix between consecutive periods. */
import type { Catalog } from '../../../query/catalog.ts';
import type { CompiledQuery } from '../../../query/compiled.ts';
import type { SpecOf } from '../../../query/spec/spec.ts';
import { agg, bin, cast, col, fn, isNull, lit, type Expr } from '../../../query/sql/ast.ts';
import { printQuery } from '../../../query/sql/print.ts';
import { select, sub, table } from '../../../query/sql/stmt.ts';
import { cte, dimCol, splitColumn, splitSelect, valCol, whereAll, withNodes } from '../common.ts';
import { CODE, crossJoin, gapCode, statusName, statusQuery } from './dynamics-status.ts';

/**
 * Mode B: the transition matrix. For every shown period t and client with a status in t, the pair
 * (status in t − 1, status in t), counted over all shown periods. `from_status` is NULL for a
 * client's first period (so the NULL → new row counts new clients). Only pairs that occur are listed.
 *
 * Each purchase period contributes its own pair, and the run of non-bought periods after it
 * (pi + 1 … gap_end, gap g = t − pi) contributes: (its status, gap 1) once, lapsed → lapsed for
 * g = 2 … lapsedMax, lapsed → lost at g = lapsedMax + 1, lost → lost after that — each counted
 * over the periods that fall in the shown range.
 */
export function compileDynamicsTransitions(
  spec: SpecOf<'dynamics'>,
  catalog: Catalog,
): CompiledQuery {
  const { scope, ctes, shownFrom, lapsedMax } = statusQuery(spec, catalog);
  const pr = (c: string) => col('pr', c);
  const plus = (e: Expr, n: number) => bin('+', e, lit(n));
  // Periods t in [lo, hi] ∩ [shownFrom, ∞): how many (may be ≤ 0).
  const span = (lo: Expr, hi: Expr) =>
    bin('+', bin('-', hi, fn('greatest', lo, shownFrom)), lit(1));
  const arm = (from: Expr, to: Expr, n: Expr, where: Expr[]) =>
    select(
      [
        [pr('split'), 'split'],
        [from, 'from_code'],
        [to, 'to_code'],
        [n, 'n'],
      ],
      table('pr'),
      { joins: [crossJoin('range')], where: whereAll(where) },
    );
  const gapEnd = pr('gap_end');
  const arms = [
    // The purchase period itself.
    arm(pr('from_code'), pr('code'), lit(1), [bin('>=', pr('pi'), shownFrom)]),
    // The first period without a purchase.
    arm(pr('code'), gapCode(lit(1), lapsedMax), lit(1), [
      bin('<=', plus(pr('pi'), 1), gapEnd),
      bin('>=', plus(pr('pi'), 1), shownFrom),
    ]),
  ];
  if (lapsedMax >= 2) {
    const hi = fn('least', plus(pr('pi'), lapsedMax), gapEnd);
    const n = span(plus(pr('pi'), 2), hi);
    arms.push(arm(lit(CODE.lapsed), lit(CODE.lapsed), n, [bin('>', n, lit(0))]));
  }
  if (lapsedMax >= 1) {
    const t = plus(pr('pi'), lapsedMax + 1);
    arms.push(
      arm(lit(CODE.lapsed), lit(CODE.lost), lit(1), [
        bin('<=', t, gapEnd),
        bin('>=', t, shownFrom),
      ]),
    );
  }
  const lostN = span(plus(pr('pi'), lapsedMax + 2), gapEnd);
  arms.push(arm(lit(CODE.lost), lit(CODE.lost), lostN, [bin('>', lostN, lit(0))]));
  const keys = ['split', 'from_code', 'to_code'];
  const byKeys = select(
    [...keys.map((k): [Expr, string] => [col(null, k), k]), [agg('sum', [col(null, 'n')]), 'n']],
    sub({ kind: 'union', parts: arms }, 'a'),
    { groupBy: keys.map((k) => col(null, k)) },
  );
  ctes.push(cte('tr', byKeys));
  const tr = (c: string) => col('tr', c);
  const out: [Expr, string][] = [
    ...splitSelect(scope, tr('split')),
    [statusName(tr('from_code')), 'from_status'],
    [statusName(tr('to_code')), 'to_status'],
    [cast(tr('n'), 'BIGINT'), 'clients'],
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
      valCol('clients', 'int'),
    ],
    hasTotals: false,
    notes: scope.notes,
  };
}
