/**
 * Whole statements as data: SELECT with WITH, joins, GROUP BY (plain or GROUPING SETS), HAVING,
 * QUALIFY, ORDER BY and LIMIT; UNION ALL; VALUES. Built by the compiler and the analyses, printed
 * only by `print.ts` in the engine's dialect. Names are identifiers (quoted by the printer) and
 * values are expressions, so nothing here is SQL text.
 */
import { lit, type Expr } from './ast.ts';

export type Query = Select | Union;

export interface Select {
  kind: 'select';
  with?: Cte[];
  distinct?: boolean;
  columns: SelectItem[];
  from?: FromItem;
  joins?: Join[];
  where?: Expr;
  groupBy?: Expr[];
  /** GROUPING SETS: each inner list is one set (an empty list is the grand total). */
  groupingSets?: Expr[][];
  having?: Expr;
  qualify?: Expr;
  orderBy?: OrderKey[];
  limit?: number;
  offset?: number;
}

/** UNION ALL of queries whose columns line up by position (see `unionByName`). */
export interface Union {
  kind: 'union';
  with?: Cte[];
  parts: Query[];
}

export interface Cte {
  name: string;
  query: Query;
  /** Computed once (DuckDB `AS MATERIALIZED`); needed when the CTE numbers rows and is read twice. */
  materialized?: boolean;
}

export type SelectItem =
  | { kind: 'item'; expr: Expr; as: string | null }
  /** `t.*` (or `*`), without the `except` columns, with `replace` columns rewritten. */
  | { kind: 'all'; table: string | null; except?: string[]; replace?: [Expr, string][] };

export type FromItem =
  | { kind: 'table'; name: string; as?: string }
  | { kind: 'subquery'; query: Query; as: string }
  | { kind: 'values'; rows: Expr[][]; as: string; columns: string[] };

export interface Join {
  /**
   * POSITIONAL pairs the n-th rows of both sides, with no condition (DuckDB's; ClickHouse has no
   * row order to pair by, and the printer refuses it there).
   */
  type: 'INNER' | 'LEFT' | 'CROSS' | 'SEMI' | 'ANTI' | 'POSITIONAL';
  item: FromItem;
  on?: Expr;
}

export interface OrderKey {
  expr: Expr;
  desc?: boolean;
  /** NULLS LAST unless said otherwise. */
  nullsFirst?: boolean;
}

export const item = (expr: Expr, as: string | null = null): SelectItem => ({
  kind: 'item',
  expr,
  as,
});
export const allCols = (table: string | null = null, except?: string[]): SelectItem => ({
  kind: 'all',
  table,
  ...(except?.length ? { except } : {}),
});
export const table = (name: string, as?: string): FromItem => ({
  kind: 'table',
  name,
  ...(as ? { as } : {}),
});
export const sub = (query: Query, as: string): FromItem => ({ kind: 'subquery', query, as });

/** A SELECT of `[expr, alias]` pairs, the common case. */
export function select(
  cols: [Expr, string][],
  from: FromItem,
  rest: Omit<Select, 'kind' | 'columns' | 'from'> = {},
): Select {
  return { kind: 'select', columns: cols.map(([e, a]) => item(e, a)), from, ...rest };
}

/** The output names of a query, when each column is named (`AS`, or a bare column). */
export function outputNames(q: Query): string[] | null {
  if (q.kind === 'union') return q.parts[0] ? outputNames(q.parts[0]) : null;
  const names: string[] = [];
  for (const c of q.columns) {
    if (c.kind === 'all') return null;
    if (c.as !== null) names.push(c.as);
    else if (c.expr.kind === 'col') names.push(c.expr.name);
    else return null;
  }
  return names;
}

/**
 * UNION ALL BY NAME, resolved: every part lists the union of all parts' columns in first-seen
 * order, with NULL where a part has none. Resolved here rather than printed, because ClickHouse
 * has no BY NAME; so both dialects run the same explicit lists.
 */
export function unionByName(parts: Select[]): Union {
  const named = parts.map((s) => {
    const names = outputNames(s);
    if (!names) throw new Error('a union by name needs named columns in every part');
    return names;
  });
  const all: string[] = [];
  for (const names of named) for (const n of names) if (!all.includes(n)) all.push(n);
  return {
    kind: 'union',
    parts: parts.map((s, i) => {
      const byName = new Map(
        s.columns.map((c, j) => [named[i]![j]!, c.kind === 'item' ? c.expr : lit(null)]),
      );
      return { ...s, columns: all.map((n) => item(byName.get(n) ?? lit(null), n)) };
    }),
  };
}
