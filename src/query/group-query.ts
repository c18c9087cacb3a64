/**
 * One group's aggregate query: the measures that share a fact and a date, over that fact's rows in
 * the period (shifted back for a comparison), grouped by the report's dimensions (GROUPING SETS
 * when there are totals). compile() stacks the groups and merges them.
 */
import type { Catalog, FactDef, FieldDef, JoinDef, MeasureDef } from './catalog.ts';
import { factAsOfItem, hasAsOf } from './period/as-of.ts';
import { bucketLabel, dateKey, numberBins } from './dimension.ts';
import { lookupJoin, uniqueJoins } from './rows/joins.ts';
import { periodRange, type Shift } from './period/period.ts';
import { CompileError, reacher, fieldParam, joinsForTables } from './resolve.ts';
import { MessageSet, msg, named } from '../lib/message.ts';
import type { Dimension, ReportSpec } from './spec/spec.ts';
import {
  agg,
  and,
  bin,
  caseWhen,
  col,
  eq,
  fn,
  isNull,
  lit,
  tablesOf,
  type Expr,
} from './sql/ast.ts';
import { select, sub, table, type FromItem, type Join, type Select } from './sql/stmt.ts';
import { AGGREGATES, countedRows, dateConditions, filterConditions } from './rows/where.ts';
import { summedRows } from './row-counts.ts';

export const GROUPING = '_grouping';
export const OTHER = '_other';

export interface Dim {
  dim: Dimension;
  key: string;
  axis: 'row' | 'column';
  field: FieldDef | null; // null for the `period` pseudo-field
}

export interface Group {
  fact: FactDef;
  date: FieldDef | null;
  measures: MeasureDef[];
}

/**
 * Snapshot measures (open deals, pipeline) are "now" — unless a period is chosen and the fact has
 * a stage history: then they are rebuilt as of the period's end (the comparison's end for the
 * previous pass), and so they can be compared too.
 */
function snapshotSource(
  spec: ReportSpec,
  fact: FactDef,
  g: Group,
  shift: Shift | null,
): FromItem | null {
  if (g.date || !spec.period || !hasAsOf(fact)) return null;
  return factAsOfItem(fact, periodRange(spec.period, shift ?? undefined).until);
}

/**
 * The aggregate query of one scan: one group, or several groups of one fact fused when the plan
 * allows it (`fuseGroups` in plan.ts: no period). A fused query keeps the rows any of its groups
 * keeps; a group's own row condition then decides only whether it has a row for a key, so its
 * measures are blanked where it has none, as the merge of separate queries would leave them.
 */
export function groupQuery(
  spec: ReportSpec,
  catalog: Catalog,
  scan: Group[],
  dims: Dim[],
  sets: number[][],
  useGrouping: boolean,
  shift: Shift | null,
  notes: MessageSet,
  other = false,
  /** Measures whose sums read NULL exactly over no rows (`summedRows`): their `<m>_rows`. */
  summed: ReadonlySet<MeasureDef> = new Set(),
): Select {
  const fact = scan[0]!.fact;
  const joins: JoinDef[] = [];
  const reach = reacher(fact, joins);
  const shifted = (e: Expr): Expr =>
    shift ? bin('+', e, { kind: 'interval', amount: shift.amount, unit: shift.unit }) : e;

  // Every group of a scan reaches the dimensions and filters alike (a scan with a `period`
  // dimension or filter has one group), so the first group's are the scan's; each group still
  // adds its own notes, in the order separate queries would.
  let dimExprs: Expr[] = [];
  let filters: Expr[] = [];
  const parts = scan.map((g, i) => {
    let dateExpr: Expr | null = null;
    if (g.date) {
      dateExpr = reach(g.date);
      if (!dateExpr)
        throw new CompileError('compile_noDate', { fact: fact.id, field: named(g.date) });
    }
    const exprs = dims.map((d): Expr => {
      if (!d.field) return dateExpr ? dateKey(shifted(dateExpr), d.dim.grain!) : lit(null);
      const e = reach(d.field);
      if (!e) {
        // By the field's name (the UI's language), not its id («activities.type»).
        notes.add(
          msg('note_cannotSplit', { measures: g.measures.map(named), key: named(d.field) }),
        );
        return lit(null);
      }
      if (d.dim.grain) return dateKey(shifted(e), d.dim.grain);
      if (d.dim.bins) return numberBins(e, d.dim.bins);
      return e;
    });
    const dated = dateConditions(spec, dateExpr, shift, countedRows(g.measures));
    const filtered = filterConditions(spec, catalog, dateExpr, reach, (f) =>
      notes.add(
        msg('note_filterNotApplied', {
          field: fieldParam(catalog, f.field),
          measures: g.measures.map(named),
        }),
      ),
    );
    if (i === 0) [dimExprs, filters] = [exprs, filtered];
    return { g, dated };
  });
  const { otherExprs, topJoin } = other
    ? markOther(dims, dimExprs)
    : { otherExprs: [], topJoin: null };

  const fused = scan.length > 1;
  const grouping = groupingCall(dimExprs);
  // A grand total row is there even over no rows (DuckDB and ClickHouse alike).
  const grandTotal =
    useGrouping && sets.some((set) => set.length === 0)
      ? eq(grouping, lit(2 ** dims.length - 1))
      : null;
  const suffix = shift ? '_previous' : '';
  const measureCols = parts.flatMap(({ g, dated }) =>
    g.measures.map((m): [Expr, string] => {
      joins.push(
        ...joinsForTables(
          fact,
          [...tablesOf(m.expr)].filter((t) => t !== fact.table),
        ),
      );
      // Additive measures read 0 for "no row" anyway, and some are NULL over no rows already;
      // without dimensions there is always one row.
      const expr = summed.has(m) ? summedRows(m.expr) : m.expr;
      if (!fused || !dated.length || m.additive || nullOnEmpty(m.expr) || dims.length === 0)
        return [expr, m.id + suffix];
      const hasRow = bin('>', agg('count', [], { filter: and(...dated) }), lit(0));
      return [
        caseWhen([[grandTotal ? bin('OR', hasRow, grandTotal) : hasRow, expr]]),
        m.id + suffix,
      ];
    }),
  );
  const dated = parts.some((p) => p.dated.length === 0)
    ? null
    : parts.map((p) => and(...p.dated)).reduce((a, b) => bin('OR', a, b));
  const conds = fused ? [...filters, ...(dated ? [dated] : [])] : [...parts[0]!.dated, ...filters];

  const columns: [Expr, string][] = [
    ...dimExprs.map((e, i): [Expr, string] => [e, dims[i]!.key]),
    ...otherExprs.map((e): [Expr, string] => [e, OTHER]),
    ...(useGrouping ? [[grouping, GROUPING] as [Expr, string]] : []),
    ...measureCols,
  ];
  return select(columns, snapshotSource(spec, fact, scan[0]!, shift) ?? table(fact.table), {
    joins: [...uniqueJoins(joins).map(lookupJoin), ...(topJoin ? [topJoin] : [])],
    ...(conds.length ? { where: and(...conds) } : {}),
    ...groupByClause(dimExprs, otherExprs, sets, useGrouping),
  });
}

/** Whether an expression is NULL when its aggregates read no row (a count reads 0 then). */
function nullOnEmpty(e: Expr): boolean {
  const zeroOnEmpty = (x: Expr): boolean =>
    (x.kind === 'fn' && x.name === 'count') || (x.kind === 'cast' && zeroOnEmpty(x.expr));
  switch (e.kind) {
    case 'fn':
      if (e.name === 'nullif') {
        const [x, y] = e.args;
        return nullOnEmpty(x!) || (zeroOnEmpty(x!) && y?.kind === 'lit' && y.value === 0);
      }
      return e.name !== 'count' && AGGREGATES.has(e.name);
    case 'bin':
      return ARITHMETIC.has(e.op) && (nullOnEmpty(e.left) || nullOnEmpty(e.right));
    case 'cast':
      return nullOnEmpty(e.expr);
    default:
      return false;
  }
}

const ARITHMETIC = new Set(['+', '-', '*', '/']);

/**
 * Other: a value outside `top` (matched NULL-safely, so an empty member can be in the top) is
 * blanked in `dimExprs[0]`, and `_other` tells it apart from a real empty value.
 */
function markOther(dims: Dim[], dimExprs: Expr[]): { otherExprs: Expr[]; topJoin: Join | null } {
  const first = dimExprs[0];
  if (!first || first.kind === 'lit') return { otherExprs: [lit(false)], topJoin: null };
  const inTop = col('_top', '_in');
  // `top` holds the report's labels; a date bucket is grouped by its first day.
  const grain = dims[0]!.dim.grain;
  const label = grain ? bucketLabel(first, grain) : first;
  const topKeys = select(
    [
      [col(null, dims[0]!.key), '_k'],
      [lit(true), '_in'],
    ],
    table('top'),
  );
  const topJoin: Join = {
    type: 'LEFT',
    item: sub(topKeys, '_top'),
    on: bin('IS NOT DISTINCT FROM', col('_top', '_k'), label),
  };
  dimExprs[0] = caseWhen([[isNull(inTop), lit(null)]], first);
  return { otherExprs: [isNull(inTop)], topJoin };
}

/** GROUP BY the dimensions, or by GROUPING SETS with totals; empty without dimensions. */
function groupByClause(
  dimExprs: Expr[],
  otherExprs: Expr[],
  sets: number[][],
  useGrouping: boolean,
): Pick<Select, 'groupBy' | 'groupingSets'> {
  // The Other flag groups with the first dimension, wherever that dimension is kept.
  const keysOf = (set: number[]) =>
    set.flatMap((i) => (i === 0 ? [dimExprs[0]!, ...otherExprs] : [dimExprs[i]!]));
  if (dimExprs.length && useGrouping) return { groupingSets: sets.map(keysOf) };
  if (dimExprs.length) return { groupBy: keysOf(dimExprs.map((_, i) => i)) };
  return {};
}

function groupingCall(dimExprs: Expr[]): Expr {
  return dimExprs.length ? fn('grouping', ...dimExprs) : lit(0);
}
