/**
 * One group's aggregate query: the measures that share a fact and a date, over that fact's rows in
 * the period (shifted back for a comparison), grouped by the report's dimensions (GROUPING SETS
 * when there are totals). compile() stacks the groups and merges them.
 */
import type { Catalog, FactDef, FieldDef, JoinDef, MeasureDef } from './catalog.ts';
import { factAsOf, hasAsOf } from './as-of.ts';
import { bucketLabel, dateKey, numberBins } from './dimension.ts';
import { printJoin, uniqueJoins } from './joins.ts';
import { periodRange, type Shift } from './period.ts';
import { CompileError, reacher, fieldParam, joinsForTables } from './resolve.ts';
import { MessageSet, msg, named } from '../lib/message.ts';
import type { Dimension, ReportSpec } from './spec/spec.ts';
import { and, bin, caseWhen, col, isNull, lit, tablesOf, type Expr } from './sql/ast.ts';
import { quoteIdent as q } from './sql/escape.ts';
import { printExpr as p } from './sql/print.ts';
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
): string | null {
  if (g.date || !spec.period || !hasAsOf(fact)) return null;
  return factAsOf(fact, periodRange(spec.period, shift ?? undefined).until);
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
): string {
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
    : { otherExprs: [], topJoin: '' };

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
  const measureCols = g.measures.map((m) => {
    joins.push(
      ...joinsForTables(
        fact,
        [...tablesOf(m.expr)].filter((t) => t !== fact.table),
      ),
    );
    return `${p(m.expr)} AS ${q(m.id + suffix)}`;
  });

  const select = [
    ...dimExprs.map((e, i) => `${p(e)} AS ${q(dims[i]!.key)}`),
    ...otherExprs.map((e) => `${p(e)} AS ${q(OTHER)}`),
    ...(useGrouping ? [`${groupingCall(dimExprs)} AS ${q(GROUPING)}`] : []),
    ...measureCols,
  ];
  const from = [
    snapshotSource(spec, fact, g, shift) ?? q(fact.table),
    ...uniqueJoins(joins).map(printJoin),
    ...(topJoin ? [topJoin] : []),
  ].join('\n    ');
  const where = conds.length ? `\n  WHERE ${p(and(...conds))}` : '';
  const groupBy = groupByClause(dimExprs, otherExprs, sets, useGrouping);
  return `SELECT ${select.join(',\n    ')}\n  FROM ${from}${where}${groupBy}`;
}

/**
 * Other: a value outside `top` (matched NULL-safely, so an empty member can be in the top) is
 * blanked in `dimExprs[0]`, and `_other` tells it apart from a real empty value.
 */
function markOther(dims: Dim[], dimExprs: Expr[]): { otherExprs: Expr[]; topJoin: string } {
  const first = dimExprs[0];
  if (!first || first.kind === 'lit') return { otherExprs: [lit(false)], topJoin: '' };
  const inTop = col('_top', '_in');
  // `top` holds the report's labels; a date bucket is grouped by its first day.
  const grain = dims[0]!.dim.grain;
  const label = grain ? bucketLabel(first, grain) : first;
  const topJoin = `LEFT JOIN (SELECT ${q(dims[0]!.key)} AS ${q('_k')}, true AS ${q('_in')} FROM ${q('top')}) AS ${q('_top')} ON ${p(bin('IS NOT DISTINCT FROM', col('_top', '_k'), label))}`;
  dimExprs[0] = caseWhen([[isNull(inTop), lit(null)]], first);
  return { otherExprs: [isNull(inTop)], topJoin };
}

/** GROUP BY the dimensions, or by GROUPING SETS with totals; empty without dimensions. */
function groupByClause(
  dimExprs: Expr[],
  otherExprs: Expr[],
  sets: number[][],
  useGrouping: boolean,
): string {
  // The Other flag groups with the first dimension, wherever that dimension is kept.
  const keysOf = (set: number[]) =>
    set.flatMap((i) => (i === 0 ? [dimExprs[0]!, ...otherExprs] : [dimExprs[i]!]));
  if (dimExprs.length && useGrouping) {
    const list = sets.map((s) => `(${keysOf(s).map(p).join(', ')})`).join(', ');
    return `\n  GROUP BY GROUPING SETS (${list})`;
  }
  if (dimExprs.length)
    return `\n  GROUP BY ${keysOf(dimExprs.map((_, i) => i))
      .map(p)
      .join(', ')}`;
  return '';
}

function groupingCall(dimExprs: Expr[]): string {
  return dimExprs.length ? `grouping(${dimExprs.map(p).join(', ')})` : '0';
}
