/**
 * compile(spec, catalog) → SQL. Pure: no I/O, no DuckDB, no Svelte.
 *
 * Shape of the SQL: measures are grouped by (fact table, date they count by); each group is one
 * aggregate query over its fact with the period applied to its own date, so "deals created" and
 * "revenue won" in one report each use the right date. Groups are stacked by column name (a
 * UNION ALL with NULL for the columns a group lacks) and merged per dimension combination (a plain outer join would split NULL keys). Comparison
 * runs each group again over the earlier period with dates shifted forward, so both land in the
 * same time buckets. With no period, the groups of one fact share one scan instead (`fuseGroups` in
 * plan.ts, `groupQuery`). Totals are GROUPING SETS inside each group, so medians and rates are
 * recomputed for every subtotal rather than summed. The statement is a tree (`sql/stmt.ts`),
 * printed in the engine's dialect.
 */
import type { Catalog, MeasureDef } from './catalog.ts';
import type { CompiledQuery } from './compiled.ts';
import { GROUPING, OTHER, groupQuery } from './group-query.ts';
import { orderBy, sortKeys } from './order.ts';
import { comparable, planQuery, type Plan } from './plan.ts';
import { ROWS, rowCount, rowsBySum } from './row-counts.ts';
import {
  hasPrevious,
  resultColumns,
  rowCountKeys,
  rowsBefore,
  withPrevious,
} from './result-columns.ts';
import { CompileError } from './resolve.ts';
import { dimensionKey, type ReportSpec } from './spec/spec.ts';
import { and, bin, col, eq, fn, inList, lit, agg, type Expr } from './sql/ast.ts';
import { prefixCtes } from './sql/rename.ts';
import { printQuery } from './sql/print.ts';
import {
  allCols,
  item,
  outputNames,
  select,
  sub,
  table,
  unionByName,
  type Cte,
  type Select,
} from './sql/stmt.ts';
import { mask, rankingKey } from './ranking.ts';
import { topByColumn } from './top-column.ts';
import { undatedCheck } from './period/undated.ts';
import { hasAsOf } from './period/as-of.ts';
import { periodNoDate } from './period/period-no-date.ts';
import { MessageSet, msg, named } from '../lib/message.ts';
import type { Shift } from './period/period.ts';

/** `fuse: false` gives each group its own pass, for the test that fusing changes no row. */
export interface CompileOptions {
  fuse?: boolean;
}

export function compile(
  spec: ReportSpec,
  catalog: Catalog,
  opts: CompileOptions = {},
): CompiledQuery {
  const { query, ...rest } = compileQuery(spec, catalog, opts);
  return { sql: printQuery(query), ...rest };
}

/** {@link compile}'s statement, before printing. */
function compileQuery(
  spec: ReportSpec,
  catalog: Catalog,
  opts: CompileOptions,
): Omit<CompiledQuery, 'sql'> & { query: Select } {
  const notes = new MessageSet();
  const plan = planQuery(spec, catalog, opts.fuse ?? true);
  for (const m of plan.measures) if (m.note) notes.add(m.note);
  periodNoDate(spec, plan.measures, notes);
  const { dims, useGrouping, other } = plan;
  const ctes = groupCtes(spec, catalog, plan, notes);
  const keyCols = [
    ...dims.map((d) => d.key),
    ...(other ? [OTHER] : []),
    ...(useGrouping ? [GROUPING] : []),
  ];
  ctes.push({ name: 'merged', query: mergedQuery(spec, plan, keyCols, ctes) });
  const { select: resultItems, columns, measured } = resultColumns(spec, plan, keyCols);
  if (measured) ctes.push({ name: 'measured', query: select(measured, table('merged')) });
  ctes.push({
    name: 'result',
    query: select(resultItems, table(measured ? 'measured' : 'merged')),
  });

  const outputKeys = new Set([...columns.map((c) => c.key)]);
  assertDistinct([...columns.map((c) => c.key), GROUPING, ...(other ? [] : [OTHER])]);
  const order = orderBy(spec, dims, withPrevious(spec, plan), outputKeys);
  // NULL keys sort last, as do rolled-up ones: _grouping keeps a NULL member before its total.
  if (useGrouping && spec.totals) order.push({ expr: col(null, GROUPING) });
  // Other after the top N, however sorted.
  if (other) order.unshift({ expr: fn('coalesce', col(null, OTHER), lit(false)) });
  const where = visibleRows(spec, plan, outputKeys, ctes);
  if (other) ctes.unshift(...topCtes(spec, catalog, plan.measures, outputKeys, opts));
  if (useGrouping) columns.push({ key: GROUPING, role: 'grouping', format: 'int' });

  const hideGrouping = useGrouping && !spec.totals;
  if (hideGrouping) columns.pop();
  const query: Select = {
    kind: 'select',
    with: ctes,
    columns: [allCols(null, hideGrouping ? [GROUPING] : [])],
    from: table('result'),
    ...(where.length ? { where: and(...where) } : {}),
    ...(order.length ? { orderBy: order } : {}),
    ...(spec.limit != null && !plan.limitByFirst && !other ? { limit: spec.limit } : {}),
  };
  const undated = plan.groups.flatMap((g) => undatedCheck(spec, catalog, g) ?? []);
  return {
    query,
    columns,
    hasTotals: useGrouping && spec.totals,
    notes: notes.list(),
    ...(undated.length ? { undated } : {}),
  };
}

/**
 * One aggregate per scan (a group, or groups of one fact that share a pass: `fuseGroups`), and one
 * more over the earlier period when it is compared.
 */
function groupCtes(spec: ReportSpec, catalog: Catalog, plan: Plan, notes: MessageSet): Cte[] {
  const { scans, groups, dims, allSets, useGrouping, shift, other } = plan;
  const ctes: Cte[] = [];
  scans.forEach((scan, i) => {
    // The rows behind each sum that no count asked for covers (row-counts.ts), counted as the
    // sum aggregates them: a 0 over none is no drill-down link.
    // A sum's own NULL tells "no rows" (`summedRows`, read in `resultColumns`); any other
    // measure's rows are counted as it aggregates them.
    const counted = plan.rowCounts.filter(
      (m) => !rowsBySum(m.expr) && scan.some((g) => g.measures.includes(m)),
    );
    const summed = new Set(plan.rowCounts.filter((m) => rowsBySum(m.expr)));
    const withCounts = (q: Select, suffix: string): Select => {
      q.columns.push(...counted.map((m) => item(rowCount(m), `${m.id}${ROWS}${suffix}`)));
      return q;
    };
    const query = (at: Shift | null) =>
      groupQuery(spec, catalog, scan, dims, allSets, useGrouping, at, notes, other, summed);
    ctes.push({ name: `g${i}`, query: withCounts(query(null), '') });
    // A comparison needs a period, so a compared scan is one group.
    if (shift && comparable(spec, scan[0]!)) {
      const q = withCounts(query(shift), '_previous');
      // Whether a member had rows before: an additive measure reads 0 for none, so "new" (no
      // rows) and "from 0" (rows, nothing won) differ only here.
      q.columns.push(item(agg('count', []), rowsBefore(i)));
      ctes.push({ name: `g${i}_previous`, query: q });
    }
  });
  for (const g of groups) {
    const measures = g.measures.map(named);
    if (shift && !comparable(spec, g)) notes.add(msg('note_notCompared', { measures }));
    // A snapshot rebuilt from the stage history is not "now": its column, and its earlier one,
    // count the deals open at the end of each period, which the header alone does not say.
    else if (g.date === null && spec.period !== null && hasAsOf(g.fact))
      notes.add(msg(shift ? 'note_asOfCompared' : 'note_asOf', { measures }));
  }
  return ctes;
}

/** The groups stacked (by column name) and merged into one row per dimension combination. */
function mergedQuery(spec: ReportSpec, plan: Plan, keyCols: string[], groups: Cte[]): Select {
  // One group has one row per key combination already: nothing to merge.
  if (groups.length === 1)
    return { kind: 'select', columns: [allCols()], from: table(groups[0]!.name) };
  const union = unionByName(
    groups.map((g) => {
      const names = outputNames(g.query)!;
      return select(
        names.map((n): [Expr, string] => [col(null, n), n]),
        table(g.name),
      );
    }),
  );
  const c = (n: string) => col(null, n);
  const counted = plan.scans.flatMap((s, i) =>
    plan.shift && comparable(spec, s[0]!) ? [rowsBefore(i)] : [],
  );
  const merged: [Expr, string][] = [
    ...keyCols.map((k): [Expr, string] => [c(k), k]),
    ...counted.map((k): [Expr, string] => [fn('max', c(k)), k]),
    ...plan.base.flatMap((m): [Expr, string][] => [
      [fn('max', c(m.id)), m.id],
      ...(hasPrevious(spec, plan, m)
        ? [[fn('max', c(`${m.id}_previous`)), `${m.id}_previous`] as [Expr, string]]
        : []),
    ]),
    ...rowCountKeys(spec, plan)
      .filter(({ of }) => of === null)
      .map(({ key }): [Expr, string] => [fn('max', c(key)), key]),
  ];
  return select(merged, sub(union, '_groups'), keyCols.length ? { groupBy: keyCols.map(c) } : {});
}

/**
 * The conditions on result rows: only the grouping sets shown, and with top N of the first row
 * dimension only its top members (ranked in a `top` CTE added to `ctes`) and their subtotals.
 */
function visibleRows(spec: ReportSpec, plan: Plan, outputKeys: Set<string>, ctes: Cte[]): Expr[] {
  const { dims, useGrouping } = plan;
  const n = dims.length;
  const where: Expr[] = [];
  const grouping = col(null, GROUPING);
  if (useGrouping) {
    const visible = plan.sets.map((s) => lit(mask(s, n)));
    where.push(inList(grouping, visible));
  }
  if (plan.limitByFirst) {
    const first = dims[0]!;
    const firstOnly = mask([0], n);
    const rankKey = rankingKey(spec, plan.measures, outputKeys);
    const source = {
      name: 'result',
      dimKeys: dims.map((d) => d.key),
      columnDims: dims.flatMap((d, i) => (d.axis === 'column' ? [i] : [])),
    };
    const byColumn = topByColumn('top', source, rankKey, withPrevious(spec, plan), spec.limit!);
    if (byColumn) ctes.push(...byColumn);
    else
      ctes.push({
        name: 'top',
        query: select([[col(null, first.key), first.key]], table('result'), {
          where: eq(grouping, lit(firstOnly)),
          orderBy: [...sortKeys(rankKey, withPrevious(spec, plan)), { expr: col(null, first.key) }],
          limit: spec.limit!,
        }),
      });
    const bit = 1 << (n - 1);
    const inTop = select([[lit(1), 'one']], table('top'), {
      where: bin('IS NOT DISTINCT FROM', col('top', first.key), col('result', first.key)),
    });
    where.push(
      bin('OR', bin('<>', fn('bit_and', grouping, lit(bit)), lit(0)), {
        kind: 'exists',
        query: inTop,
      }),
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

/**
 * The top N values of the first row dimension, ranked as plain top N ranks them: the same report
 * cut down to that dimension and the ranking measure, sorted and limited; sorted by one table
 * column, cut down to the column dimensions that name it and ranked in it (top-column.ts).
 */
function topCtes(
  spec: ReportSpec,
  catalog: Catalog,
  measures: MeasureDef[],
  keys: Set<string>,
  opts: CompileOptions,
): Cte[] {
  const rankKey = rankingKey(spec, measures, keys);
  const owner =
    measures
      .filter((m) => rankKey.key === m.id || rankKey.key.startsWith(`${m.id}_`))
      .sort((a, b) => b.id.length - a.id.length)[0] ?? measures[0]!;
  const first = spec.rows[0]!;
  const key = dimensionKey(first);
  const named = rankKey.column?.length ?? 0;
  const subSpec: ReportSpec = {
    ...spec,
    rows: [first],
    columns: named > 0 ? spec.columns.slice(0, named) : [],
    measures: [owner.id],
    sort: [rankKey],
    totals: named > 0,
    limitOther: false,
    ...(named > 0 ? { limit: null } : {}),
  };
  // Its CTEs are renamed: ClickHouse would read the outer statement's `g0`, `merged`… instead.
  const query = prefixCtes(compileQuery(subSpec, catalog, opts).query, 'top_');
  if (named > 0 && named <= spec.columns.length) {
    const source = {
      name: 'top_ranked',
      dimKeys: [key, ...subSpec.columns.map(dimensionKey)],
      columnDims: subSpec.columns.map((_, i) => i + 1),
    };
    const ranked = topByColumn('top', source, rankKey, spec.compare ? [owner] : [], spec.limit!);
    if (ranked) return [{ name: source.name, query }, ...ranked];
  }
  return [{ name: 'top', query: select([[col(null, key), key]], sub(query, '_ranked')) }];
}
