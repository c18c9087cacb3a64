/**
 * A small typed SQL expression tree. A column and a literal are different node types, so a
 * string value can never be mistaken for a column name or pasted into SQL unescaped. Statements
 * (SELECT, WITH, UNION…) built from these are in `stmt.ts`; both print through `print.ts`.
 */
import type { Query } from './stmt.ts';

export type Expr =
  | { kind: 'col'; table: string | null; name: string }
  | { kind: 'lit'; value: string | number | boolean | null }
  | { kind: 'date'; value: string }
  | { kind: 'fn'; name: SqlFunction; args: Expr[]; distinct?: boolean; filter?: Expr }
  | { kind: 'star' }
  | { kind: 'bin'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'not'; expr: Expr }
  | { kind: 'isnull'; expr: Expr; negate: boolean }
  | { kind: 'in'; expr: Expr; values: Expr[]; negate: boolean }
  | { kind: 'like'; expr: Expr; contains: string }
  | { kind: 'case'; whens: [Expr, Expr][]; otherwise: Expr | null }
  | { kind: 'cast'; expr: Expr; type: SqlType }
  | { kind: 'interval'; amount: number; unit: 'DAY' | 'MONTH' }
  | { kind: 'over'; fn: Expr; partitionBy: Expr[]; orderBy: { expr: Expr; desc: boolean }[] }
  | { kind: 'exists'; query: Query }
  /** A scalar subquery: one row, one column. */
  | { kind: 'subquery'; query: Query };

export const BINARY_OPS = [
  '=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  'AND',
  'OR',
  '+',
  '-',
  '*',
  '/',
  '||',
  'IS NOT DISTINCT FROM',
] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

export const SQL_TYPES = [
  'DOUBLE',
  'VARCHAR',
  'DATE',
  'TIMESTAMP',
  'INTEGER',
  'BIGINT',
  'BOOLEAN',
] as const;
export type SqlType = (typeof SQL_TYPES)[number];

/**
 * Functions the compiler may emit; a closed list so a name is never user text. It exists at run
 * time too: the printer refuses any other name, whatever a cast or a deserialised tree holds.
 */
export const SQL_FUNCTIONS = [
  'count',
  'approx_count_distinct',
  'sum',
  'avg',
  'min',
  'max',
  'median',
  'quantile_cont',
  'any_value',
  'coalesce',
  'nullif',
  'abs',
  'round',
  'greatest',
  'least',
  'date_diff',
  'date_trunc',
  'format_date',
  'year',
  'quarter',
  'month',
  'lower',
  'trim',
  'grouping',
  'rank',
  'row_number',
  'epoch',
  'current_date',
  // The analyses' window and list functions (`analytic.ts`, the funnel).
  'lag',
  'lead',
  'floor',
  'cume_dist',
  'isinf',
  'list_value',
  'list_position',
  'epoch_us',
  'arg_max',
  'bit_and',
  'int_div',
  // A set-returning call: one row per value from its first to its second argument (inclusive),
  // by the third (an interval) for dates.
  'series',
  // The product of a group or window (the forecast's survival curve).
  'product',
  // The forecast's range (a standard deviation) and its slice of a close.
  'sqrt',
  'ceil',
] as const;
export type SqlFunction = (typeof SQL_FUNCTIONS)[number];

export const col = (table: string | null, name: string): Expr => ({ kind: 'col', table, name });
export const lit = (value: string | number | boolean | null): Expr => ({ kind: 'lit', value });
export const dateLit = (value: string): Expr => ({ kind: 'date', value });
export const star: Expr = { kind: 'star' };
export const fn = (name: SqlFunction, ...args: Expr[]): Expr => ({ kind: 'fn', name, args });
export const bin = (op: BinaryOp, left: Expr, right: Expr): Expr => ({
  kind: 'bin',
  op,
  left,
  right,
});
export const eq = (l: Expr, r: Expr): Expr => bin('=', l, r);
export const isNull = (expr: Expr): Expr => ({ kind: 'isnull', expr, negate: false });
export const notNull = (expr: Expr): Expr => ({ kind: 'isnull', expr, negate: true });
export const not = (expr: Expr): Expr => ({ kind: 'not', expr });
export const cast = (expr: Expr, type: SqlType): Expr => ({ kind: 'cast', expr, type });
export const caseWhen = (whens: [Expr, Expr][], otherwise: Expr | null = null): Expr => ({
  kind: 'case',
  whens,
  otherwise,
});
export const inList = (expr: Expr, values: Expr[], negate = false): Expr => ({
  kind: 'in',
  expr,
  values,
  negate,
});

/** AND of all parts; `TRUE` when empty. */
export function and(...parts: (Expr | null | undefined)[]): Expr {
  const list = parts.filter((p): p is Expr => p != null);
  if (list.length === 0) return lit(true);
  return list.reduce((a, b) => bin('AND', a, b));
}

/** An aggregate with an optional `FILTER (WHERE …)` and DISTINCT. */
export function agg(
  name: SqlFunction,
  args: Expr[],
  opts: { filter?: Expr; distinct?: boolean } = {},
): Expr {
  return { kind: 'fn', name, args, ...opts };
}

/**
 * Rewrites every column reference (e.g. table name → alias). A subquery (`EXISTS`, scalar) is
 * left as it is, unless `query` says how to rewrite it.
 */
export function mapColumns(
  e: Expr,
  f: (c: { table: string | null; name: string }) => Expr,
  query?: (q: Query) => Query,
): Expr {
  const m = (x: Expr) => mapColumns(x, f, query);
  switch (e.kind) {
    case 'col':
      return f(e);
    case 'fn':
      return { ...e, args: e.args.map(m), ...(e.filter ? { filter: m(e.filter) } : {}) };
    case 'bin':
      return { ...e, left: m(e.left), right: m(e.right) };
    case 'not':
    case 'isnull':
    case 'cast':
    case 'like':
      return { ...e, expr: m(e.expr) };
    case 'in':
      return { ...e, expr: m(e.expr), values: e.values.map(m) };
    case 'case':
      return {
        ...e,
        whens: e.whens.map(([w, t]) => [m(w), m(t)] as [Expr, Expr]),
        otherwise: e.otherwise ? m(e.otherwise) : null,
      };
    case 'over':
      return {
        ...e,
        fn: m(e.fn),
        partitionBy: e.partitionBy.map(m),
        orderBy: e.orderBy.map((o) => ({ ...o, expr: m(o.expr) })),
      };
    case 'exists':
    case 'subquery':
      return query ? { ...e, query: query(e.query) } : e;
    default:
      return e;
  }
}

/** Table names referenced by the expression. */
export function tablesOf(e: Expr, out = new Set<string>()): Set<string> {
  mapColumns(e, (c) => {
    if (c.table) out.add(c.table);
    return col(c.table, c.name);
  });
  return out;
}
