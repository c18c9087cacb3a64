/**
 * compile(spec, catalog) → SQL. Pure: no I/O, no DuckDB, no Svelte.
 *
 * Shape of the SQL: measures are grouped by (fact table, date they count by); each group is one
 * aggregate query over its fact with the period applied to its own date, so "deals created" and
 * "revenue won" in one report each use the right date. Groups are stacked with UNION ALL BY NAME
 * and merged per dimension combination (a plain outer join would split NULL keys). Comparison
 * runs each group again over the earlier period with dates shifted forward, so both land in the
 * same time buckets. Totals are GROUPING SETS inside each group, so medians and rates are
 * recomputed for every subtotal rather than summed.
 */
import type { Catalog, MeasureDef } from './catalog.ts';
import type { CompiledQuery, OutputColumn } from './compiled.ts';
import { binOrder } from './dimension.ts';
import { GROUPING, OTHER, groupQuery, type Dim, type Group } from './group-query.ts';
import { comparisonShift } from './period.ts';
import { hasAsOf } from './as-of.ts';
import {
  CompileError,
  PERIOD_FIELD,
  fieldParam,
  measureParam,
  requireFact,
  requireField,
  resolveMeasure,
  zeroIfNull,
} from './resolve.ts';
import { dimensionKey, type Dimension, type ReportSpec } from './spec/spec.ts';
import { bin, caseWhen, cast, col, fn, lit, type Expr } from './sql/ast.ts';
import { quoteIdent } from './sql/escape.ts';
import { printExpr } from './sql/print.ts';
import { MessageSet, msg, named } from '../lib/message.ts';

const q = quoteIdent;
const p = printExpr;

export function compile(spec: ReportSpec, catalog: Catalog): CompiledQuery {
  const notes = new MessageSet();
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
  const allSets = limitByFirst ? withTopNSets(sets, n) : sets;
  const useGrouping = allSets.length > 1 || (allSets[0]?.length ?? 0) !== n;

  const ctes: [string, string][] = [];
  groups.forEach((g, i) => {
    ctes.push([
      `g${i}`,
      groupQuery(spec, catalog, g, dims, allSets, useGrouping, null, notes, other),
    ]);
    if (shift && comparable(spec, g)) {
      ctes.push([
        `g${i}_previous`,
        groupQuery(spec, catalog, g, dims, allSets, useGrouping, shift, notes, other),
      ]);
    }
  });
  for (const g of groups) {
    if (shift && !comparable(spec, g))
      notes.add(msg('note_notCompared', { measures: g.measures.map(named) }));
  }

  const keyCols = [
    ...dims.map((d) => q(d.key)),
    ...(other ? [q(OTHER)] : []),
    ...(useGrouping ? [q(GROUPING)] : []),
  ];
  const union = ctes.map(([name]) => `SELECT * FROM ${q(name)}`).join('\n  UNION ALL BY NAME\n  ');
  const hasPrevious = (m: MeasureDef) =>
    shift !== null && groups.some((g) => comparable(spec, g) && g.measures.includes(m));
  const merged = [
    ...keyCols,
    ...base.flatMap((m) => [
      `max(${q(m.id)}) AS ${q(m.id)}`,
      ...(hasPrevious(m) ? [`max(${q(`${m.id}_previous`)}) AS ${q(`${m.id}_previous`)}`] : []),
    ]),
  ];
  ctes.push([
    'merged',
    `SELECT ${merged.join(', ')}\n  FROM (${union})\n  ${keyCols.length ? `GROUP BY ${keyCols.join(', ')}` : ''}`.trimEnd(),
  ]);

  const columns: OutputColumn[] = dims.map((d) => ({
    key: d.key,
    role: 'dimension',
    axis: d.axis,
    format: d.field?.type === 'number' && !d.dim.bins ? 'number' : 'text',
  }));
  if (other) columns.push({ key: OTHER, role: 'other', format: 'int' });
  const colDims = dims.filter((d) => d.axis === 'column').map((d) => col(null, d.key));
  const partition = [...(useGrouping ? [col(null, GROUPING)] : []), ...colDims];
  const finalCols: string[] = keyCols.slice();
  const byId = new Map(base.map((m) => [m.id, m]));
  const cell = (m: MeasureDef, suffix: string): Expr => {
    if (m.ratio) {
      const num = cell(byId.get(m.ratio.numerator)!, suffix);
      const den = cell(byId.get(m.ratio.denominator)!, suffix);
      return bin('/', cast(num, 'DOUBLE'), fn('nullif', den, lit(0)));
    }
    if (suffix && !hasPrevious(m)) return lit(null);
    const c = col(null, m.id + suffix);
    return m.additive ? zeroIfNull(c) : c;
  };
  for (const m of measures) {
    const value = cell(m, '');
    finalCols.push(`${p(value)} AS ${q(m.id)}`);
    columns.push({ key: m.id, role: 'measure', measure: m.id, format: m.format });
    if (!spec.compare) continue;
    const prev = cell(m, '_previous');
    const delta = bin('-', value, prev);
    const growth = caseWhen(
      [[bin('=', prev, lit(0)), lit(null)]],
      bin('/', delta, fn('abs', prev)),
    );
    finalCols.push(`${p(prev)} AS ${q(`${m.id}_previous`)}`);
    finalCols.push(`${p(delta)} AS ${q(`${m.id}_delta`)}`);
    finalCols.push(`CAST(${p(growth)} AS DOUBLE) AS ${q(`${m.id}_growth`)}`);
    finalCols.push(`${rank(value, partition)} AS ${q(`${m.id}_rank`)}`);
    finalCols.push(`${rank(growth, partition)} AS ${q(`${m.id}_growth_rank`)}`);
    columns.push(
      { key: `${m.id}_previous`, role: 'previous', measure: m.id, format: m.format },
      { key: `${m.id}_delta`, role: 'delta', measure: m.id, format: m.format },
      { key: `${m.id}_growth`, role: 'growth', measure: m.id, format: 'pct' },
      { key: `${m.id}_rank`, role: 'rank', measure: m.id, format: 'int' },
      { key: `${m.id}_growth_rank`, role: 'rank', measure: m.id, format: 'int' },
    );
  }
  ctes.push(['result', `SELECT ${finalCols.join(',\n    ')}\n  FROM ${q('merged')}`]);

  const outputKeys = new Set([...columns.map((c) => c.key)]);
  assertDistinct([...columns.map((c) => c.key), GROUPING, ...(other ? [] : [OTHER])]);
  const order = orderBy(spec, dims, outputKeys);
  // NULL keys sort last, as do rolled-up ones: _grouping keeps a NULL member before its total.
  if (useGrouping && spec.totals) order.push(`${q(GROUPING)} ASC`);
  if (other) order.unshift(`${q(OTHER)} IS TRUE ASC`); // Other after the top N, however sorted
  const where: string[] = [];
  if (useGrouping) {
    const visible = sets.map((s) => mask(s, n));
    where.push(`${q(GROUPING)} IN (${visible.join(', ')})`);
  }
  if (limitByFirst) {
    const first = dims[0]!;
    const firstOnly = mask([0], n);
    const rankKey = rankingKey(spec, measures, outputKeys);
    ctes.push([
      'top',
      `SELECT ${q(first.key)} FROM ${q('result')} WHERE ${q(GROUPING)} = ${firstOnly}\n  ORDER BY ${q(rankKey.key)} ${rankKey.dir.toUpperCase()} NULLS LAST, ${q(first.key)} LIMIT ${spec.limit}`,
    ]);
    const bit = 1 << (n - 1);
    where.push(
      `((${q(GROUPING)} & ${bit}) <> 0 OR EXISTS (SELECT 1 FROM ${q('top')} WHERE ${q('top')}.${q(first.key)} IS NOT DISTINCT FROM ${q('result')}.${q(first.key)}))`,
    );
  }
  if (other) ctes.unshift(['top', topQuery(spec, catalog, measures, outputKeys)]);
  if (useGrouping) columns.push({ key: GROUPING, role: 'grouping', format: 'int' });

  const selectCols = useGrouping && !spec.totals ? `* EXCLUDE (${q(GROUPING)})` : '*';
  if (useGrouping && !spec.totals) columns.pop();
  const sql = [
    `WITH ${ctes.map(([name, body]) => `${q(name)} AS (\n  ${body}\n)`).join(',\n')}`,
    `SELECT ${selectCols} FROM ${q('result')}`,
    where.length ? `WHERE ${where.join('\n  AND ')}` : '',
    order.length ? `ORDER BY ${order.join(', ')}` : '',
    spec.limit != null && !limitByFirst && !other ? `LIMIT ${spec.limit}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return { sql, columns, hasTotals: useGrouping && spec.totals, notes: notes.list() };
}

/**
 * Result columns are addressed by name, and DuckDB names ignore case: a dimension keyed like a
 * measure (the field `amount` next to the measure `amount`, a custom column `Revenue`) would make
 * `max("amount")` ambiguous and silently return the wrong column. Refuse rather than guess.
 */
function assertDistinct(keys: string[]) {
  const seen = new Map<string, string>();
  for (const k of keys) {
    const other = seen.get(k.toLowerCase());
    if (other !== undefined) {
      throw other !== k
        ? new CompileError('compile_twoColumnsCase', { key: k, other })
        : new CompileError('compile_twoColumns', { key: k });
    }
    seen.set(k.toLowerCase(), k);
  }
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
function comparable(spec: ReportSpec, g: Group): boolean {
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

/** Top-N by the first row dimension needs that dimension's own subtotal to rank on. */
function withTopNSets(sets: number[][], n: number): number[][] {
  const has = (s: number[]) =>
    sets.some((x) => x.length === s.length && x.every((v, i) => v === s[i]));
  return has([0]) || n === 1 ? sets : [...sets, [0]];
}

/** DuckDB's GROUPING() bitmask: the first argument is the highest bit; set = rolled up. */
function mask(set: number[], n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) if (!set.includes(i)) m |= 1 << (n - 1 - i);
  return m;
}

function rank(orderExpr: Expr, partition: Expr[]): string {
  const parts = partition.length ? `PARTITION BY ${partition.map(p).join(', ')} ` : '';
  const r = `rank() OVER (${parts}ORDER BY ${p(orderExpr)} DESC NULLS LAST)`;
  // Rows without a value get no rank rather than the last one.
  return `CASE WHEN ${p(orderExpr)} IS NULL THEN NULL ELSE ${r} END`;
}

function rankingKey(spec: ReportSpec, measures: MeasureDef[], keys: Set<string>) {
  const first = spec.sort.find(
    (s) => keys.has(s.key) && !s.key.includes(':') && measures.some((m) => s.key.startsWith(m.id)),
  );
  return first ?? { key: measures[0]!.id, dir: 'desc' as const };
}

/**
 * The top N values of the first row dimension, ranked as plain top N ranks them: the same report
 * cut down to that dimension and the ranking measure, sorted and limited.
 */
function topQuery(
  spec: ReportSpec,
  catalog: Catalog,
  measures: MeasureDef[],
  keys: Set<string>,
): string {
  const rankKey = rankingKey(spec, measures, keys);
  const owner =
    measures
      .filter((m) => rankKey.key === m.id || rankKey.key.startsWith(`${m.id}_`))
      .sort((a, b) => b.id.length - a.id.length)[0] ?? measures[0]!;
  const first = spec.rows[0]!;
  const sub: ReportSpec = {
    ...spec,
    rows: [first],
    columns: [],
    measures: [owner.id],
    sort: [rankKey],
    totals: false,
    limitOther: false,
  };
  return `SELECT ${q(dimensionKey(first))} FROM (\n  ${compile(sub, catalog).sql.replaceAll('\n', '\n  ')}\n  )`;
}

function orderBy(spec: ReportSpec, dims: Dim[], keys: Set<string>): string[] {
  const out: string[] = [];
  for (const s of spec.sort) {
    if (!keys.has(s.key)) throw new CompileError('compile_cannotSort', { key: s.key });
    out.push(`${q(s.key)} ${s.dir === 'asc' ? 'ASC' : 'DESC'} NULLS LAST`);
  }
  for (const d of dims) {
    const e = d.dim.bins ? p(binOrder(col(null, d.key), d.dim.bins)) : q(d.key);
    out.push(`${e} ASC NULLS LAST`);
  }
  return out;
}
