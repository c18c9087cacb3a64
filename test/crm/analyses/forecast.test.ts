/**
 * The forecast against a separately written survival estimate in plain JS (from the definition in
 * docs/metrics.md, not from the SQL), on the demo: expected won deals and revenue per slice, the
 * actuals of a past as-of date, the range and the backtest's rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../src/crm/catalog.ts';
import { compileReport } from '../../../src/crm/report.ts';
import { compileAnalysisDrill, type AnalysisCell } from '../../../src/crm/analyses/drill.ts';
import {
  SLICE_DAYS,
  BACKTEST_RUNS,
  parseHorizon,
} from '../../../src/crm/analyses/forecast/forecast.ts';
import { loadDemo } from '../../../src/demo/index.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { LazyEngine } from '../../../src/engine/types.ts';
import type { Catalog } from '../../../src/query/catalog.ts';
import type { ForecastOptions, ReportSpec } from '../../../src/query/spec/spec.ts';
import { defaultSpec } from '../../../src/query/spec/spec.ts';
import { rowsOf, type Row } from '../../query/helpers.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFiles } from '../../../src/ingest/index.ts';
import { OLIST_DIR } from '../../fixtures/olist-dir.ts';

interface Deal {
  id: string;
  status: string;
  stage: string | null;
  amount: number | null;
  c0: number;
  c1: number | null;
  /** The close as a timestamp in ms, to tell the closing stage entry from the others. */
  closedMs: number | null;
  manager: string | null;
  /** Stage entries, from stage_history (empty without one). */
  entries: { stage: string; ms: number }[];
}
interface Data {
  deals: Deal[];
  history: boolean;
}

const DAY = 86_400_000;
const dayNum = (s: string) => Date.parse(`${s}T00:00:00Z`) / DAY;
const MIN_CLOSED = 30;

let engine: LazyEngine;
let catalog: Catalog;
let demo: Data;
let deals: Deal[];
let lastDay: number;
let olist: { engine: LazyEngine; catalog: Catalog; data: Data; deals: Deal[]; lastDay: number };

async function readDeals(engine: LazyEngine): Promise<Data> {
  const rows = rowsOf(
    await engine.query(
      `SELECT CAST(id AS VARCHAR) AS id, status, CAST(stage AS VARCHAR) AS stage, CAST(amount AS DOUBLE) AS amount,
        strftime(CAST(created_at AS DATE), '%Y-%m-%d') AS c0,
        strftime(CAST(closed_at AS DATE), '%Y-%m-%d') AS c1,
        epoch_ms(CAST(closed_at AS TIMESTAMP)) AS cms, manager FROM deals WHERE created_at IS NOT NULL`,
    ),
  );
  const tables = rowsOf(
    await engine.query(
      `SELECT table_name FROM information_schema.tables WHERE table_name = 'stage_history'`,
    ),
  );
  const history = tables.length > 0;
  const byId = new Map<string, Deal>();
  const ds = rows.map((r) => {
    const d: Deal = {
      id: r.id as string,
      status: r.status as string,
      stage: r.stage as string | null,
      amount: r.amount as number | null,
      c0: dayNum(r.c0 as string),
      c1: r.c1 == null ? null : dayNum(r.c1 as string),
      closedMs: r.cms == null ? null : Number(r.cms),
      manager: r.manager as string | null,
      entries: [],
    };
    byId.set(d.id, d);
    return d;
  });
  if (history) {
    const hs = rowsOf(
      await engine.query(
        `SELECT CAST(deal_id AS VARCHAR) AS id, CAST(stage AS VARCHAR) AS stage, epoch_ms(CAST(entered_at AS TIMESTAMP)) AS ms
         FROM stage_history WHERE entered_at IS NOT NULL AND stage IS NOT NULL`,
      ),
    );
    for (const h of hs)
      byId.get(h.id as string)?.entries.push({ stage: h.stage as string, ms: Number(h.ms) });
  }
  return { deals: ds, history };
}
const lastOf = (ds: Deal[]) => Math.max(...ds.map((d) => Math.max(d.c0, d.c1 ?? d.c0)));

beforeAll(async () => {
  engine = await createNodeEngine();
  catalog = buildCatalog(await loadDemo(engine, { deals: 3000 }));
  demo = await readDeals(engine);
  deals = demo.deals;
  lastDay = lastOf(deals);
  // Olist: 8,000 leads as deals, the 842 closed deals marking them won, no lost deals.
  const oe = await createNodeEngine();
  const files = OLIST_FILES.map((name) => ({
    name,
    bytes: new Uint8Array(readFileSync(join(OLIST_DIR, name))),
  }));
  const { model } = await importFiles(oe, files);
  const od = await readDeals(oe);
  olist = {
    engine: oe,
    catalog: buildCatalog(model),
    data: od,
    deals: od.deals,
    lastDay: lastOf(od.deals),
  };
}, 120_000);
afterAll(async () => {
  await engine.close();
  await olist.engine.close();
});

const OLIST_FILES = [
  'olist_marketing_qualified_leads_dataset.csv',
  'olist_closed_deals_dataset.csv',
  'olist_sellers_dataset.csv',
];

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

interface Obs {
  ev: string | null;
  k: number;
}
/** Kaplan–Meier with two competing closes over age slices: s[j] still open at j, hw[j] win hazard. */
function km(obs: Obs[]) {
  const K = Math.max(...obs.map((x) => x.k));
  const s: number[] = [1];
  const hw: number[] = [];
  for (let j = 0; j <= K; j++) {
    let n = 0;
    let w = 0;
    let l = 0;
    for (const x of obs) {
      if (x.ev !== null ? x.k >= j : x.k > j) n++;
      if (x.k === j && x.ev === 'won') w++;
      if (x.k === j && x.ev === 'lost') l++;
    }
    hw.push(n > 0 ? w / n : 0);
    s.push(n > 0 ? s[j]! * (1 - (w + l) / n) : s[j]!);
  }
  /** The chance a deal at age slice k is won in the h-th slice from now. */
  return (k: number, h: number) => {
    const j = k + h - 1;
    return j <= K && s[k]! > 0 ? (s[j]! / s[k]!) * hw[j]! : 0;
  };
}

interface OpenDeal {
  d: Deal;
  stage: string | null;
  /** Days in the current stage at t, null when unknown. */
  ageInStage: number | null;
  amount: number;
  /** p[h-1]: the chance it is won in slice h. */
  p: number[];
}

/**
 * The estimate from its definition: the pooled curve from creation; per stage, the time from
 * entering it to the close, for stages with MIN_CLOSED closed deals; each open deal read off its
 * current stage's curve at its age there, else the pooled one at its age.
 */
function reference(data: Data, t: number, L: number, H: number) {
  const all = data.deals;
  const closedBy = (d: Deal) => (d.status === 'won' || d.status === 'lost') && d.c1! <= t;
  const slice = (from: number, to: number) => Math.max(0, Math.floor((to - from) / L));
  const known = all.filter(
    (d) => d.c0 <= t && !((d.status === 'won' || d.status === 'lost') && d.c1 === null),
  );
  const seen = known.map((d) => {
    const ev = closedBy(d) ? d.status : null;
    const end = ev ? d.c1! : t;
    const episodes = d.entries
      .filter((x) => Math.floor(x.ms / DAY) <= t)
      .filter((x) => !((d.status === 'won' || d.status === 'lost') && x.ms >= d.closedMs!))
      .map((x) => ({ stage: x.stage, ms: x.ms, ev, k: slice(Math.floor(x.ms / DAY), end) }));
    return { d, ev, k: slice(d.c0, end), episodes };
  });
  const pooled = km(seen);
  const byStage = new Map<string, Obs[]>();
  for (const x of seen)
    for (const e of x.episodes) byStage.set(e.stage, [...(byStage.get(e.stage) ?? []), e]);
  const curves = new Map(
    [...byStage]
      .filter(([, obs]) => obs.filter((o) => o.ev !== null).length >= MIN_CLOSED)
      .map(([g, obs]) => [g, km(obs)]),
  );
  const typical = median(
    seen.filter((x) => x.ev === 'won' && x.d.amount !== null).map((x) => x.d.amount!),
  );
  const slices = Array.from({ length: H }, () => ({
    won: 0,
    revenue: 0,
    actualWon: 0,
    actualRevenue: 0,
    n: 0,
  }));
  const open: OpenDeal[] = [];
  for (const x of seen.filter((y) => y.ev === null)) {
    const amount = x.d.amount ?? typical ?? 0;
    const cur = [...x.episodes].sort((a, b) => b.ms - a.ms || (a.stage < b.stage ? 1 : -1))[0];
    const curve = cur ? curves.get(cur.stage) : undefined;
    const od: OpenDeal = {
      d: x.d,
      // With a history the stage is the one at t; without, the deal's stage now.
      stage: cur ? cur.stage : data.history ? null : x.d.stage,
      ageInStage: cur ? t - Math.floor(cur.ms / DAY) : null,
      amount,
      p: [],
    };
    for (let h = 1; h <= H; h++) {
      const p = curve && cur ? curve(cur.k, h) : pooled(x.k, h);
      od.p.push(p);
      const sl = slices[h - 1]!;
      sl.n++;
      sl.won += p;
      sl.revenue += p * amount;
      if (x.d.status === 'won' && x.d.c1! > t && Math.ceil((x.d.c1! - t) / L) === h) {
        sl.actualWon++;
        sl.actualRevenue += x.d.amount ?? 0;
      }
    }
    open.push(od);
  }
  const closed = seen.filter((x) => x.ev !== null);
  const rate = closed.filter((x) => x.ev === 'won').length / closed.length;
  return {
    slices,
    open: open.length,
    deals: open,
    stageCurves: curves.size,
    baselineWon: open.length * rate,
    baselineRevenue: open.reduce((a, x) => a + x.amount, 0) * rate,
  };
}

async function run(
  options: ForecastOptions,
  patch: Partial<ReportSpec> = {},
  on: { engine: LazyEngine; catalog: Catalog } = { engine, catalog },
): Promise<Row[]> {
  const spec = { ...defaultSpec(), ...patch, analysis: 'forecast', options } as ReportSpec;
  return rowsOf(await on.engine.query(compileReport(spec, on.catalog).sql));
}

const close = (a: number, b: number) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));

describe('forecast', () => {
  for (const [asOf, horizon] of [
    [null, '3m'],
    ['2024-06-30', '3m'],
    ['2025-03-15', '12w'],
  ] as const) {
    it(`as of ${asOf ?? 'the data end'}, ${horizon}: each slice equals the plain-JS estimate`, async () => {
      const h = parseHorizon(horizon)!;
      const L = SLICE_DAYS[h.unit];
      const t = asOf ? dayNum(asOf) : lastDay;
      const ref = reference(demo, t, L, h.slices);
      const rows = await run({ ...(asOf ? { asOf } : {}), horizon });
      expect(rows).toHaveLength(h.slices);
      expect(ref.slices[0]!.won).toBeGreaterThan(0); // not vacuous: the demo has winnable deals
      expect(ref.stageCurves).toBeGreaterThan(3); // and the open deals are read off stage curves
      rows.forEach((r, i) => {
        const sl = ref.slices[i]!;
        expect(r.open_deals).toBe(sl.n);
        close(r.expected_won as number, sl.won);
        close(r.expected_revenue as number, sl.revenue);
        expect(r.low as number).toBeLessThanOrEqual(r.expected_revenue as number);
        expect(r.high as number).toBeGreaterThanOrEqual(r.expected_revenue as number);
        if (asOf) {
          expect(r.actual_won).toBe(sl.actualWon);
          close(r.actual_revenue as number, sl.actualRevenue);
        } else expect(r).not.toHaveProperty('actual_won');
      });
      // Slices follow each other: the first starts the day after the as-of date.
      const first = new Date((t + 1) * DAY).toISOString().slice(0, 10);
      expect(rows[0]!.period).toBe(first);
    });
  }

  it('split by manager: the slices of every manager add up to the total row', async () => {
    const rows = await run({ asOf: '2024-06-30', horizon: '2m' }, { rows: [{ field: 'manager' }] });
    const totals = rows.filter((r) => r._grouping === 1);
    const leaves = rows.filter((r) => r._grouping === 0);
    expect(totals).toHaveLength(2);
    expect(new Set(leaves.map((r) => r.manager)).size).toBeGreaterThan(1);
    for (const tot of totals) {
      const sum = leaves
        .filter((r) => r.period === tot.period)
        .reduce((a, r) => a + (r.expected_won as number), 0);
      close(sum, tot.expected_won as number);
    }
    const ref = reference(demo, dayNum('2024-06-30'), SLICE_DAYS.m, 2);
    close(totals[0]!.expected_won as number, ref.slices[0]!.won);
  });

  it('backtest: each as-of date equals the plain-JS forecast over the horizon and its baseline', async () => {
    const rows = await run({ horizon: '3m', backtest: true });
    expect(rows).toHaveLength(BACKTEST_RUNS);
    const span = Math.round(3 * SLICE_DAYS.m);
    let errM = 0;
    let errB = 0;
    rows.forEach((r, i) => {
      const t = lastDay - (BACKTEST_RUNS - i) * span;
      expect(r.as_of).toBe(new Date(t * DAY).toISOString().slice(0, 10));
      const ref = reference(demo, t, SLICE_DAYS.m, 3);
      const won = ref.slices.reduce((a, s) => a + s.won, 0);
      const actual = ref.slices.reduce((a, s) => a + s.actualWon, 0);
      close(r.expected_won as number, won);
      expect(r.actual_won).toBe(actual);
      close(r.baseline_won as number, ref.baselineWon);
      close(r.baseline_revenue as number, ref.baselineRevenue);
      errM += Math.abs(won - actual);
      errB += Math.abs(ref.baselineWon - actual);
    });
    close(rows[0]!.mae_won as number, errM / BACKTEST_RUNS);
    close(rows[0]!.baseline_mae_won as number, errB / BACKTEST_RUNS);
  });

  it('Olist (won leads, no lost ones): a past as-of date and the backtest equal the plain-JS estimate', async () => {
    const t = dayNum('2018-03-31');
    const ref = reference(olist.data, t, SLICE_DAYS.m, 3);
    const rows = await run({ asOf: '2018-03-31', horizon: '3m' }, {}, olist);
    expect(ref.slices[0]!.won).toBeGreaterThan(0);
    // Olist keeps no stage history: every open lead is read off the pooled curve from creation.
    expect(olist.data.history).toBe(false);
    expect(ref.stageCurves).toBe(0);
    rows.forEach((r, i) => {
      close(r.expected_won as number, ref.slices[i]!.won);
      expect(r.actual_won).toBe(ref.slices[i]!.actualWon);
    });
    // No deal amounts: the money columns are left out (they would all read 0), and a note says so.
    const money = ['expected_revenue', 'low', 'high', 'actual_revenue'];
    expect(Object.keys(rows[0]!).filter((k) => money.includes(k))).toEqual([]);
    expect(Object.keys(rows[0]!)).toContain('won_high');
    const spec = { ...defaultSpec(), analysis: 'forecast', options: { asOf: '2018-03-31' } };
    const notes = compileReport(spec as ReportSpec, olist.catalog).notes;
    expect(notes.map((n) => n.code)).toContain('note_leftOutThen');
    // The deals behind an expected number: their chances add up to it, and no revenue of 0 each.
    const drill = compileAnalysisDrill(
      spec as ReportSpec,
      olist.catalog,
      'expected_won',
      rows[0]! as AnalysisCell,
      {
        limit: 100_000,
        offset: 0,
        sort: [],
      },
    );
    const listed = rowsOf(await olist.engine.query(drill.sql));
    close(
      listed.reduce((a, r) => a + Number(r.probability), 0),
      rows[0]!.expected_won as number,
    );
    expect(Object.keys(listed[0]!)).toContain('probability');
    expect(Object.keys(listed[0]!)).not.toContain('expected_revenue');
    const bt = await run({ horizon: '3m', backtest: true }, {}, olist);
    expect(Object.keys(bt[0]!).filter((k) => k.includes('revenue'))).toEqual([]);
    const span = Math.round(3 * SLICE_DAYS.m);
    for (const [i, r] of bt.entries()) {
      const tt = olist.lastDay - (BACKTEST_RUNS - (BACKTEST_RUNS - bt.length) - i) * span;
      const b = reference(olist.data, tt, SLICE_DAYS.m, 3);
      close(
        r.expected_won as number,
        b.slices.reduce((a, x) => a + x.won, 0),
      );
      expect(r.actual_won).toBe(b.slices.reduce((a, x) => a + x.actualWon, 0));
    }
  });

  for (const [name, on, asOf, data] of [
    ['demo', null, '2024-06-30', () => demo],
    ['demo', null, null, () => demo],
    ['Olist', 'olist', '2018-03-31', () => olist.data],
  ] as const) {
    it(`top deals (${name}, as of ${asOf ?? 'the data end'}): ranked by chance × amount, as the plain-JS estimate`, async () => {
      const where = on ? olist : { engine, catalog };
      const t = asOf ? dayNum(asOf) : on ? olist.lastDay : lastDay;
      const ref = reference(data(), t, SLICE_DAYS.m, 3);
      const rows = await run({ ...(asOf ? { asOf } : {}), horizon: '3m', topDeals: 12 }, {}, where);
      const expected = ref.deals
        .map((x) => {
          const probability = x.p.reduce((a, b) => a + b, 0);
          return { x, probability, revenue: probability * x.amount };
        })
        .sort(
          (a, b) =>
            b.revenue - a.revenue ||
            b.probability - a.probability ||
            (a.x.d.id < b.x.d.id ? -1 : 1),
        );
      const total = ref.slices.reduce((a, sl) => a + sl.revenue, 0);
      expect(rows).toHaveLength(12);
      // Olist leads carry no amount: there the ranking falls to the chance alone.
      expect(expected[0]![name === 'demo' ? 'revenue' : 'probability']).toBeGreaterThan(0);
      if (name === 'Olist') {
        // No amounts, titles, stages or stage history: those columns are left out, not empty.
        for (const r of rows) expect(Object.keys(r)).toEqual(['deal', 'manager', 'probability']);
        rows.forEach((r, i) => {
          expect(r.deal).toBe(expected[i]!.x.d.id);
          expect(r.manager).toBe(expected[i]!.x.d.manager);
          close(r.probability as number, expected[i]!.probability);
        });
        return;
      }
      rows.forEach((r, i) => {
        const e = expected[i]!;
        expect(r.deal).toBe(e.x.d.id);
        expect(r.stage).toBe(e.x.stage);
        expect(r.days_in_stage).toBe(e.x.ageInStage);
        expect(r.manager).toBe(e.x.d.manager);
        close(r.amount as number, e.x.amount);
        close(r.probability as number, e.probability);
        close(r.expected_revenue as number, e.revenue);
        if (total > 0) close(r.share_of_expected as number, e.revenue / total);
        else expect(r.share_of_expected).toBeNull();
      });
      if (name === 'demo') expect(rows.some((r) => r.days_in_stage !== null)).toBe(true);
    });
  }

  it('a horizon outside 1–36 months or weeks is refused by the spec checks', async () => {
    const { validateSpec } = await import('../../../src/query/spec/validate.ts');
    const base = { ...defaultSpec(), analysis: 'forecast' };
    expect(() => validateSpec({ ...base, options: { horizon: '40m' } })).toThrow();
    expect(() => validateSpec({ ...base, options: { horizon: '3y' } })).toThrow();
    expect(() => validateSpec({ ...base, options: { asOf: '2024-02-30' } })).toThrow();
    expect(() => validateSpec({ ...base, options: { topDeals: 0 } })).toThrow();
    expect(() => validateSpec({ ...base, options: { topDeals: 2.5 } })).toThrow();
    expect(() => validateSpec({ ...defaultSpec(), options: { topDeals: 5 } })).toThrow();
    expect(validateSpec({ ...base, options: { horizon: '12w' } }).options).toEqual({
      horizon: '12w',
    });
  });
});
