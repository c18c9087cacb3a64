/**
 * Drivers of change: for one measure, a period and its comparison, every dimension's members with
 * their part of the total change. One statement: each period is one aggregate over the measure's
 * fact with a GROUPING SET per dimension (and the empty set for the total); the two are merged
 * by set and member, and the contributions computed from the sums. Rules: docs/metrics.md,
 * "Drivers of change".
 */
import type { Catalog, FieldDef, JoinDef } from '../../../query/catalog.ts';
import type { CompiledQuery, OutputColumn } from '../../../query/compiled.ts';
import { factAsOfItem, hasAsOf } from '../../../query/period/as-of.ts';
import { lookupJoin, uniqueJoins } from '../../../query/rows/joins.ts';
import { comparisonShift, periodRange, type Shift } from '../../../query/period/period.ts';
import { CompileError, reacher, joinsForTables, requireField } from '../../../query/resolve.ts';
import type { ReportSpec } from '../../../query/spec/spec.ts';
import {
  and,
  bin,
  caseWhen,
  cast,
  col,
  fn,
  isNull,
  lit,
  tablesOf,
  type Expr,
} from '../../../query/sql/ast.ts';
import { over } from '../../../query/sql/analytic.ts';
import { printQuery } from '../../../query/sql/print.ts';
import {
  allCols,
  outputNames,
  select,
  sub,
  table,
  unionByName,
  type Cte,
  type FromItem,
  type Select,
} from '../../../query/sql/stmt.ts';
import { rowConditions } from '../../../query/rows/where.ts';
import { MessageSet, msg, named } from '../../../lib/message.ts';
import {
  driverDimensions,
  driverMeasure,
  type DriverDimension,
  type DriverMeasure,
} from './drivers-parts.ts';

export {
  driverDimensions,
  driverDrill,
  driverFields,
  driverMeasure,
  PAIR_SEPARATOR,
  type DriverMember,
} from './drivers-parts.ts';

const G = '_grouping';
const N = '_n';
const D = '_d';
const PREV = '_previous';

/** The fields, in grouping order, and each dimension's GROUPING SET as indexes into them. */
interface Layout {
  fields: FieldDef[];
  sets: { dim: DriverDimension; idx: number[]; mask: number }[];
  /** The mask of the empty set: the total. */
  total: number;
}

function layout(dims: DriverDimension[]): Layout {
  const fields: FieldDef[] = [];
  for (const d of dims) for (const f of d.fields) if (!fields.includes(f)) fields.push(f);
  const n = fields.length;
  // DuckDB's GROUPING(): the first argument is the highest bit, set when rolled up.
  const maskOf = (idx: number[]) => {
    let m = 0;
    for (let i = 0; i < n; i++) if (!idx.includes(i)) m += 2 ** (n - 1 - i);
    return m;
  };
  const sets = dims.map((dim) => {
    const idx = dim.fields.map((f) => fields.indexOf(f));
    return { dim, idx, mask: maskOf(idx) };
  });
  return { fields, sets, total: maskOf([]) };
}

const dimCol = (i: number) => `_d${i}`;

/** One period's aggregate: numerator (and base) per member of every dimension, and the total. */
function periodQuery(
  spec: ReportSpec,
  catalog: Catalog,
  dm: DriverMeasure,
  lay: Layout,
  shift: Shift | null,
  notes: MessageSet,
): Select {
  const { fact, measure } = dm;
  const joins: JoinDef[] = [];
  const reach = reacher(fact, joins);
  const dateId = measure.date === null ? null : spec.date === 'auto' ? measure.date : spec.date;
  const dateField = dateId === null ? null : requireField(catalog, dateId);
  const dateExpr = dateField ? reach(dateField) : null;
  if (dateField && !dateExpr)
    throw new CompileError('compile_noDate', { fact: fact.id, field: named(dateField) });
  let source: FromItem = table(fact.table);
  if (!dateExpr) {
    // A snapshot (open deals, pipeline) compares as of each period's end, which needs the history.
    if (!hasAsOf(fact)) throw new CompileError('compile_noPrevious', { measure: named(measure) });
    source = factAsOfItem(fact, periodRange(spec.period!, shift ?? undefined).until);
  }
  const conds = rowConditions(
    spec,
    catalog,
    dateExpr,
    shift,
    reach,
    (f) => notes.add(msg('note_filterNotApplied', { field: f.field, measures: [named(measure)] })),
    // Drivers always run over a period, which already leaves undated rows out.
    null,
  );
  const exprs = lay.fields.map((f) => reach(f)!);
  const parts: [string, Expr][] = [[N, dm.numerator]];
  if (dm.denominator) parts.push([D, dm.denominator]);
  for (const [, e] of parts)
    joins.push(
      ...joinsForTables(
        fact,
        [...tablesOf(e)].filter((t) => t !== fact.table),
      ),
    );
  const suffix = shift ? PREV : '';
  const columns: [Expr, string][] = [
    ...exprs.map((e, i): [Expr, string] => [cast(e, 'VARCHAR'), dimCol(i)]),
    [fn('grouping', ...exprs), G],
    ...parts.map(([name, e]): [Expr, string] => [e, name + suffix]),
  ];
  return select(columns, source, {
    joins: uniqueJoins(joins).map(lookupJoin),
    ...(conds.length ? { where: and(...conds) } : {}),
    groupingSets: [...lay.sets.map((s) => s.idx), []].map((idx) => idx.map((i) => exprs[i]!)),
  });
}

/** The result columns, in order. */
function outputColumns(dm: DriverMeasure, pair: boolean): OutputColumn[] {
  const m = dm.measure;
  const text = (key: string): OutputColumn => ({
    key,
    role: 'dimension',
    axis: 'row',
    format: 'text',
  });
  const worse = m.worseWhenMore ? { worseWhenMore: true as const } : {};
  return [
    text('dimension'),
    text('member'),
    ...(pair ? [text('member_2')] : []),
    { key: m.id, role: 'measure', measure: m.id, format: m.format },
    { key: `${m.id}_previous`, role: 'previous', measure: m.id, format: m.format },
    // The change and its share of the total are what drivers answer: a narrow tile keeps them.
    {
      key: `${m.id}_delta`,
      role: 'delta',
      measure: m.id,
      format: m.format,
      essential: true,
      ...worse,
    },
    { key: `${m.id}_growth`, role: 'growth', measure: m.id, format: 'pct', ...worse },
    { key: 'share_of_change', role: 'measure', format: 'pct', essential: true },
    ...(dm.denominator
      ? [
          { key: 'mix', role: 'measure', measure: m.id, format: m.format } as const,
          { key: 'rate', role: 'measure', measure: m.id, format: m.format } as const,
        ]
      : []),
  ];
}

const c = (name: string, table: string | null = null) => col(table, name);
const zero = (e: Expr) => fn('coalesce', e, lit(0));
const div = (a: Expr, b: Expr) => bin('/', cast(a, 'DOUBLE'), fn('nullif', b, lit(0)));
const growth = (now: Expr, before: Expr) =>
  caseWhen([[bin('=', before, lit(0)), lit(null)]], div(bin('-', now, before), fn('abs', before)));

/**
 * Per member: value, previous, delta (its contribution), growth, share of the total change, and for
 * a ratio its mix and rate effects. `t` is the total row, `r` the member's.
 */
function valueExprs(dm: DriverMeasure): [string, Expr][] {
  const m = dm.measure.id;
  const n1 = zero(c(N, 'r'));
  const n0 = zero(c(N + PREV, 'r'));
  const T1 = zero(c(N, 't'));
  const T0 = zero(c(N + PREV, 't'));
  if (!dm.denominator) {
    const delta = bin('-', n1, n0);
    return [
      [m, n1],
      [`${m}_previous`, n0],
      [`${m}_delta`, delta],
      [`${m}_growth`, growth(n1, n0)],
      ['share_of_change', div(delta, bin('-', T1, T0))],
    ];
  }
  const d1 = zero(c(D, 'r'));
  const d0 = zero(c(D + PREV, 'r'));
  const B1 = zero(c(D, 't'));
  const B0 = zero(c(D + PREV, 't'));
  const r1 = div(n1, d1);
  const r0 = div(n0, d0);
  const R1 = div(T1, B1);
  const R0 = div(T0, B0);
  // A member absent from one period has no rate there: its whole effect is mix.
  const r1e = fn('coalesce', r1, r0);
  const r0e = fn('coalesce', r0, r1);
  const w1 = div(d1, B1);
  const w0 = div(d0, B0);
  const half = (e: Expr) => bin('/', e, lit(2));
  const mix = zero(bin('*', bin('-', w1, w0), bin('-', half(bin('+', r0e, r1e)), R0)));
  const rate = zero(bin('*', bin('-', r1e, r0e), half(bin('+', w0, w1))));
  // Both totals must have a base; without one the change is not defined.
  const defined = (e: Expr) => caseWhen([[bin('OR', isNull(R0), isNull(R1)), lit(null)]], e);
  const delta = defined(bin('+', mix, rate));
  return [
    [m, r1],
    [`${m}_previous`, r0],
    [`${m}_delta`, delta],
    [`${m}_growth`, growth(r1, r0)],
    ['share_of_change', div(delta, bin('-', R1, R0))],
    ['mix', defined(mix)],
    ['rate', defined(rate)],
  ];
}

/** The total row's values: the measure over all rows of each period. */
function totalExprs(dm: DriverMeasure): [string, Expr][] {
  const m = dm.measure.id;
  const T1 = zero(c(N, 't'));
  const T0 = zero(c(N + PREV, 't'));
  const [now, before] = dm.denominator
    ? [div(T1, zero(c(D, 't'))), div(T0, zero(c(D + PREV, 't')))]
    : [T1, T0];
  return [
    [m, now],
    [`${m}_previous`, before],
    [`${m}_delta`, bin('-', now, before)],
    [`${m}_growth`, growth(now, before)],
    ['share_of_change', lit(null)],
    ...(dm.denominator
      ? ([
          ['mix', lit(null)],
          ['rate', lit(null)],
        ] as [string, Expr][])
      : []),
  ];
}

export function compileDrivers(spec: ReportSpec, catalog: Catalog): CompiledQuery {
  if (!spec.period || !spec.compare) throw new CompileError('compile_driversNeedsCompare');
  const notes = new MessageSet();
  const dm = driverMeasure(spec, catalog);
  const lay = layout(driverDimensions(spec, catalog, dm.fact));
  // `member_2` only when a pair is ranked: elsewhere it would be an always-empty column.
  const pair = lay.sets.some((s) => s.idx.length === 2);
  const shift = comparisonShift(spec.period, spec.compare);
  const keys = lay.fields.map((_, i) => dimCol(i));
  const sums = [N, ...(dm.denominator ? [D] : [])].flatMap((k) => [k, k + PREV]);
  const maxOf = (k: string): [Expr, string] => [fn('max', c(k)), k];
  const cur = periodQuery(spec, catalog, dm, lay, null, notes);
  const prev = periodQuery(spec, catalog, dm, lay, shift, notes);
  const stacked = unionByName(
    [cur, prev].map((part, i) =>
      select(
        outputNames(part)!.map((n): [Expr, string] => [c(n), n]),
        table(i ? 'prev' : 'cur'),
      ),
    ),
  );
  const merged = select(
    [[c(G), G], ...keys.map((k): [Expr, string] => [c(k), k]), ...sums.map(maxOf)],
    sub(stacked, '_periods'),
    { groupBy: [c(G), ...keys.map((k) => c(k))] },
  );

  const byMask = (pick: (s: Layout['sets'][number]) => Expr): Expr =>
    caseWhen(lay.sets.map((s) => [bin('=', c(G, 'r'), lit(s.mask)), pick(s)]));
  const member = (k: 0 | 1) =>
    byMask((s) => (s.idx[k] === undefined ? lit(null) : c(dimCol(s.idx[k]), 'r')));
  const values = valueExprs(dm);
  // Members with nothing in either period add nothing and only lengthen the list; a dimension
  // left with one member (every won deal in the stage Won) carries the whole change and explains none of it.
  const nonEmpty = sums
    .map((k) => bin('<>', zero(c(k, 'r')), lit(0)))
    .reduce((a, b) => bin('OR', a, b));
  const memberRows = select(
    [
      [byMask((s) => lit(s.dim.id)), 'dimension'],
      [member(0), 'member'],
      ...(pair ? [[member(1), 'member_2'] as [Expr, string]] : []),
      ...values.map(([k, e]): [Expr, string] => [e, k]),
    ],
    table('merged', 'r'),
    {
      joins: [{ type: 'CROSS', item: table('tot', 't') }],
      where: and(bin('<>', c(G, 'r'), lit(lay.total)), nonEmpty),
      qualify: bin('>', over(fn('count'), [c('dimension')]), lit(1)),
    },
  );
  const text = cast(lit(null), 'VARCHAR');
  const totalRow = select(
    [
      [text, 'dimension'],
      [text, 'member'],
      ...(pair ? [[text, 'member_2'] as [Expr, string]] : []),
      ...totalExprs(dm).map(([k, e]): [Expr, string] => [e, k]),
    ],
    table('tot', 't'),
  );
  const m = dm.measure.id;
  const ctes: Cte[] = [
    { name: 'cur', query: cur },
    { name: 'prev', query: prev },
    { name: 'merged', query: merged },
    {
      name: 'tot',
      // A period with no rows at all still has its total row (GROUPING SETS keeps the empty set).
      query: select(sums.map(maxOf), table('merged'), { where: bin('=', c(G), lit(lay.total)) }),
    },
    { name: 'result', query: { kind: 'union', parts: [totalRow, memberRows] } },
  ];
  const query: Select = {
    kind: 'select',
    with: ctes,
    columns: [allCols()],
    from: table('result'),
    orderBy: [
      { expr: isNull(c('dimension')), desc: true },
      { expr: fn('abs', c(`${m}_delta`)), desc: true },
      { expr: c('dimension') },
      { expr: c('member') },
      ...(pair ? [{ expr: c('member_2') }] : []),
    ],
    ...(spec.limit != null ? { limit: spec.limit + 1 } : {}),
  };
  const sql = printQuery(query);
  return { sql, columns: outputColumns(dm, pair), hasTotals: false, notes: notes.list() };
}
