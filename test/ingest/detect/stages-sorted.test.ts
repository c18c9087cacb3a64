/**
 * The stage statistics without a sort (`STAGE_STATS_SORTED_SQL`), for a history stored in
 * (deal, time) order, against the sorting statement (`STAGE_STATS_SQL`) and the statistics
 * computed in JS, on DuckDB-WASM and native DuckDB: stored in order with ties, untimed rows, NULL
 * stages and deals, stages entered twice, orphans and repeated deal ids it must give the same
 * numbers; out of order anywhere (shuffled, one deal's rows apart, two rows swapped past the
 * head), or over 62 stages, it must say so, and `detectStages` then gives what the sorting
 * statement gives.
 */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/types.ts';
import { detectStages, orderStages } from '../../../src/ingest/detect/stages.ts';
import {
  HEAD_IN_ORDER_SQL,
  STAGE_STATS_JOINED_SQL,
  STAGE_STATS_SORTED_SQL,
  STAGE_STATS_SQL,
} from '../../../src/ingest/detect/stages-sql.ts';
import { expected, load, makeCrm, rows, stats, type Crm, type Row } from './stage-crm.ts';
import { sharedEngine } from '../../fixtures/engine.ts';
import { ENGINES } from '../corpus/import-compare.ts';

const SHAPES = [
  { seed: 11, deals: 300, moments: 1, untimed: 0 },
  { seed: 12, deals: 300, moments: 2, untimed: 0.3 },
  { seed: 13, deals: 500, moments: 3, untimed: 0.1 },
  { seed: 14, deals: 200, moments: 1, untimed: 0.9 },
  { seed: 15, deals: 800, moments: 50, untimed: 0.05 },
  { seed: 16, deals: 800, moments: 1000, untimed: 0 },
];

/** What `detectStages` gave before the sort-free statement: the sorting one, joined on repeats. */
async function reference(engine: Engine): Promise<Row[]> {
  const got = await rows(engine, STAGE_STATS_SQL);
  return got.some((r) => r.repeated) ? rows(engine, STAGE_STATS_JOINED_SQL) : got;
}

/** `detectStages` with the statements it sent to the engine, by their first CTE's names. */
async function detected(engine: Engine, opts = {}) {
  const sent: string[] = [];
  const spy = Object.create(engine) as Engine;
  spy.query = (sql: string) => {
    sent.push(
      sql === HEAD_IN_ORDER_SQL
        ? 'head'
        : sql === STAGE_STATS_SORTED_SQL
          ? 'sorted'
          : sql === STAGE_STATS_SQL
            ? 'sort'
            : sql === STAGE_STATS_JOINED_SQL
              ? 'joined'
              : sql,
    );
    return engine.query(sql);
  };
  return { result: await detectStages(spy, true, opts), sent };
}

/** Whether the stored rows with a stage are in (deal, time) order, deals in one run each. */
function inOrder(crm: Crm): boolean {
  const seen = new Set<string | null>();
  let prev: Crm['history'][number] | undefined;
  for (const h of crm.history.filter((x) => x.stage !== null)) {
    const t = (x: typeof h) => x.at ?? Infinity;
    if (prev && prev.deal_id === h.deal_id) {
      if (t(h) < t(prev)) return false;
    } else if (seen.has(h.deal_id)) return false;
    seen.add(h.deal_id);
    prev = h;
  }
  return true;
}

/** The stored order broken past the head check's rows, in each way the full check must catch. */
const BROKEN: [string, (c: Crm) => void][] = [
  [
    'two rows of a deal swapped',
    (c) => {
      const h = c.history;
      for (let k = h.length - 1; k > 0; k--) {
        const [a, b] = [h[k - 1]!, h[k]!];
        if (a.deal_id === b.deal_id && a.stage && b.stage && (a.at ?? 1e9) !== (b.at ?? 1e9)) {
          [h[k - 1], h[k]] = [b, a];
          return;
        }
      }
      throw new Error('no pair to swap');
    },
  ],
  [
    "a deal's first row moved to the end",
    (c) => {
      const h = c.history;
      const k = h.findIndex((x, i) => i > 0 && x.stage && h[i + 1]?.deal_id === x.deal_id);
      h.push(...h.splice(k, 1));
    },
  ],
  [
    'an untimed row before a timed one',
    (c) => {
      const h = c.history;
      for (let k = h.length - 1; k > 0; k--) {
        const [a, b] = [h[k - 1]!, h[k]!];
        if (a.deal_id === b.deal_id && a.stage && b.stage && a.at !== null && b.at === null) {
          [h[k - 1], h[k]] = [b, a];
          return;
        }
      }
      throw new Error('no pair to swap');
    },
  ],
];

describe.each(ENGINES)('stage statistics without a sort, %s', (_, make) => {
  const db = sharedEngine(make);

  it.each(SHAPES)('equals the sorting statement in (deal, time) order, seed $seed', async (o) => {
    const crm = makeCrm({ ...o, order: 'sorted' });
    expect(inOrder(crm)).toBe(true);
    await load(db.engine, crm);
    const got = await rows(db.engine, STAGE_STATS_SORTED_SQL);
    expect(got.length).toBeGreaterThan(0);
    expect(got.every((r) => r.sorted === true)).toBe(true);
    expect(stats(got).map(({ sorted: _, ...r }) => r)).toEqual(expected(crm));
    const sort = await rows(db.engine, STAGE_STATS_SQL);
    expect(got.map(({ sorted: _, ...r }) => r)).toEqual(sort);
    for (const opts of [{}, { stageOrder: ['Won'] }]) {
      const { result, sent } = await detected(db.engine, opts);
      expect(sent).toEqual(['head', 'sorted']);
      expect(result).toEqual(orderStages(sort, true, opts));
    }
  });

  it.each(SHAPES)('takes the sorting statement when shuffled, seed $seed', async (o) => {
    const crm = makeCrm(o);
    expect(inOrder(crm)).toBe(false);
    await load(db.engine, crm);
    expect((await rows(db.engine, STAGE_STATS_SORTED_SQL)).some((r) => r.sorted === false)).toBe(
      true,
    );
    const { result, sent } = await detected(db.engine);
    expect(sent).toEqual(['head', 'sort']);
    expect(result).toEqual(orderStages(await reference(db.engine), true));
  });

  describe.each(BROKEN)('out of order past the head: %s', (_, breakIt) => {
    // Over 10,000 rows, so the head check's rows are in order and only the full check sees it.
    it.each([
      { seed: 31, deals: 4000, moments: 3, untimed: 0.2 },
      { seed: 32, deals: 4000, moments: 50, untimed: 0.05 },
    ])('says so and gives the sorting statement, seed $seed', async (o) => {
      const crm = makeCrm({ ...o, order: 'sorted' });
      breakIt(crm);
      expect(inOrder(crm)).toBe(false);
      await load(db.engine, crm);
      const got = await rows(db.engine, STAGE_STATS_SORTED_SQL);
      expect(got.some((r) => r.sorted === false)).toBe(true);
      const { result, sent } = await detected(db.engine);
      expect(sent).toEqual(['head', 'sorted', 'sort']);
      expect(result).toEqual(orderStages(await reference(db.engine), true));
    });
  });

  it('gives up on more than 62 stages, whose bits take two words', async () => {
    const crm = makeCrm({
      seed: 21,
      deals: 400,
      moments: 3,
      untimed: 0.1,
      moreStages: 70,
      order: 'sorted',
    });
    await load(db.engine, crm);
    expect((await rows(db.engine, STAGE_STATS_SORTED_SQL)).some((r) => r.sorted === false)).toBe(
      true,
    );
    const { result, sent } = await detected(db.engine);
    expect(sent).toEqual(['head', 'sorted', 'sort']);
    expect(result).toEqual(orderStages(await reference(db.engine), true));
    expect(stats(await rows(db.engine, STAGE_STATS_SQL))).toEqual(expected(crm));
  });

  it('gives up on a deal whose stages span two words, each run in order', async () => {
    // A00…A69 number as they sort: A62 on is the second word. Every (deal, word) run is whole.
    const names = Array.from({ length: 70 }, (_, i) => `A${String(i).padStart(2, '0')}`);
    const rowsOf = (id: string, stages: string[]) =>
      stages.map((stage, at) => ({ deal_id: id, stage, at }));
    const crm: Crm = {
      deals: ['F', 'D1', 'D2'].map((id) => ({ id, pipeline: 'P', stage: 'A00', status: 'won' })),
      history: [
        ...rowsOf('F', names),
        ...rowsOf('D1', ['A05', 'A66', 'A67']),
        ...rowsOf('D2', ['A01', 'A63']),
      ],
    };
    await load(db.engine, crm);
    expect((await rows(db.engine, STAGE_STATS_SORTED_SQL)).some((r) => r.sorted === false)).toBe(
      true,
    );
    const { result, sent } = await detected(db.engine);
    expect(sent).toEqual(['head', 'sorted', 'sort']);
    expect(result).toEqual(orderStages(await reference(db.engine), true));
    expect(stats(await reference(db.engine))).toEqual(expected(crm));
  });

  it('says a deal id repeats in the deals as the sorting statement does', async () => {
    const o = { seed: 22, deals: 300, moments: 2, untimed: 0.2, repeats: 0.15 };
    await load(db.engine, makeCrm({ ...o, order: 'sorted' }));
    const got = await rows(db.engine, STAGE_STATS_SORTED_SQL);
    expect(got.every((r) => r.repeated && r.sorted)).toBe(true);
    const { result, sent } = await detected(db.engine);
    expect(sent).toEqual(['head', 'sorted', 'joined']);
    expect(result).toEqual(orderStages(await reference(db.engine), true));
  });

  it('needs no rows, and reads an empty history as not in order', async () => {
    await load(db.engine, { deals: [], history: [{ deal_id: 'x', stage: null, at: 5 }] });
    expect(await rows(db.engine, STAGE_STATS_SORTED_SQL)).toEqual([]);
    await load(db.engine, { deals: [], history: [] });
    expect((await db.engine.query(HEAD_IN_ORDER_SQL)).get(0)?.toJSON().ordered).toBe(false);
    expect(await rows(db.engine, STAGE_STATS_SORTED_SQL)).toEqual([]);
  });

  it('numbers the rows as stored: no sort of the stage history', async () => {
    await load(db.engine, { deals: [], history: [] });
    const plan = (await db.engine.query(`EXPLAIN (FORMAT JSON) ${STAGE_STATS_SORTED_SQL}`))
      .toArray()
      .map((r) => String(r.toJSON().explain_value))
      .join('\n');
    expect(plan).toContain('STREAMING_WINDOW');
    expect(plan).not.toMatch(/ORDER BY [^"]*deal_id/);
  });
});
