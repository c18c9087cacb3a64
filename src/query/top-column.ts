/**
 * Top N of the first row dimension when the rows are sorted by one table column (a cross-tab's
 * value header clicked): the members are ranked by their value in that column, as the table on
 * screen orders them, not by their row total (top 5 by Q3 revenue showed the top 5 by the year's
 * and left Q3's first rows out). A member with no value there ranks after those with one, then
 * by its row total, as the layout puts it last (charts/pivot/pivot-order.ts). Pure.
 */
import type { MeasureDef } from './catalog.ts';
import { mask } from './ranking.ts';
import { sortKeys } from './order.ts';
import type { SortKey } from './spec/spec.ts';
import { and, bin, cast, col, eq, isNull, lit, type Expr } from './sql/ast.ts';
import { select, table, type Cte, type OrderKey } from './sql/stmt.ts';
import { GROUPING } from './group-query.ts';

/** Where the ranking reads: a result with `_grouping` over `dims` dimension keys in output order. */
export interface TopSource {
  /** The result's name (a CTE). */
  name: string;
  /** The result's dimension keys, in output order (the mask's bit order). */
  dimKeys: string[];
  /** Indexes in `dimKeys` of the column dimensions, outermost first. */
  columnDims: number[];
}

/** The column dimensions' conditions naming the sort's column, or null when it names none. */
function columnConditions(sort: SortKey, src: TopSource): Expr[] | null {
  const named = sort.column;
  if (!named || named.length === 0 || named.length > src.columnDims.length) return null;
  return named.map((m, i) => {
    const c = col(null, src.dimKeys[src.columnDims[i]!]!);
    // The layout names a member by its text (memberText): compare it as text.
    return m === null ? isNull(c) : eq(cast(c, 'VARCHAR'), lit(m));
  });
}

/** Whether `sort` ranks the top N by one column of `src`, so the result needs that subtotal. */
export function ranksByColumn(sort: SortKey, src: TopSource): number[] | null {
  const conds = columnConditions(sort, src);
  return conds ? [0, ...src.columnDims.slice(0, conds.length)] : null;
}

/**
 * The CTEs that rank the first dimension's members of `src` by `sort` in the column it names and
 * keep `limit` of them, the last one named `name` with the member under `firstKey`; null when
 * the sort names no column (the caller ranks by the row total).
 */
export function topByColumn(
  name: string,
  src: TopSource,
  sort: SortKey,
  growing: MeasureDef[],
  limit: number,
): Cte[] | null {
  const conds = columnConditions(sort, src);
  const set = ranksByColumn(sort, src);
  if (!conds || !set) return null;
  const n = src.dimKeys.length;
  const first = src.dimKeys[0]!;
  const grouping = col(null, GROUPING);
  const keys = sortKeys(sort, growing);
  // The column's values, one row per member of the first dimension that has one.
  const inColumn = `${name}_column`;
  const values = select(
    [[col(null, first), '_member'], ...keys.map((k, i): [Expr, string] => [k.expr, `_v${i}`])],
    table(src.name),
    { where: and(eq(grouping, lit(mask(set, n))), ...conds) },
  );
  const order: OrderKey[] = [
    ...keys.map((k, i): OrderKey => ({ ...k, expr: col(inColumn, `_v${i}`) })),
    // Then by the row total, as the rows without a value in the column are laid out (the
    // column's values are `_v…`, so these names read the source's).
    ...sortKeys({ key: sort.key, dir: sort.dir }, growing),
    { expr: col(src.name, first) },
  ];
  const top = select([[col(src.name, first), first]], table(src.name), {
    joins: [
      {
        type: 'LEFT',
        item: table(inColumn),
        on: bin('IS NOT DISTINCT FROM', col(inColumn, '_member'), col(src.name, first)),
      },
    ],
    where: eq(col(src.name, GROUPING), lit(mask([0], n))),
    orderBy: order,
    limit,
  });
  return [
    { name: inColumn, query: values },
    { name, query: top },
  ];
}
