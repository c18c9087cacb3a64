/**
 * The stages query's positions from one sort of the whole history (`detect/stages-sql.ts`) on
 * data built to break a wrong rewrite of the window: many rows of a deal at the same moment,
 * several rows with no time in one deal, NULL stages, stages repeated inside a deal, history of
 * deals the deals file lacks and of no deal, ids that differ only by case or a trailing space.
 * Checked against the statistics computed in JS from the same rows, and against the one-pass
 * query as it was with a window partitioned by deal (18f8faa), kept here as the reference, on
 * DuckDB-WASM and native DuckDB.
 */
import { describe, expect, it } from 'vitest';
import { STAGE_STATS_JOINED_SQL, STAGE_STATS_SQL } from '../../../src/ingest/detect/stages-sql.ts';
import { expected, load, makeCrm, rows, stats } from './stage-crm.ts';
import { sharedEngine } from '../../fixtures/engine.ts';
import { ENGINES } from '../corpus/import-compare.ts';

/** The one-pass query with its window partitioned by deal (stages-sql.ts at 18f8faa). */
const PARTITIONED = `WITH st AS MATERIALIZED (
    SELECT stage, (row_number() OVER (ORDER BY stage))::INTEGER - 1 AS i
    FROM (SELECT DISTINCT stage FROM stage_history WHERE stage IS NOT NULL)),
  steps AS MATERIALIZED (
    SELECT stage, sum(step2) AS step2, count(*) AS rows
    FROM (SELECT stage, rank() OVER by_time + count(*) OVER by_time AS step2 FROM stage_history
      WHERE stage IS NOT NULL WINDOW by_time AS (PARTITION BY deal_id ORDER BY entered_at))
    GROUP BY stage),
  sets AS (
    SELECT h.deal_id, st.i // 62 AS word, bit_or(1::BIGINT << (st.i % 62)) AS bits, count(*) AS rows
    FROM stage_history h JOIN st ON st.stage = h.stage GROUP BY ALL),
  linked AS MATERIALIZED (
    SELECT d.pipeline, d.status, d.id IS NOT NULL AS linked, s.word, s.bits, count(*) AS deals, sum(s.rows) AS rows
    FROM sets s LEFT JOIN deals d ON d.id = s.deal_id GROUP BY ALL),
  reached AS (
    SELECT l.pipeline, st.stage, bool_or(l.linked) AS linked,
      coalesce(sum(l.deals) FILTER (WHERE l.status = 'won'), 0) AS won,
      coalesce(sum(l.deals) FILTER (WHERE l.status IN ('won', 'lost')), 0) AS closed
    FROM linked l JOIN st ON st.i // 62 = l.word AND (l.bits >> (st.i % 62)) & 1 = 1
    GROUP BY ALL),
  counts AS (SELECT pipeline, stage, count(*) FILTER (WHERE status = 'won')::DOUBLE AS won,
    count(*) FILTER (WHERE status = 'lost')::DOUBLE AS lost, count(*)::DOUBLE AS n
    FROM deals WHERE stage IS NOT NULL GROUP BY ALL),
  pairs AS (SELECT pipeline, stage FROM counts UNION SELECT pipeline, stage FROM reached WHERE linked),
  by_stage AS (SELECT stage, sum(won)::DOUBLE AS reached_won, sum(closed)::DOUBLE AS reached_closed
    FROM reached GROUP BY stage)
  SELECT p.pipeline, p.stage, coalesce(c.won, 0) AS won, coalesce(c.lost, 0) AS lost,
    coalesce(c.n, 0) AS n, (s.step2 / (2 * s.rows))::DOUBLE AS step, b.reached_won, b.reached_closed,
    (SELECT sum(rows) FROM linked) IS DISTINCT FROM (SELECT sum(rows) FROM steps) AS repeated
  FROM pairs p LEFT JOIN counts c ON c.pipeline IS NOT DISTINCT FROM p.pipeline AND c.stage = p.stage
  LEFT JOIN steps s ON s.stage = p.stage LEFT JOIN by_stage b ON b.stage = p.stage`;

describe.each(ENGINES)('stage positions from one sort, %s', (_, make) => {
  const db = sharedEngine(make);

  it.each([
    { seed: 1, deals: 300, moments: 1, untimed: 0 },
    { seed: 2, deals: 300, moments: 2, untimed: 0.3 },
    { seed: 3, deals: 500, moments: 3, untimed: 0.1 },
    { seed: 4, deals: 200, moments: 1, untimed: 0.9 },
    { seed: 5, deals: 800, moments: 50, untimed: 0.05 },
  ])('equals the rows computed in JS and the partitioned window, seed $seed', async (shape) => {
    const crm = makeCrm(shape);
    await load(db.engine, crm);
    const got = await rows(db.engine, STAGE_STATS_SQL);
    expect(got.some((r) => r.repeated)).toBe(false);
    expect(stats(got)).toEqual(expected(crm));
    expect(got).toEqual(await rows(db.engine, PARTITIONED));
    expect(stats(await rows(db.engine, STAGE_STATS_JOINED_SQL))).toEqual(expected(crm));
  });

  it('says when a deal id repeats as the partitioned window did', async () => {
    await load(
      db.engine,
      makeCrm({ seed: 7, deals: 300, moments: 2, untimed: 0.2, repeats: 0.15 }),
    );
    const got = await rows(db.engine, STAGE_STATS_SQL);
    expect(got.every((r) => r.repeated)).toBe(true);
    expect(got).toEqual(await rows(db.engine, PARTITIONED));
  });

  it('gives NULL positions where nothing has a stage, and no rows without deals', async () => {
    await load(db.engine, {
      deals: [],
      history: [
        { deal_id: 'x', stage: null, at: 5 },
        { deal_id: null, stage: null, at: null },
      ],
    });
    expect(await rows(db.engine, STAGE_STATS_SQL)).toEqual([]);
    await load(db.engine, { deals: [], history: [] });
    expect(await rows(db.engine, STAGE_STATS_SQL)).toEqual([]);
  });

  it('sorts the stage history once, without a partition per deal', async () => {
    await load(db.engine, { deals: [], history: [] });
    const plan = (await db.engine.query(`EXPLAIN (FORMAT JSON) ${STAGE_STATS_SQL}`))
      .toArray()
      .map((r) => String(r.toJSON().explain_value))
      .join('\n');
    expect(plan.match(/"Table": "stage_history"/g)).toHaveLength(2);
    expect(plan).not.toContain('PARTITION BY');
  });
});
