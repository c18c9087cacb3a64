/**
 * What a funnel is built from — its steps (the open stages in order, then the won stage), the
 * deals in scope and each one's current step — for the funnel itself (funnel.ts) and its
 * drill-down (drill.ts).
 */
import { hasAsOf } from '../../../query/period/as-of.ts';
import type { Catalog, StageDef } from '../../../query/catalog.ts';
import { CompileError, requireFact } from '../../../query/resolve.ts';
import { msg, type Message } from '../../../lib/message.ts';
import type { SpecOf } from '../../../query/spec/spec.ts';
import { caseWhen, eq, fn, lit, type Expr } from '../../../query/sql/ast.ts';
import { over } from '../../../query/sql/analytic.ts';
import { currentDialect } from '../../../query/sql/dialect.ts';
import type { Select } from '../../../query/sql/stmt.ts';
import { inPipeline, micros, stepPosition } from './funnel-parts.ts';
import { deal, dealScope, inPeriod, scopeSelect, splitExpr, type DealScope } from '../common.ts';

export const FUNNEL_NO_HISTORY_NOTE: Message = msg('note_funnelNoHistory');

const KEYS = [
  'stage',
  'position',
  'reached',
  'step_conversion',
  'cumulative_conversion',
  'dropped',
  'lost_reasons',
  'median_days_in_stage',
];

/** The funnel's stages: the open stages in order, then the first won stage. Lost stages are not steps. */
export function funnelStages(
  catalog: Catalog,
  pipeline?: string,
): { pipeline: string; stages: StageDef[] } {
  const names = catalog.pipelines.map((x) => x.name);
  const chosen = pipeline ?? names[0];
  if (chosen === undefined) throw new CompileError('compile_funnelNoStages');
  const own = catalog.pipelines.find((x) => x.name === chosen)?.stages ?? [];
  if (own.length === 0)
    throw new CompileError('compile_unknownPipeline', { pipeline: chosen, pipelines: names });
  const won = own.find((s) => s.outcome === 'won');
  const stages = [...own.filter((s) => s.outcome === 'open'), ...(won ? [won] : [])];
  if (stages.length === 0) throw new CompileError('compile_pipelineEmpty', { pipeline: chosen });
  return { pipeline: chosen, stages };
}

/** What the funnel's queries are built from. */
export interface FunnelPlan {
  scope: DealScope;
  pipeline: string;
  /** The steps: open stages, then the won stage. */
  stages: StageDef[];
  /** How many of the steps are open stages (all but a won stage at the end). */
  openSteps: number;
  hasHistory: boolean;
  /** A stage name → its step number (NULL for stages that are not steps). */
  positionOf: (e: Expr) => Expr;
  notes: Message[];
}

export function funnelPlan(spec: SpecOf<'funnel'>, catalog: Catalog): FunnelPlan {
  const scope = dealScope(spec, catalog, KEYS);
  const { pipeline, stages } = funnelStages(catalog, spec.options.pipeline);
  const hasHistory = hasAsOf(requireFact(catalog, 'deals'));
  const notes = [...scope.notes];
  if (!hasHistory) notes.push(FUNNEL_NO_HISTORY_NOTE);
  const knownStages = catalog.pipelines.flatMap((x) => x.stages.map((s) => s.name));
  const positionOf = stepPosition(
    stages.map((s) => s.name),
    knownStages,
  );
  const openSteps = stages.filter((x) => x.outcome === 'open').length;
  return { scope, pipeline, stages, openSteps, hasHistory, positionOf, notes };
}

/**
 * CTE `d`: the funnel's deals, one row each, with the step their current stage is. `extra`: more
 * columns of the deals row (a drill-down's list).
 */
export function funnelDealsNode(
  spec: SpecOf<'funnel'>,
  catalog: Catalog,
  plan: FunnelPlan,
  extra: [Expr, string][] = [],
): Select {
  const { scope, stages } = plan;
  const won = eq(deal('status'), lit('won'));
  // ClickHouse computes a CTE once per reference, so the numbers must not depend on the order rows
  // are read in: ordered by everything the deal shows, rows that tie are indistinguishable.
  const numbering = [
    deal('id'),
    micros(deal('closed_at')),
    deal('status'),
    deal('stage'),
    deal('lost_reason'),
    splitExpr(scope),
    ...extra.map(([e]) => e),
  ];
  return scopeSelect(
    scope,
    [
      [deal('id'), 'deal_id'],
      // A number per funnel deal: history is grouped and ordered on it rather than on text ids.
      [over(fn('row_number'), [], currentDialect() === 'clickhouse' ? numbering : []), 'k'],
      [splitExpr(scope), 'split'],
      [deal('status'), 'status'],
      [deal('lost_reason'), 'lost_reason'],
      [micros(deal('closed_at')), 'closed'],
      [caseWhen([[won, lit(stages.length)]], plan.positionOf(deal('stage'))), 'current_pos'],
      ...extra,
    ],
    [
      inPipeline(catalog, plan.pipeline),
      ...(spec.period ? inPeriod(deal('created_at'), spec.period) : []),
      ...scope.filters,
    ],
  );
}
