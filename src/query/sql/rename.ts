/**
 * Renaming the relations (CTEs and their references) of a statement tree. A statement nested in
 * another may reuse its CTE names: DuckDB scopes each WITH to its own statement, ClickHouse does
 * not, so a nested statement's CTEs are given names of their own before it is embedded.
 */
import { col, mapColumns, type Expr } from './ast.ts';
import type { FromItem, Join, Query, Select, SelectItem } from './stmt.ts';

type Rename = (name: string) => string;

/** Every CTE name defined in `q`, in its CTEs, unions and FROM/JOIN subqueries included. */
export function cteNames(q: Query, out = new Set<string>()): Set<string> {
  for (const c of q.with ?? []) {
    out.add(c.name);
    cteNames(c.query, out);
  }
  if (q.kind === 'union') for (const p of q.parts) cteNames(p, out);
  else
    for (const f of [q.from, ...(q.joins ?? []).map((j) => j.item)])
      if (f?.kind === 'subquery') cteNames(f.query, out);
  return out;
}

/**
 * `q` with every CTE of `q` (at any depth) renamed by `prefix`, and every reference to one — a
 * table in FROM or JOIN, an alias, a column qualifier — renamed alike. Base tables keep their names.
 */
export function prefixCtes(q: Query, prefix: string): Query {
  const names = cteNames(q);
  return renameQuery(q, (n) => (names.has(n) ? `${prefix}${n}` : n));
}

function renameQuery(q: Query, r: Rename): Query {
  const withs = q.with?.map((c) => ({ ...c, name: r(c.name), query: renameQuery(c.query, r) }));
  const w = withs ? { with: withs } : {};
  if (q.kind === 'union') return { ...q, ...w, parts: q.parts.map((p) => renameQuery(p, r)) };
  return { ...renameSelect(q, r), ...w };
}

function renameSelect(s: Select, r: Rename): Select {
  const e = (x: Expr) => renameExpr(x, r);
  const opt = (x: Expr | undefined) => (x ? e(x) : undefined);
  const out: Select = { ...s, columns: s.columns.map((c) => renameItem(c, r)) };
  if (s.from) out.from = renameFrom(s.from, r);
  if (s.joins)
    out.joins = s.joins.map((j): Join => ({
      ...j,
      item: renameFrom(j.item, r),
      ...(j.on ? { on: e(j.on) } : {}),
    }));
  if (s.where) out.where = opt(s.where);
  if (s.groupBy) out.groupBy = s.groupBy.map(e);
  if (s.groupingSets) out.groupingSets = s.groupingSets.map((g) => g.map(e));
  if (s.having) out.having = opt(s.having);
  if (s.qualify) out.qualify = opt(s.qualify);
  if (s.orderBy) out.orderBy = s.orderBy.map((o) => ({ ...o, expr: e(o.expr) }));
  return out;
}

function renameItem(c: SelectItem, r: Rename): SelectItem {
  if (c.kind === 'item') return { ...c, expr: renameExpr(c.expr, r) };
  return {
    ...c,
    table: c.table === null ? null : r(c.table),
    ...(c.replace ? { replace: c.replace.map(([x, a]) => [renameExpr(x, r), a]) } : {}),
  };
}

function renameFrom(f: FromItem, r: Rename): FromItem {
  switch (f.kind) {
    case 'table':
      return { ...f, name: r(f.name), ...(f.as ? { as: r(f.as) } : {}) };
    case 'subquery':
      return { ...f, query: renameQuery(f.query, r), as: r(f.as) };
    case 'values':
      return { ...f, rows: f.rows.map((row) => row.map((x) => renameExpr(x, r))), as: r(f.as) };
  }
}

function renameExpr(x: Expr, r: Rename): Expr {
  return mapColumns(
    x,
    (c) => col(c.table === null ? null : r(c.table), c.name),
    (q) => renameQuery(q, r),
  );
}
