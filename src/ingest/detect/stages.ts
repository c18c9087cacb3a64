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
import { outcomeOf, type OutcomeWords } from './outcome.ts';
import { own } from '../../lib/own.ts';

interface Row {
  pipeline: string | null;
  stage: string;
  won: number;
  lost: number;
  n: number;
  step: number | null;
  reached_won: number | null;
  reached_closed: number | null;
}

/** Reads deals (and stage_history when present) and returns the ordered stages. */
export async function detectStages(
  engine: Engine,
  hasHistory: boolean,
  opts: OutcomeWords & { stageOrder?: string[]; stageProbabilities?: Record<string, number> } = {},
): Promise<{ stages: StageInfo[]; fromHistory: boolean }> {
  const hist = hasHistory
    ? `LEFT JOIN (SELECT stage, avg(step)::DOUBLE AS step,
         count(DISTINCT deal_id) FILTER (WHERE status = 'won')::DOUBLE AS reached_won,
         count(DISTINCT deal_id) FILTER (WHERE status IN ('won', 'lost'))::DOUBLE AS reached_closed
       FROM (SELECT h.deal_id, h.stage, d.status,
               row_number() OVER (PARTITION BY h.deal_id ORDER BY h.entered_at) AS step
             FROM stage_history h LEFT JOIN deals d ON d.id = h.deal_id WHERE h.stage IS NOT NULL)
       GROUP BY stage) h USING (stage)`
    : '';
  const sql = `SELECT pipeline, stage, won, lost, n, ${hasHistory ? 'step, reached_won, reached_closed' : 'NULL AS step, NULL AS reached_won, NULL AS reached_closed'}
    FROM (SELECT p.pipeline, p.stage, coalesce(c.won, 0) AS won, coalesce(c.lost, 0) AS lost, coalesce(c.n, 0) AS n
          FROM (SELECT DISTINCT pipeline, stage FROM (SELECT pipeline, stage FROM deals WHERE stage IS NOT NULL
                ${hasHistory ? 'UNION ALL SELECT d.pipeline, h.stage FROM stage_history h JOIN deals d ON d.id = h.deal_id WHERE h.stage IS NOT NULL' : ''})) p
          LEFT JOIN (SELECT pipeline, stage, count(*) FILTER (WHERE status = 'won')::DOUBLE AS won,
              count(*) FILTER (WHERE status = 'lost')::DOUBLE AS lost, count(*)::DOUBLE AS n
            FROM deals WHERE stage IS NOT NULL GROUP BY ALL) c
          ON c.pipeline IS NOT DISTINCT FROM p.pipeline AND c.stage = p.stage) ${hist}`;
  const rows = (await engine.query(sql)).toArray().map((r) => r.toJSON() as Row);
  const byPipeline = new Map<string, Row[]>();
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
function stageOutcome(r: Row, words: OutcomeWords): 'open' | 'won' | 'lost' {
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
