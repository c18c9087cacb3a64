/**
 * Stage order and win probability per (pipeline, stage). With a stage history both come from
 * the data (average step at which a stage is entered; share of closed deals that reached the
 * stage and were won). Without one, open stages are ordered by how many deals sit in them (a
 * funnel narrows) and the probability grows linearly — an approximation the UI should flag.
 */
import { msg, type Message } from '../../lib/message.ts';
import type { Engine } from '../../engine/types.ts';
import type { StageInfo } from '../../crm/model.ts';
import { quoteString as s } from '../../query/sql/escape.ts';
import { outcomeOf, type Outcome, type OutcomeWords } from './outcome.ts';
import { own } from '../../lib/own.ts';
import {
  HEAD_IN_ORDER_SQL,
  STAGE_COUNTS_SQL,
  stageSizesSql,
  STAGE_STATS_JOINED_SQL,
  STAGE_STATS_SORTED_SQL,
  STAGE_STATS_SQL,
} from './stages-sql.ts';

type StageOptions = OutcomeWords & {
  stageOrder?: string[];
  stageProbabilities?: Record<string, number>;
};

/** One row of the stage statistics: a (pipeline, stage) of the deals or of their history. */
export interface StageRow {
  pipeline: string | null;
  stage: string;
  won: number;
  lost: number;
  n: number;
  step: number | null;
  reached_won: number | null;
  reached_closed: number | null;
}

/**
 * How the deals' status follows their stage, when it does: a deal whose stage is `v` has the
 * status `outcomes.get(v) ?? 'open'` (its status was mapped from its stage column); `pipeline`:
 * whether the deals have a pipeline column (else every deal's is NULL).
 */
export interface StatusByStage {
  outcomes: ReadonlyMap<string, Outcome>;
  pipeline: boolean;
}

/**
 * Reads deals (and stage_history when present) and returns the ordered stages. `byStage`: the
 * status is the stage's outcome, so without a history the deals are only counted per stage and
 * a stage's won and lost deals are all or none of them — the same counts as `STAGE_COUNTS_SQL`'s
 * filters, without comparing every deal's status (a third of the query at 1M deals).
 */
export async function detectStages(
  engine: Engine,
  hasHistory: boolean,
  opts: StageOptions = {},
  byStage?: StatusByStage,
): Promise<{ stages: StageInfo[]; fromHistory: boolean }> {
  const rows = async (sql: string) =>
    (await engine.query(sql))
      .toArray()
      .map((r) => r.toJSON() as StageRow & { repeated?: boolean; sorted?: boolean });
  let stats: Awaited<ReturnType<typeof rows>> | undefined;
  // A history stored in (deal, time) order needs no sort: tried when its first rows are.
  const head = hasHistory ? (await engine.query(HEAD_IN_ORDER_SQL)).get(0)?.toJSON() : undefined;
  if (head?.ordered === true) {
    stats = await rows(STAGE_STATS_SORTED_SQL);
    if (stats.some((r) => r.sorted === false)) stats = undefined;
  }
  if (!hasHistory && byStage)
    stats = countsByStage(await rows(stageSizesSql(byStage.pipeline)), byStage);
  stats ??= await rows(hasHistory ? STAGE_STATS_SQL : STAGE_COUNTS_SQL);
  if (stats.some((r) => r.repeated)) stats = await rows(STAGE_STATS_JOINED_SQL);
  return orderStages(stats, hasHistory, opts);
}

/** `STAGE_COUNTS_SQL`'s rows from the deals per stage, when each stage's status is one outcome. */
function countsByStage(sizes: StageRow[], byStage: StatusByStage): StageRow[] {
  return sizes.map((r) => {
    const outcome = byStage.outcomes.get(r.stage) ?? 'open';
    return {
      pipeline: r.pipeline ?? null,
      stage: r.stage,
      won: outcome === 'won' ? r.n : 0,
      lost: outcome === 'lost' ? r.n : 0,
      n: r.n,
      step: null,
      reached_won: null,
      reached_closed: null,
    };
  });
}

/** The stage statistics (see stages-sql.ts) turned into ordered stages with probabilities. */
export function orderStages(
  rows: StageRow[],
  hasHistory: boolean,
  opts: StageOptions = {},
): { stages: StageInfo[]; fromHistory: boolean } {
  const byPipeline = new Map<string, StageRow[]>();
  for (const r of rows) {
    const k = r.pipeline ?? '';
    byPipeline.set(k, [...(byPipeline.get(k) ?? []), r]);
  }
  const stages: StageInfo[] = [];
  const order = opts.stageOrder ?? [];
  for (const [pipeline, list] of [...byPipeline].sort(([a], [b]) => a.localeCompare(b))) {
    const withOutcome = list.map((r) => ({ r, outcome: stageOutcome(r, opts) }));
    const rank = (x: (typeof withOutcome)[number]) => {
      const user = order.indexOf(x.r.stage);
      const group = x.outcome === 'open' ? 0 : x.outcome === 'won' ? 1 : 2;
      return [user < 0 ? Infinity : user, group, x.r.step ?? Infinity, -x.r.n] as const;
    };
    withOutcome.sort((a, b) => {
      const [ra, rb] = [rank(a), rank(b)];
      for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! < rb[i]! ? -1 : 1;
      return a.r.stage.localeCompare(b.r.stage);
    });
    const open = withOutcome.filter((x) => x.outcome === 'open').length;
    withOutcome.forEach(({ r, outcome }, i) => {
      let probability = outcome === 'won' ? 1 : outcome === 'lost' ? 0 : (i + 1) / (open + 1);
      if (outcome === 'open' && r.reached_closed)
        probability = (r.reached_won ?? 0) / r.reached_closed;
      const given = own(opts.stageProbabilities, r.stage);
      if (outcome === 'open' && given !== undefined) probability = given;
      stages.push({
        pipeline,
        stage: r.stage,
        position: i + 1,
        probability: Math.round(probability * 1e4) / 1e4,
        outcome,
      });
    });
  }
  return { stages, fromHistory: hasHistory && rows.some((r) => r.step !== null) };
}

/** Why `stageProbabilities` cannot be used, or null when every value is a fraction 0..1. */
export function stageProbabilitiesError(p: Record<string, number> | undefined): Message | null {
  if (p === undefined) return null;
  if (typeof p !== 'object' || p === null) return msg('import_probabilities');
  for (const [stage, v] of Object.entries(p))
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1)
      return msg('import_probability', { stage, got: String(v) });
  return null;
}

/** A stage is closing if its name says so, or if every deal in it is won (or lost). */
function stageOutcome(r: StageRow, words: OutcomeWords): 'open' | 'won' | 'lost' {
  const named = outcomeOf(r.stage, words);
  if (named !== 'open') return named;
  if (r.n > 0 && r.won === r.n) return 'won';
  if (r.n > 0 && r.lost === r.n) return 'lost';
  return 'open';
}

/** The `stages` table as SQL; NULL pipeline when the deals have none. */
export function stagesTableSql(stages: StageInfo[]): string {
  const head =
    'CREATE OR REPLACE TABLE stages (pipeline VARCHAR, stage VARCHAR, position INTEGER, probability DOUBLE, outcome VARCHAR)';
  if (stages.length === 0) return head;
  const values = stages
    .map(
      (x) =>
        `(${x.pipeline === '' ? 'NULL' : s(x.pipeline)}, ${s(x.stage)}, ${x.position}, ${x.probability}, ${s(x.outcome)})`,
    )
    .join(', ');
  return `${head}; INSERT INTO stages VALUES ${values}`;
}
