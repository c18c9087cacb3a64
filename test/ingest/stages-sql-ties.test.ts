/**
 * The stages query's positions from one sort of the whole history (`detect/stages-sql.ts`) on
 * data built to break a wrong rewrite of the window: many rows of a deal at the same moment,
 * several rows with no time in one deal, NULL stages, stages repeated inside a deal, history of
 * deals the deals file lacks and of no deal, ids that differ only by case or a trailing space.
 * Checked against the statistics computed in JS from the same rows, and against the one-pass
 * query as it was with a window partitioned by deal (18f8faa), kept here as the reference, on
 * DuckDB-WASM and native DuckDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/demo/prng.ts';
import { createNativeEngine } from '../../src/engine/native.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import type { StageRow } from '../../src/ingest/detect/stages.ts';
import { STAGE_STATS_JOINED_SQL, STAGE_STATS_SQL } from '../../src/ingest/detect/stages-sql.ts';
import { quoteString as q } from '../../src/query/sql/escape.ts';

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

type Row = StageRow & { repeated?: boolean };

interface Deal {
  id: string;
  pipeline: string | null;
  stage: string | null;
  status: string | null;
}
interface Entry {
  deal_id: string | null;
  stage: string | null;
  /** Minutes after 2024-01-01, or no time. */
  at: number | null;
}
interface Crm {
  deals: Deal[];
  history: Entry[];
}

const key = (pipeline: string | null, stage: string) => `${pipeline ?? '\u0000'}\u0001${stage}`;
const sorted = (list: Row[]) =>
  [...list].sort((a, b) => key(a.pipeline, a.stage).localeCompare(key(b.pipeline, b.stage)));

/**
 * The statistics computed from the rows (unique deal ids): each deal's rows with a stage ordered
 * by time, no time last, a run of equal times taking the mean of its positions.
 */
function expected(crm: Crm): Row[] {
  const counts = new Map<
    string,
    { pipeline: string | null; stage: string } & Record<'won' | 'lost' | 'n', number>
  >();
  for (const d of crm.deals) {
    if (d.stage === null) continue;
    const k = key(d.pipeline, d.stage);
    const c = counts.get(k) ?? { pipeline: d.pipeline, stage: d.stage, won: 0, lost: 0, n: 0 };
    c.n++;
    if (d.status === 'won') c.won++;
    if (d.status === 'lost') c.lost++;
    counts.set(k, c);
  }
  const byDeal = new Map<string | null, Entry[]>();
  for (const h of crm.history)
    if (h.stage !== null) byDeal.set(h.deal_id, [...(byDeal.get(h.deal_id) ?? []), h]);
  const steps = new Map<string, { sum2: number; rows: number }>();
  for (const rows of byDeal.values()) {
    const t = (h: Entry) => h.at ?? Infinity;
    const list = [...rows].sort((a, b) => (t(a) === t(b) ? 0 : t(a) < t(b) ? -1 : 1));
    for (let start = 0; start < list.length;) {
      let end = start;
      while (end < list.length && t(list[end]!) === t(list[start]!)) end++;
      // Positions start+1 … end share their mean; doubled, (start + 1) + end.
      for (let k = start; k < end; k++) {
        const s = steps.get(list[k]!.stage!) ?? { sum2: 0, rows: 0 };
        s.sum2 += start + 1 + end;
        s.rows++;
        steps.set(list[k]!.stage!, s);
      }
      start = end;
    }
  }
  const deals = new Map(crm.deals.map((d) => [d.id, d]));
  const reached = new Map<string, { won: number; closed: number }>();
  for (const stage of steps.keys()) reached.set(stage, { won: 0, closed: 0 });
  const pairs = new Map<string, { pipeline: string | null; stage: string }>();
  for (const c of counts.values()) pairs.set(key(c.pipeline, c.stage), c);
  for (const [id, rows] of byDeal) {
    const d = id === null ? undefined : deals.get(id);
    if (d === undefined) continue;
    for (const stage of new Set(rows.map((h) => h.stage!))) {
      pairs.set(key(d.pipeline, stage), { pipeline: d.pipeline, stage });
      const r = reached.get(stage)!;
      if (d.status === 'won') r.won++;
      if (d.status === 'won' || d.status === 'lost') r.closed++;
    }
  }
  return sorted(
    [...pairs.values()].map(({ pipeline, stage }) => {
      const c = counts.get(key(pipeline, stage));
      const s = steps.get(stage);
      const r = reached.get(stage);
      return {
        pipeline,
        stage,
        won: c?.won ?? 0,
        lost: c?.lost ?? 0,
        n: c?.n ?? 0,
        step: s ? s.sum2 / (2 * s.rows) : null,
        reached_won: r ? r.won : null,
        reached_closed: r ? r.closed : null,
      };
    }),
  );
}

interface Shape {
  seed: number;
  deals: number;
  /** Distinct moments a deal's rows are drawn from: few means many ties. */
  moments: number;
  /** Share of rows with no time. */
  untimed: number;
  /** Share of deal ids written twice into `deals`. */
  repeats?: number;
}

/** A CRM whose history is mostly ties, untimed rows and repeated stages. */
function makeCrm(o: Shape): Crm {
  const r = new Rng(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[r.int(xs.length)]!;
  const stages = ['New', 'Call', "Offer 'A'", 'Won', 'Lost', 'Ждём'];
  const pipelines = ['Sales', null, 'Partners'];
  const statuses = ['won', 'lost', 'open', null];
  // Ids that sort between and around each other, equal but for case or a trailing space.
  const ids = Array.from({ length: o.deals }, (_, i) =>
    i % 7 === 3 ? `d${i - 1}` : i % 11 === 5 ? `D${i - 1} ` : `D${i}`,
  );
  const deals: Deal[] = [];
  const history: Entry[] = [];
  const historyOf = (id: string | null) => {
    const base = r.int(1000) * 60;
    const n = r.int(9);
    for (let k = 0; k < n; k++)
      history.push({
        deal_id: id,
        stage: r.next() < 0.1 ? null : pick(stages),
        at: r.next() < o.untimed ? null : base + r.int(o.moments) * 15,
      });
  };
  for (const id of ids) {
    const copies = r.next() < (o.repeats ?? 0) ? 2 : 1;
    for (let c = 0; c < copies; c++)
      deals.push({
        id,
        pipeline: pick(pipelines),
        stage: r.next() < 0.1 ? null : pick(stages),
        status: pick(statuses),
      });
    if (r.next() < 0.8) historyOf(id);
  }
  for (let i = 0; i < 8; i++) historyOf(`absent ${i}`);
  historyOf(null);
  historyOf(null);
  // Shuffled: neither file order nor id order may stand in for the time order.
  for (let i = history.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [history[i], history[j]] = [history[j]!, history[i]!];
  }
  return { deals, history };
}

async function load(engine: Engine, crm: Crm): Promise<void> {
  for (const t of ['deals', 'stage_history']) await engine.exec(`DROP TABLE IF EXISTS ${t}`);
  const lit = (v: string | null) => (v === null ? 'NULL' : q(v));
  const at = (m: number | null) =>
    m === null ? 'NULL' : `TIMESTAMP '2024-01-01' + INTERVAL ${m} MINUTE`;
  await engine.exec(`CREATE TABLE deals (id VARCHAR, pipeline VARCHAR, stage VARCHAR, status VARCHAR);
    CREATE TABLE stage_history (deal_id VARCHAR, stage VARCHAR, entered_at TIMESTAMP)`);
  if (crm.deals.length > 0)
    await engine.exec(
      `INSERT INTO deals VALUES ${crm.deals.map((d) => `(${lit(d.id)}, ${lit(d.pipeline)}, ${lit(d.stage)}, ${lit(d.status)})`).join(', ')}`,
    );
  if (crm.history.length > 0)
    await engine.exec(
      `INSERT INTO stage_history VALUES ${crm.history.map((h) => `(${lit(h.deal_id)}, ${lit(h.stage)}, ${at(h.at)})`).join(', ')}`,
    );
}

async function rows(engine: Engine, sql: string): Promise<Row[]> {
  return sorted((await engine.query(sql)).toArray().map((r) => ({ ...r.toJSON() }) as Row));
}
const stats = (list: Row[]) => list.map(({ repeated: _, ...r }) => r);

const ENGINES = [
  { name: 'duckdb-wasm', make: () => createNodeEngine() },
  { name: 'duckdb', make: () => createNativeEngine({ threads: 2 }) },
];

describe.each(ENGINES)('stage positions from one sort, $name', ({ make }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await make();
  });
  afterAll(() => engine.close());

  it.each([
    { seed: 1, deals: 300, moments: 1, untimed: 0 },
    { seed: 2, deals: 300, moments: 2, untimed: 0.3 },
    { seed: 3, deals: 500, moments: 3, untimed: 0.1 },
    { seed: 4, deals: 200, moments: 1, untimed: 0.9 },
    { seed: 5, deals: 800, moments: 50, untimed: 0.05 },
  ])('equals the rows computed in JS and the partitioned window, seed $seed', async (shape) => {
    const crm = makeCrm(shape);
    await load(engine, crm);
    const got = await rows(engine, STAGE_STATS_SQL);
    expect(got.some((r) => r.repeated)).toBe(false);
    expect(stats(got)).toEqual(expected(crm));
    expect(got).toEqual(await rows(engine, PARTITIONED));
    expect(stats(await rows(engine, STAGE_STATS_JOINED_SQL))).toEqual(expected(crm));
  });

  it('says when a deal id repeats as the partitioned window did', async () => {
    await load(engine, makeCrm({ seed: 7, deals: 300, moments: 2, untimed: 0.2, repeats: 0.15 }));
    const got = await rows(engine, STAGE_STATS_SQL);
    expect(got.every((r) => r.repeated)).toBe(true);
    expect(got).toEqual(await rows(engine, PARTITIONED));
  });

  it('gives NULL positions where nothing has a stage, and no rows without deals', async () => {
    await load(engine, {
      deals: [],
      history: [
        { deal_id: 'x', stage: null, at: 5 },
        { deal_id: null, stage: null, at: null },
      ],
    });
    expect(await rows(engine, STAGE_STATS_SQL)).toEqual([]);
    await load(engine, { deals: [], history: [] });
    expect(await rows(engine, STAGE_STATS_SQL)).toEqual([]);
  });

  it('sorts the stage history once, without a partition per deal', async () => {
    await load(engine, { deals: [], history: [] });
    const plan = (await engine.query(`EXPLAIN (FORMAT JSON) ${STAGE_STATS_SQL}`))
      .toArray()
      .map((r) => String(r.toJSON().explain_value))
      .join('\n');
    expect(plan.match(/"Table": "stage_history"/g)).toHaveLength(2);
    expect(plan).not.toContain('PARTITION BY');
  });
});
