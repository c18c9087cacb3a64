/**
 * Relationship dynamics compared with an earlier period: hand-computed on the tiny CRM, the
 * generated mid-size CRM against the plain-JS reference (every period's statuses from the whole
 * history, read at the earlier period), and the demo against a hand-written plain SQL status
 * computation per client and quarter (quarters of 2025 against the same quarters of 2024).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileDynamics } from '../../../src/crm/analyses/dynamics/dynamics.ts';
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
import { dynamicsRef, type DynOptions } from './reference.ts';
import type { Rec } from './reference.ts';

let engine: LazyEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
});

const COMPARED = [
  'clients',
  'clients_previous',
  'clients_delta',
  'clients_growth',
  'revenue',
  'revenue_previous',
  'revenue_delta',
  'revenue_growth',
];
const pick = (rows: Row[], keys: string[]) =>
  rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])));
/** The rows with anything on either side, as [period, status, clients, previous, growth]. */
const moved = (rows: Row[]) =>
  rows
    .filter((r) => r.clients !== 0 || r.clients_previous !== 0)
    .map((r) => [r.period, r.status, r.clients, r.clients_previous, r.clients_growth]);

describe('tiny CRM, by hand', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = buildCatalog(await loadTiny(engine));
  });
  const run = (s: Partial<SpecOf<'dynamics'>>) =>
    exec(engine, compileDynamics(spec({ analysis: 'dynamics', ...s }), catalog));

  // Purchases by quarter: c1 2023-Q1 (4000) and 2024-Q1 (700); c2, c3 2024-Q1 (4000, 1500).
  // c1: 2023-Q1 new, Q2 and Q3 lapsed, Q4 lost, 2024-Q1 returned.
  const Q1_2024 = { from: '2024-01-01', to: '2024-03-31' };

  it('2024-Q1 against 2023-Q1: every status beside its earlier count, Δ and growth', async () => {
    const rows = await run({ period: Q1_2024, compare: 'year' });
    expect(rows.map((r) => r.status)).toEqual([
      'new',
      'repeat',
      'regular',
      'returned',
      'lapsed',
      'lost',
    ]);
    const [fresh, , , returned, lapsed] = pick(rows, COMPARED);
    // New: c2, c3 now; c1 a year earlier.
    expect(fresh).toEqual({
      clients: 2,
      clients_previous: 1,
      clients_delta: 1,
      clients_growth: 1,
      revenue: 5500,
      revenue_previous: 4000,
      revenue_delta: 1500,
      revenue_growth: 0.375,
    });
    // Returned from nothing: no growth in per cent, as the pivot's.
    expect(returned).toEqual({
      clients: 1,
      clients_previous: 0,
      clients_delta: 1,
      clients_growth: null,
      revenue: 700,
      revenue_previous: 0,
      revenue_delta: 700,
      revenue_growth: null,
    });
    expect(lapsed).toMatchObject({ clients: 0, clients_previous: 0, clients_growth: null });
    // Whether the status had clients a year earlier: none returned then ("new"), c1 was new.
    expect(rows.map((r) => [r.status, r.clients_earlier, r.revenue_earlier])).toEqual([
      ['new', 1, 1],
      ['repeat', 0, 0],
      ['regular', 0, 0],
      ['returned', 0, 0],
      ['lapsed', 0, 0],
      ['lost', 0, 0],
    ]);
    // The period's own columns are dynamics without a comparison, unchanged.
    const plain = await run({ period: Q1_2024 });
    expect(pick(rows, Object.keys(plain[0]!))).toEqual(plain);
  });

  it('previous: 2024-Q1 against 2023-Q4, where c1 was lost', async () => {
    expect(moved(await run({ period: Q1_2024, compare: 'previous' }))).toEqual([
      ['2024-Q1', 'new', 2, 0, null],
      ['2024-Q1', 'returned', 1, 0, null],
      ['2024-Q1', 'lost', 0, 1, -1],
    ]);
  });

  it('two quarters, previous: each against the quarter six months before (the period’s length)', async () => {
    // 2023-Q4 against 2023-Q2 (c1 lapsed); 2024-Q1 against 2023-Q3 (c1 lapsed).
    const period = { from: '2023-10-01', to: '2024-03-31' };
    expect(moved(await run({ period, compare: 'previous' }))).toEqual([
      ['2023-Q4', 'lapsed', 0, 1, -1],
      ['2023-Q4', 'lost', 1, 0, null],
      ['2024-Q1', 'new', 2, 0, null],
      ['2024-Q1', 'returned', 1, 0, null],
      ['2024-Q1', 'lapsed', 0, 1, -1],
    ]);
    // Year: 2023-Q4 against 2022-Q4, before any purchase: every status 0 then.
    expect(moved(await run({ period, compare: 'year' }))).toEqual([
      ['2023-Q4', 'lost', 1, 0, null],
      ['2024-Q1', 'new', 2, 1, 1],
      ['2024-Q1', 'returned', 1, 0, null],
    ]);
  });

  it('by year: 2024 against 2023', async () => {
    const rows = await run({
      period: { from: '2024-01-01', to: '2024-12-31' },
      compare: 'previous',
      options: { grain: 'year' },
    });
    expect(moved(rows)).toEqual([
      ['2024', 'new', 2, 1, 1],
      ['2024', 'repeat', 1, 0, null],
    ]);
  });

  it('a comparison needs a period, as the pivot and the funnel say', () => {
    expect(() => compileDynamics(spec({ analysis: 'dynamics', compare: 'year' }), catalog)).toThrow(
      CompileError,
    );
  });
});

describe('the SQL builder', () => {
  const catalog = buildCatalog(midModel());
  const period = { from: '2024-01-01', to: '2024-06-30' };
  it('columns: the pivot-style keys after each value, roles, formats, the ranked growth', () => {
    const c = compileDynamics(
      spec({ analysis: 'dynamics', period, compare: 'year', rows: [{ field: 'manager' }] }),
      catalog,
    );
    expect(c.columns.map((x) => [x.key, x.role, x.format])).toEqual([
      ['manager', 'dimension', 'text'],
      ['period', 'dimension', 'text'],
      ['status', 'dimension', 'text'],
      ['status_order', 'measure', 'int'],
      ['clients', 'measure', 'int'],
      ['clients_previous', 'previous', 'int'],
      ['clients_delta', 'delta', 'int'],
      ['clients_growth', 'growth', 'pct'],
      ['revenue', 'measure', 'money'],
      ['revenue_previous', 'previous', 'money'],
      ['revenue_delta', 'delta', 'money'],
      ['revenue_growth', 'growth', 'pct'],
      // Hidden: what tells "new" from "from 0" (docs/metrics.md), as LTV's.
      ['clients_earlier', 'earlier', 'int'],
      ['revenue_earlier', 'earlier', 'int'],
    ]);
    const growth = c.columns.find((x) => x.key === 'clients_growth')!;
    expect(growth.rankedWithin).toEqual(['manager', 'period']);
    expect(growth.rankReversed).toEqual({ key: 'status', values: ['lapsed', 'lost'] });
    expect(c.columns.filter((x) => x.essential).map((x) => x.key)).toEqual([
      'clients',
      'clients_growth',
    ]);
  });
  it('the earlier period is the pivot’s shift of the period’s first day; none without compare', () => {
    const sql = (s: Partial<SpecOf<'dynamics'>>) =>
      compileDynamics(spec({ analysis: 'dynamics', period, ...s }), catalog).sql;
    expect(sql({ compare: 'year' })).toContain(
      `date_diff('quarter', DATE '2000-01-01', CAST(date_trunc('quarter', ("per" - INTERVAL 12 MONTH)) AS DATE)) AS "epi"`,
    );
    // Six whole months: back by six months, as comparisonShift says.
    expect(sql({ compare: 'previous' })).toContain(`("per" - INTERVAL 6 MONTH)`);
    expect(
      sql({ period: { from: '2024-01-10', to: '2024-01-24' }, compare: 'previous' }),
    ).toContain(`("per" - INTERVAL 15 DAY)`);
    const plain = sql({});
    expect(plain).not.toContain('epi');
    expect(plain).not.toContain('"bp"');
  });
});

/** The label of the period `months` earlier (a month or quarter label). */
function back(label: string, months: number): string {
  const q = /^(\d{4})-Q(\d)$/.exec(label);
  const m = /^(\d{4})-(\d{2})$/.exec(label);
  const [y, mo] = q ? [Number(q[1]), (Number(q[2]) - 1) * 3] : [Number(m![1]), Number(m![2]) - 1];
  const t = y * 12 + mo - months;
  const [ey, em] = [Math.floor(t / 12), t % 12];
  return q ? `${ey}-Q${em / 3 + 1}` : `${ey}-${String(em + 1).padStart(2, '0')}`;
}

/** The reference of the period beside the reference of all time read `months` earlier. */
function comparedRef(
  deals: MidDeal[],
  g: 'month' | 'quarter',
  o: DynOptions & { period: NonNullable<DynOptions['period']> },
  months: number,
): Rec[] {
  const all = dynamicsRef(deals, g, { ...o, period: null });
  const at = new Map(all.map((r) => [JSON.stringify([r.split, r.period, r.status]), r]));
  return dynamicsRef(deals, g, o).map((r) => {
    const e = at.get(JSON.stringify([r.split, back(r.period as string, months), r.status]));
    const [c, pc, v, pv] = [r.clients, e?.clients ?? 0, r.revenue, e?.revenue ?? 0] as number[];
    const { status_order, ...rest } = r;
    return {
      ...rest,
      status_order,
      clients: c,
      clients_previous: pc,
      clients_delta: c! - pc!,
      clients_growth: pc === 0 ? null : (c! - pc!) / Math.abs(pc!),
      revenue: v,
      revenue_previous: pv,
      revenue_delta: v! - pv!,
      revenue_growth: pv === 0 ? null : (v! - pv!) / Math.abs(pv!),
      // The status had clients then: "from 0" rather than "new" for a growth without a number.
      clients_earlier: pc! > 0 ? 1 : 0,
      revenue_earlier: pc! > 0 ? 1 : 0,
    };
  });
}

describe('generated mid-size CRM against the plain-JS reference', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    await loadMid(engine);
    catalog = buildCatalog(midModel());
  });
  const run = (s: Partial<SpecOf<'dynamics'>>) =>
    exec(engine, compileDynamics(spec({ analysis: 'dynamics', ...s }), catalog));

  it('quarters against the same quarters a year earlier, split by manager', async () => {
    const period = { from: '2024-01-01', to: '2024-06-30' };
    const split = (d: object) => (d as MidDeal).manager;
    expectRows(
      await run({ period, compare: 'year', rows: [{ field: 'manager' }] }),
      withSplitKey(comparedRef(MID.deals, 'quarter', { period, split }, 12), 'manager'),
    );
  });
  it('months against the months right before a two-month period, other thresholds', async () => {
    const period = { from: '2024-03-01', to: '2024-04-30' };
    const o = { lapseAfter: 1, regularAfter: 2 };
    expectRows(
      await run({ period, compare: 'previous', options: { grain: 'month', ...o } }),
      comparedRef(MID.deals, 'month', { period, ...o }, 2),
    );
  });
});

describe('the demo against plain SQL: quarters of 2025 against those of 2024', () => {
  it('each status’s clients and revenue, now and a year earlier', async () => {
    const model = await loadDemo(engine, { deals: 4000 });
    const catalog = buildCatalog(model);
    // Per client and quarter of 2024–2025, straight from the rules (docs/metrics.md): n purchase
    // quarters so far, the latest purchase quarter before, the quarter's own revenue.
    const plain = rowsOf(
      await engine.query(`
        WITH p AS (
          SELECT client, CAST(date_trunc('quarter', CAST(closed_at AS DATE)) AS DATE) AS q,
                 sum(coalesce(amount, 0)) AS revenue
          FROM deals
          WHERE status = 'won' AND client IS NOT NULL AND closed_at IS NOT NULL
          GROUP BY ALL
        ),
        quarters AS (
          SELECT CAST(unnest(range(DATE '2024-01-01', DATE '2026-01-01', INTERVAL 3 MONTH)) AS DATE) AS q
        ),
        s AS (
          SELECT c.client, t.q,
            (SELECT count(*) FROM p WHERE p.client = c.client AND p.q <= t.q) AS n,
            (SELECT max(p.q) FROM p WHERE p.client = c.client AND p.q < t.q) AS before,
            (SELECT sum(p.revenue) FROM p WHERE p.client = c.client AND p.q = t.q) AS revenue
          FROM (SELECT DISTINCT client FROM p) c CROSS JOIN quarters t
        ),
        st AS (
          SELECT q, coalesce(revenue, 0) AS revenue, CASE
            WHEN revenue IS NOT NULL AND n = 1 THEN 'new'
            WHEN revenue IS NOT NULL AND date_diff('quarter', before, q) >= 2 THEN 'returned'
            WHEN revenue IS NOT NULL AND n >= 3 THEN 'regular'
            WHEN revenue IS NOT NULL THEN 'repeat'
            WHEN date_diff('quarter', before, q) <= 2 THEN 'lapsed'
            ELSE 'lost' END AS status
          FROM s WHERE n > 0
        )
        SELECT year(q) || '-Q' || quarter(q) AS period, status,
               CAST(count(*) AS INTEGER) AS clients, sum(revenue)::DOUBLE AS revenue
        FROM st GROUP BY ALL ORDER BY ALL`),
    );
    const ref = new Map(plain.map((r) => [`${r.period} ${r.status}`, r]));
    const get = (period: string, status: string, k: 'clients' | 'revenue') =>
      Number(ref.get(`${period} ${status}`)?.[k] ?? 0);
    const rows = await exec(
      engine,
      compileDynamics(
        spec({
          analysis: 'dynamics',
          period: { from: '2025-01-01', to: '2025-12-31' },
          compare: 'year',
        }),
        catalog,
      ),
    );
    expect(rows).toHaveLength(4 * 6);
    let compared = 0;
    for (const r of rows) {
      const p = String(r.period);
      const before = `2024${p.slice(4)}`;
      const s = String(r.status);
      expect([r.clients, r.clients_previous], `${p} ${s}`).toEqual([
        get(p, s, 'clients'),
        get(before, s, 'clients'),
      ]);
      expect(r.revenue as number).toBeCloseTo(get(p, s, 'revenue'), 6);
      expect(r.revenue_previous as number).toBeCloseTo(get(before, s, 'revenue'), 6);
      if ((r.clients_previous as number) > 0) compared++;
    }
    // Every status had clients in 2024's quarters but the earliest ones, so the check has teeth.
    expect(compared).toBeGreaterThan(15);
  }, 60_000);
});
