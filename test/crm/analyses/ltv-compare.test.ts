/**
 * LTV compared with an earlier period: hand-computed on the tiny CRM (a client who stopped
 * buying, new clients, a split whose value is an SQL-looking string), and on the demo against the
 * same question asked of DuckDB in plain SQL (2025 against 2024 per client, clients of only one
 * of the years included).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileLtv } from '../../../src/crm/analyses/ltv.ts';
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
const COMPARED = [
  'client',
  'revenue',
  'revenue_previous',
  'revenue_delta',
  'revenue_growth',
  'won_deals',
  'won_deals_previous',
  'won_deals_delta',
  'won_deals_growth',
  'revenue_earlier',
];

describe('tiny CRM', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = buildCatalog(await loadTiny(engine));
  });
  const ltv = (s: Partial<SpecOf<'ltv'>>) => compileLtv(spec({ analysis: 'ltv', ...s }), catalog);
  const run = (s: Partial<SpecOf<'ltv'>>) => exec(engine, ltv(s));

  it('2024 against 2023: fewer purchases from c1, c2 and c3 new', async () => {
    // Won: c1 1000 (2023-02-01), 3000 (2023-02-15), 700 (2024-01-02); c2 4000 (2024-02-10);
    // c3 1500 (2024-03-05). 2023: c1 4000 in 2 deals. 2024: c2 4000, c3 1500, c1 700.
    const rows = await run({ period: { from: '2024-01-01', to: '2024-12-31' }, compare: 'year' });
    expect(pick(rows, COMPARED)).toEqual([
      {
        client: 'c2',
        revenue: 4000,
        revenue_previous: 0,
        revenue_delta: 4000,
        revenue_growth: null,
        won_deals: 1,
        won_deals_previous: 0,
        won_deals_delta: 1,
        won_deals_growth: null,
        revenue_earlier: 0,
      },
      {
        client: 'c3',
        revenue: 1500,
        revenue_previous: 0,
        revenue_delta: 1500,
        revenue_growth: null,
        won_deals: 1,
        won_deals_previous: 0,
        won_deals_delta: 1,
        won_deals_growth: null,
        revenue_earlier: 0,
      },
      {
        client: 'c1',
        revenue: 700,
        revenue_previous: 4000,
        revenue_delta: -3300,
        revenue_growth: -0.825,
        won_deals: 1,
        won_deals_previous: 2,
        won_deals_delta: -1,
        won_deals_growth: -0.5,
        revenue_earlier: 1,
      },
    ]);
    // The period's own columns are the uncompared table's, RFM scored over the period's clients.
    const plain = await run({ period: { from: '2024-01-01', to: '2024-12-31' } });
    expect(pick(rows, ['client', 'recency_days', 'r_score', 'segment'])).toEqual(
      pick(plain, ['client', 'recency_days', 'r_score', 'segment']),
    );
  });

  it('a client who bought before and not now is listed: 0 now, −100 %, no dates, scores or segment', async () => {
    // Feb–Mar 2024 against the previous two months (Dec 2023–Jan 2024): c1 bought 700 on
    // 2024-01-02 only; c2 and c3 bought in the period only.
    const rows = await run({
      period: { from: '2024-02-01', to: '2024-03-31' },
      compare: 'previous',
    });
    expect(rows.map((r) => r.client)).toEqual(['c2', 'c3', 'c1']);
    expect(rows[2]).toMatchObject({
      client: 'c1',
      revenue: 0,
      revenue_previous: 700,
      revenue_delta: -700,
      revenue_growth: -1,
      won_deals: 0,
      won_deals_previous: 1,
      won_deals_growth: -1,
      first_purchase: null,
      last_purchase: null,
      tenure_days: null,
      avg_deal: null,
      recency_days: null,
      r_score: null,
      f_score: null,
      m_score: null,
      segment: null,
      revenue_earlier: 1,
      won_deals_earlier: 1,
    });
    // c2 and c3 are scored between themselves, as without a comparison.
    const plain = await run({ period: { from: '2024-02-01', to: '2024-03-31' } });
    expect(pick(rows.slice(0, 2), ['client', 'r_score', 'f_score', 'm_score', 'segment'])).toEqual(
      pick(plain, ['client', 'r_score', 'f_score', 'm_score', 'segment']),
    );
  });

  it('columns: each compared value followed by previous, Δ and growth; Δ of revenue ranked', () => {
    const c = ltv({ period: { from: '2024-01-01', to: '2024-12-31' }, compare: 'year' });
    expect(c.columns.map((x) => x.key)).toEqual([
      'client',
      'revenue',
      'revenue_previous',
      'revenue_delta',
      'revenue_growth',
      'won_deals',
      'won_deals_previous',
      'won_deals_delta',
      'won_deals_growth',
      'first_purchase',
      'last_purchase',
      'tenure_days',
      'purchase_frequency',
      'avg_deal',
      'recency_days',
      'r_score',
      'f_score',
      'm_score',
      'segment',
      'revenue_earlier',
      'won_deals_earlier',
    ]);
    expect(c.columns.filter((x) => x.rankedWithin).map((x) => x.key)).toEqual(['revenue_delta']);
    expect(c.columns.filter((x) => x.essential).map((x) => x.key)).toEqual([
      'revenue',
      'revenue_delta',
      'segment',
    ]);
    // What a laptop's table leaves out before it lays clients out as blocks: the columns the
    // others tell (the segment sums up R, F and M), never a compared one.
    expect(c.columns.filter((x) => x.secondary).map((x) => x.key)).toEqual([
      'tenure_days',
      'purchase_frequency',
      'avg_deal',
      'recency_days',
      'r_score',
      'f_score',
      'm_score',
    ]);
    // Both periods in one WITH, each side's CTEs renamed apart (ClickHouse scopes no WITH to its
    // statement), the rows stacked, merged, then ordered once.
    const ctes = [...c.sql.matchAll(/^(?:WITH )?"(\w+)" AS \(/gm)].map((m) => m[1]);
    expect(ctes).toEqual(['n_p', 'n_c', 'n_a', 'n_s', 'lnow', 'p_p', 'p_c', 'lprev', 'lu', 'lm']);
    expect(c.sql.match(/ORDER BY (?!.*OVER)/g)).toHaveLength(1);
    expect(c.sql).toContain('UNION ALL');
    expect(c.columns.find((x) => x.key === 'revenue_growth')).toMatchObject({
      role: 'growth',
      measure: 'revenue',
      format: 'pct',
    });
  });

  it('a split whose value reads as SQL stays a value; a quoted filter value stays escaped', async () => {
    const s = {
      period: { from: '2024-01-01', to: '2024-12-31' },
      compare: 'year' as const,
      rows: [{ field: 'clients.region' }],
      filters: [{ field: 'clients.region', op: 'not_in' as const, values: ["O'Brien"] }],
    };
    const c = ltv(s);
    expect(c.sql).toContain("'O''Brien'");
    const rows = await exec(engine, c);
    expect(pick(rows, ['client', 'clients.region', 'revenue', 'revenue_previous'])).toEqual([
      { client: 'c2', 'clients.region': 'Юг', revenue: 4000, revenue_previous: 0 },
      {
        client: 'c3',
        'clients.region': 'North; DROP TABLE deals',
        revenue: 1500,
        revenue_previous: 0,
      },
      {
        client: 'c1',
        'clients.region': 'North; DROP TABLE deals',
        revenue: 700,
        revenue_previous: 4000,
      },
    ]);
  });

  it('limit keeps the top N of both periods merged', async () => {
    const rows = await run({
      period: { from: '2024-02-01', to: '2024-03-31' },
      compare: 'previous',
      limit: 2,
    });
    expect(rows.map((r) => r.client)).toEqual(['c2', 'c3']);
  });

  it('without deal amounts only purchases compare, ranked by purchases then the earlier ones', async () => {
    const model = await loadTiny(engine);
    const noAmount = buildCatalog({
      ...model,
      tables: model.tables.map((t) =>
        t.name === 'deals'
          ? {
              ...t,
              columns: t.columns.map((c) => {
                if (c.name !== 'amount') return c;
                const { role: _, ...rest } = c;
                return rest;
              }),
            }
          : t,
      ),
    });
    const c = compileLtv(
      spec({
        analysis: 'ltv',
        period: { from: '2024-01-01', to: '2024-12-31' },
        compare: 'year',
      }),
      noAmount,
    );
    expect(
      c.columns.map((x) => x.key).filter((k) => /_(previous|delta|growth|earlier)$/.test(k)),
    ).toEqual(['won_deals_previous', 'won_deals_delta', 'won_deals_growth', 'won_deals_earlier']);
    // One purchase each in 2024; c1 had 2 in 2023, then the latest purchase: c3 (03-05), c2.
    const rows = await exec(engine, c);
    expect(pick(rows, ['client', 'won_deals', 'won_deals_previous', 'won_deals_growth'])).toEqual([
      { client: 'c1', won_deals: 1, won_deals_previous: 2, won_deals_growth: -0.5 },
      { client: 'c3', won_deals: 1, won_deals_previous: 0, won_deals_growth: null },
      { client: 'c2', won_deals: 1, won_deals_previous: 0, won_deals_growth: null },
    ]);
  });

  it('a comparison without a period is refused, as the pivot refuses it', () => {
    expect(() => ltv({ compare: 'year' })).toThrow(CompileError);
  });
});

describe('demo: 2025 against 2024 per client, against plain SQL', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = buildCatalog(await loadDemo(engine, { deals: 3000 }));
  });

  it('revenue and won deals per client of either year', async () => {
    const rows = await exec(
      engine,
      compileLtv(
        spec({
          analysis: 'ltv',
          period: { from: '2025-01-01', to: '2025-12-31' },
          compare: 'year',
        }),
        catalog,
      ),
    );
    const year = (y: number) => `
      SELECT client, coalesce(sum(amount), 0) AS revenue, count(*) AS n FROM deals
      WHERE status = 'won' AND client IS NOT NULL AND closed_at IS NOT NULL
        AND CAST(closed_at AS DATE) >= DATE '${y}-01-01'
        AND CAST(closed_at AS DATE) < DATE '${y + 1}-01-01'
      GROUP BY client`;
    const byHand = rowsOf(
      await engine.query(`
        WITH a AS (${year(2025)}), b AS (${year(2024)})
        SELECT coalesce(a.client, b.client) AS client,
          coalesce(a.revenue, 0)::DOUBLE AS revenue, coalesce(b.revenue, 0)::DOUBLE AS before,
          coalesce(a.n, 0)::BIGINT AS n, coalesce(b.n, 0)::BIGINT AS n_before
        FROM a FULL JOIN b ON a.client = b.client
        ORDER BY revenue DESC, before DESC, client`),
    );
    const lapsed = byHand.filter((r) => r['n'] === 0);
    const fresh = byHand.filter((r) => r['n_before'] === 0);
    expect(lapsed.length).toBeGreaterThan(0);
    expect(fresh.length).toBeGreaterThan(0);
    expectRows(
      pick(rows, [
        'client',
        'revenue',
        'revenue_previous',
        'revenue_delta',
        'won_deals',
        'won_deals_previous',
        'won_deals_delta',
        'revenue_growth',
      ]),
      byHand.map((r) => {
        const [now, before] = [Number(r['revenue']), Number(r['before'])];
        return {
          client: r['client'],
          revenue: now,
          revenue_previous: before,
          revenue_delta: now - before,
          won_deals: r['n'],
          won_deals_previous: r['n_before'],
          won_deals_delta: Number(r['n']) - Number(r['n_before']),
          revenue_growth: before === 0 ? null : (now - before) / before,
        };
      }),
    );
  });
});
