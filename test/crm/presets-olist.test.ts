/**
 * Every preset on the Olist marketing funnel (8,000 leads loaded as deals, 842 closed deals marking
 * them won, sellers as clients) against an independent computation: pivot presets against the
 * plain-JS report of ./presets-reference.ts, analyses against ./analyses/reference.ts. The rows are
 * read from DuckDB once with `SELECT *`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/crm/catalog.ts';
import type { DatasetModel } from '../../src/crm/model.ts';
import {
  PRESET_IDS,
  presetLacks,
  resolvePreset,
  type PresetContext,
  type PresetId,
} from '../../src/crm/presets.ts';
import { compileReport } from '../../src/crm/report.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { LazyEngine } from '../../src/engine/types.ts';
import { importFiles } from '../../src/ingest/index.ts';
import { defaultSpec, type Period, type ReportSpec } from '../../src/query/spec/spec.ts';
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
import { OLIST_DIR } from '../fixtures/olist-dir.ts';
import { english } from '../../src/lib/message.ts';

const DIR = OLIST_DIR;
const FILES = [
  'olist_marketing_qualified_leads_dataset.csv',
  'olist_closed_deals_dataset.csv',
  'olist_sellers_dataset.csv',
].map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(DIR, name))) }));

let engine: LazyEngine;
let model: DatasetModel;
let data: Data;
beforeAll(async () => {
  engine = await createNodeEngine();
  ({ model } = await importFiles(engine, FILES));
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
  { from: '2018-01-01', to: '2018-03-31' },
  { from: '2017-11-15', to: '2018-05-10' },
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

describe('Olist: pivot presets equal the plain-JS report', () => {
  it('what the presets keep on Olist (no amount, stages, lost reasons or activities)', () => {
    expect(
      PRESET_IDS.filter((id) => resolvePreset(id, ctx(null)).spec.analysis === 'pivot'),
    ).toEqual(PIVOTS);
    const r = (id: PresetId) => resolvePreset(id, ctx(null));
    // No lead is ever lost: win rate would read 100%, so presets show conversion in its place.
    expect(r('by-source').spec.measures).toEqual(['deals', 'won', 'conversion']);
    expect(r('managers').spec.measures).toEqual(['won', 'lost', 'conversion', 'cycle_days']);
    expect(r('custom-field').spec.rows).toEqual([{ field: 'landing_page_id' }]);
    expect(r('compare').spec).toMatchObject({
      compare: 'year',
      period: { from: '2018-01-01', to: model.maxDate },
      // No revenue: the fastest growth first is the won deals' growth, not the most won.
      sort: [{ key: 'won_growth', dir: 'desc' }],
    });
    // What Olist cannot answer at all is offered as not in this data, not opened as zeros.
    const lacks = Object.fromEntries(
      PRESET_IDS.map((id) => [id, presetLacks(id, ctx(null).catalog)]).filter(([, l]) => l!.length),
    );
    expect(lacks).toEqual({
      'lost-reasons': ['lost_reason', 'lost_deals'],
      'by-stage': ['stage'],
      funnel: ['stage_order'],
      pipeline: ['amount'],
      'won-size': ['amount'],
      activities: ['activities'],
    });
    // LTV reads no measure: its preset drops none to report (its own note names the columns it
    // left out; the help banner said "left out: Revenue" over that note), while a pivot's are.
    expect(r('ltv').dropped).toEqual([]);
    expect(r('managers').dropped).toEqual(['revenue', 'avg_won', 'median_won', 'activities']);
    // The data: 8,000 leads, 842 of them won.
    expect(data.deals.length).toBe(8000);
    expect(data.deals.filter((d) => d.status === 'won').length).toBe(842);
  });

  it('conversion by origin equals the dataset reference; win rate carries the no-lost note', async () => {
    const ref = JSON.parse(readFileSync(join(DIR, 'reference.json'), 'utf8')) as {
      overall_conversion_rate: number;
      by_origin: Record<string, { conversion_rate: number }>;
    };
    const catalog = buildCatalog(model);
    expect(catalog.hasLost).toBe(false);
    const compiled = compileReport(
      { ...defaultSpec(), rows: [{ field: 'source' }], measures: ['conversion', 'win_rate'] },
      catalog,
    );
    expect(compiled.notes.map((n) => n.code)).toContain('note_winRateNoLost');
    const rows = await runSql(engine, compiled);
    const total = rows.find((r) => r._grouping !== 0)!;
    expect(total.conversion).toBeCloseTo(ref.overall_conversion_rate, 12);
    const byOrigin = Object.fromEntries(
      rows
        .filter((r) => r._grouping === 0)
        .map((r) => [r.source ?? '(blank)', r.conversion as number]),
    );
    expect(Object.keys(byOrigin).sort()).toEqual(Object.keys(ref.by_origin).sort());
    for (const [origin, v] of Object.entries(ref.by_origin))
      expect(byOrigin[origin], origin).toBeCloseTo(v.conversion_rate, 12);
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

  it('compare with the previous period equals the reference', async () => {
    for (const period of [
      { from: '2018-01-01', to: '2018-03-31' },
      { from: '2018-02-10', to: '2018-04-20' },
    ]) {
      const { spec } = resolvePreset('compare', ctx(period));
      await checkPivot(
        { ...spec, compare: 'previous' },
        `compare previous ${JSON.stringify(period)}`,
      );
    }
  });
});

describe('Olist: analysis presets equal the analyses reference', () => {
  const compiled = (id: PresetId, period: Period | null) => {
    const { spec } = resolvePreset(id, ctx(period));
    return compileReport({ ...spec, totals: false }, buildCatalog(model));
  };
  const run = (id: PresetId, period: Period | null) => runSql(engine, compiled(id, period));

  it('funnel: no stage order in Olist, so the documented error (or the reference when stages exist)', async () => {
    if (data.stages.length === 0) {
      expect(() => compiled('funnel', null)).toThrow(/no stages/);
      return;
    }
    for (const period of PERIODS) {
      const { pipeline, steps, lastIsWon } = funnelSteps(data);
      const pipelines = new Set(data.stages.map((s) => s.pipeline));
      const deals = analysisDeals(data).map((d) =>
        d.pipeline === null && pipelines.size === 1 ? { ...d, pipeline } : d,
      );
      const want = funnelRef(deals, analysisHistory(data), steps, lastIsWon, { pipeline, period });
      expectNoProblems(compareRows(await run('funnel', period), want), 'funnel');
    }
  });

  it.each(PERIODS)('ltv, period %j', async (period) => {
    // No deal amounts: revenue, average deal and M are left out (not 0 for every client), the
    // clients are ranked by purchases, then the latest; the rest equals the reference.
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const want = ltvRef(analysisDeals(data), { period })
      .map(({ split: _, revenue: _r, avg_deal: _a, m_score: _m, ...r }) => r)
      .sort(
        (a, b) =>
          (b.won_deals as number) - (a.won_deals as number) ||
          cmp(String(b.last_purchase), String(a.last_purchase)) ||
          cmp(String(a.client), String(b.client)),
      );
    expect(want.length).toBeGreaterThan(0);
    const got = await run('ltv', period);
    expect(Object.keys(got[0]!)).toEqual(['client', ...Object.keys(want[0]!).slice(1)]);
    expectNoProblems(compareRows(got, want), 'ltv');
    expect(compiled('ltv', period).notes).toContainEqual(
      expect.objectContaining({ code: 'note_leftOutThen' }),
    );
  });

  it.each(PERIODS)('cohorts (month), period %j', async (period) => {
    // No deal amounts: the revenue columns are left out (not 0 in every cohort) and a note
    // says so; the rest equals the reference.
    const want = cohortRef(analysisDeals(data), 'month', { period }).map(
      ({ revenue: _r, cumulative_revenue_per_client: _c, ...r }) => r,
    );
    expect(want.length).toBeGreaterThan(0);
    const got = await run('cohorts', period);
    expect(Object.keys(got[0]!)).toEqual(Object.keys(want[0]!));
    expectNoProblems(compareRows(got, want), 'cohorts');
    const notes = compiled('cohorts', period).notes.map(english);
    expect(notes).toContain(
      'Not in this data, so left out: revenue, cumulative_revenue_per_client (needs deal amounts)',
    );
  });

  it.each(PERIODS)('dynamics (quarter), period %j', async (period) => {
    const want = dynamicsRef(analysisDeals(data), 'quarter', { period });
    expect(want.length).toBeGreaterThan(0);
    expectNoProblems(compareRows(await run('dynamics', period), want), 'dynamics');
  });
});
