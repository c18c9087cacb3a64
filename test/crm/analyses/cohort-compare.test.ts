/**
 * Cohorts compared with an earlier period: hand-computed on the tiny CRM (a cohort with an
 * earlier one, one without), and on the demo against the same question asked in plain SQL with
 * the matching done in JS (each 2025 month cohort beside the 2024 one of the same month, at every
 * age; Q2 2025's beside Q1's under "previous period").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileCohort } from '../../../src/crm/analyses/cohort.ts';
import {
  analysisDrillable,
  compileAnalysisDrill,
  type AnalysisCell,
} from '../../../src/crm/analyses/drill.ts';
import { buildCatalog } from '../../../src/crm/catalog.ts';
import { loadDemo } from '../../../src/demo/index.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { LazyEngine } from '../../../src/engine/types.ts';
import type { Catalog } from '../../../src/query/catalog.ts';
import { CompileError } from '../../../src/query/resolve.ts';
import type { SpecOf } from '../../../src/query/spec/spec.ts';
import { rowsOf } from '../../query/helpers.ts';
import { loadTiny } from '../../fixtures/tiny-crm.ts';
import { exec, expectRows, spec, type Row } from './helpers.ts';

let engine: LazyEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
});

const pick = (rows: Row[], keys: string[]) =>
  rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])));
const KEYS = [
  'cohort',
  'period_index',
  'cohort_size',
  'cohort_size_previous',
  'cohort_size_delta',
  'cohort_size_growth',
  'active_clients',
  'active_clients_previous',
  'active_clients_delta',
  'active_clients_growth',
  'retention',
  'retention_previous',
  'retention_delta',
  'revenue',
  'revenue_previous',
  'revenue_delta',
  'revenue_growth',
  'revenue_earlier',
];

describe('tiny CRM', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = buildCatalog(await loadTiny(engine));
  });
  const cohort = (s: Partial<SpecOf<'cohort'>>) =>
    compileCohort(spec({ analysis: 'cohort', ...s }), catalog);
  const y2024 = { from: '2024-01-01', to: '2024-12-31' };

  it('the keys follow the funnel: retention gets Δ in points, no growth', () => {
    const c = cohort({ period: y2024, compare: 'year' });
    expect(c.columns.map((x) => x.key)).toEqual([
      'cohort',
      'cohort_size',
      'cohort_size_previous',
      'cohort_size_delta',
      'cohort_size_growth',
      'period_index',
      'active_clients',
      'active_clients_previous',
      'active_clients_delta',
      'active_clients_growth',
      'retention',
      'retention_previous',
      'retention_delta',
      'revenue',
      'revenue_previous',
      'revenue_delta',
      'revenue_growth',
      'cumulative_revenue_per_client',
      'cohort_size_earlier',
      'active_clients_earlier',
      'revenue_earlier',
    ]);
    expect(c.columns.find((x) => x.key === 'retention_delta')).toMatchObject({
      format: 'pp',
      rankedWithin: ['period_index'],
    });
    // Without a comparison the table is as it was.
    expect(cohort({ period: y2024 }).columns.map((x) => x.key)).toEqual([
      'cohort',
      'cohort_size',
      'period_index',
      'active_clients',
      'retention',
      'revenue',
      'cumulative_revenue_per_client',
    ]);
  });

  it('2024 by quarter against 2023: Q1 2024 (c2, c3) beside Q1 2023 (c1)', async () => {
    // Won: c1 1000 (2023-02-01), 3000 (2023-02-15), 700 (2024-01-02); c2 4000 (2024-02-10);
    // c3 1500 (2024-03-05). The last purchase is in Q1 2024, so Q1 2024 has age 0 only.
    const rows = await exec(
      engine,
      cohort({ period: y2024, compare: 'year', options: { grain: 'quarter' } }),
    );
    expect(pick(rows, KEYS)).toEqual([
      {
        cohort: '2024-Q1',
        period_index: 0,
        cohort_size: 2,
        cohort_size_previous: 1,
        cohort_size_delta: 1,
        cohort_size_growth: 1,
        active_clients: 2,
        active_clients_previous: 1,
        active_clients_delta: 1,
        active_clients_growth: 1,
        retention: 1,
        retention_previous: 1,
        retention_delta: 0,
        revenue: 5500,
        revenue_previous: 4000,
        revenue_delta: 1500,
        revenue_growth: 0.375,
        revenue_earlier: 1,
      },
    ]);
  });

  it('2024 by month against 2023: February beside February, March new', async () => {
    const rows = await exec(engine, cohort({ period: y2024, compare: 'year' }));
    expect(pick(rows, KEYS)).toEqual([
      // c2 beside c1, who both bought in their first month and not in the next.
      {
        cohort: '2024-02',
        period_index: 0,
        cohort_size: 1,
        cohort_size_previous: 1,
        cohort_size_delta: 0,
        cohort_size_growth: 0,
        active_clients: 1,
        active_clients_previous: 1,
        active_clients_delta: 0,
        active_clients_growth: 0,
        retention: 1,
        retention_previous: 1,
        retention_delta: 0,
        revenue: 4000,
        revenue_previous: 4000,
        revenue_delta: 0,
        revenue_growth: 0,
        revenue_earlier: 1,
      },
      {
        cohort: '2024-02',
        period_index: 1,
        cohort_size: 1,
        cohort_size_previous: 1,
        cohort_size_delta: 0,
        cohort_size_growth: 0,
        active_clients: 0,
        active_clients_previous: 0,
        active_clients_delta: 0,
        active_clients_growth: null,
        retention: 0,
        retention_previous: 0,
        retention_delta: 0,
        revenue: 0,
        revenue_previous: 0,
        revenue_delta: 0,
        revenue_growth: null,
        revenue_earlier: 1,
      },
      // No client began buying in March 2023: nothing to compare with, "new".
      {
        cohort: '2024-03',
        period_index: 0,
        cohort_size: 1,
        cohort_size_previous: 0,
        cohort_size_delta: 1,
        cohort_size_growth: null,
        active_clients: 1,
        active_clients_previous: 0,
        active_clients_delta: 1,
        active_clients_growth: null,
        retention: 1,
        retention_previous: null,
        retention_delta: null,
        revenue: 1500,
        revenue_previous: 0,
        revenue_delta: 1500,
        revenue_growth: null,
        revenue_earlier: 0,
      },
    ]);
  });

  it('a comparison without a period is refused, as the pivot refuses it', () => {
    expect(() => cohort({ compare: 'year' })).toThrow(CompileError);
  });

  it("an earlier cell lists the earlier cohort's clients", async () => {
    const s = spec({ analysis: 'cohort', period: y2024, compare: 'year' });
    const rows = await exec(engine, compileCohort(s, catalog));
    const at = (c: string, k: number) =>
      rows.find((r) => r['cohort'] === c && r['period_index'] === k) as AnalysisCell;
    expect(analysisDrillable(s, 'active_clients_previous')).toBe(true);
    expect(analysisDrillable(s, 'retention_previous')).toBe(false);
    // 2024-02 beside 2023-02, whose one client is c1 (1000 + 3000 in February 2023).
    expect(await list(s, 'cohort_size_previous', at('2024-02', 0))).toEqual([
      { client: 'c1', first_purchase: '2023-02-01', revenue: 4700 },
    ]);
    expect(await list(s, 'active_clients_previous', at('2024-02', 0))).toEqual([
      { client: 'c1', period: '2023-02', revenue: 4000 },
    ]);
    expect(await list(s, 'active_clients_previous', at('2024-02', 1))).toEqual([]);
    // No cohort began in March 2023.
    expect(await list(s, 'cohort_size_previous', at('2024-03', 0))).toEqual([]);
    // The cell's own clients are still the period's.
    expect(await list(s, 'cohort_size', at('2024-02', 0))).toEqual([
      { client: 'c2', first_purchase: '2024-02-01', revenue: 4000 },
    ]);
  });

  async function list(s: SpecOf<'cohort'>, key: string, cell: AnalysisCell) {
    const page = { limit: 1000, offset: 0, sort: [] };
    return rowsOf(await engine.query(compileAnalysisDrill(s, catalog, key, cell, page).sql));
  }
});

describe('demo: cohorts against the same cohorts earlier, against plain SQL', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = buildCatalog(await loadDemo(engine, { deals: 3000 }));
  });

  /** Month (or quarter) number of a date, counted from year 0: ages are differences of these. */
  const monthOf = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;

  async function byHand(months: number) {
    // Each client's first won deal, and every won deal's month: the rest is done in JS.
    const won = `SELECT client, CAST(closed_at AS DATE) AS d, coalesce(amount, 0) AS amount
      FROM deals WHERE status = 'won' AND client IS NOT NULL AND closed_at IS NOT NULL`;
    const rows = rowsOf(
      await engine.query(`
        WITH w AS (${won}), f AS (SELECT client, min(d) AS fd FROM w GROUP BY client)
        SELECT w.client, strftime(f.fd, '%Y-%m-%d') AS fd, strftime(w.d, '%Y-%m-%d') AS d,
          w.amount::DOUBLE AS amount
        FROM w JOIN f ON w.client = f.client`),
    );
    const bucket = (m: number) => Math.floor(m / months);
    const first = new Map<string, number>();
    const active = new Map<string, Set<string>>();
    const money = new Map<string, number>();
    let last = 0;
    for (const r of rows) {
      const c = bucket(monthOf(String(r['fd'])));
      const p = bucket(monthOf(String(r['d'])));
      last = Math.max(last, p);
      first.set(String(r['client']), c);
      const key = `${c}:${p - c}`;
      active.set(key, (active.get(key) ?? new Set()).add(String(r['client'])));
      money.set(key, (money.get(key) ?? 0) + Number(r['amount']));
    }
    const sizes = new Map<number, number>();
    for (const c of first.values()) sizes.set(c, (sizes.get(c) ?? 0) + 1);
    return { sizes, active, money, last };
  }

  const name = (b: number, months: number) => {
    const y = Math.floor((b * months) / 12);
    const m = ((b * months) % 12) / months + 1;
    return months === 3 ? `${y}-Q${m}` : `${y}-${String(m).padStart(2, '0')}`;
  };

  async function check(
    period: { from: string; to: string },
    compare: 'year' | 'previous',
    grain: 'month' | 'quarter',
    back: number,
  ) {
    const months = grain === 'quarter' ? 3 : 1;
    const rows = await exec(
      engine,
      compileCohort(spec({ analysis: 'cohort', period, compare, options: { grain } }), catalog),
    );
    const h = await byHand(months);
    const from = Math.floor(monthOf(period.from) / months);
    const to = Math.floor(monthOf(period.to) / months);
    const expected: Row[] = [];
    for (let c = from; c <= to; c++) {
      const size = h.sizes.get(c) ?? 0;
      if (size === 0) continue;
      const before = h.sizes.get(c - back) ?? 0;
      for (let k = 0; k <= h.last - c; k++) {
        const n = h.active.get(`${c}:${k}`)?.size ?? 0;
        const nb = h.active.get(`${c - back}:${k}`)?.size ?? 0;
        const r = h.money.get(`${c}:${k}`) ?? 0;
        const rb = h.money.get(`${c - back}:${k}`) ?? 0;
        const growth = (a: number, b: number) => (b === 0 ? null : (a - b) / Math.abs(b));
        expected.push({
          cohort: name(c, months),
          period_index: k,
          cohort_size: size,
          cohort_size_previous: before,
          cohort_size_growth: growth(size, before),
          active_clients: n,
          active_clients_previous: nb,
          active_clients_growth: growth(n, nb),
          retention_previous: before ? nb / before : null,
          retention_delta: before ? n / size - nb / before : null,
          revenue: r,
          revenue_previous: rb,
          revenue_delta: r - rb,
          revenue_growth: growth(r, rb),
          revenue_earlier: before > 0 ? 1 : 0,
        });
      }
    }
    const keys = Object.keys(expected[0] ?? {});
    // The demo has earlier cohorts and ages at which they kept more and fewer clients.
    expect(expected.some((e) => Number(e['retention_delta']) > 0)).toBe(true);
    expect(expected.some((e) => Number(e['retention_delta']) < 0)).toBe(true);
    expectRows(pick(rows, keys), expected);
  }

  it('2025 month cohorts against 2024 ("same period last year")', async () => {
    await check({ from: '2025-01-01', to: '2025-12-31' }, 'year', 'month', 12);
  });

  it('Q2 2025 month cohorts against Q1 ("previous period": three months back)', async () => {
    await check({ from: '2025-04-01', to: '2025-06-30' }, 'previous', 'month', 3);
  });

  it('2025 quarter cohorts against 2024', async () => {
    await check({ from: '2025-01-01', to: '2025-12-31' }, 'year', 'quarter', 4);
  });
});
