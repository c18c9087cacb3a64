/**
 * The transition matrix compared with an earlier range: hand-computed on the tiny CRM, the
 * generated mid-size CRM against the plain-JS reference (the matrix of the shown range beside the
 * matrix of the earlier range, each from the whole history), and the demo against a hand-written plain SQL status per client and quarter, paired with the quarter
 * before, counted over 2025 and over 2024.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileDynamicsTransitions } from '../../../src/crm/analyses/dynamics/dynamics.ts';
import { buildCatalog } from '../../../src/crm/catalog.ts';
import { loadDemo } from '../../../src/demo/index.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { LazyEngine } from '../../../src/engine/types.ts';
import type { Catalog } from '../../../src/query/catalog.ts';
import { CompileError } from '../../../src/query/resolve.ts';
import type { SpecOf } from '../../../src/query/spec/spec.ts';
import { rowsOf } from '../../query/helpers.ts';
import { MID, loadMid, midModel, type MidDeal } from '../../fixtures/mid-crm.ts';
import { loadTiny } from '../../fixtures/tiny-crm.ts';
import { exec, expectRows, spec, withSplitKey, type Row } from './helpers.ts';
import { cmp, transitionsRef, type DynOptions, type Rec } from './reference.ts';

let engine: LazyEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
});

const matrix = (s: Partial<SpecOf<'dynamics'>>): SpecOf<'dynamics'> =>
  spec({
    analysis: 'dynamics',
    ...s,
    options: { grain: 'quarter', view: 'transitions', ...s.options },
  });
const pairs = (rows: Row[]) =>
  rows.map((r) => [
    r.from_status,
    r.to_status,
    r.clients,
    r.clients_previous,
    r.clients_delta,
    r.clients_growth,
    r.clients_earlier,
  ]);

describe('tiny CRM, by hand', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = buildCatalog(await loadTiny(engine));
  });
  const run = (s: Partial<SpecOf<'dynamics'>>) =>
    exec(engine, compileDynamicsTransitions(matrix(s), catalog));

  // Purchases by quarter: c1 2023-Q1 and 2024-Q1; c2, c3 2024-Q1 (lapse after 2 quarters).
  // c1: 2023-Q1 new, Q2 and Q3 lapsed, Q4 lost, 2024-Q1 returned.
  it('2024-Q1 against 2023-Q1: each pair beside its earlier count, Δ, growth', async () => {
    const rows = await run({ period: { from: '2024-01-01', to: '2024-03-31' }, compare: 'year' });
    expect(pairs(rows)).toEqual([
      // Two new clients now, one (c1) a year earlier.
      [null, 'new', 2, 1, 1, 1, 1],
      // No one came back a year earlier: growth empty, "new" (clients_earlier 0).
      ['lost', 'returned', 1, 0, 1, null, 0],
    ]);
    // The current side is the matrix without a comparison, unchanged.
    const plain = await run({ period: { from: '2024-01-01', to: '2024-03-31' } });
    expect(rows.map((r) => [r.from_status, r.to_status, r.clients])).toEqual(
      plain.map((r) => [r.from_status, r.to_status, r.clients]),
    );
  });

  it('two quarters against the two before: pairs of either range, 0 on the other side', async () => {
    // Now 2023-Q4 – 2024-Q1; earlier 2023-Q2 – Q3 (back by the period's six months).
    const rows = await run({
      period: { from: '2023-10-01', to: '2024-03-31' },
      compare: 'previous',
    });
    expect(pairs(rows)).toEqual([
      [null, 'new', 2, 0, 2, null, 0],
      ['new', 'lapsed', 0, 1, -1, -1, 1],
      ['lapsed', 'lapsed', 0, 1, -1, -1, 1],
      ['lapsed', 'lost', 1, 0, 1, null, 0],
      ['lost', 'returned', 1, 0, 1, null, 0],
    ]);
  });

  it('the earlier range stops at its own end: its runs are not counted past it', async () => {
    // 2024-Q3 against 2024-Q2. All three bought in 2024-Q1 and nothing since, so their lapsed runs
    // reach the last period (2024-Q3); the earlier range counts only their first gap quarter.
    const rows = await run({
      period: { from: '2024-07-01', to: '2024-09-30' },
      compare: 'previous',
    });
    expect(pairs(rows)).toEqual([
      ['new', 'lapsed', 0, 2, -2, -1, 1],
      ['returned', 'lapsed', 0, 1, -1, -1, 1],
      ['lapsed', 'lapsed', 3, 0, 3, null, 0],
    ]);
  });

  it('a comparison needs a period, as the status view says', () => {
    expect(() => compileDynamicsTransitions(matrix({ compare: 'year' }), catalog)).toThrow(
      CompileError,
    );
  });
});

describe('the SQL builder', () => {
  const catalog = buildCatalog(midModel());
  const period = { from: '2024-01-01', to: '2024-06-30' };
  it('columns: the status view’s compared keys; growth ranked among pairs from one status', () => {
    const c = compileDynamicsTransitions(
      matrix({ period, compare: 'year', rows: [{ field: 'manager' }] }),
      catalog,
    );
    expect(c.columns.map((x) => [x.key, x.role, x.format])).toEqual([
      ['manager', 'dimension', 'text'],
      ['from_status', 'dimension', 'text'],
      ['to_status', 'dimension', 'text'],
      ['clients', 'measure', 'int'],
      ['clients_previous', 'previous', 'int'],
      ['clients_delta', 'delta', 'int'],
      ['clients_growth', 'growth', 'pct'],
      ['clients_earlier', 'earlier', 'int'],
    ]);
    const growth = c.columns.find((x) => x.key === 'clients_growth')!;
    expect(growth.rankedWithin).toEqual(['manager', 'from_status']);
    expect(growth.rankReversed).toEqual({ key: 'to_status', values: ['lapsed', 'lost'] });
    const plain = compileDynamicsTransitions(matrix({ period }), catalog);
    expect(plain.columns.map((x) => x.key)).toEqual(['from_status', 'to_status', 'clients']);
    expect(plain.sql).not.toContain('n_before');
  });
});

/**
 * The reference matrix of `now` beside the one of `before` (the earlier range as dates): every pair
 * of either, 0 where it did not occur, ordered by split, from and to as the report orders them.
 */
function comparedRef(
  deals: MidDeal[],
  o: DynOptions & { grain: 'month' | 'quarter' },
  before: DynOptions['period'],
): Rec[] {
  const key = (r: Rec) => JSON.stringify([r.split ?? null, r.from_status, r.to_status]);
  const now = transitionsRef(deals, o.grain, o);
  const then = new Map(
    transitionsRef(deals, o.grain, { ...o, period: before }).map((r) => [key(r), r]),
  );
  const pairs = new Map(now.map((r) => [key(r), r]));
  for (const [k, r] of then) if (!pairs.has(k)) pairs.set(k, { ...r, clients: 0 });
  const ord = (v: unknown) =>
    v === null
      ? 0
      : ['new', 'repeat', 'regular', 'returned', 'lapsed', 'lost'].indexOf(String(v)) + 1;
  return [...pairs.entries()]
    .sort(
      ([, a], [, b]) =>
        cmp((a.split as string | undefined) ?? null, (b.split as string | undefined) ?? null) ||
        ord(a.from_status) - ord(b.from_status) ||
        ord(a.to_status) - ord(b.to_status),
    )
    .map(([k, r]) => {
      const c = Number(r.clients);
      const p = Number(then.get(k)?.clients ?? 0);
      return {
        ...r,
        clients: c,
        clients_previous: p,
        clients_delta: c - p,
        clients_growth: p === 0 ? null : (c - p) / p,
        clients_earlier: p > 0 ? 1 : 0,
      };
    });
}

describe('generated mid-size CRM against the plain-JS reference', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    await loadMid(engine);
    catalog = buildCatalog(midModel());
  });

  it('months against the two before, other thresholds, split by manager', async () => {
    const period = { from: '2024-03-01', to: '2024-04-30' };
    const o = { lapseAfter: 1, regularAfter: 2 };
    const rows = await exec(
      engine,
      compileDynamicsTransitions(
        matrix({
          period,
          compare: 'previous',
          options: { grain: 'month', ...o },
          rows: [{ field: 'manager' }],
        }),
        catalog,
      ),
    );
    const ref = comparedRef(
      MID.deals,
      { grain: 'month', period, ...o, split: (d) => (d as MidDeal).manager },
      { from: '2024-01-01', to: '2024-02-29' },
    );
    expectRows(rows, withSplitKey(ref, 'manager'));
    expect(rows.filter((r) => Number(r.clients_previous) > 0).length).toBeGreaterThan(5);
  });

  it('quarters against the same quarters a year before', async () => {
    const period = { from: '2024-01-01', to: '2024-06-30' };
    const rows = await exec(
      engine,
      compileDynamicsTransitions(matrix({ period, compare: 'year' }), catalog),
    );
    expectRows(
      rows,
      comparedRef(
        MID.deals,
        { grain: 'quarter', period },
        { from: '2023-01-01', to: '2023-06-30' },
      ),
    );
  });
});

describe('the demo against plain SQL: 2025 by quarter against 2024', () => {
  it('every pair’s client periods, now and a year earlier', async () => {
    const model = await loadDemo(engine, { deals: 4000 });
    const catalog = buildCatalog(model);
    // Per client and quarter from the first purchase on, straight from the rules
    // (docs/metrics.md); the pair is the status beside the one of the quarter before.
    const plain = rowsOf(
      await engine.query(`
        WITH p AS (
          SELECT client, CAST(date_trunc('quarter', CAST(closed_at AS DATE)) AS DATE) AS q
          FROM deals
          WHERE status = 'won' AND client IS NOT NULL AND closed_at IS NOT NULL
          GROUP BY ALL
        ),
        quarters AS (
          SELECT CAST(unnest(range((SELECT min(q) FROM p), DATE '2026-01-01', INTERVAL 3 MONTH)) AS DATE) AS q
        ),
        s AS (
          SELECT c.client, t.q,
            (SELECT count(*) FROM p WHERE p.client = c.client AND p.q <= t.q) AS n,
            (SELECT max(p.q) FROM p WHERE p.client = c.client AND p.q < t.q) AS before,
            EXISTS (SELECT 1 FROM p WHERE p.client = c.client AND p.q = t.q) AS bought
          FROM (SELECT DISTINCT client FROM p) c CROSS JOIN quarters t
        ),
        st AS (
          SELECT client, q, CASE
            WHEN bought AND n = 1 THEN 'new'
            WHEN bought AND date_diff('quarter', before, q) >= 2 THEN 'returned'
            WHEN bought AND n >= 3 THEN 'regular'
            WHEN bought THEN 'repeat'
            WHEN date_diff('quarter', before, q) <= 2 THEN 'lapsed'
            ELSE 'lost' END AS status
          FROM s WHERE n > 0
        ),
        moves AS (
          SELECT q, lag(status) OVER (PARTITION BY client ORDER BY q) AS from_status,
                 status AS to_status
          FROM st
        )
        SELECT year(q) AS y, from_status, to_status, CAST(count(*) AS INTEGER) AS clients
        FROM moves WHERE year(q) IN (2024, 2025) GROUP BY ALL`),
    );
    const key = (from: unknown, to: unknown) => `${String(from)} → ${String(to)}`;
    const ref = new Map<string, [number, number]>();
    for (const r of plain) {
      const k = key(r.from_status, r.to_status);
      const v = ref.get(k) ?? [0, 0];
      v[Number(r.y) === 2025 ? 0 : 1] += Number(r.clients);
      ref.set(k, v);
    }
    const rows = await exec(
      engine,
      compileDynamicsTransitions(
        matrix({ period: { from: '2025-01-01', to: '2025-12-31' }, compare: 'year' }),
        catalog,
      ),
    );
    const got = new Map(
      rows.map((r) => [key(r.from_status, r.to_status), [r.clients, r.clients_previous]]),
    );
    expect(got).toEqual(ref);
    for (const r of rows) {
      const [now, before] = [Number(r.clients), Number(r.clients_previous)];
      expect(r.clients_delta).toBe(now - before);
      expect(r.clients_growth).toBe(before === 0 ? null : (now - before) / before);
      expect(r.clients_earlier).toBe(before > 0 ? 1 : 0);
    }
    // Most pairs occur in both years, so the check has teeth.
    expect(rows.filter((r) => Number(r.clients_previous) > 0).length).toBeGreaterThan(10);
  }, 60_000);
});
