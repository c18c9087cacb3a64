/**
 * Drill-down into the analyses: compileAnalysisDrill(spec, catalog, key, cell) → the SQL listing
 * the deals or clients behind one number of a funnel, cohort, LTV or dynamics table. Like the
 * pivot's drill (query/drill.ts) it is pure and built from the analysis's own CTEs, so the list
 * is exactly the rows the number counts: the deals that reached a funnel step or dropped at it,
 * the clients of a cohort (or active in one of its periods), a client's won deals or the clients
 * of a segment, the clients with a status in a period or making a transition.
 */
import type { Catalog } from '../../query/catalog.ts';
import { CompileError } from '../../query/resolve.ts';
import { dateBucket } from '../../query/dimension.ts';
import {
  factListColumns,
  type DrillOptions,
  type DrillQuery,
  type Listed,
} from '../../query/drill.ts';
import type { ReportSpec, SpecOf } from '../../query/spec/spec.ts';
import { and, bin, col, eq, fn, lit, type Expr } from '../../query/sql/ast.ts';
import { inDialect } from '../../query/sql/dialect.ts';
import { withSettings } from '../../query/sql/print.ts';
import { COHORT_KEYS, firstPurchases, purchasePeriods } from './cohort.ts';
import { dealScope, p, periodsBetween, purchasesQuery, q, withCtes, ymd } from './common.ts';
import { cellValue, listed, splitCond, type AnalysisCell, type DrillRows } from './drill-common.ts';
import { FORECAST_DRILLABLE, forecastDrillRows } from './forecast/drill-forecast.ts';
import { dynamicsStatusRows, dynamicsTransitionRows } from './dynamics/drill-dynamics.ts';
import { funnelDeals, funnelPlan } from './funnel/funnel.ts';
import { historyCtes, reachedRows } from './funnel/funnel-parts.ts';
import { LTV_KEYS, compileLtv } from './ltv.ts';

/** Which value columns of each analysis list rows. */
const DRILLABLE: Record<Exclude<ReportSpec['analysis'], 'pivot'>, string[]> = {
  funnel: ['reached', 'dropped'],
  cohort: ['cohort_size', 'active_clients', 'revenue'],
  ltv: ['revenue', 'won_deals', 'segment'],
  dynamics: ['clients'],
  forecast: FORECAST_DRILLABLE,
  // Drivers list a member's deals through the pivot drill of the compared periods (DriversView).
  drivers: [],
};

/** Whether the value column `key` of `spec`'s analysis lists rows (a non-empty cell of it does). */
export function analysisDrillable(spec: ReportSpec, key: string): boolean {
  // The forecast's deal list is itself the deals, not numbers over them.
  if (spec.analysis === 'forecast' && spec.options.topDeals) return false;
  return spec.analysis !== 'pivot' && DRILLABLE[spec.analysis].includes(key);
}

/** The list of deals or clients behind value `key` of the analysis row `cell`. */
export function compileAnalysisDrill(
  spec: ReportSpec,
  catalog: Catalog,
  key: string,
  cell: AnalysisCell,
  opts: DrillOptions,
): DrillQuery {
  if (!analysisDrillable(spec, key)) throw new CompileError('compile_notListable', { key });
  checkPage(opts);
  return inDialect(opts.dialect ?? 'duckdb', () => {
    const d = assemble(drillRows(spec, catalog, key, cell), key, opts);
    return { ...d, sql: withSettings(d.sql), countSql: withSettings(d.countSql) };
  });
}

function drillRows(spec: ReportSpec, catalog: Catalog, key: string, cell: AnalysisCell): DrillRows {
  switch (spec.analysis) {
    case 'funnel':
      return funnelRows(spec, catalog, key, cell);
    case 'cohort':
      return cohortRows(spec, catalog, key, cell);
    case 'ltv':
      return ltvRows(spec, catalog, key, cell);
    case 'dynamics':
      return spec.options.view === 'transitions'
        ? dynamicsTransitionRows(spec, catalog, cell)
        : dynamicsStatusRows(spec, catalog, cell);
    case 'forecast':
      return forecastDrillRows(spec, catalog, key, cell);
    case 'pivot':
    case 'drivers':
      throw new CompileError('compile_notListable', { key });
  }
}

function checkPage(opts: DrillOptions): void {
  if (
    !Number.isInteger(opts.limit) ||
    opts.limit < 1 ||
    !Number.isInteger(opts.offset) ||
    opts.offset < 0
  ) {
    throw new CompileError('compile_drillPage');
  }
}

/** The page query and the count over the same rows. */
function assemble(rows: DrillRows, key: string, opts: DrillOptions): DrillQuery {
  const byKey = new Map(rows.listed.map((c) => [c.column.key, c]));
  const order: string[] = [];
  for (const s of opts.sort) {
    const c = byKey.get(s.key);
    if (!c) throw new CompileError('compile_drillSort', { key: s.key });
    order.push(`${p(c.expr)} ${s.dir === 'asc' ? 'ASC' : 'DESC'} NULLS LAST`);
  }
  // Every column as a tie-break: pages fetched with OFFSET must not overlap or skip rows.
  for (const c of rows.listed) order.push(`${p(c.expr)} ASC NULLS LAST`);
  const where = rows.where.length ? `\nWHERE ${p(and(...rows.where))}` : '';
  const select = rows.listed.map((c) => `${p(c.expr)} AS ${q(c.column.key)}`).join(', ');
  const body = `FROM ${rows.from}${where}`;
  return {
    sql: withCtes(
      rows.ctes,
      `SELECT ${select}\n${body}\nORDER BY ${order.join(', ')}\nLIMIT ${opts.limit} OFFSET ${opts.offset}`,
      rows.materialized,
    ),
    countSql: withCtes(rows.ctes, `SELECT count(*) AS ${q('n')}\n${body}`, rows.materialized),
    columns: rows.listed.map((c) => c.column),
    hasTotals: false,
    notes: [],
    fact: rows.fact,
    measure: key,
    previous: false,
  };
}

/** The deals' list columns carried through a CTE as `_l0`, `_l1`…, and read back from `table`. */
function dealColumns(catalog: Catalog, table: string) {
  const own = factListColumns(catalog, 'deals');
  return {
    extra: own.map((c, i): [Expr, string] => [c.expr, `_l${i}`]),
    listed: own.map((c, i): Listed => ({ column: c.column, expr: col(table, `_l${i}`) })),
  };
}

/** Deals that reached step `position` (`reached`) or were lost there (`dropped`). */
function funnelRows(
  spec: SpecOf<'funnel'>,
  catalog: Catalog,
  key: string,
  cell: AnalysisCell,
): DrillRows {
  const plan = funnelPlan(spec, catalog);
  const deals = dealColumns(catalog, 'd');
  const position = cellValue(cell, 'position');
  const pos = position.kind === 'lit' ? Number(position.value) : NaN;
  // The last step has no "dropped": its deals are won.
  if (key === 'dropped' && pos === plan.stages.length)
    throw new CompileError('compile_notListable', { key });
  const r = (c: string) => col('r', c);
  const at =
    key === 'reached'
      ? [bin('>=', r('reached_pos'), position)]
      : [eq(r('reached_pos'), position), eq(r('status'), lit('lost'))];
  return {
    ctes: [
      ['d', funnelDeals(spec, catalog, plan, deals.extra)],
      ...(plan.hasHistory ? historyCtes(plan.positionOf, plan.openSteps) : []),
      ['r', reachedRows(plan.hasHistory, plan.openSteps, col('d', 'current_pos'))],
    ],
    // `d` numbers its rows: the row numbers read through `r` and directly must be the same.
    materialized: ['d', 'r'],
    from: `${q('r')} JOIN ${q('d')} ON ${p(eq(r('k'), col('d', 'k')))}`,
    where: [...splitCond(plan.scope, r('split'), cell), ...at],
    listed: deals.listed,
    fact: 'deals',
  };
}

/** A cohort's clients (`cohort_size`) or those who bought in its period k (active, revenue). */
function cohortRows(
  spec: SpecOf<'cohort'>,
  catalog: Catalog,
  key: string,
  cell: AnalysisCell,
): DrillRows {
  const grain = spec.options.grain ?? 'month';
  const scope = dealScope(spec, catalog, COHORT_KEYS);
  const f = (c: string) => col('f', c);
  const ctes: [string, string][] = [
    ['p', purchasesQuery(scope, null)],
    ['pp', purchasePeriods(grain)],
    ['f', firstPurchases(grain, spec.period)],
  ];
  const where = [
    eq(dateBucket(f('cohort_start'), grain), cellValue(cell, 'cohort')),
    ...splitCond(scope, f('split'), cell),
  ];
  const pp = (c: string) => col('pp', c);
  const sameClient = p(
    and(eq(f('client'), pp('client')), bin('IS NOT DISTINCT FROM', f('split'), pp('split'))),
  );
  if (key === 'cohort_size') {
    ctes.push([
      'rv',
      `SELECT ${q('client')}, ${q('split')}, sum(${q('revenue')}) AS ${q('revenue')} FROM ${q('pp')} GROUP BY ${q('client')}, ${q('split')}`,
    ]);
    const rv = (c: string) => col('rv', c);
    return {
      ctes,
      materialized: [],
      from: `${q('f')} LEFT JOIN ${q('rv')} ON ${p(and(eq(f('client'), rv('client')), bin('IS NOT DISTINCT FROM', f('split'), rv('split'))))}`,
      where,
      listed: [
        listed('client', f('client'), 'text'),
        listed('first_purchase', ymd(f('cohort_start')), 'date'),
        listed('revenue', fn('coalesce', rv('revenue'), lit(0)), 'money', 'measure'),
      ],
      fact: 'clients',
    };
  }
  return {
    ctes,
    materialized: [],
    from: `${q('f')} JOIN ${q('pp')} ON ${sameClient}`,
    where: [
      ...where,
      eq(periodsBetween(grain, f('cohort_start'), pp('per')), cellValue(cell, 'period_index')),
    ],
    listed: [
      listed('client', f('client'), 'text'),
      listed('period', dateBucket(pp('per'), grain), 'text'),
      listed('revenue', pp('revenue'), 'money', 'measure'),
    ],
    fact: 'clients',
  };
}

/** A client's won deals (revenue, won deals) or the clients of a segment. */
function ltvRows(spec: ReportSpec, catalog: Catalog, key: string, cell: AnalysisCell): DrillRows {
  const scope = dealScope(spec, catalog, LTV_KEYS, true);
  if (key === 'segment') {
    // The LTV table itself, every client (no top N), narrowed to the segment of the row.
    const l = (c: string) => col('l', c);
    const ltv = compileLtv({ ...spec, limit: null }, catalog);
    return {
      ctes: [['l', ltv.sql]],
      materialized: [],
      from: q('l'),
      where: [
        eq(l('segment'), cellValue(cell, 'segment')),
        ...(scope.split
          ? [bin('IS NOT DISTINCT FROM', l(scope.split.key), cellValue(cell, scope.split.key))]
          : []),
      ],
      listed: [
        listed('client', l('client'), 'text'),
        listed('revenue', l('revenue'), 'money', 'measure'),
        listed('won_deals', l('won_deals'), 'int', 'measure'),
        listed('last_purchase', l('last_purchase'), 'date'),
        listed('segment', l('segment'), 'text'),
      ],
      fact: 'clients',
    };
  }
  const deals = dealColumns(catalog, 'p');
  return {
    ctes: [['p', purchasesQuery(scope, spec.period, deals.extra)]],
    materialized: [],
    from: q('p'),
    where: [
      eq(col('p', 'client'), cellValue(cell, 'client')),
      ...splitCond(scope, col('p', 'split'), cell),
    ],
    listed: deals.listed,
    fact: 'deals',
  };
}
export type { AnalysisCell } from './drill-common.ts';
