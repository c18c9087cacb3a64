/**
 * LTV and RFM: hand-computed on the tiny CRM, then the generated mid-size CRM against the plain-JS
 * reference (all time, a period, a split by client type, a filter); the revenue distribution.
 */
import { english } from '../../../src/lib/message.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileLtv, compileLtvDistribution } from '../../../src/crm/analyses/ltv.ts';
import { buildCatalog } from '../../../src/crm/catalog.ts';
import { compileReport } from '../../../src/crm/report.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { LazyEngine } from '../../../src/engine/types.ts';
import type { Catalog } from '../../../src/query/catalog.ts';
import type { SpecOf } from '../../../src/query/spec/spec.ts';
import { MID, loadMid, midModel, type MidDeal } from '../../fixtures/mid-crm.ts';
import { loadTiny } from '../../fixtures/tiny-crm.ts';
import { exec, expectRows, spec, withSplitKey } from './helpers.ts';
import { ltvRef } from './reference.ts';

let engine: LazyEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
});

describe('tiny CRM', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = buildCatalog(await loadTiny(engine));
  });
  const run = (s: Partial<SpecOf<'ltv'>>) =>
    exec(engine, compileLtv(spec({ analysis: 'ltv', ...s }), catalog));

  it('per client, all time', async () => {
    // Won: c1 d1 1000 (2023-02-01), d3 3000 (2023-02-15), d10 700 (2024-01-02); c2 d6 4000
    // (2024-02-10); c3 d8 1500 (2024-03-05). As-of = last purchase 2024-03-05.
    // c1 tenure 2023-02-01..2024-01-02 = 335 days (< 1 year ⇒ frequency = 3); recency 63.
    // Scores over 3 clients, 1 + floor(5·(rank−1)/3): ranks 1, 2, 3 → 1, 2, 4.
    // R by last purchase: c1 1, c2 2, c3 4. F: c2 = c3 = 1 (tie), c1 4. M: c3 1, c2 2, c1 4.
    // c1 R1 F4 → At risk; c2 R2 F1 → Hibernating; c3 R4 with one deal → New.
    expect(await run({})).toEqual([
      {
        client: 'c1',
        revenue: 4700,
        won_deals: 3,
        first_purchase: '2023-02-01',
        last_purchase: '2024-01-02',
        tenure_days: 335,
        purchase_frequency: 3,
        avg_deal: 4700 / 3,
        recency_days: 63,
        r_score: 1,
        f_score: 4,
        m_score: 4,
        segment: 'At risk',
      },
      {
        client: 'c2',
        revenue: 4000,
        won_deals: 1,
        first_purchase: '2024-02-10',
        last_purchase: '2024-02-10',
        tenure_days: 0,
        purchase_frequency: 1,
        avg_deal: 4000,
        recency_days: 24,
        r_score: 2,
        f_score: 1,
        m_score: 2,
        segment: 'Hibernating',
      },
      {
        client: 'c3',
        revenue: 1500,
        won_deals: 1,
        first_purchase: '2024-03-05',
        last_purchase: '2024-03-05',
        tenure_days: 0,
        purchase_frequency: 1,
        avg_deal: 1500,
        recency_days: 0,
        r_score: 4,
        f_score: 1,
        m_score: 1,
        segment: 'New',
      },
    ]);
  });

  it('a period limits purchases and is the as-of date for recency; limit keeps the top N', async () => {
    // 2024: c2 4000 (02-10), c3 1500 (03-05), c1 700 (01-02); recency to 2024-12-31: 325, 301, 364.
    const rows = await run({ period: { from: '2024-01-01', to: '2024-12-31' } });
    expect(
      rows.map((r) => [
        r.client,
        r.revenue,
        r.recency_days,
        r.r_score,
        r.f_score,
        r.m_score,
        r.segment,
      ]),
    ).toEqual([
      ['c2', 4000, 325, 2, 1, 4, 'Hibernating'],
      ['c3', 1500, 301, 4, 1, 2, 'New'],
      ['c1', 700, 364, 1, 1, 1, 'Hibernating'],
    ]);
    expect((await run({ limit: 2 })).map((r) => r.client)).toEqual(['c1', 'c2']);
  });

  it('splits by a client attribute; a split on the client itself is ignored with a note', async () => {
    const rows = await run({ rows: [{ field: 'clients.region' }] });
    expect(rows.map((r) => [r.client, r['clients.region']])).toEqual([
      ['c1', 'North; DROP TABLE deals'],
      ['c2', 'Юг'],
      ['c3', 'North; DROP TABLE deals'],
    ]);
    const c = compileLtv(spec({ rows: [{ field: 'client' }] }), catalog);
    expect(c.notes.map(english).join()).toMatch(/ignored/);
    expect(c.columns.filter((x) => x.key === 'client')).toHaveLength(1);
  });

  it('marks revenue and the RFM segment as the columns a narrow view keeps', () => {
    const c = compileLtv(spec({}), catalog);
    expect(c.columns.filter((x) => x.essential).map((x) => x.key)).toEqual(['revenue', 'segment']);
  });

  it('distribution: clients per revenue bucket, every bucket listed', async () => {
    const rows = await exec(engine, compileLtvDistribution(spec({}), catalog, [1000, 4500]));
    expect(rows).toEqual([
      { revenue_bucket: '<1000', clients: 0, revenue: 0, share_clients: 0, share_revenue: 0 },
      {
        revenue_bucket: '1000–4499',
        clients: 2,
        revenue: 5500,
        share_clients: 2 / 3,
        share_revenue: 5500 / 10200,
      },
      {
        revenue_bucket: '≥4500',
        clients: 1,
        revenue: 4700,
        share_clients: 1 / 3,
        share_revenue: 4700 / 10200,
      },
    ]);
  });

  it('compileReport dispatches ltv', () => {
    const s = spec({ analysis: 'ltv' });
    expect(compileReport(s, catalog).sql).toBe(compileLtv(s, catalog).sql);
  });
});

describe('generated mid-size CRM against the plain-JS reference', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    await loadMid(engine);
    catalog = buildCatalog(midModel());
  });
  const run = (s: Partial<SpecOf<'ltv'>>) =>
    exec(engine, compileLtv(spec({ analysis: 'ltv', ...s }), catalog));
  const typeOf = new Map(MID.clients.map((c) => [c.client, c.type]));

  it('all time', async () => {
    expectRows(
      await run({}),
      ltvRef(MID.deals, {}).map(({ split: _, ...r }) => r),
    );
  });
  it('a period and a filter', async () => {
    const period = { from: '2023-04-01', to: '2024-03-31' };
    const rows = await run({
      period,
      filters: [{ field: 'source', op: 'in', values: ['Web', null] }],
    });
    const ref = ltvRef(MID.deals, {
      period,
      keep: (d) => ['Web', null].includes((d as MidDeal).source),
    });
    expectRows(
      rows,
      ref.map(({ split: _, ...r }) => r),
    );
  });
  it('split by client type (a client missing from the lookup gets NULL)', async () => {
    const rows = await run({ rows: [{ field: 'clients.type' }] });
    const ref = ltvRef(MID.deals, { split: (d) => typeOf.get(d.client!) ?? null });
    expectRows(
      rows,
      withSplitKey(ref, 'clients.type').map(({ client, 'clients.type': t, ...r }) => ({
        client,
        'clients.type': t,
        ...r,
      })),
    );
  });
  it('distribution adds up to the per-client result', async () => {
    const per = await run({});
    const dist = await exec(engine, compileLtvDistribution(spec({}), catalog));
    expect(dist.reduce((s, r) => s + (r.clients as number), 0)).toBe(per.length);
    expect(dist.reduce((s, r) => s + (r.revenue as number), 0)).toBeCloseTo(
      per.reduce((s, r) => s + (r.revenue as number), 0),
      6,
    );
    const small = per.filter((r) => (r.revenue as number) < 1000).length;
    expect(dist[0]).toMatchObject({ revenue_bucket: '<1000', clients: small });
  });
});
