/** Relationship dynamics as a transition matrix between consecutive periods. */
import type { Catalog } from '../../query/catalog.ts';
import type { CompiledQuery } from '../../query/compiled.ts';
import type { ReportSpec } from '../../query/spec.ts';
import { agg, bin, caseWhen, col, eq, isNull, lit, type Expr } from '../../query/sql/ast.ts';
import { afn, over } from '../../query/sql/analytic.ts';
import { dimCol, p, q, select, splitColumn, splitSelect, valCol, withCtes } from './common.ts';
import { STATUSES, statusQuery } from './dynamics-status.ts';

/**
 * Mode B: the transition matrix. For every shown period t and client with a status in t, the pair
 * (status in t − 1, status in t), counted over all shown periods. `from_status` is NULL for a
 * client's first period (so the NULL → new row counts new clients). Only pairs that occur are listed.
 */
export function compileDynamicsTransitions(spec: ReportSpec, catalog: Catalog): CompiledQuery {
  const { scope, ctes, shownFrom } = statusQuery(spec, catalog);
  ctes.push(['range', `SELECT min(${q('first_per')}) AS ${q('first_per')} FROM ${q('first')}`]);
  const st = (c: string) => col('st', c);
  ctes.push([
    'tr',
    select(
      [
        [st('split'), 'split'],
        [st('per'), 'per'],
        [over(afn('lag', st('status')), [st('client'), st('split')], [st('per')]), 'from_status'],
        [st('status'), 'to_status'],
      ],
      q('st'),
    ),
  ]);
  const tr = (c: string) => col('tr', c);
  const order = (e: Expr) =>
    caseWhen(
      STATUSES.map((s, i) => [eq(e, lit(s)), lit(i + 1)] as [Expr, Expr]),
      null,
    );
  const out: [Expr, string][] = [
    ...splitSelect(scope, tr('split')),
    [tr('from_status'), 'from_status'],
    [tr('to_status'), 'to_status'],
    [agg('count', []), 'clients'],
  ];
  const tail = [
    `GROUP BY ${p(tr('split'))}, ${p(tr('from_status'))}, ${p(tr('to_status'))}`,
    `ORDER BY ${p(tr('split'))} ASC NULLS LAST, ${p(isNull(tr('from_status')))} DESC, ${p(order(tr('from_status')))}, ${p(order(tr('to_status')))}`,
  ].join('\n');
  const sql = withCtes(
    ctes,
    `${select(out, `${q('tr')} CROSS JOIN ${q('range')}`, [bin('>=', tr('per'), shownFrom)])}\n${tail}`,
  );
  return {
    sql,
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
