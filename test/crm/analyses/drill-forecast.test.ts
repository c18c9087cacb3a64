/**
 * Drill-down into the forecast: the deals behind each number add up to it — the listed chances to
 * the expected won deals, the listed expected revenue to the expected revenue, the won deals
 * listed to the actuals (count and amount) — for the slices of a past as-of date, a split's
 * members and its total, and a backtest's rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../src/crm/catalog.ts';
import {
  analysisDrillable,
  compileAnalysisDrill,
  type AnalysisCell,
} from '../../../src/crm/analyses/drill.ts';
import { compileReport } from '../../../src/crm/report.ts';
import { loadDemo } from '../../../src/demo/index.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { LazyEngine } from '../../../src/engine/types.ts';
import type { Catalog } from '../../../src/query/catalog.ts';
import {
  defaultSpec,
  type ForecastOptions,
  type ReportSpec,
} from '../../../src/query/spec/spec.ts';
import { rowsOf, type Row } from '../../query/helpers.ts';

let engine: LazyEngine;
let catalog: Catalog;
beforeAll(async () => {
  engine = await createNodeEngine();
  catalog = buildCatalog(await loadDemo(engine, { deals: 3000 }));
}, 120_000);
afterAll(async () => {
  await engine.close();
});

const forecast = (options: ForecastOptions, patch: Partial<ReportSpec> = {}) =>
  ({ ...defaultSpec(), ...patch, analysis: 'forecast', options }) as ReportSpec;

async function list(s: ReportSpec, key: string, cell: AnalysisCell) {
  const q = compileAnalysisDrill(s, catalog, key, cell, { limit: 100_000, offset: 0, sort: [] });
  const rows = rowsOf(await engine.query(q.sql));
  const [count] = rowsOf(await engine.query(q.countSql));
  expect(Number(count!.n)).toBe(rows.length);
  return rows;
}

const sum = (rows: Row[], key: string) => rows.reduce((a, r) => a + Number(r[key] ?? 0), 0);
const close = (a: number, b: number) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));

/** Every drillable number of every row equals what its list adds up to. */
async function expectListsAddUp(s: ReportSpec, rows: Row[]) {
  let nonEmpty = 0;
  for (const row of rows) {
    const cell = row as AnalysisCell;
    const expected = await list(s, 'expected_won', cell);
    close(sum(expected, 'probability'), Number(row.expected_won));
    const revenue = await list(s, 'expected_revenue', cell);
    close(sum(revenue, 'expected_revenue'), Number(row.expected_revenue));
    expect(expected.every((r) => Number(r.probability) > 0 && Number(r.probability) <= 1)).toBe(
      true,
    );
    const won = await list(s, 'actual_won', cell);
    expect(won.length).toBe(Number(row.actual_won));
    const wonRevenue = await list(s, 'actual_revenue', cell);
    close(sum(wonRevenue, 'amount'), Number(row.actual_revenue));
    if (won.length && expected.length) nonEmpty++;
  }
  expect(nonEmpty).toBeGreaterThan(0);
}

describe('forecast drill-down', () => {
  it('each slice of a past as-of date: the open deals with their chance, the deals won', async () => {
    const s = forecast({ asOf: '2024-06-30', horizon: '3m' });
    const rows = rowsOf(await engine.query(compileReport(s, catalog).sql));
    expect(rows).toHaveLength(3);
    for (const key of ['expected_won', 'expected_revenue', 'actual_won', 'actual_revenue'])
      expect(analysisDrillable(s, key)).toBe(true);
    expect(analysisDrillable(s, 'low')).toBe(false);
    await expectListsAddUp(s, rows);
  });

  it('split by manager: a member lists its own deals, the total row everyone’s', async () => {
    const s = forecast(
      { asOf: '2024-06-30', horizon: '2m' },
      { rows: [{ field: 'manager' }], totals: true },
    );
    const rows = rowsOf(await engine.query(compileReport(s, catalog).sql));
    const total = rows.filter((r) => r._grouping === 1);
    const leaves = rows.filter((r) => r._grouping === 0).slice(0, 4);
    expect(total).toHaveLength(2);
    await expectListsAddUp(s, [...total, ...leaves]);
  });

  it('a backtest row lists its whole horizon as of its date', async () => {
    const s = forecast({ horizon: '2m', backtest: true });
    const rows = rowsOf(await engine.query(compileReport(s, catalog).sql));
    await expectListsAddUp(s, rows.slice(-2));
  });

  it('the deal list (topDeals) is not drilled: it is the deals', () => {
    expect(analysisDrillable(forecast({ topDeals: 5 }), 'expected_revenue')).toBe(false);
  });
});
