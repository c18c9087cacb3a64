/**
 * The stages query in one pass (`detect/stages-sql.ts`) against the query it replaced, kept here
 * as the reference: on data without ties in time inside a deal (where the old `row_number()` was
 * not arbitrary) the statistics and the whole `detectStages` result must be equal, on DuckDB-WASM
 * and native DuckDB (and, without a history, the deals' counts alone). Ties are checked against
 * hand-computed positions.
 */
import { describe, expect, it } from 'vitest';
import { loadDemo } from '../../../src/demo/index.ts';
import { Rng } from '../../../src/demo/simulation/prng.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { Engine } from '../../../src/engine/types.ts';
import { detectStages, orderStages, type StageRow } from '../../../src/ingest/detect/stages.ts';
import {
  STAGE_COUNTS_SQL,
  STAGE_STATS_JOINED_SQL,
  STAGE_STATS_SQL,
} from '../../../src/ingest/detect/stages-sql.ts';
import { importFiles } from '../../../src/ingest/index.ts';
import { quoteString as q } from '../../../src/query/sql/escape.ts';
import { loadMid } from '../../fixtures/mid-crm.ts';
import { loadTinyWithHistory } from '../../fixtures/tiny-history.ts';
import { sharedEngine } from '../../fixtures/engine.ts';
import { ENGINES } from '../corpus/import-compare.ts';

/** The stages query as it was before the one-pass form (detect/stages.ts at fc0c53c). */
const REFERENCE = `SELECT pipeline, stage, won, lost, n, step, reached_won, reached_closed
    FROM (SELECT p.pipeline, p.stage, coalesce(c.won, 0) AS won, coalesce(c.lost, 0) AS lost, coalesce(c.n, 0) AS n
          FROM (SELECT DISTINCT pipeline, stage FROM (SELECT pipeline, stage FROM deals WHERE stage IS NOT NULL
                UNION ALL SELECT d.pipeline, h.stage FROM stage_history h JOIN deals d ON d.id = h.deal_id WHERE h.stage IS NOT NULL)) p
          LEFT JOIN (SELECT pipeline, stage, count(*) FILTER (WHERE status = 'won')::DOUBLE AS won,
              count(*) FILTER (WHERE status = 'lost')::DOUBLE AS lost, count(*)::DOUBLE AS n
            FROM deals WHERE stage IS NOT NULL GROUP BY ALL) c
          ON c.pipeline IS NOT DISTINCT FROM p.pipeline AND c.stage = p.stage) LEFT JOIN (SELECT stage, avg(step)::DOUBLE AS step,
         count(DISTINCT deal_id) FILTER (WHERE status = 'won')::DOUBLE AS reached_won,
         count(DISTINCT deal_id) FILTER (WHERE status IN ('won', 'lost'))::DOUBLE AS reached_closed
       FROM (SELECT h.deal_id, h.stage, d.status,
               row_number() OVER (PARTITION BY h.deal_id ORDER BY h.entered_at) AS step
             FROM stage_history h LEFT JOIN deals d ON d.id = h.deal_id WHERE h.stage IS NOT NULL)
       GROUP BY stage) h USING (stage)`;

/** The same without a stage history (the deals' counts only). */
const REFERENCE_NO_HISTORY = `SELECT pipeline, stage, won, lost, n, NULL AS step, NULL AS reached_won, NULL AS reached_closed
    FROM (SELECT p.pipeline, p.stage, coalesce(c.won, 0) AS won, coalesce(c.lost, 0) AS lost, coalesce(c.n, 0) AS n
          FROM (SELECT DISTINCT pipeline, stage FROM (SELECT pipeline, stage FROM deals WHERE stage IS NOT NULL)) p
          LEFT JOIN (SELECT pipeline, stage, count(*) FILTER (WHERE status = 'won')::DOUBLE AS won,
              count(*) FILTER (WHERE status = 'lost')::DOUBLE AS lost, count(*)::DOUBLE AS n
            FROM deals WHERE stage IS NOT NULL GROUP BY ALL) c
          ON c.pipeline IS NOT DISTINCT FROM p.pipeline AND c.stage = p.stage)`;

type Row = StageRow & { repeated?: boolean };

async function rows(engine: Engine, sql: string): Promise<Row[]> {
  const list = (await engine.query(sql)).toArray().map((r) => ({ ...r.toJSON() }) as Row);
  return list.sort((a, b) =>
    `${a.pipeline ?? '\u0000'}\u0001${a.stage}`.localeCompare(
      `${b.pipeline ?? '\u0000'}\u0001${b.stage}`,
    ),
  );
}

const stats = (list: Row[]) => list.map(({ repeated: _, ...r }) => r);

async function dropAll(engine: Engine): Promise<void> {
  const t = await engine.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'`,
  );
  for (const r of t.toArray()) await engine.exec(`DROP TABLE "${String(r.table_name)}"`);
}

/** Ties in time inside one deal's rows, where the old query's answer was arbitrary: none allowed. */
async function ties(engine: Engine): Promise<number> {
  const t = await engine.query(`SELECT count(*)::DOUBLE AS n FROM (SELECT deal_id, entered_at
    FROM stage_history WHERE stage IS NOT NULL GROUP BY ALL HAVING count(*) > 1)`);
  return Number(t.toArray()[0]!.n);
}

const OPTS = [{}, { stageOrder: ['Won'] }];

/** The one-pass statistics and result equal the reference's; returns whether ids repeated. */
async function sameAsReference(engine: Engine): Promise<boolean> {
  expect(await ties(engine)).toBe(0);
  const ref = await rows(engine, REFERENCE);
  const fast = await rows(engine, STAGE_STATS_SQL);
  const repeated = fast.some((r) => r.repeated);
  if (!repeated) expect(stats(fast)).toEqual(ref);
  expect(stats(await rows(engine, STAGE_STATS_JOINED_SQL))).toEqual(ref);
  const refNone = await rows(engine, REFERENCE_NO_HISTORY);
  expect(await rows(engine, STAGE_COUNTS_SQL)).toEqual(refNone);
  for (const opts of OPTS) {
    expect(await detectStages(engine, true, opts)).toEqual(orderStages(ref, true, opts));
    expect(await detectStages(engine, false, opts)).toEqual(orderStages(refNone, false, opts));
  }
  return repeated;
}

interface RandomCrm {
  seed: number;
  deals: number;
  stages: number;
  /** Share of deal ids written twice into `deals`. */
  repeats?: number;
}

/**
 * A random CRM: several pipelines (one NULL), every status and NULL, deals without history,
 * history rows of unknown deals and with no deal, NULL stages, re-entered stages, rows with no
 * time (at most one per deal, so no tie), times distinct inside each deal.
 */
async function loadRandom(engine: Engine, o: RandomCrm): Promise<void> {
  const r = new Rng(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[r.int(xs.length)]!;
  const stages = Array.from(
    { length: o.stages },
    (_, i) => `Stage ${i} ${i % 3 === 0 ? "o'k" : ''}`,
  );
  const pipelines = ['Sales', 'Renewals', null, 'Partners'];
  const statuses = ['won', 'lost', 'open', null];
  const deals: string[] = [];
  const history: string[] = [];
  const lit = (v: string | null) => (v === null ? 'NULL' : q(v));
  let clock = 0;
  const historyOf = (id: string | null) => {
    const n = r.int(7);
    let untimed = false;
    for (let k = 0; k < n; k++) {
      clock += 1 + r.int(5);
      const time = !untimed && r.next() < 0.05 ? null : clock;
      if (time === null) untimed = true;
      const stage = r.next() < 0.05 ? null : pick(stages);
      // Out of time order as written: the query must order them.
      history.push(
        `(${lit(id)}, ${lit(stage)}, ${time === null ? 'NULL' : `TIMESTAMP '2024-01-01' + INTERVAL ${(time * 7919) % 100_003} MINUTE`})`,
      );
    }
  };
  for (let i = 0; i < o.deals; i++) {
    const id = `D${i}`;
    const copies = r.next() < (o.repeats ?? 0) ? 2 : 1;
    for (let c = 0; c < copies; c++)
      deals.push(
        `(${q(id)}, ${lit(pick(pipelines))}, ${lit(r.next() < 0.05 ? null : pick(stages))}, ${lit(pick(statuses))})`,
      );
    if (r.next() < 0.85) historyOf(id);
  }
  for (let i = 0; i < 5; i++) historyOf(`unknown ${i}`);
  historyOf(null);
  await engine.exec(`CREATE TABLE deals (id VARCHAR, pipeline VARCHAR, stage VARCHAR, status VARCHAR);
    INSERT INTO deals VALUES ${deals.join(', ')};
    CREATE TABLE stage_history (deal_id VARCHAR, stage VARCHAR, entered_at TIMESTAMP);
    INSERT INTO stage_history VALUES ${history.join(', ')}`);
}

/** The demo's deals and history written as a CRM export and imported as a user would. */
async function importDemoExport(engine: Engine, deals: number, seed: number): Promise<void> {
  const scratch = await createNodeEngine();
  try {
    await loadDemo(scratch, { deals, seed });
    const csv = async (sql: string) => {
      const t = await scratch.query(sql);
      const names = t.schema.fields.map((f) => f.name);
      const cell = (v: unknown) => (v === null ? '' : `"${String(v).replace(/"/g, '""')}"`);
      const lines = t.toArray().map((x) => names.map((n) => cell(x[n])).join(','));
      return new TextEncoder().encode([names.join(','), ...lines].join('\n'));
    };
    const files = [
      {
        name: 'deals.csv',
        bytes: await csv(
          `SELECT id, title, created_at::VARCHAR AS created_at, status, stage, pipeline, amount FROM deals`,
        ),
      },
      {
        name: 'stage_history.csv',
        bytes: await csv(
          `SELECT deal_id, stage, entered_at::VARCHAR AS entered_at FROM stage_history`,
        ),
      },
    ];
    await importFiles(engine, files, {});
  } finally {
    await scratch.close();
  }
}

describe.each(ENGINES)('the stages query in one pass, %s', (_, make) => {
  const db = sharedEngine(make);

  it('equals the reference on the tiny and the mid CRM', async () => {
    await dropAll(db.engine);
    await loadTinyWithHistory(db.engine);
    expect(await sameAsReference(db.engine)).toBe(false);
    await dropAll(db.engine);
    await loadMid(db.engine);
    expect(await sameAsReference(db.engine)).toBe(false);
  });

  it.each([500, 3000, 20000].flatMap((deals) => [1, 2, 3].map((seed) => ({ deals, seed }))))(
    'equals the reference on the demo, $deals deals, seed $seed',
    async (o) => {
      await dropAll(db.engine);
      await loadDemo(db.engine, o);
      expect(await sameAsReference(db.engine)).toBe(false);
    },
  );

  it('equals the reference on an imported CRM export of the demo', async () => {
    await dropAll(db.engine);
    await importDemoExport(db.engine, 2000, 5);
    expect(await sameAsReference(db.engine)).toBe(false);
  }, 60_000);

  it.each([1, 2, 3, 4, 5, 6])('equals the reference on random histories, seed %i', async (seed) => {
    await dropAll(db.engine);
    await loadRandom(db.engine, { seed, deals: 300, stages: 3 + seed * 2 });
    expect(await sameAsReference(db.engine)).toBe(false);
  });

  it('equals the reference with more stages than one word of bits holds', async () => {
    await dropAll(db.engine);
    await loadRandom(db.engine, { seed: 9, deals: 2000, stages: 140 });
    expect(await sameAsReference(db.engine)).toBe(false);
  });

  it('says when a deal id repeats, and the joined form then equals the reference', async () => {
    await dropAll(db.engine);
    await loadRandom(db.engine, { seed: 11, deals: 400, stages: 6, repeats: 0.1 });
    expect(await sameAsReference(db.engine)).toBe(true);
  });

  it('gives rows entered at the same moment the average of their positions', async () => {
    await dropAll(db.engine);
    // d1: A 10:00, B and C 11:00, D 12:00, E and F with no time → 1, 2.5, 2.5, 4, 5.5, 5.5.
    // d2: B and A 09:00 → 1.5, 1.5. d3 (no deal): C, then a NULL stage → 1 (the NULL row is
    // not a step).
    await db.engine
      .exec(`CREATE TABLE deals (id VARCHAR, pipeline VARCHAR, stage VARCHAR, status VARCHAR);
      INSERT INTO deals VALUES ('d1', 'P', 'D', 'won'), ('d2', 'P', 'A', 'lost');
      CREATE TABLE stage_history (deal_id VARCHAR, stage VARCHAR, entered_at TIMESTAMP);
      INSERT INTO stage_history VALUES
        ('d1', 'F', NULL), ('d1', 'C', '2024-01-01 11:00'), ('d1', 'A', '2024-01-01 10:00'),
        ('d1', 'E', NULL), ('d1', 'D', '2024-01-01 12:00'), ('d1', 'B', '2024-01-01 11:00'),
        ('d2', 'B', '2024-01-01 09:00'), ('d2', 'A', '2024-01-01 09:00'),
        ('d3', 'C', '2024-01-01 08:00'), ('d3', NULL, '2024-01-01 07:00')`);
    const expected = { A: 1.25, B: 2, C: 1.75, D: 4, E: 5.5, F: 5.5 };
    for (const sql of [STAGE_STATS_SQL, STAGE_STATS_JOINED_SQL]) {
      const got = await rows(db.engine, sql);
      expect(Object.fromEntries(got.map((r) => [r.stage, r.step]))).toEqual(expected);
      expect(got.map((r) => [r.stage, r.reached_won, r.reached_closed])).toEqual([
        ['A', 1, 2],
        ['B', 1, 2],
        ['C', 1, 1],
        ['D', 1, 1],
        ['E', 1, 1],
        ['F', 1, 1],
      ]);
    }
    // Open stages by step (E and F tie: by name), then D (its one deal won), then A (lost).
    const { stages } = await detectStages(db.engine, true);
    expect(stages.map((s) => s.stage)).toEqual(['C', 'B', 'E', 'F', 'D', 'A']);
  });
});
