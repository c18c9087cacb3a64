/**
 * Transitional: pages the drill rows of analyses whose parts are still SQL text (the funnel's
 * step CTEs, and whatever `DrillText` the dynamics and forecast drills return), as drill.ts did
 * before the statement nodes. Deleted with the string helpers of common.ts once every analysis
 * builds `DrillNodes`.
 */
import type { Catalog } from '../../query/catalog.ts';
import type { DrillOptions } from '../../query/drill.ts';
import { CompileError } from '../../query/resolve.ts';
import type { SpecOf } from '../../query/spec/spec.ts';
import { and, bin, col, eq, lit } from '../../query/sql/ast.ts';
import type { OrderKey } from '../../query/sql/stmt.ts';
import { p, q, withCtes } from './common.ts';
import {
  cellValue,
  dealColumns,
  splitCond,
  type AnalysisCell,
  type DrillText,
} from './drill-common.ts';
import { funnelDeals, funnelPlan } from './funnel/funnel.ts';
import { historyCtes, reachedRows } from './funnel/funnel-parts.ts';

/** The page query and the count over the same rows, `order` first. */
export function pageText(
  rows: DrillText,
  order: OrderKey[],
  opts: DrillOptions,
): { sql: string; countSql: string } {
  const by = order.map((o) => `${p(o.expr)} ${o.desc ? 'DESC' : 'ASC'} NULLS LAST`).join(', ');
  const where = rows.where.length ? `\nWHERE ${p(and(...rows.where))}` : '';
  const select = rows.listed.map((c) => `${p(c.expr)} AS ${q(c.column.key)}`).join(', ');
  const body = `FROM ${rows.from}${where}`;
  return {
    sql: withCtes(
      rows.ctes,
      `SELECT ${select}\n${body}\nORDER BY ${by}\nLIMIT ${opts.limit} OFFSET ${opts.offset}`,
      rows.materialized,
    ),
    countSql: withCtes(rows.ctes, `SELECT count(*) AS ${q('n')}\n${body}`, rows.materialized),
  };
}

/** Deals that reached step `position` (`reached`) or were lost there (`dropped`). */
export function funnelRows(
  spec: SpecOf<'funnel'>,
  catalog: Catalog,
  key: string,
  cell: AnalysisCell,
): DrillText {
  const plan = funnelPlan(spec, catalog);
  const deals = dealColumns(catalog, 'd');
  const position = cellValue(cell, 'position');
  const pos = position.kind === 'lit' ? Number(position.value) : NaN;
  // The last step has no "dropped": its deals are won.
  if (key === 'dropped' && pos === plan.stages.length)
    throw new CompileError('compile_notListable', { key });
  const r = (c: string) => col('r', c);
  const at =
    key === 'reached'
      ? [bin('>=', r('reached_pos'), position)]
      : [eq(r('reached_pos'), position), eq(r('status'), lit('lost'))];
  return {
    ctes: [
      ['d', funnelDeals(spec, catalog, plan, deals.extra)],
      ...(plan.hasHistory ? historyCtes(plan.positionOf, plan.openSteps) : []),
      ['r', reachedRows(plan.hasHistory, plan.openSteps, col('d', 'current_pos'))],
    ],
    // `d` numbers its rows: the row numbers read through `r` and directly must be the same.
    materialized: ['d', 'r'],
    from: `${q('r')} JOIN ${q('d')} ON ${p(eq(r('k'), col('d', 'k')))}`,
    where: [...splitCond(plan.scope, r('split'), cell), ...at],
    listed: deals.listed,
    fact: 'deals',
  };
}
