/**
 * What every CRM analysis shares: the deals in scope (filters, joins to lookups), the optional
 * split dimension (`spec.rows[0]`), the won-deal purchases, period arithmetic on DATEs, and the
 * assembly of `WITH … SELECT`, all as statement nodes: `printQuery` writes the SQL, in the
 * engine's dialect.
 */
import type { Catalog, FactDef, JoinDef } from '../../query/catalog.ts';
import type { OutputColumn } from '../../query/compiled.ts';
import { dateBucket, numberBins } from '../../query/dimension.ts';
import { filterExpr } from '../../query/rows/filter.ts';
import { periodRange } from '../../query/period/period.ts';
import {
  CompileError,
  PERIOD_FIELD,
  fieldOnFact,
  fieldParam,
  requireFact,
  requireField,
} from '../../query/resolve.ts';
import { dimensionKey, type Grain, type Period, type ReportSpec } from '../../query/spec/spec.ts';
import {
  and,
  bin,
  cast,
  col,
  dateLit,
  eq,
  fn,
  lit,
  notNull,
  type Expr,
} from '../../query/sql/ast.ts';
import {
  select,
  table,
  type Cte,
  type Join,
  type Query,
  type Select,
} from '../../query/sql/stmt.ts';
import { msg, named, type Message } from '../../lib/message.ts';

/** The deals an analysis reads: FROM with joins, filter conditions, the split expression. */
export interface DealScope {
  /** The LEFT JOINs the filters and the split need: FROM `deals` with these is the scope's rows. */
  joinNodes: Join[];
  /** The spec's filters as conditions on the deals row. */
  filters: Expr[];
  /** The split dimension, or null. Its expression reads the deals row (and joined lookups). */
  split: { key: string; expr: Expr; format: 'text' | 'number' } | null;
  notes: Message[];
}

/** A deals column. */
export const deal = (column: string): Expr => col('deals', column);

/**
 * Resolves filters and the split on the deals fact. `reserved` are the analysis's own output keys:
 * a split that would collide with one is ignored with a note.
 */
export function dealScope(
  spec: ReportSpec,
  catalog: Catalog,
  reserved: string[],
  allowSplit = true,
): DealScope {
  const fact: FactDef = requireFact(catalog, 'deals');
  const notes: Message[] = [];
  const joins: JoinDef[] = [];
  const reach = (id: string): { expr: Expr; type: string } | null => {
    if (id === PERIOD_FIELD)
      throw new CompileError('compile_periodHere', { field: fieldParam(catalog, PERIOD_FIELD) });
    const field = requireField(catalog, id);
    const r = fieldOnFact(fact, field);
    if (!r) return null;
    joins.push(...r.joins);
    return { expr: r.expr, type: field.type };
  };

  const filters: Expr[] = [];
  for (const f of spec.filters) {
    const r = reach(f.field);
    if (!r) {
      notes.push(msg('note_filterNotDeals', { field: named(requireField(catalog, f.field)) }));
      continue;
    }
    const field = requireField(catalog, f.field);
    filters.push(filterExpr(f, f.grain ? dateBucket(r.expr, f.grain) : r.expr, field.type));
  }

  let split: DealScope['split'] = null;
  const first = spec.rows[0];
  if (first && allowSplit) {
    const key = dimensionKey(first);
    const r = reach(first.field);
    if (reserved.includes(key)) notes.push(msg('note_splitReserved', { key }));
    else if (!r) notes.push(msg('note_splitUnreachable', { key }));
    else {
      let expr = r.expr;
      let format: 'text' | 'number' = r.type === 'number' ? 'number' : 'text';
      if (r.type === 'date') expr = dateBucket(expr, first.grain ?? 'day');
      else if (first.bins && r.type === 'number')
        [expr, format] = [numberBins(expr, first.bins), 'text'];
      split = { key, expr, format };
    }
  } else if (first) notes.push(msg('note_noSplit'));
  if (spec.rows.length > 1 && allowSplit) notes.push(msg('note_firstSplitOnly'));

  const seen = new Set<string>();
  const unique = joins.filter((j) => (seen.has(j.table) ? false : (seen.add(j.table), true)));
  const joinNodes: Join[] = unique.map((j) => ({
    type: 'LEFT',
    item: table(j.table),
    on: and(...j.on.map((c) => eq(col(j.from, c.fromColumn), col(j.table, c.column)))),
  }));
  return { joinNodes, filters, split, notes };
}

/** The split expression, or NULL when there is none (so every query has a `split` column). */
export function splitExpr(scope: DealScope): Expr {
  return scope.split ? scope.split.expr : lit(null);
}

/** The split's output column, if any. */
export function splitColumn(scope: DealScope): OutputColumn[] {
  return scope.split
    ? [{ key: scope.split.key, role: 'dimension', axis: 'row', format: scope.split.format }]
    : [];
}

/** `date >= from AND date < to + 1 day`. */
export function inPeriod(date: Expr, period: Period): Expr[] {
  const r = periodRange(period);
  return [bin('>=', date, dateLit(r.from)), bin('<', date, dateLit(r.until))];
}

/** The DATE of a timestamp. */
export const day = (e: Expr): Expr => cast(e, 'DATE');

/** First day of the period containing `date` (weeks start on Monday). */
export const periodStart = (date: Expr, grain: Grain): Expr =>
  cast(fn('date_trunc', lit(grain), date), 'DATE');

/** Whole periods from `a` to `b` (both period starts). */
export const periodsBetween = (grain: Grain, a: Expr, b: Expr): Expr =>
  fn('date_diff', lit(grain), a, b);

/** The length of one period as an interval. */
export function periodStep(grain: Grain): Expr {
  const [amount, unit] = (
    {
      day: [1, 'DAY'],
      week: [7, 'DAY'],
      month: [1, 'MONTH'],
      quarter: [3, 'MONTH'],
      year: [12, 'MONTH'],
    } as const
  )[grain];
  return { kind: 'interval', amount, unit };
}

/** `YYYY-MM-DD` text of a DATE. */
export const ymd = (date: Expr): Expr => fn('format_date', date, lit('%Y-%m-%d'));

/** A row dimension of the result (stage, cohort, period…). */
export const dimCol = (key: string, format: OutputColumn['format'] = 'text'): OutputColumn => ({
  key,
  role: 'dimension',
  axis: 'row',
  format,
});

/** A value column of the result (text values such as a segment name are values too). */
export const valCol = (key: string, format: OutputColumn['format']): OutputColumn => ({
  key,
  role: 'measure',
  format,
});

/** The column marked as one that says the most: a narrow view keeps it before the others. */
export const essential = (c: OutputColumn): OutputColumn => ({ ...c, essential: true });

/** The column marked as one the others already tell: a narrow screen leaves it out first. */
export const secondary = (c: OutputColumn): OutputColumn => ({ ...c, secondary: true });

/** The column marked as one that only orders the rows: the table on screen leaves it out. */
export const sortKey = (c: OutputColumn): OutputColumn => ({ ...c, sortKey: true });

/** The split column as an output key (`AS "<split key>"`), or nothing. */
export function splitSelect(scope: DealScope, source: Expr): [Expr, string][] {
  return scope.split ? [[source, scope.split.key]] : [];
}

/** `WHERE a AND b …`, or no WHERE at all for an empty list. */
export const whereAll = (conds: Expr[]): Expr | undefined =>
  conds.length ? and(...conds) : undefined;

/** A SELECT over the scope's rows (`deals` with the joins its filters and split need); `where` is ANDed. */
export function scopeSelect(
  scope: DealScope,
  cols: [Expr, string][],
  where: Expr[] = [],
  rest: Omit<Select, 'kind' | 'columns' | 'from' | 'joins' | 'where'> = {},
): Select {
  return select(cols, table('deals'), {
    ...(scope.joinNodes.length ? { joins: scope.joinNodes } : {}),
    ...(where.length ? { where: and(...where) } : {}),
    ...rest,
  });
}

/**
 * Won deals of known clients with a close date, as purchases: `client`, `split`, `day` (DATE of
 * closed_at), `amount`, and the `extra` columns. `period`, when given, limits purchases by close date.
 */
export function purchases(
  scope: DealScope,
  period: Period | null,
  extra: [Expr, string][] = [],
): Select {
  const closed = day(deal('closed_at'));
  return scopeSelect(
    scope,
    [
      [deal('client'), 'client'],
      [splitExpr(scope), 'split'],
      [closed, 'day'],
      [deal('amount'), 'amount'],
      ...extra,
    ],
    [
      eq(deal('status'), lit('won')),
      notNull(deal('client')),
      notNull(deal('closed_at')),
      ...(period ? inPeriod(closed, period) : []),
      ...scope.filters,
    ],
  );
}

/**
 * A named CTE. `materialized`: computed once (DuckDB `AS MATERIALIZED`), required when a CTE
 * numbers its rows and is read more than once; ClickHouse has no such thing and ignores it.
 */
export const cte = (name: string, query: Query, materialized = false): Cte => ({
  name,
  query,
  ...(materialized ? { materialized } : {}),
});

/** `final` with `ctes` in front; `printQuery` prints it. */
export function withNodes(ctes: Cte[], final: Query): Query {
  return ctes.length ? { ...final, with: [...ctes, ...(final.with ?? [])] } : final;
}
