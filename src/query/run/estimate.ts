/**
 * How big a pivot a spec would draw, before running it: one cheap query of `approx_count_distinct`
 * per dimension (over the dimension's own table, the period applied to `period` buckets; date
 * buckets counted exactly), and pure arithmetic over its answers. An upper bound: rows × columns
 * × value columns, as the table lays out every combination. Pure: no I/O.
 */
import type { Catalog } from '../catalog.ts';
import { dateKey } from '../dimension.ts';
import { periodRange } from '../period/period.ts';
import { PERIOD_FIELD, requireField, resolveMeasure } from '../resolve.ts';
import type { ReportSpec } from '../spec/spec.ts';
import { agg, and, bin, col, dateLit, fn, lit, notNull, type Expr } from '../sql/ast.ts';
import { inDialect, type Dialect } from '../sql/dialect.ts';
import { printQuery, withSettings } from '../sql/print.ts';
import { item, select, table as from, type Select } from '../sql/stmt.ts';

export interface SizeEstimate {
  /** One row; column `d<i>` is the approximate distinct count of dimension i (rows, then columns). */
  sql: string;
  /** Dimensions whose count is known without asking (bins): index → count. */
  known: Map<number, number>;
  dimensions: number;
}

/**
 * The estimate query of a spec, or null when nothing can explode (no dimensions), in the dialect
 * of the engine that will run it (DuckDB by default), like `compileReport`.
 */
export function estimateQuery(
  spec: ReportSpec,
  catalog: Catalog,
  opts: { dialect?: Dialect } = {},
): SizeEstimate | null {
  return inDialect(opts.dialect ?? 'duckdb', () => {
    const est = estimate(spec, catalog);
    return est && { ...est, sql: withSettings(est.sql) };
  });
}

function estimate(spec: ReportSpec, catalog: Catalog): SizeEstimate | null {
  const dims = [...spec.rows, ...spec.columns];
  if (dims.length === 0 || spec.measures.length === 0) return null;
  const known = new Map<number, number>();
  const parts: [Expr, string][] = [];
  dims.forEach((d, i) => {
    const alias = `d${i}`;
    if (d.bins) {
      known.set(i, d.bins.length + 1);
      parts.push([lit(0), alias]);
      return;
    }
    let table: string;
    let value: Expr;
    /** Date buckets are few: counted exactly, by their first day (see below). */
    let bucket = false;
    const conds: Expr[] = [];
    if (d.field === PERIOD_FIELD) {
      // Each measure's own date: the first measure's stands for all (they share the period).
      const m = resolveMeasure(catalog, spec.measures[0]!);
      const dateId = m.date === null ? null : spec.date === 'auto' ? m.date : spec.date;
      if (dateId === null) {
        known.set(i, 1);
        parts.push([lit(0), alias]);
        return;
      }
      const f = requireField(catalog, dateId);
      table = f.table;
      const date = col(f.table, f.column);
      value = dateKey(date, d.grain ?? 'month');
      bucket = true;
      conds.push(notNull(date));
      if (spec.period) {
        const r = periodRange(spec.period);
        conds.push(bin('>=', date, dateLit(r.from)), bin('<', date, dateLit(r.until)));
      }
    } else {
      const f = requireField(catalog, d.field);
      table = f.table;
      const c = col(f.table, f.column);
      bucket = f.type === 'date';
      value = bucket ? dateKey(c, d.grain ?? 'day') : c;
    }
    // A bucket's first day, not its label: one per label, without formatting a string for every
    // row (the label was two thirds of the estimate at 1M deals). Exact, because the sketch
    // behind approx_count_distinct undercounts a few timestamps (7 of 10 days).
    const n = bucket
      ? agg('count', [value], { distinct: true })
      : fn('approx_count_distinct', value);
    const count = select([[n, 'n']], from(table), {
      ...(conds.length ? { where: and(...conds) } : {}),
    });
    parts.push([{ kind: 'subquery', query: count }, alias]);
  });
  const query: Select = { kind: 'select', columns: parts.map(([e, a]) => item(e, a)) };
  return { sql: printQuery(query), known, dimensions: dims.length };
}

/**
 * Cells of the table from the distinct counts: each dimension may also hold an empty value
 * (+1), totals add a row/column per level, a top N caps the first row dimension.
 */
export function estimateCells(spec: ReportSpec, counts: number[]): number {
  const nRows = spec.rows.length;
  let rows = 1;
  let cols = 1;
  counts.forEach((raw, i) => {
    let c = Math.max(1, Math.round(raw) + 1);
    if (i === 0 && nRows > 0 && spec.limit != null)
      c = Math.min(c, spec.limit + (spec.limitOther ? 1 : 0));
    if (i < nRows) rows *= c;
    else cols *= c;
  });
  if (spec.totals) {
    rows += 1;
    if (spec.columns.length) cols += 1;
  }
  const perMeasure = spec.compare ? 4 : 1;
  return rows * cols * spec.measures.length * perMeasure;
}

/** Reads the estimate query's one row into counts, known ones filled in. */
export function estimateCounts(est: SizeEstimate, row: (key: string) => unknown): number[] {
  const out: number[] = [];
  for (let i = 0; i < est.dimensions; i++) {
    out.push(est.known.get(i) ?? Number(row(`d${i}`) ?? 0));
  }
  return out;
}
