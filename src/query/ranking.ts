/**
 * The ranking pieces of a compiled pivot: which measure ranks the top N, each row's rank among
 * its peers, and DuckDB's GROUPING() mask that tells a rolled-up row from a detail row.
 */
import type { MeasureDef } from './catalog.ts';
import type { ReportSpec } from './spec/spec.ts';
import { caseWhen, fn, isNull, lit, type Expr } from './sql/ast.ts';

/** DuckDB's GROUPING() bitmask: the first argument is the highest bit; set = rolled up. */
export function mask(set: number[], n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) if (!set.includes(i)) m |= 1 << (n - 1 - i);
  return m;
}

export function rank(orderExpr: Expr, partition: Expr[]): Expr {
  const r: Expr = {
    kind: 'over',
    fn: fn('rank'),
    partitionBy: partition,
    orderBy: [{ expr: orderExpr, desc: true }],
  };
  // Rows without a value get no rank rather than the last one.
  return caseWhen([[isNull(orderExpr), lit(null)]], r);
}

export function rankingKey(spec: ReportSpec, measures: MeasureDef[], keys: Set<string>) {
  const first = spec.sort.find(
    (s) => keys.has(s.key) && !s.key.includes(':') && measures.some((m) => s.key.startsWith(m.id)),
  );
  return first ?? { key: measures[0]!.id, dir: 'desc' as const };
}
