/**
 * The stage funnel of one pipeline: deals that reached at least each stage, conversions, where
 * lost deals dropped out and why, and the median time spent in each stage. Exact with a
 * stage_history table; derived from the current stage otherwise (and said so in the notes).
 * Rules: docs/metrics.md, "Funnel".
 */
import type { Catalog, StageDef } from '../../../query/catalog.ts';
import type { CompiledQuery, OutputColumn, PreparedTable } from '../../../query/compiled.ts';
import { CompileError } from '../../../query/resolve.ts';
import type { Message } from '../../../lib/message.ts';
import type { SpecOf } from '../../../query/spec/spec.ts';
import {
  agg,
  and,
  bin,
  caseWhen,
  cast,
  col,
  eq,
  fn,
  lit,
  notNull,
  type Expr,
} from '../../../query/sql/ast.ts';
import { afn, over } from '../../../query/sql/analytic.ts';
import { inPipeline, lostReasonCtes, reachedRowsNode, upTo, usToDays } from './funnel-parts.ts';
import { funnelCache, funnelInline, type InlineSummary } from './funnel-cache.ts';
import { funnelDealsNode, funnelPlan, type FunnelPlan } from './funnel-plan.ts';
import { compareFunnels } from './funnel-compare.ts';
import { comparisonPeriod } from '../../../query/period/period.ts';
import { currentDialect } from '../../../query/sql/dialect.ts';
import { printQuery } from '../../../query/sql/print.ts';
import {
  allCols,
  item,
  select,
  table,
  type Cte,
  type Query,
  type Select,
} from '../../../query/sql/stmt.ts';
import {
  cte,
  deal,
  dimCol,
  inPeriod,
  splitColumn,
  splitExpr,
  splitSelect,
  valCol,
  essential,
  whereAll,
  withNodes,
  type DealScope,
} from '../common.ts';

export { TOP_LOST_REASONS } from './funnel-parts.ts';

export { FUNNEL_NO_HISTORY_NOTE } from './funnel-plan.ts';

/** CTE `rc`: deals per split and reached position (and how many of them were lost): a few rows. */
function reachedCounts(): Select {
  const r = (c: string) => col('r', c);
  return select(
    [
      [r('split'), 'split'],
      [r('reached_pos'), 'reached_pos'],
      [agg('count', []), 'n'],
      [agg('count', [], { filter: eq(r('status'), lit('lost')) }), 'lost'],
    ],
    table('r'),
    { groupBy: [r('split'), r('reached_pos')] },
  );
}

/** CTE `s`: the steps with their positions. */
function stepsTable(stages: StageDef[]): Select {
  return {
    kind: 'select',
    columns: [allCols()],
    from: {
      kind: 'values',
      as: 's',
      columns: ['position', 'stage'],
      rows: stages.map((s, i) => [lit(i + 1), lit(s.name)]),
    },
  };
}

/** CTE `g`: the split values (one NULL row without a split), so every step shows for each. */
function splitValues(scope: DealScope): Select {
  const split = col(null, 'split');
  return scope.split
    ? { kind: 'select', distinct: true, columns: [item(split)], from: table('r') }
    : { kind: 'select', columns: [item(lit(null), 'split')] };
}

/** CTE `c`: per split and step, the deals that reached it and the lost deals that stopped there. */
function stepCounts(): Select {
  const rc = (c: string) => col('rc', c);
  const s = (c: string) => col('s', c);
  const g = (c: string) => col('g', c);
  const total = (e: Expr) => cast(fn('coalesce', e, lit(0)), 'BIGINT');
  return select(
    [
      [g('split'), 'split'],
      [s('position'), 'position'],
      [s('stage'), 'stage'],
      [total(agg('sum', [rc('n')])), 'reached'],
      [
        total(agg('sum', [rc('lost')], { filter: eq(rc('reached_pos'), s('position')) })),
        'dropped',
      ],
    ],
    table('s'),
    {
      joins: [
        { type: 'CROSS', item: table('g') },
        {
          type: 'LEFT',
          item: table('rc'),
          on: and(
            bin('IS NOT DISTINCT FROM', rc('split'), g('split')),
            bin('>=', rc('reached_pos'), s('position')),
          ),
        },
      ],
      groupBy: [g('split'), s('position'), s('stage')],
    },
  );
}

/** The final SELECT: conversions from the counts, lost reasons and time in stage joined on. */
function funnelSelect(plan: FunnelPlan): Select {
  const { scope, stages, openSteps } = plan;
  const last = stages.length;
  const stays = plan.hasHistory && openSteps > 0;
  const c = (x: string) => col('c', x);
  const reached = cast(c('reached'), 'DOUBLE');
  const prev = over(afn('lag', c('reached')), [c('split')], [c('position')]);
  const first = over(agg('max', [c('reached')]), [c('split')]);
  const sameSplit = (t: string) => bin('IS NOT DISTINCT FROM', col(t, 'split'), c('split'));
  const outCols: [Expr, string][] = [
    ...splitSelect(scope, c('split')),
    [c('stage'), 'stage'],
    [c('position'), 'position'],
    [c('reached'), 'reached'],
    [bin('/', reached, fn('nullif', prev, lit(0))), 'step_conversion'],
    [bin('/', reached, fn('nullif', first, lit(0))), 'cumulative_conversion'],
    [caseWhen([[eq(c('position'), lit(last)), lit(null)]], c('dropped')), 'dropped'],
    [col('lrs', 'lost_reasons'), 'lost_reasons'],
    [
      stays
        ? caseWhen(
            stages
              .slice(0, openSteps)
              .map((_, i) => [eq(c('position'), lit(i + 1)), col('m', `median_days_${i + 1}`)]),
            null,
          )
        : cast(lit(null), 'DOUBLE'),
      'median_days_in_stage',
    ],
  ];
  return select(outCols, table('c'), {
    joins: [
      {
        type: 'LEFT',
        item: table('lrs'),
        on: and(sameSplit('lrs'), eq(col('lrs', 'position'), c('position'))),
      },
      ...(stays ? [{ type: 'LEFT' as const, item: table('m'), on: sameSplit('m') }] : []),
    ],
    orderBy: [{ expr: c('split') }, { expr: c('position') }],
  });
}

/**
 * CTE `r`, read from the per-deal summary (funnel-cache.ts): the funnel's deals, one row each, with
 * `split`, `status`, `lost_reason`, `reached_pos` and, with open steps, the time in each (`us_<i>`).
 * The cached table follows the deals table row for row, so the two are paired by position (no
 * hashing) before the lookups the filters and split need are joined; the inline summary
 * (ClickHouse) is joined by key.
 */
function summaryDeals(spec: SpecOf<'funnel'>, plan: FunnelPlan, summary: Summary): Select {
  const { scope, openSteps } = plan;
  const t = summary.kind === 'table' ? 'fc' : 'sd';
  const reached = summary.kind === 'table' ? col('fc', 'reached_pos') : summary.inline.reached;
  const pairing =
    summary.kind === 'table'
      ? [{ type: 'POSITIONAL' as const, item: table(summary.table, 'fc') }]
      : summary.inline.joins;
  const where = whereAll([
    summary.kind === 'table' ? notNull(reached) : inPipeline(summary.catalog, plan.pipeline),
    ...(spec.period ? inPeriod(deal('created_at'), spec.period) : []),
    ...scope.filters,
  ]);
  return select(
    [
      [splitExpr(scope), 'split'],
      [deal('status'), 'status'],
      [deal('lost_reason'), 'lost_reason'],
      [reached, 'reached_pos'],
      ...upTo(openSteps).map((i): [Expr, string] => [col(t, `us_${i}`), `us_${i}`]),
    ],
    table('deals'),
    { joins: [...pairing, ...scope.joinNodes], ...(where ? { where } : {}) },
  );
}

/** Where the per-deal summary comes from: a table built beforehand (DuckDB), or the statement itself. */
type Summary =
  { kind: 'table'; table: string } | { kind: 'inline'; inline: InlineSummary; catalog: Catalog };

/** CTE `m`: the median days in each open step, per split. */
function medianDays(openSteps: number): Select {
  const r = (c: string) => col('r', c);
  return select(
    [
      [r('split'), 'split'],
      ...upTo(openSteps).map((i): [Expr, string] => [
        usToDays(agg('median', [r(`us_${i}`)])),
        `median_days_${i}`,
      ]),
    ],
    table('r'),
    { groupBy: [r('split')] },
  );
}

/** One period's funnel as a statement, before printing: `compileFunnel` runs one or two of them. */
export interface FunnelStatement {
  statement: Query;
  columns: OutputColumn[];
  notes: Message[];
  prepare: PreparedTable[];
  /** The split's output key, if the funnel is split. */
  split: string | null;
}

/**
 * Compiles the funnel of `spec.options.pipeline` (default: the first pipeline); with
 * `spec.compare`, beside the same funnel over the earlier period (funnel-compare.ts).
 */
export function compileFunnel(spec: SpecOf<'funnel'>, catalog: Catalog): CompiledQuery {
  if (spec.compare) {
    // As the pivot: a comparison needs a period to step back from.
    if (!spec.period) throw new CompileError('compile_compareNeedsPeriod');
    const earlier = { ...spec, period: comparisonPeriod(spec.period, spec.compare) };
    return compareFunnels(funnelStatement(spec, catalog), funnelStatement(earlier, catalog));
  }
  const one = funnelStatement(spec, catalog);
  return {
    sql: printQuery(one.statement),
    columns: one.columns,
    hasTotals: false,
    notes: one.notes,
    ...(one.prepare.length ? { prepare: one.prepare } : {}),
  };
}

/** The funnel over `spec.period` as a statement (`spec.compare` is not read here). */
export function funnelStatement(spec: SpecOf<'funnel'>, catalog: Catalog): FunnelStatement {
  const plan = funnelPlan(spec, catalog);
  const { scope, hasHistory, openSteps } = plan;
  const stays = hasHistory && openSteps > 0;
  // With history, the per-deal part is read from the summary: on DuckDB a table built once per
  // dataset, on ClickHouse part of the statement (funnel-cache.ts, `funnelInline`).
  const key = { ...plan, steps: plan.stages.length };
  const inline = hasHistory && currentDialect() === 'clickhouse';
  const cache = hasHistory && !inline ? funnelCache(catalog, key) : null;
  const summary: Summary | null = cache
    ? { kind: 'table', table: cache.table }
    : inline
      ? { kind: 'inline', inline: funnelInline(catalog, key), catalog }
      : null;
  // `r` (and `d`) number rows and are read more than once: computed once.
  const deals: Cte[] = summary
    ? [
        ...(summary.kind === 'inline' ? summary.inline.ctes : []),
        cte('r', summaryDeals(spec, plan, summary), true),
      ]
    : [
        cte('d', funnelDealsNode(spec, catalog, plan), true),
        cte('r', reachedRowsNode(false, 0, col('d', 'current_pos')), true),
      ];
  const ctes: Cte[] = [
    ...deals,
    cte('rc', reachedCounts()),
    cte('s', stepsTable(plan.stages)),
    cte('g', splitValues(scope)),
    cte('c', stepCounts()),
    ...(stays ? [cte('m', medianDays(openSteps))] : []),
    ...lostReasonCtes(),
  ];
  const statement: Query = withNodes(ctes, funnelSelect(plan));
  return {
    statement,
    split: scope.split?.key ?? null,
    columns: [
      ...splitColumn(scope),
      dimCol('stage'),
      dimCol('position', 'int'),
      // A narrow tile keeps how many reached each step and the conversions (OutputColumn.essential).
      essential(valCol('reached', 'int')),
      essential(valCol('step_conversion', 'pct')),
      essential(valCol('cumulative_conversion', 'pct')),
      valCol('dropped', 'int'),
      valCol('lost_reasons', 'text'),
      valCol('median_days_in_stage', 'days'),
    ],
    notes: plan.notes,
    prepare: cache ? [cache] : [],
  };
}
