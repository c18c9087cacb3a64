/**
 * The small node builders the forecast's statements share: columns bare and qualified, a
 * qualified column under its own name, counts with a condition, a SELECT without FROM.
 */
import { agg, col, fn, lit, type Expr } from '../../../query/sql/ast.ts';
import { item, type Select } from '../../../query/sql/stmt.ts';

/** A qualified column, `t.name`. */
export const c = (t: string, name: string): Expr => col(t, name);
/** A bare column, `name`. */
export const b = (name: string): Expr => col(null, name);
/** A qualified column selected under its own name (ClickHouse would name it `t.col`). */
export const cn = (t: string, name: string): [Expr, string] => [c(t, name), name];
/** Bare columns selected as they are. */
export const bare = (...names: string[]): [Expr, string][] => names.map((n) => [b(n), n]);

/** `SELECT e AS "as"` with no FROM: one row (or one per value of a set-returning `e`). */
export const oneRow = (e: Expr, as: string): Select => ({ kind: 'select', columns: [item(e, as)] });

/** `count(*)` of the rows where `cond` holds, typed as DuckDB's BIGINT in every dialect. */
export const countWhere = (cond?: Expr): Expr =>
  cond ? agg('count', [], { filter: cond }) : fn('count');
export const coalesce0 = (e: Expr): Expr => fn('coalesce', e, lit(0));
export const WON_LOST = [lit('won'), lit('lost')];
