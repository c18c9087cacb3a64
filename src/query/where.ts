/**
 * Which rows of a fact a measure counts: its date in the period (shifted back for a comparison) and
 * the spec's filters. Shared by the report compiler and drill-down, so a drilled list is exactly
 * the rows behind the number.
 */
import type { Catalog, FieldDef } from './catalog.ts';
import { dateBucket } from './dimension.ts';
import { filterExpr } from './filter.ts';
import { periodRange, type Shift } from './period.ts';
import { CompileError, PERIOD_FIELD, requireField } from './resolve.ts';
import type { Filter, ReportSpec } from './spec/spec.ts';
import { bin, dateLit, type Expr } from './sql/ast.ts';
import { named } from '../lib/message.ts';

export function rowConditions(
  spec: ReportSpec,
  catalog: Catalog,
  /** The measure's date on this fact; null for snapshot measures. */
  dateExpr: Expr | null,
  shift: Shift | null,
  reach: (field: FieldDef) => Expr | null,
  /** Called for a filter this fact cannot reach: it does not apply to these rows. */
  skipped: (filter: Filter) => void,
): Expr[] {
  const conds: Expr[] = [];
  // Rows without the measure's date (open deals for revenue) do not belong to any period.
  if (dateExpr) conds.push({ kind: 'isnull', expr: dateExpr, negate: true });
  if (dateExpr && spec.period) {
    const r = periodRange(spec.period, shift ?? undefined);
    conds.push(bin('>=', dateExpr, dateLit(r.from)), bin('<', dateExpr, dateLit(r.until)));
  }
  for (const f of spec.filters) {
    const field = requireField(catalog, f.field);
    if (f.grain && field.type !== 'date')
      throw new CompileError('compile_noGrain', { field: named(field) });
    // `period` has no column: as for dimensions, it is the date the measure counts by (unshifted,
    // like every filter); snapshot measures have none, so the filter does not apply to them.
    const e = field.id === PERIOD_FIELD ? dateExpr : reach(field);
    if (!e) {
      skipped(f);
      continue;
    }
    conds.push(filterExpr(f, f.grain ? dateBucket(e, f.grain) : e, field.type));
  }
  return conds;
}
