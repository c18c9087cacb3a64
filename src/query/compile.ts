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
import { binOrder, bucketLabel } from './dimension.ts';
import { GROUPING, OTHER, groupQuery, type Dim } from './group-query.ts';
import { comparable, planQuery, type Plan } from './plan.ts';
import { CompileError, zeroIfNull } from './resolve.ts';
import { dimensionKey, type ReportSpec } from './spec/spec.ts';
import { bin, caseWhen, cast, col, fn, lit, type Expr } from './sql/ast.ts';
import { quoteIdent } from './sql/escape.ts';
import { printExpr } from './sql/print.ts';
import { MessageSet, msg, named } from '../lib/message.ts';

const q = quoteIdent;
const p = printExpr;

export function compile(spec: ReportSpec, catalog: Catalog): CompiledQuery {
  const notes = new MessageSet();
  const plan = planQuery(spec, catalog);
  const { dims, useGrouping, other } = plan;
  const ctes = groupCtes(spec, catalog, plan, notes);
  const keyCols = [
    ...dims.map((d) => q(d.key)),
    ...(other ? [q(OTHER)] : []),
    ...(useGrouping ? [q(GROUPING)] : []),
  ];
  ctes.push(['merged', mergedQuery(spec, plan, keyCols, ctes)]);
  const { select, columns } = resultColumns(spec, plan, keyCols);
  ctes.push(['result', `SELECT ${select.join(',\n    ')}\n  FROM ${q('merged')}`]);

  const outputKeys = new Set([...columns.map((c) => c.key)]);
  assertDistinct([...columns.map((c) => c.key), GROUPING, ...(other ? [] : [OTHER])]);
  const order = orderBy(spec, dims, outputKeys);
  // NULL keys sort last, as do rolled-up ones: _grouping keeps a NULL member before its total.
  if (useGrouping && spec.totals) order.push(`${q(GROUPING)} ASC`);
  if (other) order.unshift(`${q(OTHER)} IS TRUE ASC`); // Other after the top N, however sorted
  const where = visibleRows(spec, plan, outputKeys, ctes);
  if (other) ctes.unshift(['top', topQuery(spec, catalog, plan.measures, outputKeys)]);
  if (useGrouping) columns.push({ key: GROUPING, role: 'grouping', format: 'int' });

  const selectCols = useGrouping && !spec.totals ? `* EXCLUDE (${q(GROUPING)})` : '*';
  if (useGrouping && !spec.totals) columns.pop();
  const sql = [
    `WITH ${ctes.map(([name, body]) => `${q(name)} AS (\n  ${body}\n)`).join(',\n')}`,
    `SELECT ${selectCols} FROM ${q('result')}`,
    where.length ? `WHERE ${where.join('\n  AND ')}` : '',
    order.length ? `ORDER BY ${order.join(', ')}` : '',
    spec.limit != null && !plan.limitByFirst && !other ? `LIMIT ${spec.limit}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return { sql, columns, hasTotals: useGrouping && spec.totals, notes: notes.list() };
}

/** One aggregate per group, and one more over the earlier period when it is compared. */
function groupCtes(
  spec: ReportSpec,
  catalog: Catalog,
  plan: Plan,
  notes: MessageSet,
): [string, string][] {
  const { groups, dims, allSets, useGrouping, shift, other } = plan;
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
  return ctes;
}

/** Whether a measure has a previous-period value (its group is compared). */
function hasPrevious(spec: ReportSpec, plan: Plan, m: MeasureDef): boolean {
  return (
    plan.shift !== null && plan.groups.some((g) => comparable(spec, g) && g.measures.includes(m))
  );
}

/** The groups stacked and merged into one row per dimension combination. */
function mergedQuery(
  spec: ReportSpec,
  plan: Plan,
  keyCols: string[],
  groups: [string, string][],
): string {
  // One group has one row per key combination already: nothing to merge.
  if (groups.length === 1) return `SELECT * FROM ${q(groups[0]![0])}`;
  const union = groups
    .map(([name]) => `SELECT * FROM ${q(name)}`)
    .join('\n  UNION ALL BY NAME\n  ');
  const merged = [
    ...keyCols,
    ...plan.base.flatMap((m) => [
      `max(${q(m.id)}) AS ${q(m.id)}`,
      ...(hasPrevious(spec, plan, m)
        ? [`max(${q(`${m.id}_previous`)}) AS ${q(`${m.id}_previous`)}`]
        : []),
    ]),
  ];
  return `SELECT ${merged.join(', ')}\n  FROM (${union})\n  ${keyCols.length ? `GROUP BY ${keyCols.join(', ')}` : ''}`.trimEnd();
}

/**
 * The result's select list and columns: the keys, then each measure asked for (a ratio from its
 * parts) with, under a comparison, its previous value, delta, growth and ranks.
 */
function resultColumns(
  spec: ReportSpec,
  plan: Plan,
  keyCols: string[],
): { select: string[]; columns: OutputColumn[] } {
  const { dims, useGrouping } = plan;
  const columns: OutputColumn[] = dims.map((d) => ({
    key: d.key,
    role: 'dimension',
    axis: d.axis,
    format: d.field?.type === 'number' && !d.dim.bins ? 'number' : 'text',
  }));
  if (plan.other) columns.push({ key: OTHER, role: 'other', format: 'int' });
  const colDims = dims.filter((d) => d.axis === 'column').map((d) => col(null, d.key));
  const partition = [...(useGrouping ? [col(null, GROUPING)] : []), ...colDims];
  // Date buckets were grouped by their first day; the label is written once per result row.
  const select: string[] = keyCols.map((k, i) => {
    const d = dims[i];
    if (!d?.dim.grain) return k;
    // The cast types a bucket that a group could not reach (a NULL literal) as a date.
    return `${p(bucketLabel(cast(col(null, d.key), 'DATE'), d.dim.grain))} AS ${k}`;
  });
  const byId = new Map(plan.base.map((m) => [m.id, m]));
  const cell = (m: MeasureDef, suffix: string): Expr => {
    if (m.ratio) {
      const num = cell(byId.get(m.ratio.numerator)!, suffix);
      const den = cell(byId.get(m.ratio.denominator)!, suffix);
      return bin('/', cast(num, 'DOUBLE'), fn('nullif', den, lit(0)));
    }
    if (suffix && !hasPrevious(spec, plan, m)) return lit(null);
    const c = col(null, m.id + suffix);
    return m.additive ? zeroIfNull(c) : c;
  };
  for (const m of plan.measures) {
    const value = cell(m, '');
    select.push(`${p(value)} AS ${q(m.id)}`);
    columns.push({ key: m.id, role: 'measure', measure: m.id, format: m.format });
    if (!spec.compare) continue;
    const prev = cell(m, '_previous');
    const delta = bin('-', value, prev);
    const growth = caseWhen(
      [[bin('=', prev, lit(0)), lit(null)]],
      bin('/', delta, fn('abs', prev)),
    );
    select.push(`${p(prev)} AS ${q(`${m.id}_previous`)}`);
    select.push(`${p(delta)} AS ${q(`${m.id}_delta`)}`);
    select.push(`CAST(${p(growth)} AS DOUBLE) AS ${q(`${m.id}_growth`)}`);
    select.push(`${rank(value, partition)} AS ${q(`${m.id}_rank`)}`);
    select.push(`${rank(growth, partition)} AS ${q(`${m.id}_growth_rank`)}`);
    columns.push(
      { key: `${m.id}_previous`, role: 'previous', measure: m.id, format: m.format },
      { key: `${m.id}_delta`, role: 'delta', measure: m.id, format: m.format },
      { key: `${m.id}_growth`, role: 'growth', measure: m.id, format: 'pct' },
      { key: `${m.id}_rank`, role: 'rank', measure: m.id, format: 'int' },
      { key: `${m.id}_growth_rank`, role: 'rank', measure: m.id, format: 'int' },
    );
  }
  return { select, columns };
}

/**
 * The conditions on result rows: only the grouping sets shown, and with top N of the first row
 * dimension only its top members (ranked in a `top` CTE added to `ctes`) and their subtotals.
 */
function visibleRows(
  spec: ReportSpec,
  plan: Plan,
  outputKeys: Set<string>,
  ctes: [string, string][],
): string[] {
  const { dims, useGrouping } = plan;
  const n = dims.length;
  const where: string[] = [];
  if (useGrouping) {
    const visible = plan.sets.map((s) => mask(s, n));
    where.push(`${q(GROUPING)} IN (${visible.join(', ')})`);
  }
  if (plan.limitByFirst) {
    const first = dims[0]!;
    const firstOnly = mask([0], n);
    const rankKey = rankingKey(spec, plan.measures, outputKeys);
    ctes.push([
      'top',
      `SELECT ${q(first.key)} FROM ${q('result')} WHERE ${q(GROUPING)} = ${firstOnly}\n  ORDER BY ${q(rankKey.key)} ${rankKey.dir.toUpperCase()} NULLS LAST, ${q(first.key)} LIMIT ${spec.limit}`,
    ]);
    const bit = 1 << (n - 1);
    where.push(
      `((${q(GROUPING)} & ${bit}) <> 0 OR EXISTS (SELECT 1 FROM ${q('top')} WHERE ${q('top')}.${q(first.key)} IS NOT DISTINCT FROM ${q('result')}.${q(first.key)}))`,
    );
  }
  return where;
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
