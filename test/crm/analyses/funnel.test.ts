/**
 * Funnel: hand-computed numbers on the tiny CRM (with the stage history of
 * test/fixtures/tiny-history.ts, and without it), then the generated mid-size CRM against the
 * plain-JS reference, with and without history, split, filtered and limited to a period.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFunnel, FUNNEL_NO_HISTORY_NOTE } from '../../../src/crm/analyses/funnel/funnel.ts';
import { buildCatalog } from '../../../src/crm/catalog.ts';
import type { DatasetModel } from '../../../src/crm/model.ts';
import { compileReport } from '../../../src/crm/report.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { LazyEngine } from '../../../src/engine/types.ts';
import { CompileError } from '../../../src/query/resolve.ts';
import type { SpecOf } from '../../../src/query/spec/spec.ts';
import { MID, loadMid, midModel, type MidDeal } from '../../fixtures/mid-crm.ts';
import { TINY_MODEL } from '../../fixtures/tiny-crm.ts';
import { loadTinyWithHistory } from '../../fixtures/tiny-history.ts';
import { exec, expectRows, spec, withSplitKey, type Row } from './helpers.ts';
import { funnelRef } from './reference.ts';

let engine: LazyEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
});

const run = (s: Partial<SpecOf<'funnel'>>, model: DatasetModel) =>
  exec(engine, compileFunnel(spec({ analysis: 'funnel', ...s }), buildCatalog(model)));
const pick = (rows: Row[], keys: string[]) =>
  rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])));

describe('tiny CRM', () => {
  let model: DatasetModel;
  beforeAll(async () => {
    model = await loadTinyWithHistory(engine);
  });

  it('with stage history: reached, conversions, drop-off, reasons, days in stage', async () => {
    // Reached (furthest history stage, won ⇒ all): Lead all 10; Proposal d1 d2 d3(skipped, later
    // stage) d4 d6 d8(won, no history) d9 d10 = 8; Won d1 d3 d6 d8 d10 = 5.
    // Dropped = lost with furthest stage here: Lead d7 (No budget), Proposal d2 (Price).
    // Days in Lead: d1 10, d2 31, d3 14, d4 5, d6 5+5, d7 19, d9 2, d10 1 (d5 still there) → median 10.
    // Days in Proposal: d1 12, d2 33, d6 2+9, d10 2 (d4, d9 still there) → median (11+12)/2.
    expect(await run({}, model)).toEqual([
      {
        stage: 'Lead',
        position: 1,
        reached: 10,
        step_conversion: null,
        cumulative_conversion: 1,
        dropped: 1,
        lost_reasons: 'No budget (1)',
        median_days_in_stage: 10,
      },
      {
        stage: 'Proposal',
        position: 2,
        reached: 8,
        step_conversion: 0.8,
        cumulative_conversion: 0.8,
        dropped: 1,
        lost_reasons: 'Price (1)',
        median_days_in_stage: 11.5,
      },
      {
        stage: 'Won',
        position: 3,
        reached: 5,
        step_conversion: 0.625,
        cumulative_conversion: 0.5,
        dropped: null,
        lost_reasons: null,
        median_days_in_stage: null,
      },
    ]);
  });

  it('without stage history: current stage and order, with a note', async () => {
    // Lost deals sit in "Lost" (d2, d7): where they died is unknown, so they count at Lead only.
    // Proposal: d4 d9 (open there) + 5 won = 7.
    const c = compileFunnel(spec({ analysis: 'funnel' }), buildCatalog(TINY_MODEL));
    expect(c.notes).toContain(FUNNEL_NO_HISTORY_NOTE);
    expect(c.sql).not.toContain('stage_history');
    expect(await exec(engine, c)).toEqual([
      {
        stage: 'Lead',
        position: 1,
        reached: 10,
        step_conversion: null,
        cumulative_conversion: 1,
        dropped: 2,
        lost_reasons: 'No budget (1), Price (1)',
        median_days_in_stage: null,
      },
      {
        stage: 'Proposal',
        position: 2,
        reached: 7,
        step_conversion: 0.7,
        cumulative_conversion: 0.7,
        dropped: 0,
        lost_reasons: null,
        median_days_in_stage: null,
      },
      {
        stage: 'Won',
        position: 3,
        reached: 5,
        step_conversion: 5 / 7,
        cumulative_conversion: 0.5,
        dropped: null,
        lost_reasons: null,
        median_days_in_stage: null,
      },
    ]);
  });

  it('period = deals created in it; filters on deal and lookup fields', async () => {
    // Created in 2024: d6 d7 d8 d9. Proposal: d6 d8 d9; Won: d6 d8.
    const period = await run({ period: { from: '2024-01-01', to: '2024-12-31' } }, model);
    expect(pick(period, ['stage', 'reached', 'dropped'])).toEqual([
      { stage: 'Lead', reached: 4, dropped: 1 },
      { stage: 'Proposal', reached: 3, dropped: 0 },
      { stage: 'Won', reached: 2, dropped: null },
    ]);
    // Source Web: d1 d2 d5 d6 d8.
    const web = await run({ filters: [{ field: 'source', op: 'in', values: ['Web'] }] }, model);
    expect(web.map((r) => r.reached)).toEqual([5, 4, 3]);
    // Region (a clients column with an injection-looking value): c1, c3 → d1 d3 d4 d7 d8 d10.
    const north = await run(
      { filters: [{ field: 'clients.region', op: 'eq', values: ['North; DROP TABLE deals'] }] },
      model,
    );
    expect(north.map((r) => r.reached)).toEqual([6, 5, 4]);
  });

  it('splits by the first row dimension, NULL last', async () => {
    const rows = await run({ rows: [{ field: 'manager' }] }, model);
    expect(pick(rows, ['manager', 'stage', 'reached', 'dropped', 'lost_reasons'])).toEqual([
      {
        manager: `O'Brien "Bob"`,
        stage: 'Lead',
        reached: 4,
        dropped: 1,
        lost_reasons: 'No budget (1)',
      },
      { manager: `O'Brien "Bob"`, stage: 'Proposal', reached: 3, dropped: 0, lost_reasons: null },
      { manager: `O'Brien "Bob"`, stage: 'Won', reached: 2, dropped: null, lost_reasons: null },
      { manager: 'Анна', stage: 'Lead', reached: 4, dropped: 0, lost_reasons: null },
      { manager: 'Анна', stage: 'Proposal', reached: 4, dropped: 1, lost_reasons: 'Price (1)' },
      { manager: 'Анна', stage: 'Won', reached: 2, dropped: null, lost_reasons: null },
      { manager: null, stage: 'Lead', reached: 2, dropped: 0, lost_reasons: null },
      { manager: null, stage: 'Proposal', reached: 1, dropped: 0, lost_reasons: null },
      { manager: null, stage: 'Won', reached: 1, dropped: null, lost_reasons: null },
    ]);
  });

  it('an unknown pipeline is a compile error; compileReport dispatches', () => {
    expect(() =>
      compileFunnel(
        spec({ analysis: 'funnel', options: { pipeline: 'Nope' } }),
        buildCatalog(model),
      ),
    ).toThrow(CompileError);
    const s = spec({ analysis: 'funnel' });
    expect(compileReport(s, buildCatalog(model)).sql).toBe(
      compileFunnel(s, buildCatalog(model)).sql,
    );
  });
});

describe('generated mid-size CRM against the plain-JS reference', () => {
  beforeAll(async () => {
    await loadMid(engine);
  });
  const SALES = ['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won'];
  const RENEWALS = ['Contact', 'Offer', 'Won'];

  for (const withHistory of [true, false]) {
    const model = midModel(withHistory);
    const history = withHistory ? MID.history : null;
    it(`${withHistory ? 'with' : 'without'} history: both pipelines`, async () => {
      expectRows(
        await run({}, model),
        funnelRef(MID.deals, history, SALES, true, { pipeline: 'Sales' }),
      );
      expectRows(
        await run({ options: { pipeline: 'Renewals' } }, model),
        funnelRef(MID.deals, history, RENEWALS, true, { pipeline: 'Renewals' }),
      );
    });
    it(`${withHistory ? 'with' : 'without'} history: split by manager, filtered, in a period`, async () => {
      const period = { from: '2023-01-01', to: '2024-06-30' };
      const rows = await run(
        {
          rows: [{ field: 'manager' }],
          period,
          filters: [{ field: 'source', op: 'not_in', values: ['Cold call'] }],
        },
        model,
      );
      const ref = funnelRef(MID.deals, history, SALES, true, {
        pipeline: 'Sales',
        period,
        keep: (d) => (d as MidDeal).source !== 'Cold call',
        split: (d) => (d as MidDeal).manager,
      });
      expectRows(rows, withSplitKey(ref, 'manager'));
    });
  }
});
