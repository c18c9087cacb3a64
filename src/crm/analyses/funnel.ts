/**
 * The stage funnel of one pipeline: deals that reached at least each stage, conversions, where
 * lost deals dropped out and why, and the median time spent in each stage. Exact with a
 * stage_history table; derived from the current stage otherwise (and said so in the notes).
 * Rules: docs/metrics.md, "Funnel".
 */
import type { Catalog } from '../../query/catalog.ts';
import type { CompiledQuery } from '../../query/compiled.ts';
import { CompileError } from '../../query/resolve.ts';
import { msg, type Message } from '../../lib/message.ts';
import type { ReportSpec } from '../../query/spec/spec.ts';
import {
  agg,
  bin,
  caseWhen,
  cast,
  col,
  eq,
  fn,
  inList,
  isNull,
  lit,
  type Expr,
} from '../../query/sql/ast.ts';
import { afn, over, valuesTable } from '../../query/sql/analytic.ts';
import type { DatasetModel, StageInfo } from '../model.ts';
import {
  historyCtes,
  lostReasonCtes,
  micros,
  norm,
  normText,
  reachedRows,
  stayCtes,
  stepPosition,
} from './funnel-parts.ts';
import {
  deal,
  dealScope,
  dimCol,
  inPeriod,
  p,
  q,
  select,
  splitColumn,
  splitExpr,
  splitSelect,
  valCol,
  withCtes,
} from './common.ts';

export { TOP_LOST_REASONS } from './funnel-parts.ts';

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

/** The funnel's stages: the open stages by position, then the first won stage. Lost stages are not steps. */
export function funnelStages(
  model: DatasetModel,
  pipeline?: string,
): { pipeline: string; stages: StageInfo[] } {
  const pipelines = [...new Set(model.stages.map((s) => s.pipeline))];
  const chosen = pipeline ?? pipelines[0];
  if (chosen === undefined) throw new CompileError('compile_funnelNoStages');
  const own = model.stages
    .filter((s) => s.pipeline === chosen)
    .sort((a, b) => a.position - b.position);
  if (own.length === 0)
    throw new CompileError('compile_unknownPipeline', { pipeline: chosen, pipelines });
  const won = own.find((s) => s.outcome === 'won');
  const stages = [...own.filter((s) => s.outcome === 'open'), ...(won ? [won] : [])];
  if (stages.length === 0) throw new CompileError('compile_pipelineEmpty', { pipeline: chosen });
  return { pipeline: chosen, stages };
}

/** Compiles the funnel of `spec.options.pipeline` (default: the first pipeline). */
export function compileFunnel(
  spec: ReportSpec,
  catalog: Catalog,
  model: DatasetModel,
): CompiledQuery {
  const scope = dealScope(spec, catalog, KEYS);
  const { pipeline, stages } = funnelStages(model, spec.options.pipeline);
  const pipelineCount = new Set(model.stages.map((s) => s.pipeline)).size;
  const hasHistory = model.tables.some((t) => t.name === 'stage_history');
  const last = stages.length;
  const openSteps = stages.filter((x) => x.outcome === 'open').length;
  const notes = [...scope.notes];
  if (!hasHistory) notes.push(FUNNEL_NO_HISTORY_NOTE);

  const knownStages = [...new Set(model.stages.map((s) => s.stage))];
  const positionOf = stepPosition(
    stages.map((s) => s.stage),
    knownStages,
  );
  const won = eq(deal('status'), lit('won'));
  // A deal of an unnamed pipeline belongs to the only pipeline there is.
  const matches =
    pipelineCount === 1
      ? bin('OR', eq(norm(deal('pipeline')), lit(normText(pipeline))), isNull(deal('pipeline')))
      : eq(norm(deal('pipeline')), lit(normText(pipeline)));
  const pipelineNames = [...new Set(model.stages.map((s) => s.pipeline))];
  const same = pipelineNames.filter((n) => normText(n) === normText(pipeline));
  const other = pipelineNames.filter((n) => normText(n) !== normText(pipeline));
  const inPipeline = caseWhen(
    [
      ...(same.length
        ? [[inList(deal('pipeline'), same.map(lit)), lit(true)] as [Expr, Expr]]
        : []),
      ...(other.length
        ? [[inList(deal('pipeline'), other.map(lit)), lit(false)] as [Expr, Expr]]
        : []),
    ],
    matches,
  );

  const ctes: [string, string][] = [];
  ctes.push([
    'd',
    select(
      [
        [deal('id'), 'deal_id'],
        // A number per funnel deal: history is grouped and ordered on it rather than on text ids.
        [over(fn('row_number'), []), 'k'],
        [splitExpr(scope), 'split'],
        [deal('status'), 'status'],
        [deal('lost_reason'), 'lost_reason'],
        [micros(deal('closed_at')), 'closed'],
        [caseWhen([[won, lit(last)]], positionOf(deal('stage'))), 'current_pos'],
      ],
      scope.from,
      [
        inPipeline,
        ...(spec.period ? inPeriod(deal('created_at'), spec.period) : []),
        ...scope.filters,
      ],
    ),
  ]);

  const d = (c: string) => col('d', c);
  if (hasHistory) ctes.push(...historyCtes(positionOf, openSteps));
  ctes.push(['r', reachedRows(hasHistory, openSteps, d('current_pos'))]);
  // Deals per split and reached position (and how many of them were lost): a few rows.
  const r = (c: string) => col('r', c);
  ctes.push([
    'rc',
    select(
      [
        [r('split'), 'split'],
        [r('reached_pos'), 'reached_pos'],
        [agg('count', []), 'n'],
        [agg('count', [], { filter: eq(r('status'), lit('lost')) }), 'lost'],
      ],
      q('r'),
      [],
      `GROUP BY ${p(r('split'))}, ${p(r('reached_pos'))}`,
    ),
  ]);

  ctes.push([
    's',
    `SELECT * FROM ${valuesTable(
      's',
      ['position', 'stage'],
      stages.map((s, i) => [lit(i + 1), lit(s.stage)]),
    )}`,
  ]);
  ctes.push([
    'g',
    scope.split ? `SELECT DISTINCT ${q('split')} FROM ${q('d')}` : `SELECT NULL AS ${q('split')}`,
  ]);
  const rc = (c: string) => col('rc', c);
  const s = (c: string) => col('s', c);
  const g = (c: string) => col('g', c);
  const total = (e: Expr) => cast(fn('coalesce', e, lit(0)), 'BIGINT');
  ctes.push([
    'c',
    `SELECT ${p(g('split'))} AS ${q('split')}, ${p(s('position'))} AS ${q('position')}, ${p(s('stage'))} AS ${q('stage')},
    ${p(total(agg('sum', [rc('n')])))} AS ${q('reached')},
    ${p(total(agg('sum', [rc('lost')], { filter: eq(rc('reached_pos'), s('position')) })))} AS ${q('dropped')}
  FROM ${q('s')} CROSS JOIN ${q('g')}
  LEFT JOIN ${q('rc')} ON ${p(bin('IS NOT DISTINCT FROM', rc('split'), g('split')))} AND ${p(bin('>=', rc('reached_pos'), s('position')))}
  GROUP BY ${p(g('split'))}, ${p(s('position'))}, ${p(s('stage'))}`,
  ]);

  if (hasHistory && openSteps > 0) ctes.push(...stayCtes(openSteps));
  ctes.push(...lostReasonCtes());

  const c = (x: string) => col('c', x);
  const reached = cast(c('reached'), 'DOUBLE');
  const prev = over(afn('lag', c('reached')), [c('split')], [c('position')]);
  const first = over(agg('max', [c('reached')]), [c('split')]);
  const sameKey = (t: string, pos: string) =>
    `${p(bin('IS NOT DISTINCT FROM', col(t, 'split'), c('split')))} AND ${p(eq(col(t, pos), c('position')))}`;
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
      hasHistory && openSteps > 0
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
  const final = [
    `SELECT ${outCols.map(([e, k]) => `${p(e)} AS ${q(k)}`).join(',\n    ')}`,
    `FROM ${q('c')}`,
    `LEFT JOIN ${q('lrs')} ON ${sameKey('lrs', 'position')}`,
    ...(hasHistory && openSteps > 0
      ? [`LEFT JOIN ${q('m')} ON ${p(bin('IS NOT DISTINCT FROM', col('m', 'split'), c('split')))}`]
      : []),
    `ORDER BY ${p(c('split'))} ASC NULLS LAST, ${p(c('position'))} ASC`,
  ].join('\n');

  return {
    sql: withCtes(ctes, final, ['d', ...(hasHistory && openSteps > 0 ? ['h'] : []), 'r']),
    columns: [
      ...splitColumn(scope),
      dimCol('stage'),
      dimCol('position', 'int'),
      valCol('reached', 'int'),
      valCol('step_conversion', 'pct'),
      valCol('cumulative_conversion', 'pct'),
      valCol('dropped', 'int'),
      valCol('lost_reasons', 'text'),
      valCol('median_days_in_stage', 'days'),
    ],
    hasTotals: false,
    notes,
  };
}
