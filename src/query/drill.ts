/**
 * Drill-down: compileDrill(spec, catalog, measure, cell) → the SQL listing the fact rows behind
 * one value of a report. Pure, like compile(), and built from the same pieces so the list always
 * adds up to the cell: the measure's fact, its own date and period rule (revenue → won deals closed
 * in the period), the report's filters, the rows the measure's aggregate keeps (its FILTER), and
 * NULL-safe equality on every dimension the cell is not rolled up over — date buckets and number
 * bins compared through the same bucket expression. `<m>_previous` lists the comparison period.
 */
import type { Catalog, FactDef, FieldDef, JoinDef, MeasureDef } from './catalog.ts';
import { ROLLED_UP, type CellKey } from './spec/cell.ts';
import type { CompiledQuery, OutputColumn } from './compiled.ts';
import { dateBucket, numberBins } from './dimension.ts';
import { lookupJoin, uniqueJoins } from './rows/joins.ts';
import { comparisonShift, periodRange, type Shift } from './period/period.ts';
import { factAsOfItem, hasAsOf } from './period/as-of.ts';
import {
  CompileError,
  PERIOD_FIELD,
  reacher,
  joinsForTables,
  requireFact,
  requireField,
  resolveMeasure,
} from './resolve.ts';
import { dimensionKey, type Dimension, type ReportSpec, type Scalar } from './spec/spec.ts';
import { and, bin, col, fn, lit, tablesOf, type Expr } from './sql/ast.ts';
import { inDialect, type Dialect } from './sql/dialect.ts';
import { printQuery, withSettings } from './sql/print.ts';
import { select, table, type OrderKey } from './sql/stmt.ts';
import { AGGREGATES, measureRows, rowConditions, undatedConditions } from './rows/where.ts';
import { named } from '../lib/message.ts';
import { fractionItems } from './drill-decimals.ts';

export interface DrillSort {
  /** An output column key of the drill list. */
  key: string;
  dir: 'asc' | 'desc';
}

export interface DrillOptions {
  limit: number;
  offset: number;
  sort: DrillSort[];
  /**
   * List the rows the period leaves out because they have no date for the measure (the count the
   * report's `note_undated` gives), instead of the rows in the period.
   */
  undated?: boolean;
  /** The SQL dialect of the engine that runs the list (DuckDB by default). */
  dialect?: Dialect;
}

export interface DrillQuery extends CompiledQuery {
  /**
   * `SELECT count(*) AS "n"` over the same rows: the list's total, and whether each number
   * column holds a fraction (drill-decimals.ts `listDecimals` reads them).
   */
  countSql: string;
  /** The fact whose rows are listed (`deals`, `activities`). */
  fact: string;
  /** The base measure id, and whether the comparison period is listed. */
  measure: string;
  previous: boolean;
}

/** The column the measure's aggregate reads per row (`amount` for revenue), when it has one. */
export const DRILL_VALUE = '_value';

/** Which measures can be drilled: a value or a previous value, never a delta, growth or rank. */
export function drillTarget(
  spec: ReportSpec,
  key: string,
): { measure: string; previous: boolean } | null {
  if (spec.measures.includes(key)) return { measure: key, previous: false };
  if (spec.compare && key.endsWith('_previous')) {
    const m = key.slice(0, -'_previous'.length);
    if (spec.measures.includes(m)) return { measure: m, previous: true };
  }
  return null;
}

/** The list of rows behind one cell of `spec`'s result, for the value column `measureKey`. */
export function compileDrill(
  spec: ReportSpec,
  catalog: Catalog,
  measureKey: string,
  cell: CellKey,
  opts: DrillOptions,
): DrillQuery {
  return inDialect(opts.dialect ?? 'duckdb', () => {
    const d = drillQuery(spec, catalog, measureKey, cell, opts);
    return { ...d, sql: withSettings(d.sql), countSql: withSettings(d.countSql) };
  });
}

function drillQuery(
  spec: ReportSpec,
  catalog: Catalog,
  measureKey: string,
  cell: CellKey,
  opts: DrillOptions,
): DrillQuery {
  const target = checkRequest(spec, measureKey, opts);
  const asked = resolveMeasure(catalog, target.measure);
  // A ratio's rows are its numerator's (the activities behind "activities per won deal").
  const m = asked.ratio ? resolveMeasure(catalog, asked.ratio.numerator) : asked;
  const fact = requireFact(catalog, m.fact);
  const rows = rowsBehind(spec, catalog, fact, m, target.previous, cell, opts.undated === true);

  const listed = listColumns(catalog, fact, m);
  const joins = [
    ...rows.joins,
    ...joinsForTables(
      fact,
      listed.flatMap((c) => [...tablesOf(c.expr)]).filter((t) => t !== fact.table),
    ),
  ];
  const order = orderBy(listed, opts.sort);
  const source =
    rows.asOf && spec.period && hasAsOf(fact)
      ? factAsOfItem(fact, periodRange(spec.period, rows.shift ?? undefined).until)
      : table(fact.table);
  const rest = {
    joins: uniqueJoins(joins).map(lookupJoin),
    ...(rows.conds.length ? { where: and(...rows.conds) } : {}),
  };
  const list = select(
    listed.map((c): [Expr, string] => [c.expr, c.column.key]),
    source,
    { ...rest, orderBy: order, limit: opts.limit, offset: opts.offset },
  );
  const sql = printQuery(list);
  const countSql = printQuery(select([[fn('count'), 'n'], ...fractionItems(listed)], source, rest));
  return {
    sql,
    countSql,
    columns: listed.map((c) => c.column),
    hasTotals: false,
    notes: [],
    fact: fact.id,
    measure: m.id,
    previous: target.previous,
  };
}

/** The value column asked for, if it lists rows, and a page that makes sense. */
function checkRequest(
  spec: ReportSpec,
  measureKey: string,
  opts: DrillOptions,
): { measure: string; previous: boolean } {
  const target = drillTarget(spec, measureKey);
  if (!target) throw new CompileError('compile_notListable', { key: measureKey });
  if (
    !Number.isInteger(opts.limit) ||
    opts.limit < 1 ||
    !Number.isInteger(opts.offset) ||
    opts.offset < 0
  ) {
    throw new CompileError('compile_drillPage');
  }
  return target;
}

interface RowsBehind {
  /** Conditions on the fact's rows (date and period, filters, the measure's rows, the cell). */
  conds: Expr[];
  /** Joins the conditions need. */
  joins: JoinDef[];
  /** Rows as of the period's end (a snapshot measure over a fact with history). */
  asOf: boolean;
  /** How far the comparison period's dates move forward, when `<m>_previous` is listed. */
  shift: Shift | null;
}

/** Which of the fact's rows make up the cell, built like compile() counts them. */
function rowsBehind(
  spec: ReportSpec,
  catalog: Catalog,
  fact: FactDef,
  m: MeasureDef,
  previous: boolean,
  cell: CellKey,
  undated: boolean,
): RowsBehind {
  const joins: JoinDef[] = [];
  const reach = reacher(fact, joins);

  const dateId = m.date === null ? null : spec.date === 'auto' ? m.date : spec.date;
  const dateField = dateId === null ? null : requireField(catalog, dateId);
  const dateExpr = dateField ? reach(dateField) : null;
  if (dateField && !dateExpr)
    throw new CompileError('compile_noDate', { fact: fact.id, field: named(dateField) });
  // Snapshot measures over a fact with history list the rows as of the period end, as compile() counts them.
  const asOf = dateId === null && spec.period !== null && hasAsOf(fact);
  let shift: Shift | null = null;
  if (previous) {
    if (!spec.compare || !spec.period || (!dateExpr && !asOf))
      throw new CompileError('compile_noPrevious', { measure: named(m) });
    shift = comparisonShift(spec.period, spec.compare);
  }
  const shifted = (e: Expr): Expr =>
    shift ? bin('+', e, { kind: 'interval', amount: shift.amount, unit: shift.unit }) : e;

  // As in compile(): a filter this fact cannot reach does not apply to its rows.
  const rowFilter = measureRows(m);
  // Undated rows: the report's filters but no period (they have no date to test), date missing.
  const conds = undated
    ? [
        ...(dateExpr ? undatedConditions(dateExpr, null) : [lit(false)]),
        ...rowConditions(
          { ...spec, period: null },
          catalog,
          null,
          null,
          reach,
          () => undefined,
          null,
        ),
      ]
    : rowConditions(spec, catalog, dateExpr, shift, reach, () => undefined, rowFilter);
  if (rowFilter) {
    joins.push(
      ...joinsForTables(
        fact,
        [...tablesOf(rowFilter)].filter((t) => t !== fact.table),
      ),
    );
    conds.push(rowFilter);
  }
  for (const dim of [...spec.rows, ...spec.columns]) {
    const key = dimensionKey(dim);
    if (!Object.hasOwn(cell, key) || cell[key] === ROLLED_UP) continue;
    const e = dimExpr(catalog, dim, dateExpr, shifted, reach);
    conds.push(bin('IS NOT DISTINCT FROM', e, valueLit(cell[key] as Scalar)));
  }
  return { conds, joins, asOf, shift };
}

/** The chosen sort, then every column as a tie-break: pages fetched with OFFSET must not overlap or skip rows. */
function orderBy(listed: Listed[], sort: DrillSort[]): OrderKey[] {
  const byKey = new Map(listed.map((c) => [c.column.key, c]));
  const order: OrderKey[] = [];
  for (const s of sort) {
    const c = byKey.get(s.key);
    if (!c) throw new CompileError('compile_drillSort', { key: s.key });
    order.push({ expr: c.expr, desc: s.dir !== 'asc' });
  }
  for (const c of listed) order.push({ expr: c.expr });
  return order;
}

/** The dimension's expression on this fact, exactly as compile() buckets it. */
function dimExpr(
  catalog: Catalog,
  dim: Dimension,
  dateExpr: Expr | null,
  shifted: (e: Expr) => Expr,
  reach: (f: FieldDef) => Expr | null,
): Expr {
  if (dim.field === PERIOD_FIELD)
    return dateExpr && dim.grain ? dateBucket(shifted(dateExpr), dim.grain) : lit(null);
  const field = requireField(catalog, dim.field);
  const e = reach(field);
  if (!e) return lit(null); // compile() gives NULL for a dimension this fact cannot reach
  const grain = dim.grain ?? (field.type === 'date' ? 'day' : undefined);
  if (grain) return dateBucket(shifted(e), grain);
  if (dim.bins) return numberBins(e, dim.bins);
  return e;
}

function valueLit(v: Scalar): Expr {
  // Arrow gives BIGINT dimension values as bigint.
  const u: unknown = v;
  return lit(typeof u === 'bigint' ? Number(u) : v);
}

export interface Listed {
  column: OutputColumn;
  expr: Expr;
}

/**
 * The fact's own columns as a drill list shows them (fields, conformed columns, join keys), read
 * on the fact's table: the analyses list their deals with the same columns as the pivot.
 */
export function factListColumns(catalog: Catalog, factId: string): Listed[] {
  return ownColumns(catalog, requireFact(catalog, factId), new Set());
}

/** The fact's own columns (fields, conformed columns, join keys) and the measure's per-row value. */
function listColumns(catalog: Catalog, fact: FactDef, m: MeasureDef): Listed[] {
  const seen = new Set<string>();
  const out = ownColumns(catalog, fact, seen);
  const value = perRowValue(m);
  if (
    value &&
    !(value.kind === 'col' && value.table === fact.table && seen.has(value.name.toLowerCase()))
  ) {
    out.push({
      column: {
        key: DRILL_VALUE,
        role: 'measure',
        measure: m.id,
        format: m.format === 'pct' ? 'number' : m.format,
      },
      expr: value,
    });
  }
  return out;
}

/** `seen` collects the lower-cased names listed. */
function ownColumns(catalog: Catalog, fact: FactDef, seen: Set<string>): Listed[] {
  const out: Listed[] = [];
  const add = (name: string, format: OutputColumn['format']) => {
    if (seen.has(name.toLowerCase())) return;
    seen.add(name.toLowerCase());
    out.push({ column: { key: name, role: 'dimension', format }, expr: col(fact.table, name) });
  };
  const own = catalog.fields.filter((f) => f.table === fact.table && f.id !== PERIOD_FIELD);
  const order = catalog.listOrder;
  const rank = (c: string) => (order.includes(c) ? order.indexOf(c) : order.length);
  const names = [
    ...own.map((f) => f.column),
    ...Object.values(fact.conformed),
    ...fact.joins
      .filter((j) => j.from === fact.table)
      .flatMap((j) => j.on.map((o) => o.fromColumn)),
  ];
  const sorted = names
    .map((n, i) => [n, i] as const)
    .sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]);
  for (const [name] of sorted) {
    const f = own.find((x) => x.column === name);
    const format = !f
      ? 'text'
      : f.type === 'date'
        ? 'date'
        : f.type === 'number'
          ? f.money
            ? 'money'
            : 'number'
          : 'text';
    add(name, format);
  }
  return out;
}

/** `amount` of `sum(amount) FILTER (…)`: the argument of a single one-argument aggregate. */
function perRowValue(m: MeasureDef): Expr | null {
  const e = m.expr;
  if (e.kind !== 'fn' || !AGGREGATES.has(e.name) || e.distinct || e.args.length !== 1) return null;
  return e.name === 'count' ? null : e.args[0]!;
}
