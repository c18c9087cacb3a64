/**
 * Cohorts: hand-computed on the tiny CRM by month and quarter, then the generated mid-size CRM
 * against the plain-JS reference (grains, a period selecting cohorts, a filter, a split).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileCohort } from '../../../src/crm/analyses/cohort.ts';
import { buildCatalog } from '../../../src/crm/catalog.ts';
import { compileReport } from '../../../src/crm/report.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { LazyEngine } from '../../../src/engine/types.ts';
import type { Catalog } from '../../../src/query/catalog.ts';
import type { SpecOf } from '../../../src/query/spec/spec.ts';
import { MID, loadMid, midModel, type MidDeal } from '../../fixtures/mid-crm.ts';
import { loadTiny } from '../../fixtures/tiny-crm.ts';
import { exec, expectRows, spec, withSplitKey } from './helpers.ts';
import { cohortRef } from './reference.ts';

let engine: LazyEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
});

const row = (
  cohort: string,
  cohort_size: number,
  period_index: number,
  active_clients: number,
  revenue: number,
  cum: number,
) => ({
  cohort,
  cohort_size,
  period_index,
  active_clients,
  retention: active_clients / cohort_size,
  revenue,
  cumulative_revenue_per_client: cum,
});

describe('tiny CRM', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = buildCatalog(await loadTiny(engine));
  });
  const run = (s: Partial<SpecOf<'cohort'>>) =>
    exec(engine, compileCohort(spec({ analysis: 'cohort', ...s }), catalog));

  it('by quarter', async () => {
    // First purchases: c1 2023-Q1 (d1 + d3 = 4000; later d10 700 in 2024-Q1), c2 and c3 2024-Q1
    // (4000 + 1500). The last purchase period is 2024-Q1, so 2023-Q1 runs k = 0..4.
    expect(await run({ options: { grain: 'quarter' } })).toEqual([
      row('2023-Q1', 1, 0, 1, 4000, 4000),
      row('2023-Q1', 1, 1, 0, 0, 4000),
      row('2023-Q1', 1, 2, 0, 0, 4000),
      row('2023-Q1', 1, 3, 0, 0, 4000),
      row('2023-Q1', 1, 4, 1, 700, 4700),
      row('2024-Q1', 2, 0, 2, 5500, 2750),
    ]);
  });

  it('by month (default): zero periods included up to the last purchase month', async () => {
    // 2023-02 → 2024-03 is 13 months: k = 0..13 for c1, whose d10 lands at k = 11.
    const rows = await run({});
    expect(rows).toHaveLength(14 + 2 + 1);
    expect(rows.filter((r) => (r.active_clients as number) > 0)).toEqual([
      row('2023-02', 1, 0, 1, 4000, 4000),
      row('2023-02', 1, 11, 1, 700, 4700),
      row('2024-02', 1, 0, 1, 4000, 4000),
      row('2024-03', 1, 0, 1, 1500, 1500),
    ]);
  });

  it('a period selects cohorts by first purchase, followed to the end of the data', async () => {
    const rows = await run({
      options: { grain: 'quarter' },
      period: { from: '2023-01-01', to: '2023-12-31' },
    });
    expect(rows.map((r) => [r.cohort, r.period_index, r.revenue])).toEqual([
      ['2023-Q1', 0, 4000],
      ['2023-Q1', 1, 0],
      ['2023-Q1', 2, 0],
      ['2023-Q1', 3, 0],
      ['2023-Q1', 4, 700],
    ]);
  });

  it('compileReport dispatches cohort', () => {
    const s = spec({ analysis: 'cohort' });
    expect(compileReport(s, catalog).sql).toBe(compileCohort(s, catalog).sql);
  });
});

describe('generated mid-size CRM against the plain-JS reference', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    await loadMid(engine);
    catalog = buildCatalog(midModel());
  });
  const run = (s: Partial<SpecOf<'cohort'>>) =>
    exec(engine, compileCohort(spec({ analysis: 'cohort', ...s }), catalog));

  it('by month and by quarter', async () => {
    expectRows(await run({}), cohortRef(MID.deals, 'month', {}));
    expectRows(await run({ options: { grain: 'quarter' } }), cohortRef(MID.deals, 'quarter', {}));
  });
  it('period, filter and split by source', async () => {
    const period = { from: '2022-07-01', to: '2023-09-30' };
    const rows = await run({
      options: { grain: 'quarter' },
      period,
      rows: [{ field: 'source' }],
      filters: [{ field: 'manager', op: 'neq', values: ['Bob'] }],
    });
    const ref = cohortRef(MID.deals, 'quarter', {
      period,
      keep: (d) => (d as MidDeal).manager !== 'Bob',
      split: (d) => (d as MidDeal).source,
    });
    expectRows(rows, withSplitKey(ref, 'source'));
  });
});
