/**
 * Which rows of a fact a measure counts: its date in the period (shifted back for a comparison) and
 * the spec's filters. Shared by the report compiler and drill-down, so a drilled list is exactly
 * the rows behind the number.
 */
import type { Catalog, FieldDef, MeasureDef } from '../catalog.ts';
import { dateBucket } from '../dimension.ts';
import { filterExpr } from './filter.ts';
import { periodRange, type Shift } from '../period/period.ts';
import { CompileError, PERIOD_FIELD, requireField } from '../resolve.ts';
import type { Filter, ReportSpec } from '../spec/spec.ts';
import { bin, dateLit, type Expr } from '../sql/ast.ts';
import { named } from '../../lib/message.ts';

export function rowConditions(
  spec: ReportSpec,
  catalog: Catalog,
  /** The measure's date on this fact; null for snapshot measures. */
  dateExpr: Expr | null,
  shift: Shift | null,
  reach: (field: FieldDef) => Expr | null,
  /** Called for a filter this fact cannot reach: it does not apply to these rows. */
  skipped: (filter: Filter) => void,
  /** The rows the measures count (`countedRows`); null when every row counts. */
  counted: Expr | null,
): Expr[] {
  return [
    ...dateConditions(spec, dateExpr, shift, counted),
    ...filterConditions(spec, catalog, dateExpr, reach, skipped),
  ];
}

/** The conditions on the measure's own date: in the period, or dated or counted without one. */
export function dateConditions(
  spec: ReportSpec,
  dateExpr: Expr | null,
  shift: Shift | null,
  counted: Expr | null,
): Expr[] {
  const conds: Expr[] = [];
  // A row without the measure's date belongs to no period, but with no period chosen it counts
  // like any other. Rows the measures skip anyway (open deals for revenue) are left out, so they
  // do not make an empty bucket.
  if (dateExpr && spec.period) conds.push(undated(dateExpr, true));
  else if (dateExpr && counted) conds.push(bin('OR', undated(dateExpr, true), counted));
  if (dateExpr && spec.period) {
    const r = periodRange(spec.period, shift ?? undefined);
    conds.push(bin('>=', dateExpr, dateLit(r.from)), bin('<', dateExpr, dateLit(r.until)));
  }
  return conds;
}

/** The spec's filters on the fact's rows (a `period` filter on the measure's date). */
export function filterConditions(
  spec: ReportSpec,
  catalog: Catalog,
  dateExpr: Expr | null,
  reach: (field: FieldDef) => Expr | null,
  skipped: (filter: Filter) => void,
): Expr[] {
  const conds: Expr[] = [];
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

function undated(dateExpr: Expr, negate = false): Expr {
  return { kind: 'isnull', expr: dateExpr, negate };
}

export const AGGREGATES = new Set([
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'median',
  'quantile_cont',
  'any_value',
]);

/**
 * The rows a measure's aggregates keep (their FILTER: won deals for revenue), or null when some
 * aggregate reads every row.
 */
export function measureRows(m: Pick<MeasureDef, 'expr'>): Expr | null {
  const filters: Expr[] = [];
  let all = false;
  const walk = (e: Expr): void => {
    if (e.kind === 'fn' && AGGREGATES.has(e.name)) {
      if (e.filter) filters.push(e.filter);
      else all = true;
      return;
    }
    if (e.kind === 'fn') e.args.forEach(walk);
    else if (e.kind === 'bin') [e.left, e.right].forEach(walk);
    else if (e.kind === 'cast' || e.kind === 'not' || e.kind === 'isnull') walk(e.expr);
    else if (e.kind === 'case') e.whens.forEach((pair) => pair.forEach(walk));
  };
  walk(m.expr);
  if (all || filters.length === 0) return null;
  return anyOf(filters);
}

/** The rows any of the measures counts; null when one of them counts every row. */
export function countedRows(measures: MeasureDef[]): Expr | null {
  const rows = measures.map(measureRows);
  if (rows.some((r) => r === null)) return null;
  return rows.length ? anyOf(rows as Expr[]) : null;
}

/** OR of the conditions, each once (`won` is the FILTER of several measures): fewer to evaluate. */
function anyOf(conds: Expr[]): Expr {
  const seen = new Set<string>();
  const flat = (e: Expr): Expr[] =>
    e.kind === 'bin' && e.op === 'OR' ? [...flat(e.left), ...flat(e.right)] : [e];
  return conds
    .flatMap(flat)
    .filter((c) => {
      const key = JSON.stringify(c);
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .reduce((a, b) => bin('OR', a, b));
}

/** Rows without the date that the measures would count: outside every period. */
export function undatedConditions(dateExpr: Expr, counted: Expr | null): Expr[] {
  return [undated(dateExpr), ...(counted ? [counted] : [])];
}
