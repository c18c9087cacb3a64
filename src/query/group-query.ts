/**
 * One group's aggregate query: the measures that share a fact and a date, over that fact's rows in
 * the period (shifted back for a comparison), grouped by the report's dimensions (GROUPING SETS
 * when there are totals). compile() stacks the groups and merges them.
 */
import type { Catalog, FactDef, FieldDef, JoinDef, MeasureDef } from './catalog.ts';
import { factAsOfItem, hasAsOf } from './as-of.ts';
import { bucketLabel, dateKey, numberBins } from './dimension.ts';
import { lookupJoin, uniqueJoins } from './joins.ts';
import { periodRange, type Shift } from './period.ts';
import { CompileError, reacher, fieldParam, joinsForTables } from './resolve.ts';
import { MessageSet, msg, named } from '../lib/message.ts';
import type { Dimension, ReportSpec } from './spec/spec.ts';
import { and, bin, caseWhen, col, fn, isNull, lit, tablesOf, type Expr } from './sql/ast.ts';
import { select, sub, table, type FromItem, type Join, type Select } from './sql/stmt.ts';
import { countedRows, rowConditions } from './where.ts';

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

export function groupQuery(
  spec: ReportSpec,
  catalog: Catalog,
  g: Group,
  dims: Dim[],
  sets: number[][],
  useGrouping: boolean,
  shift: Shift | null,
  notes: MessageSet,
  other = false,
): Select {
  const fact = g.fact;
  const joins: JoinDef[] = [];
  const reach = reacher(fact, joins);
  const shifted = (e: Expr): Expr =>
    shift ? bin('+', e, { kind: 'interval', amount: shift.amount, unit: shift.unit }) : e;

  let dateExpr: Expr | null = null;
  if (g.date) {
    dateExpr = reach(g.date);
    if (!dateExpr)
      throw new CompileError('compile_noDate', { fact: fact.id, field: named(g.date) });
  }

  const dimExprs = dims.map((d): Expr => {
    if (!d.field) return dateExpr ? dateKey(shifted(dateExpr), d.dim.grain!) : lit(null);
    const e = reach(d.field);
    if (!e) {
      notes.add(msg('note_cannotSplit', { measures: g.measures.map(named), key: d.key }));
      return lit(null);
    }
    if (d.dim.grain) return dateKey(shifted(e), d.dim.grain);
    if (d.dim.bins) return numberBins(e, d.dim.bins);
    return e;
  });
  const { otherExprs, topJoin } = other
    ? markOther(dims, dimExprs)
    : { otherExprs: [], topJoin: null };

  const conds = rowConditions(
    spec,
    catalog,
    dateExpr,
    shift,
    reach,
    (f) =>
      notes.add(
        msg('note_filterNotApplied', {
          field: fieldParam(catalog, f.field),
          measures: g.measures.map(named),
        }),
      ),
    countedRows(g.measures),
  );

  const suffix = shift ? '_previous' : '';
  const measureCols = g.measures.map((m): [Expr, string] => {
    joins.push(
      ...joinsForTables(
        fact,
        [...tablesOf(m.expr)].filter((t) => t !== fact.table),
      ),
    );
    return [m.expr, m.id + suffix];
  });

  const columns: [Expr, string][] = [
    ...dimExprs.map((e, i): [Expr, string] => [e, dims[i]!.key]),
    ...otherExprs.map((e): [Expr, string] => [e, OTHER]),
    ...(useGrouping ? [[groupingCall(dimExprs), GROUPING] as [Expr, string]] : []),
    ...measureCols,
  ];
  return select(columns, snapshotSource(spec, fact, g, shift) ?? table(fact.table), {
    joins: [...uniqueJoins(joins).map(lookupJoin), ...(topJoin ? [topJoin] : [])],
    ...(conds.length ? { where: and(...conds) } : {}),
    ...groupByClause(dimExprs, otherExprs, sets, useGrouping),
  });
}

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
