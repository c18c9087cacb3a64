/**
 * Every preset on the demo data (3,000 deals) against an independent computation: the pivot presets
 * against the plain-JS report of ./presets-reference.ts (every row, subtotal and measure; compare's
 * previous period, deltas, growth and ranks), the analyses (funnel, LTV, cohorts, dynamics) against
 * ./analyses/reference.ts. The rows are read from DuckDB once with `SELECT *`; nothing else of the
 * answer comes from SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/crm/catalog.ts';
import type { DatasetModel } from '../../src/crm/model.ts';
import {
  PRESET_IDS,
  resolvePreset,
  type PresetContext,
  type PresetId,
} from '../../src/crm/presets.ts';
import { compileReport } from '../../src/crm/report.ts';
import { loadDemo } from '../../src/demo/index.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { LazyEngine } from '../../src/engine/types.ts';
import type { Period, ReportSpec } from '../../src/query/spec/spec.ts';
import { cohortRef, dynamicsRef, funnelRef, ltvRef } from './analyses/reference.ts';
import {
  analysisDeals,
  analysisHistory,
  compareRows,
  comparePivot,
  expectNoProblems,
  funnelSteps,
  pivotReference,
  readData,
  runSql,
  type Data,
} from './presets-reference.ts';

let engine: LazyEngine;
let model: DatasetModel;
let data: Data;
beforeAll(async () => {
  engine = await createNodeEngine();
  model = await loadDemo(engine, { deals: 3000 });
  data = await readData(engine, model);
}, 60_000);
afterAll(async () => {
  await engine.close();
});

const ctx = (period: Period | null): PresetContext => ({
  catalog: buildCatalog(model),
  model,
  period,
});
const PERIODS: (Period | null)[] = [
  null,
  { from: '2024-01-01', to: '2024-06-30' },
  { from: '2024-02-10', to: '2025-05-20' },
];
const PIVOTS: PresetId[] = [
  'by-source',
  'lost-reasons',
  'by-stage',
  'managers',
  'clients',
  'custom-field',
  'pipeline',
  'won-size',
  'activities',
  'compare',
  'pivot',
];

async function checkPivot(spec: ReportSpec, what: string) {
  const c = ctx(spec.period);
  const got = await runSql(engine, compileReport(spec, c.catalog));
  expect(got.length, what).toBeGreaterThan(0);
  expectNoProblems(comparePivot(got, spec, pivotReference(data, spec)), what);
}

describe('demo: pivot presets equal the plain-JS report', () => {
  it('the pivot presets are the expected ones, with nothing dropped', () => {
    expect(
      PRESET_IDS.filter((id) => resolvePreset(id, ctx(null)).spec.analysis === 'pivot'),
    ).toEqual(PIVOTS);
    for (const id of PRESET_IDS) expect(resolvePreset(id, ctx(null)).dropped, id).toEqual([]);
  });

  it.each(PIVOTS)('%s, totals on and off, no period and two periods', async (id: PresetId) => {
    for (const period of PERIODS) {
      const { spec } = resolvePreset(id, ctx(period));
      for (const totals of [true, false])
        await checkPivot(
          { ...spec, totals },
          `${id} ${JSON.stringify(spec.period)} totals=${totals}`,
        );
    }
  });

  it('compare with the previous period (whole months and a day range) equals the reference', async () => {
    for (const period of [
      { from: '2024-04-01', to: '2024-06-30' },
      { from: '2024-02-10', to: '2024-05-20' },
      { from: '2024-03-01', to: '2024-03-31' },
    ]) {
      const { spec } = resolvePreset('compare', ctx(period));
      await checkPivot(
        { ...spec, compare: 'previous' },
        `compare previous ${JSON.stringify(period)}`,
      );
    }
  });
});

describe('demo: the check itself is not vacuous', () => {
  it('a changed value, a missing row, a wrong order and a wrong comparison period are caught', async () => {
    const { spec } = resolvePreset('by-source', ctx(PERIODS[1]!));
    const got = await runSql(engine, compileReport(spec, ctx(spec.period).catalog));
    const ref = pivotReference(data, spec);
    expect(comparePivot(got, spec, ref)).toEqual([]);
    expect(got.length).toBeGreaterThan(5);
    const bumped = got.map((r, i) => (i === 2 ? { ...r, won: (r.won as number) + 1 } : r));
    expect(comparePivot(bumped, spec, ref).join()).toMatch(/won: got/);
    expect(comparePivot(got.slice(1), spec, ref).join()).toMatch(/missing row/);
    expect(comparePivot([...got].reverse(), spec, ref).join()).toMatch(/order by revenue/);
    const year = resolvePreset('compare', ctx(PERIODS[1]!)).spec;
    const cmp = await runSql(engine, compileReport(year, ctx(year.period).catalog));
    expect(comparePivot(cmp, year, pivotReference(data, year))).toEqual([]);
    const wrong = pivotReference(data, { ...year, compare: 'previous' });
    expect(comparePivot(cmp, year, wrong).join()).toMatch(/revenue_previous: got/);
  });
});

describe('demo: analysis presets equal the analyses reference', () => {
  const run = async (id: PresetId, period: Period | null) => {
    const { spec } = resolvePreset(id, ctx(period));
    return runSql(engine, compileReport({ ...spec, totals: false }, buildCatalog(model)));
  };

  it.each(PERIODS)('funnel, period %j', async (period) => {
    const { pipeline, steps, lastIsWon } = funnelSteps(data);
    const pipelines = new Set(data.stages.map((s) => s.pipeline));
    const deals = analysisDeals(data).map((d) =>
      d.pipeline === null && pipelines.size === 1 ? { ...d, pipeline } : d,
    );
    const want = funnelRef(deals, analysisHistory(data), steps, lastIsWon, { pipeline, period });
    expectNoProblems(compareRows(await run('funnel', period), want), 'funnel');
  });

  it.each(PERIODS)('ltv, period %j', async (period) => {
    const want = ltvRef(analysisDeals(data), { period }).map(({ split: _, ...r }) => r);
    expectNoProblems(compareRows(await run('ltv', period), want), 'ltv');
  });

  it.each(PERIODS)('cohorts (month), period %j', async (period) => {
    const want = cohortRef(analysisDeals(data), 'month', { period });
    expectNoProblems(compareRows(await run('cohorts', period), want), 'cohorts');
  });

  it.each(PERIODS)('dynamics (quarter), period %j', async (period) => {
    const want = dynamicsRef(analysisDeals(data), 'quarter', { period });
    expectNoProblems(compareRows(await run('dynamics', period), want), 'dynamics');
  });
});
