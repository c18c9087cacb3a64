/**
 * The result's ORDER BY: the spec's sort keys (a growth counting its members from nothing,
 * growth.ts), then the dimensions, each in its own order (stages in pipeline order, bins by their
 * bounds). Pure.
 */
import type { MeasureDef } from './catalog.ts';
import { binOrder } from './dimension.ts';
import type { Dim } from './group-query.ts';
import { growthOf, growthSort } from './growth.ts';
import { CompileError } from './resolve.ts';
import type { ReportSpec } from './spec/spec.ts';
import { bin, caseWhen, col, lit, type Expr } from './sql/ast.ts';
import type { OrderKey } from './sql/stmt.ts';

/**
 * How one sort key orders the result's rows; a growth of one of `growing` (the measures with a
 * previous value) counts its new members (growth.ts).
 */
export function sortKeys(
  s: { key: string; dir?: 'asc' | 'desc' },
  measures: MeasureDef[],
): OrderKey[] {
  const desc = s.dir !== 'asc';
  const growing = growthOf(s.key, measures);
  return growing ? growthSort(growing, desc) : [{ expr: col(null, s.key), desc }];
}

/** The ORDER BY of a pivot's result; a sort key not among `keys` is refused. */
export function orderBy(
  spec: ReportSpec,
  dims: Dim[],
  growing: MeasureDef[],
  keys: Set<string>,
): OrderKey[] {
  const out: OrderKey[] = [];
  for (const s of spec.sort) {
    if (!keys.has(s.key)) throw new CompileError('compile_cannotSort', { key: s.key });
    out.push(...sortKeys(s, growing));
  }
  for (const d of dims) {
    const order = ownOrder(d);
    if (order?.length) out.push({ expr: valueRank(col(null, d.key), order) });
    out.push({ expr: d.dim.bins ? binOrder(col(null, d.key), d.dim.bins) : col(null, d.key) });
  }
  return out;
}

/** A dimension's order of its own (stages in pipeline order); none when binned or bucketed. */
export function ownOrder(d: Dim): readonly string[] | undefined {
  const order = d.dim.bins || d.dim.grain ? undefined : d.field?.valueOrder;
  return order?.length ? order : undefined;
}

/** A value's place in its field's own order (stages in pipeline order); NULL when not in it. */
function valueRank(e: Expr, order: readonly string[]): Expr {
  return caseWhen(order.map((v, i): [Expr, Expr] => [bin('=', e, lit(v)), lit(i)]));
}
