/**
 * Relationship dynamics: statuses hand-computed on the tiny CRM by quarter and by year, the
 * transition matrix, then the generated mid-size CRM against the plain-JS reference with other
 * lapse/regular thresholds, a period, a filter and a split.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compileDynamics,
  compileDynamicsTransitions,
} from '../../../src/crm/analyses/dynamics/dynamics.ts';
import { buildCatalog } from '../../../src/crm/catalog.ts';
import { compileReport } from '../../../src/crm/report.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { LazyEngine } from '../../../src/engine/types.ts';
import type { Catalog } from '../../../src/query/catalog.ts';
import type { SpecOf } from '../../../src/query/spec/spec.ts';
import { validateSpec } from '../../../src/query/spec/validate.ts';
import { MID, loadMid, midModel, type MidDeal } from '../../fixtures/mid-crm.ts';
import { loadTiny } from '../../fixtures/tiny-crm.ts';
import { exec, expectRows, spec, withSplitKey, type Row } from './helpers.ts';
import { dynamicsRef, transitionsRef } from './reference.ts';

let engine: LazyEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
});

const nonZero = (rows: Row[]) =>
  rows
    .filter((r) => (r.clients as number) > 0)
    .map((r) => [r.period, r.status, r.clients, r.revenue]);

describe('tiny CRM', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = buildCatalog(await loadTiny(engine));
  });
  const run = (s: Partial<SpecOf<'dynamics'>>) =>
    exec(engine, compileDynamics(spec({ analysis: 'dynamics', ...s }), catalog));

  it('by quarter (default): new, lapsed, lost, returned', async () => {
    // Purchases by quarter: c1 2023-Q1 (4000) and 2024-Q1 (700); c2, c3 2024-Q1 (4000, 1500).
    // The data ends 2024-03-10 (d9 created) → last period 2024-Q1. c1: Q1 new; Q2 gap 1 and Q3 gap
    // 2 lapsed (≤ lapseAfter 2); Q4 gap 3 lost; 2024-Q1 bought after a gap → returned.
    const rows = await run({});
    expect(rows).toHaveLength(5 * 6);
    expect(nonZero(rows)).toEqual([
      ['2023-Q1', 'new', 1, 4000],
      ['2023-Q2', 'lapsed', 1, 0],
      ['2023-Q3', 'lapsed', 1, 0],
      ['2023-Q4', 'lost', 1, 0],
      ['2024-Q1', 'new', 2, 5500],
      ['2024-Q1', 'returned', 1, 700],
    ]);
    expect(rows.slice(0, 6).map((r) => r.status)).toEqual([
      'new',
      'repeat',
      'regular',
      'returned',
      'lapsed',
      'lost',
    ]);
  });

  it('by year: repeat below regularAfter, regular from it; lapseAfter moves lapsed → lost', async () => {
    // c1 bought in 2023 and 2024: second purchase period, no gap → repeat (regularAfter 3) or regular (2).
    expect(nonZero(await run({ options: { grain: 'year' } }))).toEqual([
      ['2023', 'new', 1, 4000],
      ['2024', 'new', 2, 5500],
      ['2024', 'repeat', 1, 700],
    ]);
    expect(nonZero(await run({ options: { grain: 'year', regularAfter: 2 } }))).toEqual([
      ['2023', 'new', 1, 4000],
      ['2024', 'new', 2, 5500],
      ['2024', 'regular', 1, 700],
    ]);
    // lapseAfter 1: c1 by quarter is lapsed in Q2 only, lost in Q3 and Q4.
    const q = nonZero(await run({ options: { lapseAfter: 1 } }));
    expect(q.slice(1, 4)).toEqual([
      ['2023-Q2', 'lapsed', 1, 0],
      ['2023-Q3', 'lost', 1, 0],
      ['2023-Q4', 'lost', 1, 0],
    ]);
  });

  it('a period limits the periods shown (history before it still counts) and sets the last one', async () => {
    const rows = await run({ period: { from: '2023-10-01', to: '2024-06-30' } });
    expect(nonZero(rows)).toEqual([
      ['2023-Q4', 'lost', 1, 0],
      ['2024-Q1', 'new', 2, 5500],
      ['2024-Q1', 'returned', 1, 700],
      ['2024-Q2', 'lapsed', 3, 0],
    ]);
  });

  it('transition matrix, and compileReport picks it with the view option', async () => {
    const s = spec({ analysis: 'dynamics', options: { view: 'transitions' } });
    const c = compileReport(s, catalog);
    expect(c.sql).toBe(compileDynamicsTransitions(s, catalog).sql);
    expect(await exec(engine, c)).toEqual([
      { from_status: null, to_status: 'new', clients: 3 },
      { from_status: 'new', to_status: 'lapsed', clients: 1 },
      { from_status: 'lapsed', to_status: 'lapsed', clients: 1 },
      { from_status: 'lapsed', to_status: 'lost', clients: 1 },
      { from_status: 'lost', to_status: 'returned', clients: 1 },
    ]);
    expect(compileReport(spec({ analysis: 'dynamics' }), catalog).sql).toBe(
      compileDynamics(spec({ analysis: 'dynamics' }), catalog).sql,
    );
  });

  it('a v1 spec asking for transitions with columns [to_status] reads as the view option', () => {
    const legacy = validateSpec({ analysis: 'dynamics', columns: [{ field: 'to_status' }] });
    const s = spec({ analysis: 'dynamics', options: { view: 'transitions' } });
    expect(legacy).toEqual(s);
    expect(compileReport(legacy, catalog).sql).toBe(compileDynamicsTransitions(s, catalog).sql);
  });
});

describe('generated mid-size CRM against the plain-JS reference', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    await loadMid(engine);
    catalog = buildCatalog(midModel());
  });
  const run = (s: Partial<SpecOf<'dynamics'>>) =>
    exec(engine, compileDynamics(spec({ analysis: 'dynamics', ...s }), catalog));
  const trans = (s: Partial<SpecOf<'dynamics'>>) =>
    exec(engine, compileDynamicsTransitions(spec({ analysis: 'dynamics', ...s }), catalog));

  it('by quarter with defaults, and by month with other thresholds', async () => {
    expectRows(await run({}), dynamicsRef(MID.deals, 'quarter', {}));
    const o = { lapseAfter: 3, regularAfter: 4 };
    expectRows(
      await run({ options: { grain: 'month', ...o } }),
      dynamicsRef(MID.deals, 'month', o),
    );
  });
  it('period, filter and split by manager', async () => {
    const period = { from: '2023-01-01', to: '2024-03-31' };
    const keep = (d: { amount: number | null }) => d.amount === null || d.amount >= 2000;
    const s = {
      period,
      rows: [{ field: 'manager' }],
      filters: [
        { field: 'amount', op: 'gte' as const, values: [2000] },
        { field: 'amount', op: 'not_null' as const },
      ],
    };
    const ref = dynamicsRef(MID.deals, 'quarter', {
      period,
      keep: (d) => d.amount !== null && keep(d),
      split: (d) => (d as MidDeal).manager,
    });
    expectRows(await run(s), withSplitKey(ref, 'manager'));
  });
  it('transitions', async () => {
    expectRows(await trans({}), transitionsRef(MID.deals, 'quarter', {}));
    const period = { from: '2023-07-01', to: '2024-12-31' };
    const o = { grain: 'month' as const, lapseAfter: 1, regularAfter: 2 };
    expectRows(
      await trans({ period, options: o, rows: [{ field: 'clients.type' }] }),
      withSplitKey(
        transitionsRef(MID.deals, 'month', {
          period,
          ...o,
          split: (d) => MID.clients.find((c) => c.client === d.client)?.type ?? null,
        }),
        'clients.type',
      ),
    );
  });
});
