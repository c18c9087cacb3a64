/** What the analyses' drill-downs share: the clicked row, the rows a list is made of. */
import type { Catalog } from '../../query/catalog.ts';
import { factListColumns, type Listed } from '../../query/drill.ts';
import { CompileError } from '../../query/resolve.ts';
import type { Scalar } from '../../query/spec/spec.ts';
import { bin, col, lit, type Expr } from '../../query/sql/ast.ts';
import type { Cte, FromItem, Join } from '../../query/sql/stmt.ts';
import type { DealScope } from './common.ts';

/** The clicked row of an analysis result: its values by result key. */
export type AnalysisCell = Record<string, Scalar | bigint>;

/** The rows a drill lists, before paging: CTEs, FROM with its joins, conditions, listed columns. */
export interface DrillNodes {
  ctes: Cte[];
  from: FromItem;
  joins: Join[];
  where: Expr[];
  listed: Listed[];
  /** `deals` (a list of deals) or `clients` (a list of clients). */
  fact: 'deals' | 'clients';
}

/** The cell's value of `key` as a literal (Arrow gives BIGINT as bigint). */
export function cellValue(cell: AnalysisCell, key: string): Expr {
  if (!(key in cell)) throw new CompileError('compile_drillCell', { key });
  const v = cell[key];
  return lit(typeof v === 'bigint' ? Number(v) : (v ?? null));
}

/** The row's split value, when the analysis is split. */
export function splitCond(scope: DealScope, split: Expr, cell: AnalysisCell): Expr[] {
  return scope.split ? [bin('IS NOT DISTINCT FROM', split, cellValue(cell, scope.split.key))] : [];
}

/** A listed column read from a CTE. */
export const listed = (
  key: string,
  expr: Expr,
  format: Listed['column']['format'],
  role: 'dimension' | 'measure' = 'dimension',
): Listed => ({ column: { key, role, format }, expr });

/** The deals' list columns carried through a CTE as `_l0`, `_l1`…, and read back from `table`. */
export function dealColumns(catalog: Catalog, table: string) {
  const own = factListColumns(catalog, 'deals');
  return {
    extra: own.map((c, i): [Expr, string] => [c.expr, `_l${i}`]),
    listed: own.map((c, i): Listed => ({ column: c.column, expr: col(table, `_l${i}`) })),
  };
}
