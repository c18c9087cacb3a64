/**
 * What drivers of change ranks and measures: the dimensions (every categorical field the measure's
 * fact reaches, or the ones the spec names, with their pair), and the measure as one additive
 * aggregate or as the numerator and base of a ratio. Pure; the SQL is in drivers.ts.
 */
import type { Catalog, FactDef, FieldDef, MeasureDef } from '../../../query/catalog.ts';
import {
  CompileError,
  PERIOD_FIELD,
  fieldOnFact,
  requireFact,
  requireField,
} from '../../../query/resolve.ts';
import type { ReportSpec } from '../../../query/spec/spec.ts';
import type { Expr } from '../../../query/sql/ast.ts';
import { named } from '../../../lib/message.ts';

/**
 * Roles left out of "every dimension": an id or a title has one deal per member (a list, not a
 * driver), and the status is what the measures themselves select by.
 */
const NOT_DRIVERS: readonly string[] = ['id', 'title', 'status'];

/** One ranked dimension: a field, or a pair of fields. */
export interface DriverDimension {
  /** The `dimension` value of its rows: the field id, or `a × b` for a pair. */
  id: string;
  fields: FieldDef[];
}

export const PAIR_SEPARATOR = ' × ';

/** The measure split into what drivers adds up. */
export interface DriverMeasure {
  measure: MeasureDef;
  fact: FactDef;
  /** The additive value, or a ratio's numerator. */
  numerator: Expr;
  /** A ratio's base; null for an additive measure. */
  denominator: Expr | null;
}

export function driverMeasure(spec: ReportSpec, catalog: Catalog): DriverMeasure {
  if (spec.measures.length !== 1)
    throw new CompileError('compile_driversOneMeasure', { n: spec.measures.length });
  const id = spec.measures[0]!;
  const m = catalog.measures.find((x) => x.id === id);
  if (!m) throw new CompileError('compile_unknownMeasure', { id });
  const fact = requireFact(catalog, m.fact);
  if (m.parts && !m.ratio)
    return { measure: m, fact, numerator: m.parts.numerator, denominator: m.parts.denominator };
  if (m.additive && !m.ratio) return { measure: m, fact, numerator: m.expr, denominator: null };
  throw new CompileError('compile_driversMeasure', { measure: named(m) });
}

/** Text and yes/no fields this fact reaches: the members a change can be put down to. */
export function driverFields(catalog: Catalog, fact: FactDef): FieldDef[] {
  return catalog.fields.filter(
    (f) =>
      f.id !== PERIOD_FIELD &&
      (f.type === 'text' || f.type === 'boolean') &&
      !(f.table === fact.table && f.role !== undefined && NOT_DRIVERS.includes(f.role)) &&
      fieldOnFact(fact, f) !== null,
  );
}

/**
 * No rows in the spec: every dimension alone. One: that one. Two: each, and the pair of both
 * (whose members are the combinations), so the pair is read next to its parts.
 */
export function driverDimensions(
  spec: ReportSpec,
  catalog: Catalog,
  fact: FactDef,
): DriverDimension[] {
  if (spec.columns.length) throw new CompileError('compile_driversColumns');
  if (spec.rows.length > 2) throw new CompileError('compile_driversDims', { n: spec.rows.length });
  const fields = spec.rows.map((d) => {
    const f = requireField(catalog, d.field);
    if (d.grain || d.bins || f.type === 'date' || f.type === 'number' || !fieldOnFact(fact, f))
      throw new CompileError('compile_driversField', { field: named(f) });
    return f;
  });
  if (fields.length === 2 && fields[0]!.id === fields[1]!.id)
    throw new CompileError('compile_dimensionTwice', { key: fields[0]!.id });
  const list = fields.length ? fields : driverFields(catalog, fact);
  if (list.length === 0) throw new CompileError('compile_driversNoFields');
  const dims: DriverDimension[] = list.map((f) => ({ id: f.id, fields: [f] }));
  if (fields.length === 2)
    dims.push({ id: fields.map((f) => f.id).join(PAIR_SEPARATOR), fields: fields.slice() });
  return dims;
}

/** A result row's place: its dimension and member(s), as drivers returns them. */
export interface DriverMember {
  dimension: string;
  member: string | null;
  member_2: string | null;
}

/**
 * The deals behind one member, as the pivot's drill-down lists them: the same spec as a pivot by
 * the member's field(s), and the cell of that member — current period, or `<m>_previous`.
 */
export function driverDrill(
  spec: ReportSpec,
  catalog: Catalog,
  at: DriverMember,
  previous: boolean,
): { spec: ReportSpec; key: string; cell: Record<string, string | boolean | null> } {
  const ids = at.dimension.split(PAIR_SEPARATOR);
  const fields = ids.map((id) => requireField(catalog, id));
  const values = [at.member, at.member_2];
  const cell: Record<string, string | boolean | null> = {};
  fields.forEach((f, i) => {
    const v = values[i] ?? null;
    // The result carries every member as text; a yes/no field compares as a boolean.
    cell[f.id] = v !== null && f.type === 'boolean' ? v === 'true' : v;
  });
  const m = spec.measures[0]!;
  return {
    spec: {
      ...spec,
      analysis: 'pivot',
      options: {},
      rows: fields.map((f) => ({ field: f.id })),
      columns: [],
      measures: [m],
      sort: [],
      limit: null,
      totals: false,
    },
    key: previous ? `${m}_previous` : m,
    cell,
  };
}
