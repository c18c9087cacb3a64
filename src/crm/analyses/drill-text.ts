/**
 * Transitional: pages the drill rows still given as SQL text (`DrillRows`, from the forecast's
 * drill), as drill.ts did before the statement nodes. Deleted with the string helpers
 * of common.ts once every analysis gives `DrillNodes`.
 */
import type { DrillOptions } from '../../query/drill.ts';
import { and } from '../../query/sql/ast.ts';
import type { OrderKey } from '../../query/sql/stmt.ts';
import { p, q, withCtes } from './common.ts';
import type { DrillRows } from './drill-common.ts';

/** The page query and the count over the same rows, `order` first. */
export function pageText(
  rows: DrillRows,
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
