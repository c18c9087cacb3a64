/**
 * Drill-down into the analyses: the list behind a number has exactly as many rows as the number
 * says (and its values add up to a revenue cell) — on the hand-made tiny CRM, where the deals and
 * clients are also named by hand, and on the demo CRM for many cells of each analysis, including
 * the last funnel step and empty cohort cells.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../src/crm/catalog.ts';
import {
  analysisDrillable,
  compileAnalysisDrill,
  type AnalysisCell,
} from '../../../src/crm/analyses/drill.ts';
import type { DatasetModel } from '../../../src/crm/model.ts';
import { analysisListsRows, captionSkips } from '../../../src/crm/analyses/drill-rows.ts';
import { compileReport } from '../../../src/crm/report.ts';
import { loadDemo } from '../../../src/demo/index.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { LazyEngine } from '../../../src/engine/types.ts';
import type { Catalog } from '../../../src/query/catalog.ts';
import { CompileError } from '../../../src/query/resolve.ts';
import type { ReportSpec } from '../../../src/query/spec/spec.ts';
import { loadTinyWithHistory } from '../../fixtures/tiny-history.ts';
import { queryCompiled, rowsOf, type Row } from '../../query/helpers.ts';
import type { CompiledQuery } from '../../../src/query/compiled.ts';
import { spec } from './helpers.ts';

let engine: LazyEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
});

async function query(q: string | Pick<CompiledQuery, 'sql' | 'prepare'>): Promise<Row[]> {
  const c = typeof q === 'string' ? { sql: q } : q;
  try {
    return rowsOf(await queryCompiled(engine, c));
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n--- sql ---\n${c.sql}`);
  }
}

const result = (s: ReportSpec, catalog: Catalog) => query(compileReport(s, catalog));

/** The whole list behind `key` of `cell`, and its count query's answer. */
async function drill(s: ReportSpec, catalog: Catalog, key: string, cell: AnalysisCell) {
  const q = compileAnalysisDrill(s, catalog, key, cell, { limit: 100_000, offset: 0, sort: [] });
  const rows = await query(q.sql);
  const [count] = await query(q.countSql);
  expect(Number(count!['n'])).toBe(rows.length);
  return { rows, q };
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const sum = (rows: Row[], key: string) => rows.reduce((a, r) => a + num(r[key]), 0);

/**
 * Every drillable number of these result rows equals its list: a count, or a revenue sum; and it
 * is a link (`analysisListsRows`) exactly when its list holds rows.
 */
async function expectCellsAddUp(s: ReportSpec, catalog: Catalog, rows: Row[], all = rows) {
  let checked = 0;
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!analysisDrillable(s, key) || row[key] === null) continue;
      const { rows: listed } = await drill(s, catalog, key, row as AnalysisCell);
      expect(
        analysisListsRows(s, key, (k) => row[k]),
        `link of ${key} of ${JSON.stringify(row)}`,
      ).toBe(listed.length > 0);
      if (key === 'revenue' && s.analysis !== 'ltv') {
        expect(sum(listed, 'revenue')).toBeCloseTo(num(row[key]), 6);
      } else if (s.analysis === 'ltv') {
        if (key === 'won_deals') expect(listed.length).toBe(num(row[key]));
        if (key === 'revenue') expect(sum(listed, 'amount')).toBeCloseTo(num(row[key]), 6);
        if (key === 'segment') {
          const same = all.filter((r) => r['segment'] === row['segment']);
          expect(listed.length).toBe(same.length);
        }
      } else {
        expect(listed.length, `${key} of ${JSON.stringify(row)}`).toBe(num(row[key]));
      }
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(0);
}

const ids = (rows: Row[]) => rows.map((r) => r['id']).sort();
const clients = (rows: Row[]) => rows.map((r) => r['client']).sort();

describe('tiny CRM, hand-computed', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    const model: DatasetModel = await loadTinyWithHistory(engine);
    catalog = buildCatalog(model);
  });

  it('funnel: the deals that reached a step and those lost there', async () => {
    const s = spec({ analysis: 'funnel' });
    const rows = await result(s, catalog);
    await expectCellsAddUp(s, catalog, rows);
    const at = (pos: number) => ({ position: pos });
    // As in funnel.test.ts: Proposal reached by d1 d2 d3 d4 d6 d8 d9 d10; Lead lost d7, Proposal d2.
    expect(ids((await drill(s, catalog, 'reached', at(2))).rows)).toEqual([
      'd1',
      'd10',
      'd2',
      'd3',
      'd4',
      'd6',
      'd8',
      'd9',
    ]);
    expect(ids((await drill(s, catalog, 'dropped', at(1))).rows)).toEqual(['d7']);
    expect(ids((await drill(s, catalog, 'dropped', at(2))).rows)).toEqual(['d2']);
    // The last step: the won deals.
    const last = rows.length;
    expect(ids((await drill(s, catalog, 'reached', at(last))).rows)).toEqual([
      'd1',
      'd10',
      'd3',
      'd6',
      'd8',
    ]);
    // Its "dropped" is empty in the table and lists nothing.
    expect(() =>
      compileAnalysisDrill(s, catalog, 'dropped', at(last), { limit: 1, offset: 0, sort: [] }),
    ).toThrow(CompileError);
  });

  it('a compared funnel: an earlier cell lists the earlier period’s deals', async () => {
    const s = spec({
      analysis: 'funnel',
      period: { from: '2024-01-01', to: '2024-03-31' },
      compare: 'year',
    });
    const rows = await result(s, catalog);
    const at = (pos: number) => ({ position: pos });
    // Q1 2023 (created): d1 d2 d3; d2 was lost at Proposal. Q1 2024: d6 d7 d8 d9.
    expect(analysisDrillable(s, 'reached_previous')).toBe(true);
    expect(analysisDrillable(s, 'reached_delta')).toBe(false);
    expect(analysisDrillable({ ...s, compare: null }, 'reached_previous')).toBe(false);
    const before = await drill(s, catalog, 'reached_previous', at(1));
    expect(ids(before.rows)).toEqual(['d1', 'd2', 'd3']);
    expect(before.q.previous).toBe(true);
    expect(ids((await drill(s, catalog, 'dropped_previous', at(2))).rows)).toEqual(['d2']);
    expect(ids((await drill(s, catalog, 'reached', at(1))).rows)).toEqual(['d6', 'd7', 'd8', 'd9']);
    expect(rows.map((r) => r['reached_previous'])).toEqual([3, 3, 2]);
  });

  it('cohorts: the clients of a cohort and of a period, an empty cell lists none', async () => {
    const s = spec({ analysis: 'cohort', options: { grain: 'month' } });
    const rows = await result(s, catalog);
    await expectCellsAddUp(s, catalog, rows);
    // c1 first bought in 2023-02 (d1, d3), again in 2024-01 (d10): period 11; nothing in 1…10.
    const feb = rows.filter((r) => r['cohort'] === '2023-02');
    const cell = (k: number) => feb.find((r) => num(r['period_index']) === k)! as AnalysisCell;
    expect(clients((await drill(s, catalog, 'cohort_size', cell(0))).rows)).toEqual(['c1']);
    const first = await drill(s, catalog, 'active_clients', cell(0));
    expect(first.rows).toEqual([{ client: 'c1', period: '2023-02', revenue: 4000 }]);
    expect(cell(5)['active_clients']).toBe(0);
    expect((await drill(s, catalog, 'active_clients', cell(5))).rows).toEqual([]);
    expect((await drill(s, catalog, 'active_clients', cell(11))).rows).toEqual([
      { client: 'c1', period: '2024-01', revenue: 700 },
    ]);
  });

  it('LTV: a client row lists its won deals; a segment lists its clients', async () => {
    const s = spec({ analysis: 'ltv' });
    const rows = await result(s, catalog);
    await expectCellsAddUp(s, catalog, rows);
    const c1 = rows.find((r) => r['client'] === 'c1')! as AnalysisCell;
    expect(ids((await drill(s, catalog, 'won_deals', c1)).rows)).toEqual(['d1', 'd10', 'd3']);
  });

  it('LTV: a segment’s list is not the row’s client’s, so its caption does not name the client', async () => {
    // The caption read "Segment · Sapphire Service JSC" over the 188 clients of Champions.
    const s = spec({ analysis: 'ltv' });
    const rows = await result(s, catalog);
    const c1 = rows.find((r) => r['client'] === 'c1')! as AnalysisCell;
    const listed = (await drill(s, catalog, 'segment', c1)).rows.map((r) => r['client']);
    const same = rows.filter((r) => r['segment'] === c1['segment']).map((r) => r['client']);
    expect(listed.sort()).toEqual(same.sort());
    expect(captionSkips(s, 'segment')).toEqual(['client']);
    // A client's own revenue and purchases are the client's: named.
    expect(captionSkips(s, 'revenue')).toEqual([]);
    expect(captionSkips(s, 'won_deals')).toEqual([]);
  });

  it('a caption leaves out what does not narrow the list: a funnel step’s number, a cohort’s period for its size', () => {
    // "Reached · Lead · 1" and "Cohort size · Jan 2025 · 3": a bare number after the names.
    const funnel = spec({ analysis: 'funnel' });
    for (const key of ['reached', 'dropped', 'reached_previous', 'dropped_previous'])
      expect(captionSkips(funnel, key)).toEqual(['position']);
    const cohort = spec({ analysis: 'cohort' });
    expect(captionSkips(cohort, 'cohort_size')).toEqual(['period_index']);
    expect(captionSkips(cohort, 'cohort_size_previous')).toEqual(['period_index']);
    // The clients active in a period, and their revenue, are that period's: it stays.
    expect(captionSkips(cohort, 'active_clients')).toEqual([]);
    expect(captionSkips(cohort, 'revenue')).toEqual([]);
  });

  it('LTV compared: a client’s earlier revenue lists the earlier period’s deals; Δ lists none', async () => {
    // 2024 against 2023: c1 bought d10 in 2024, d1 and d3 in 2023.
    const s = spec({
      analysis: 'ltv',
      period: { from: '2024-01-01', to: '2024-12-31' },
      compare: 'year',
    });
    const c1 = (await result(s, catalog)).find((r) => r['client'] === 'c1')! as AnalysisCell;
    expect(ids((await drill(s, catalog, 'revenue', c1)).rows)).toEqual(['d10']);
    expect(ids((await drill(s, catalog, 'revenue_previous', c1)).rows)).toEqual(['d1', 'd3']);
    expect(ids((await drill(s, catalog, 'won_deals_previous', c1)).rows)).toEqual(['d1', 'd3']);
    expect(analysisDrillable(s, 'revenue_delta')).toBe(false);
    expect(analysisDrillable(s, 'revenue_growth')).toBe(false);
  });

  it('compared LTV and funnel: a value of 0 with nothing behind it is no link', async () => {
    // 2025 against 2024: every client bought in 2024 only, so each reads revenue 0 now (lapsed).
    const lapsed = spec({
      analysis: 'ltv',
      period: { from: '2025-01-01', to: '2025-12-31' },
      compare: 'year',
    });
    const rows = await result(lapsed, catalog);
    const c1 = rows.find((r) => r['client'] === 'c1')!;
    expect([c1['revenue'], c1['won_deals'], c1['revenue_previous']]).toEqual([0, 0, 700]);
    expect(analysisListsRows(lapsed, 'revenue', (k) => c1[k])).toBe(false);
    expect(analysisListsRows(lapsed, 'revenue_previous', (k) => c1[k])).toBe(true);
    await expectCellsAddUp(lapsed, catalog, rows);
    // 2024 against 2023: c2 and c3 are new, their earlier revenue 0 lists nothing.
    const year = { ...lapsed, period: { from: '2024-01-01', to: '2024-12-31' } };
    await expectCellsAddUp(year, catalog, await result(year, catalog));
    const funnel = spec({
      analysis: 'funnel',
      period: { from: '2024-01-01', to: '2024-03-31' },
      compare: 'year',
    });
    const steps = await result(funnel, catalog);
    expect(steps.some((r) => r['dropped'] === 0 || r['dropped_previous'] === 0)).toBe(true);
    await expectCellsAddUp(funnel, catalog, steps);
  });

  it('dynamics: clients by status and period; client periods of a transition', async () => {
    const s = spec({ analysis: 'dynamics', options: { grain: 'quarter' } });
    const rows = await result(s, catalog);
    await expectCellsAddUp(s, catalog, rows);
    // c1 bought in 2023-Q1 and 2024-Q1; c2, c3 first in 2024-Q1. Lapse after 2 quarters.
    const byStatus = async (period: string, status: string) =>
      clients((await drill(s, catalog, 'clients', { period, status })).rows);
    expect(await byStatus('2023-Q3', 'lapsed')).toEqual(['c1']);
    expect(await byStatus('2023-Q4', 'lost')).toEqual(['c1']);
    expect(await byStatus('2024-Q1', 'new')).toEqual(['c2', 'c3']);
    expect(await byStatus('2024-Q1', 'returned')).toEqual(['c1']);
    expect(await byStatus('2023-Q2', 'new')).toEqual([]);

    const t = spec({ analysis: 'dynamics', options: { grain: 'quarter', view: 'transitions' } });
    const pairs = await result(t, catalog);
    await expectCellsAddUp(t, catalog, pairs);
    const tr = async (from_status: string | null, to_status: string) =>
      (await drill(t, catalog, 'clients', { from_status, to_status })).rows;
    expect(await tr(null, 'new')).toEqual([
      { client: 'c1', period: '2023-Q1' },
      { client: 'c2', period: '2024-Q1' },
      { client: 'c3', period: '2024-Q1' },
    ]);
    expect(await tr('lapsed', 'lost')).toEqual([{ client: 'c1', period: '2023-Q4' }]);
    expect(await tr('lost', 'returned')).toEqual([{ client: 'c1', period: '2024-Q1' }]);
  });

  it('compared dynamics: the earlier period’s clients behind clients_previous', async () => {
    const period = { from: '2024-01-01', to: '2024-03-31' };
    const year = spec({
      analysis: 'dynamics',
      options: { grain: 'quarter' },
      period,
      compare: 'year',
    });
    await expectCellsAddUp(year, catalog, await result(year, catalog));
    const earlier = async (s: ReportSpec, status: string) =>
      clients((await drill(s, catalog, 'clients_previous', { period: '2024-Q1', status })).rows);
    // 2023-Q1: c1 new. 2023-Q4 (the previous quarter): c1 lost.
    expect(await earlier(year, 'new')).toEqual(['c1']);
    expect(await earlier(year, 'lost')).toEqual([]);
    const previous = { ...year, compare: 'previous' as const };
    expect(await earlier(previous, 'lost')).toEqual(['c1']);
    expect(await earlier(previous, 'new')).toEqual([]);
    expect(analysisDrillable({ ...year, compare: null }, 'clients_previous')).toBe(false);
  });

  it('a compared transition matrix: the earlier range’s client periods behind clients_previous', async () => {
    // 2023-Q4 – 2024-Q1 against the six months before (2023-Q2 – Q3): c1 went new → lapsed in
    // 2023-Q2 and lapsed → lapsed in Q3; now lapsed → lost, lost → returned, and c2, c3 new.
    const matrix = spec({
      analysis: 'dynamics',
      options: { grain: 'quarter', view: 'transitions' },
      period: { from: '2023-10-01', to: '2024-03-31' },
      compare: 'previous',
    });
    const rows = await result(matrix, catalog);
    await expectCellsAddUp(matrix, catalog, rows);
    const earlier = async (from_status: string | null, to_status: string) =>
      (await drill(matrix, catalog, 'clients_previous', { from_status, to_status })).rows;
    expect(await earlier('new', 'lapsed')).toEqual([{ client: 'c1', period: '2023-Q2' }]);
    expect(await earlier('lapsed', 'lapsed')).toEqual([{ client: 'c1', period: '2023-Q3' }]);
    // Not in the earlier range: no link, nothing listed.
    expect(await earlier('lost', 'returned')).toEqual([]);
    const pair = rows.find((r) => r['from_status'] === 'lost')!;
    expect(analysisListsRows(matrix, 'clients_previous', (k) => pair[k])).toBe(false);
    expect(analysisListsRows(matrix, 'clients', (k) => pair[k])).toBe(true);
  });
});

describe('demo CRM', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = buildCatalog(await loadDemo(engine, { deals: 1500 }));
  });

  /** A spread of rows: the first, the last, and some between. */
  const sample = (rows: Row[], n = 8) =>
    rows.filter(
      (_, i) => i === rows.length - 1 || i % Math.max(1, Math.floor(rows.length / n)) === 0,
    );

  it('funnel, also split by manager: every step, the last included', async () => {
    const s = spec({ analysis: 'funnel' });
    await expectCellsAddUp(s, catalog, await result(s, catalog));
    const byManager = spec({ analysis: 'funnel', rows: [{ field: 'manager' }] });
    await expectCellsAddUp(byManager, catalog, sample(await result(byManager, catalog), 12));
  });

  it('cohorts: sizes, active clients and revenue, empty cells included', async () => {
    const s = spec({ analysis: 'cohort', options: { grain: 'quarter' } });
    const rows = await result(s, catalog);
    const empty = rows.filter((r) => num(r['active_clients']) === 0).slice(0, 2);
    expect(empty.length).toBeGreaterThan(0);
    await expectCellsAddUp(s, catalog, [...sample(rows), ...empty]);
  });

  it('LTV: client rows and segments', async () => {
    const s = spec({ analysis: 'ltv' });
    const rows = await result(s, catalog);
    await expectCellsAddUp(s, catalog, sample(rows, 6), rows);
  });

  it('dynamics: statuses and transitions', async () => {
    const s = spec({ analysis: 'dynamics', options: { grain: 'quarter' } });
    await expectCellsAddUp(s, catalog, sample(await result(s, catalog), 14));
    const t = spec({ analysis: 'dynamics', options: { grain: 'quarter', view: 'transitions' } });
    await expectCellsAddUp(t, catalog, await result(t, catalog));
    // Compared, a period's clients still list that period's clients.
    const c = spec({
      analysis: 'dynamics',
      options: { grain: 'quarter' },
      period: { from: '2025-01-01', to: '2025-06-30' },
      compare: 'year',
    });
    await expectCellsAddUp(c, catalog, await result(c, catalog));
    // A compared matrix: each pair's earlier client periods, the earlier range's runs cut at its end.
    const m = { ...c, options: { grain: 'quarter' as const, view: 'transitions' as const } };
    await expectCellsAddUp(m, catalog, await result(m, catalog));
  });
});
