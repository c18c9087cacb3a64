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
import type { DrillOptions, DrillQuery } from '../../query/drill.ts';
import { fractionItems } from '../../query/drill-decimals.ts';
import { comparesReport, type ReportSpec, type SpecOf } from '../../query/spec/spec.ts';
import { agg, and, bin, col, eq, lit } from '../../query/sql/ast.ts';
import { inDialect } from '../../query/sql/dialect.ts';
import { printQuery, withSettings } from '../../query/sql/print.ts';
import { item, table, type OrderKey, type Select, type SelectItem } from '../../query/sql/stmt.ts';
import { cohortRows } from './drill-cohort.ts';
import { cte, dealScope, purchases, withNodes } from './common.ts';
import { comparisonPeriod } from '../../query/period/period.ts';
import {
  cellValue,
  dealColumns,
  listed,
  splitCond,
  type AnalysisCell,
  type DrillNodes,
} from './drill-common.ts';
import { funnelDealsNode, funnelPlan } from './funnel/funnel-plan.ts';
import { historyCteNodes, reachedRowsNode } from './funnel/funnel-parts.ts';
import { FORECAST_DRILLABLE, forecastDrillRows } from './forecast/drill-forecast.ts';
import { dynamicsStatusNodes, dynamicsTransitionNodes } from './dynamics/drill-dynamics.ts';
import { LTV_KEYS, ltvQuery } from './ltv.ts';

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
  // A compared funnel's (or dynamics') earlier counts list the earlier period's deals (clients);
  // a compared LTV's earlier revenue, the earlier period's deals; a compared cohort's earlier
  // size, clients or revenue, the clients of the cohort one comparison shift earlier.
  const earlier = earlierKey(spec, key);
  if (earlier) return spec.analysis !== 'pivot' && DRILLABLE[spec.analysis].includes(earlier);
  return spec.analysis !== 'pivot' && DRILLABLE[spec.analysis].includes(key);
}

/**
 * `reached` for a compared funnel's `reached_previous` (and `dropped`'s), `clients` for compared
 * dynamics' `clients_previous` (on its matrix too: the earlier range's moves), `revenue` for a
 * compared LTV's `revenue_previous`, else null.
 */
function earlierKey(spec: ReportSpec, key: string): string | null {
  if (!comparesReport(spec) || !spec.compare || !spec.period) return null;
  if (!(['funnel', 'dynamics', 'ltv', 'cohort'] as const).some((a) => a === spec.analysis))
    return null;
  return key.endsWith('_previous') ? key.slice(0, -'_previous'.length) : null;
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

function drillRows(
  spec: ReportSpec,
  catalog: Catalog,
  key: string,
  cell: AnalysisCell,
): DrillNodes {
  switch (spec.analysis) {
    case 'funnel': {
      const earlier = earlierKey(spec, key);
      // The same list over the earlier period: the funnel ran it with that period alone.
      return earlier && spec.period && spec.compare
        ? funnelRows(
            { ...spec, period: comparisonPeriod(spec.period, spec.compare) },
            catalog,
            earlier,
            cell,
          )
        : funnelRows(spec, catalog, key, cell);
    }
    case 'cohort': {
      const earlier = earlierKey(spec, key);
      return cohortRows(spec, catalog, earlier ?? key, cell, earlier !== null);
    }
    case 'ltv': {
      const earlier = earlierKey(spec, key);
      // A client's purchases of the earlier period: the list over that period alone.
      return earlier && spec.period && spec.compare
        ? ltvRows(
            { ...spec, period: comparisonPeriod(spec.period, spec.compare) },
            catalog,
            earlier,
            cell,
          )
        : ltvRows(spec, catalog, key, cell);
    }
    case 'dynamics':
      return spec.options.view === 'transitions'
        ? dynamicsTransitionNodes(spec, catalog, cell, earlierKey(spec, key) !== null)
        : dynamicsStatusNodes(spec, catalog, cell, earlierKey(spec, key) !== null);
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
function assemble(rows: DrillNodes, key: string, opts: DrillOptions): DrillQuery {
  const byKey = new Map(rows.listed.map((c) => [c.column.key, c]));
  const order: OrderKey[] = [];
  for (const s of opts.sort) {
    const c = byKey.get(s.key);
    if (!c) throw new CompileError('compile_drillSort', { key: s.key });
    order.push({ expr: c.expr, desc: s.dir !== 'asc' });
  }
  // Every column as a tie-break: pages fetched with OFFSET must not overlap or skip rows.
  for (const c of rows.listed) order.push({ expr: c.expr });
  return {
    ...page(rows, order, opts),
    columns: rows.listed.map((c) => c.column),
    hasTotals: false,
    notes: [],
    fact: rows.fact,
    measure: key,
    previous: key.endsWith('_previous'),
  };
}

/** The page and the count as statements over the rows' CTEs. */
function page(
  rows: DrillNodes,
  order: OrderKey[],
  opts: DrillOptions,
): { sql: string; countSql: string } {
  const over = (columns: SelectItem[]): Select => ({
    kind: 'select',
    columns,
    from: rows.from,
    ...(rows.joins.length ? { joins: rows.joins } : {}),
    ...(rows.where.length ? { where: and(...rows.where) } : {}),
  });
  const list: Select = {
    ...over(rows.listed.map((c) => item(c.expr, c.column.key))),
    orderBy: order,
    limit: opts.limit,
    offset: opts.offset,
  };
  return {
    sql: printQuery(withNodes(rows.ctes, list)),
    countSql: printQuery(
      withNodes(
        rows.ctes,
        over([
          item(agg('count', []), 'n'),
          ...fractionItems(rows.listed).map(([e, as]) => item(e, as)),
        ]),
      ),
    ),
  };
}

/** Deals that reached step `position` (`reached`) or were lost there (`dropped`). */
function funnelRows(
  spec: SpecOf<'funnel'>,
  catalog: Catalog,
  key: string,
  cell: AnalysisCell,
): DrillNodes {
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
    // `d` numbers its rows: the row numbers read through `r` and directly must be the same.
    ctes: [
      cte('d', funnelDealsNode(spec, catalog, plan, deals.extra), true),
      ...(plan.hasHistory ? historyCteNodes(plan.positionOf, plan.openSteps) : []),
      cte('r', reachedRowsNode(plan.hasHistory, plan.openSteps, col('d', 'current_pos')), true),
    ],
    from: table('r'),
    joins: [{ type: 'INNER', item: table('d'), on: eq(r('k'), col('d', 'k')) }],
    where: [...splitCond(plan.scope, r('split'), cell), ...at],
    listed: deals.listed,
    fact: 'deals',
  };
}

/** A client's won deals (revenue, won deals) or the clients of a segment. */
function ltvRows(spec: ReportSpec, catalog: Catalog, key: string, cell: AnalysisCell): DrillNodes {
  if (key === 'segment') {
    // The LTV table itself, every client (no top N), narrowed to the segment of the row.
    const l = (c: string) => col('l', c);
    const { query, scope, columns } = ltvQuery({ ...spec, limit: null }, catalog);
    // Without deal amounts the LTV table has no revenue column to list.
    const revenue = columns.some((c) => c.key === 'revenue')
      ? [listed('revenue', l('revenue'), 'money', 'measure')]
      : [];
    return {
      ctes: [cte('l', query)],
      from: table('l'),
      joins: [],
      where: [
        eq(l('segment'), cellValue(cell, 'segment')),
        ...(scope.split
          ? [bin('IS NOT DISTINCT FROM', l(scope.split.key), cellValue(cell, scope.split.key))]
          : []),
      ],
      listed: [
        listed('client', l('client'), 'text'),
        ...revenue,
        listed('won_deals', l('won_deals'), 'int', 'measure'),
        listed('last_purchase', l('last_purchase'), 'date'),
        listed('segment', l('segment'), 'text'),
      ],
      fact: 'clients',
    };
  }
  const scope = dealScope(spec, catalog, LTV_KEYS, true);
  const deals = dealColumns(catalog, 'p');
  return {
    ctes: [cte('p', purchases(scope, spec.period, deals.extra))],
    from: table('p'),
    joins: [],
    where: [
      eq(col('p', 'client'), cellValue(cell, 'client')),
      ...splitCond(scope, col('p', 'split'), cell),
    ],
    listed: deals.listed,
    fact: 'deals',
  };
}
export type { AnalysisCell } from './drill-common.ts';
