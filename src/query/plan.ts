/**
 * What compile() settles before it writes any SQL: the spec's dimensions and measures resolved
 * against the catalog, the measures grouped by (fact, date), the comparison's shift, and which
 * grouping sets the totals and top N need.
 */
import type { Catalog, MeasureDef } from './catalog.ts';
import { hasAsOf } from './period/as-of.ts';
import type { Dim, Group } from './group-query.ts';
import { comparisonShift, type Shift } from './period/period.ts';
import {
  CompileError,
  PERIOD_FIELD,
  fieldOnFact,
  fieldParam,
  measureParam,
  requireFact,
  requireField,
  resolveMeasure,
} from './resolve.ts';
import { needsRowCount } from './row-counts.ts';
import { dimensionKey, type Dimension, type ReportSpec } from './spec/spec.ts';
import { tablesOf } from './sql/ast.ts';
import { named } from '../lib/message.ts';

/** What compile() settles before it writes any SQL. */
export interface Plan {
  dims: Dim[];
  /** The measures asked for. */
  measures: MeasureDef[];
  /** The measures aggregated: ratios replaced by their parts. */
  base: MeasureDef[];
  /** The measures asked for whose rows the result counts too (`needsRowCount`). */
  rowCounts: MeasureDef[];
  groups: Group[];
  /** The groups as queried: each list is one aggregate query (one scan of its fact). */
  scans: Group[][];
  /** How far the comparison looks back, or null without one. */
  shift: Shift | null;
  /** The grouping sets shown (all dimensions, then each subtotal level with totals). */
  sets: number[][];
  /** `sets`, plus the first row dimension's own subtotal when top N needs it to rank on. */
  allSets: number[][];
  useGrouping: boolean;
  /** Top N with the rest merged into "Other". */
  other: boolean;
  /** Top N of the first row dimension (with more dimensions or totals) rather than of rows. */
  limitByFirst: boolean;
}

export function planQuery(spec: ReportSpec, catalog: Catalog, fuse = true): Plan {
  const dims = resolveDims(spec, catalog);
  const measures = resolveMeasures(spec, catalog);
  // Ratio measures are computed from their parts; the parts are aggregated like any measure.
  const base = baseMeasures(measures, catalog);
  const groups = groupMeasures(spec, catalog, base);
  if (spec.compare && !spec.period) {
    throw new CompileError('compile_compareNeedsPeriod');
  }
  const shift = spec.compare && spec.period ? comparisonShift(spec.period, spec.compare) : null;

  const n = dims.length;
  const rowCount = dims.filter((d) => d.axis === 'row').length;
  const sets = groupingSets(dims, spec.totals);
  // Top N with "Other": non-top values of the first row dimension are relabelled before
  // aggregation, so Other's medians and rates are computed like any member's.
  const other = spec.limitOther === true && spec.limit != null && rowCount > 0;
  const limitByFirst = !other && spec.limit != null && rowCount > 0 && (n > 1 || spec.totals);
  const allSets = limitByFirst ? withTopNSets(sets, n, columnSortSet(spec, dims)) : sets;
  const useGrouping = allSets.length > 1 || (allSets[0]?.length ?? 0) !== n;
  return {
    dims,
    measures,
    base,
    rowCounts: needsRowCount(spec, measures),
    groups,
    scans: fuse ? fuseGroups(spec, dims, groups) : groups.map((g) => [g]),
    shift,
    sets,
    allSets,
    useGrouping,
    other,
    limitByFirst,
  };
}

function resolveDims(spec: ReportSpec, catalog: Catalog): Dim[] {
  const out: Dim[] = [];
  const add = (dim: Dimension, axis: 'row' | 'column') => {
    if (dim.field === PERIOD_FIELD) {
      if (!dim.grain)
        throw new CompileError('compile_periodNeedsGrain', {
          field: fieldParam(catalog, PERIOD_FIELD),
        });
      out.push({ dim, key: dimensionKey(dim), axis, field: null });
      return;
    }
    const field = requireField(catalog, dim.field);
    if (dim.grain && field.type !== 'date')
      throw new CompileError('compile_noGrain', { field: named(field) });
    if (dim.bins) {
      if (field.type !== 'number')
        throw new CompileError('compile_noBins', { field: named(field) });
      if (
        dim.bins.length === 0 ||
        dim.bins.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= dim.bins![i - 1]!))
      ) {
        throw new CompileError('compile_binsOrder', { field: named(field) });
      }
    }
    // A date without a grain is bucketed by day: raw timestamps make no readable axis.
    const d: Dimension = field.type === 'date' && !dim.grain ? { ...dim, grain: 'day' } : dim;
    out.push({ dim: d, key: dimensionKey(dim), axis, field });
  };
  spec.rows.forEach((d) => add(d, 'row'));
  spec.columns.forEach((d) => add(d, 'column'));
  const seen = new Set<string>();
  for (const d of out) {
    if (seen.has(d.key)) throw new CompileError('compile_dimensionTwice', { key: d.key });
    seen.add(d.key);
  }
  return out;
}

/** Whether a group has a previous period: dated measures, and snapshots rebuilt as of a date. */
export function comparable(spec: ReportSpec, g: Group): boolean {
  return g.date !== null || (spec.period !== null && hasAsOf(g.fact));
}

/** The measures to aggregate: the requested ones, with each ratio replaced by its parts. */
function baseMeasures(measures: MeasureDef[], catalog: Catalog): MeasureDef[] {
  const out = new Map<string, MeasureDef>();
  const add = (m: MeasureDef) => {
    if (!m.ratio) {
      out.set(m.id, m);
      return;
    }
    for (const part of [m.ratio.numerator, m.ratio.denominator]) {
      const def = resolveMeasure(catalog, part);
      if (def.ratio) throw new CompileError('compile_ratioOfRatios', { measure: named(m) });
      out.set(def.id, def);
    }
  };
  measures.forEach(add);
  return [...out.values()];
}

function resolveMeasures(spec: ReportSpec, catalog: Catalog): MeasureDef[] {
  if (spec.measures.length === 0) throw new CompileError('compile_noMeasure');
  const seen = new Set<string>();
  return spec.measures.map((id) => {
    if (seen.has(id))
      throw new CompileError('compile_measureTwice', { measure: measureParam(catalog, id) });
    seen.add(id);
    return resolveMeasure(catalog, id);
  });
}

/** Measures that share a fact and a date are computed in one pass. */
function groupMeasures(spec: ReportSpec, catalog: Catalog, measures: MeasureDef[]): Group[] {
  const groups = new Map<string, Group>();
  for (const m of measures) {
    const dateId = m.date === null ? null : spec.date === 'auto' ? m.date : spec.date;
    const date = dateId === null ? null : requireField(catalog, dateId);
    if (date && date.type !== 'date')
      throw new CompileError('compile_notDateField', { field: named(date) });
    const key = `${m.fact}\u0000${dateId ?? ''}`;
    const g = groups.get(key) ?? { fact: requireFact(catalog, m.fact), date, measures: [] };
    g.measures.push(m);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/**
 * Groups of one fact that can share one scan: with no period, no `period` dimension and no
 * `period` filter, a group's date only decides which rows may make a bucket (dated rows, or rows
 * its measures count: `dateConditions`), and its aggregates' own FILTERs already keep only rows
 * that pass that condition, so its values are the same over the fact's rows at large; the fused
 * query keeps the rest (`groupQuery`). A period, or a date reached through a join or measures
 * reading another table (a lookup could repeat rows for one group but not the other), keep their
 * own pass.
 */
function fuseGroups(spec: ReportSpec, dims: Dim[], groups: Group[]): Group[][] {
  const periodFree =
    spec.period === null &&
    dims.every((d) => d.field !== null) &&
    spec.filters.every((f) => f.field !== PERIOD_FIELD);
  const ownTable = (g: Group) =>
    (!g.date || fieldOnFact(g.fact, g.date)?.joins.length === 0) &&
    g.measures.every((m) => [...tablesOf(m.expr)].every((t) => t === g.fact.table));
  const scans: Group[][] = [];
  const byFact = new Map<string, Group[]>();
  for (const g of groups) {
    if (!periodFree || !ownTable(g)) {
      scans.push([g]);
      continue;
    }
    const scan = byFact.get(g.fact.id);
    if (scan) scan.push(g);
    else {
      const fresh = [g];
      byFact.set(g.fact.id, fresh);
      scans.push(fresh);
    }
  }
  return scans;
}

function groupingSets(dims: Dim[], totals: boolean): number[][] {
  const all = dims.map((_, i) => i);
  if (!totals || dims.length === 0) return [all];
  const rows = all.filter((i) => dims[i]!.axis === 'row');
  const cols = all.filter((i) => dims[i]!.axis === 'column');
  const sets: number[][] = [];
  for (let r = rows.length; r >= 0; r--) {
    for (let c = cols.length; c >= 0; c--) sets.push([...rows.slice(0, r), ...cols.slice(0, c)]);
  }
  return sets;
}

/**
 * Top-N by the first row dimension needs that dimension's own subtotal to rank on, and, when the
 * rows are sorted by one table column (`column`), its subtotal in that column (top-column.ts).
 */
function withTopNSets(sets: number[][], n: number, column: number[] | null): number[][] {
  const has = (s: number[]) =>
    sets.some((x) => x.length === s.length && x.every((v, i) => v === s[i]));
  const out = has([0]) || n === 1 ? sets : [...sets, [0]];
  return column && !has(column) ? [...out, column] : out;
}

/** The grouping set of the first row dimension and the column a measure's sort key names. */
function columnSortSet(spec: ReportSpec, dims: Dim[]): number[] | null {
  const named = spec.sort.find((s) => s.column && !s.key.includes(':'))?.column;
  const columns = dims.flatMap((d, i) => (d.axis === 'column' ? [i] : []));
  if (!named?.length || named.length > columns.length) return null;
  return [0, ...columns.slice(0, named.length)];
}
