/**
 * Drivers of change: hand-computed on the tiny CRM (revenue and win rate, year over year), then the
 * demo CRM against the plain-JS reference of ./drivers-reference.ts for additive and ratio
 * measures, every dimension and a pair: each dimension's contributions add up to the total change,
 * and mix + rate is each member's contribution.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../../src/crm/catalog.ts';
import { compileReport } from '../../../../src/crm/report.ts';
import { driverDrill, type DriverMember } from '../../../../src/crm/analyses/drivers/drivers.ts';
import { compileDrill } from '../../../../src/query/drill.ts';
import { loadDemo } from '../../../../src/demo/index.ts';
import { createNodeEngine } from '../../../../src/engine/node.ts';
import type { LazyEngine } from '../../../../src/engine/types.ts';
import type { Catalog } from '../../../../src/query/catalog.ts';
import type { Period, SpecBase } from '../../../../src/query/spec/spec.ts';
import { loadTiny } from '../../../fixtures/tiny-crm.ts';
import { loadMid } from '../../../fixtures/mid-crm.ts';
import { compile } from '../../../../src/query/compile.ts';
import { readData, type Data } from '../../presets-reference.ts';
import { exec, spec, type Row } from '../helpers.ts';
import { checkDrivers } from './drivers-check.ts';

let engine: LazyEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
});

const YEAR_2024: Period = { from: '2024-01-01', to: '2024-12-31' };

function drivers(catalog: Catalog, patch: Partial<SpecBase>) {
  return compileReport(
    spec({ analysis: 'drivers', period: YEAR_2024, compare: 'year', ...patch }),
    catalog,
  );
}

const pick = (rows: Row[], dimension: string) =>
  Object.fromEntries(
    rows.filter((r) => r.dimension === dimension).map((r) => [String(r.member), r]),
  );

describe('tiny CRM, 2024 against 2023', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = buildCatalog(await loadTiny(engine));
  });

  it('revenue by manager and source: each member its own change, the total row first', async () => {
    // Won 2024: d6 4000 Анна/Web, d8 1500 Bob/Web, d10 700 no manager/no source = 6200.
    // Won 2023: d1 1000 Анна/Web, d3 3000 Bob/Referral = 4000. Change +2200.
    const rows = await exec(engine, drivers(catalog, { measures: ['revenue'] }));
    expect(rows[0]).toMatchObject({
      dimension: null,
      revenue: 6200,
      revenue_previous: 4000,
      revenue_delta: 2200,
      revenue_growth: 0.55,
    });
    const bob = `O'Brien "Bob"`;
    const byManager = pick(rows, 'manager');
    expect(Object.keys(byManager).sort()).toEqual(['null', bob, 'Анна'].sort());
    expect(byManager['Анна']).toMatchObject({
      revenue: 4000,
      revenue_previous: 1000,
      revenue_delta: 3000,
      revenue_growth: 3,
    });
    expect(byManager[bob]).toMatchObject({ revenue_delta: -1500, revenue_growth: -0.5 });
    expect(byManager['null']).toMatchObject({
      member: null,
      revenue: 700,
      revenue_previous: 0,
      revenue_growth: null,
    });
    expect(byManager['Анна']!.share_of_change).toBeCloseTo(3000 / 2200, 12);
    const bySource = pick(rows, 'source');
    expect(bySource['Web']!.revenue_delta).toBe(4500);
    expect(bySource['Referral']!.revenue_delta).toBe(-3000);
    expect(bySource['null']!.revenue_delta).toBe(700);
    // Lost reasons only mark lost deals: every won deal is the empty member, one member that
    // explains nothing, so the dimension is left out.
    expect(Object.keys(pick(rows, 'lost_reason'))).toEqual([]);
    // Lookups are dimensions; ids, titles and the status are not.
    const dims = new Set(rows.map((r) => r.dimension));
    expect(dims).toContain('clients.region');
    expect(dims).toContain('managers.department');
    for (const no of ['id', 'title', 'status', 'amount', 'created_at'])
      expect(dims).not.toContain(no);
    // Ranked by the size of the change after the total.
    const sizes = rows.slice(1).map((r) => Math.abs(r.revenue_delta as number));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  it("lost deals' change reads a rise as the bad news; revenue's does not", () => {
    const turned = (m: string) =>
      drivers(catalog, { measures: [m], rows: [{ field: 'manager' }] })
        .columns.filter((c) => c.worseWhenMore)
        .map((c) => c.key);
    expect(turned('lost')).toEqual(['lost_delta', 'lost_growth']);
    expect(turned('revenue')).toEqual([]);
  });

  it('win rate by manager: mix and rate, adding up to the total change', async () => {
    // Closed 2024: Анна d6 won; Bob d7 lost, d8 won; none d10 won → 3/4. 2023: Анна d1 won,
    // d2 lost; Bob d3 won → 2/3. Bases 2024 ¼ ½ ¼, 2023 ⅔ ⅓ 0; R0 = ⅔.
    // Анна: mix (¼−⅔)(¾−⅔) = −5/144, rate (1−½)(⅔+¼)/2 = 11/48.
    // Bob: mix (½−⅓)(¾−⅔) = 1/72, rate (½−1)(⅓+½)/2 = −5/24.
    // none: new, so its rate is the same both times: mix ¼(1−⅔) = 1/12, rate 0.
    const rows = await exec(
      engine,
      drivers(catalog, { measures: ['win_rate'], rows: [{ field: 'manager' }] }),
    );
    expect(rows.map((r) => r.dimension)).toEqual([null, 'manager', 'manager', 'manager']);
    expect(rows[0]!.win_rate_delta).toBeCloseTo(3 / 4 - 2 / 3, 12);
    const m = pick(rows, 'manager');
    const bob = `O'Brien "Bob"`;
    expect(m['Анна']!.mix).toBeCloseTo(-5 / 144, 12);
    expect(m['Анна']!.rate).toBeCloseTo(11 / 48, 12);
    expect(m[bob]!.mix).toBeCloseTo(1 / 72, 12);
    expect(m[bob]!.rate).toBeCloseTo(-5 / 24, 12);
    expect(m['null']!.mix).toBeCloseTo(1 / 12, 12);
    expect(m['null']!.rate).toBe(0);
    expect(m['null']!.win_rate_previous).toBeNull();
    expect(m['Анна']!.win_rate_delta).toBeCloseTo(-5 / 144 + 11 / 48, 12);
    const sum = rows.slice(1).reduce((s, r) => s + (r.win_rate_delta as number), 0);
    expect(sum).toBeCloseTo(rows[0]!.win_rate_delta as number, 12);
  });

  it('a pair: each of the two, and their combinations', async () => {
    const rows = await exec(
      engine,
      drivers(catalog, {
        measures: ['won'],
        rows: [{ field: 'manager' }, { field: 'clients.region' }],
        limit: 3,
      }),
    );
    expect(rows.length).toBe(4); // the total and the top 3
    const all = await exec(
      engine,
      drivers(catalog, {
        measures: ['won'],
        rows: [{ field: 'manager' }, { field: 'clients.region' }],
      }),
    );
    const pair = all.filter((r) => r.dimension === 'manager × clients.region');
    // Won 2024: Анна/Юг (d6), Bob/North (d8, c3), none/North (d10, c1); 2023: Анна/North, Bob/North.
    const key = (r: Row) => `${String(r.member)}|${String(r.member_2)}`;
    expect(Object.fromEntries(pair.map((r) => [key(r), r.won_delta]))).toEqual({
      'Анна|Юг': 1,
      'Анна|North; DROP TABLE deals': -1,
      [`O'Brien "Bob"|North; DROP TABLE deals`]: 0,
      'null|North; DROP TABLE deals': 1,
    });
    expect(new Set(all.map((r) => r.dimension))).toEqual(
      new Set([null, 'manager', 'clients.region', 'manager × clients.region']),
    );
  });
});

describe('the deals behind a member (drill-down)', () => {
  it('lists as many won deals as the member counts, now and before, in every dimension and a pair', async () => {
    const catalog = buildCatalog(await loadTiny(engine));
    const base = spec({
      analysis: 'drivers',
      period: YEAR_2024,
      compare: 'year',
      measures: ['won'],
    });
    const count = async (at: DriverMember, previous: boolean) => {
      const d = driverDrill(base, catalog, at, previous);
      const q = compileDrill(d.spec, catalog, d.key, d.cell, { limit: 100, offset: 0, sort: [] });
      const rows = await exec(engine, { ...q, sql: q.sql });
      const n = Number((await engine.query(q.countSql)).getChild('n')!.get(0));
      expect(rows.length).toBe(n);
      return n;
    };
    const every = await exec(engine, compileReport(base, catalog));
    const pair = await exec(
      engine,
      compileReport(
        { ...base, rows: [{ field: 'source' }, { field: 'products.category' }] },
        catalog,
      ),
    );
    const members = [...every, ...pair].filter((r) => r.dimension !== null);
    expect(members.length).toBeGreaterThan(10);
    for (const r of members) {
      const at = r as unknown as DriverMember;
      const what = `${String(r.dimension)}=${String(r.member)}/${String(r.member_2)}`;
      expect(await count(at, false), what).toBe(r.won);
      expect(await count(at, true), what).toBe(r.won_previous);
    }
  });
});

describe('the same numbers as the pivot', () => {
  it.each(['pipeline', 'revenue', 'win_rate'])(
    '%s by manager and source: values and previous values equal the compared pivot (snapshots as of each period end)',
    async (m) => {
      const catalog = buildCatalog(await loadMid(engine));
      const period: Period = { from: '2024-04-01', to: '2024-06-30' };
      const base = { measures: [m], period, compare: 'previous' as const };
      const got = await exec(
        engine,
        compileReport(
          spec({ ...base, analysis: 'drivers', rows: [{ field: 'manager' }, { field: 'source' }] }),
          catalog,
        ),
      );
      expect(got.length).toBeGreaterThan(5);
      for (const field of ['manager', 'source']) {
        const pivot = await exec(
          engine,
          compile(spec({ ...base, rows: [{ field }], totals: false }), catalog),
        );
        const mine = got.filter((r) => r.dimension === field);
        expect(mine.length, field).toBe(
          pivot.filter((r) => (r[m] ?? 0) !== 0 || (r[`${m}_previous`] ?? 0) !== 0).length,
        );
        for (const r of mine) {
          const p = pivot.find((x) => x[field] === r.member)!;
          expect(r[m] ?? 0, `${field}=${String(r.member)}`).toBeCloseTo((p[m] as number) ?? 0, 9);
          expect(r[`${m}_previous`] ?? 0).toBeCloseTo((p[`${m}_previous`] as number) ?? 0, 9);
        }
      }
      const total = await exec(engine, compile(spec({ ...base, totals: false }), catalog));
      expect(got[0]![m]).toBeCloseTo(total[0]![m] as number, 9);
      expect(got[0]![`${m}_previous`]).toBeCloseTo(total[0]![`${m}_previous`] as number, 9);
    },
  );
});

describe('demo CRM against the plain-JS reference', () => {
  let catalog: Catalog;
  let data: Data;
  let demo: LazyEngine;
  beforeAll(async () => {
    demo = await createNodeEngine();
    const model = await loadDemo(demo, { deals: 3000 });
    catalog = buildCatalog(model);
    data = await readData(demo, model);
  }, 60_000);
  afterAll(async () => {
    await demo.close();
  });
  const Q: Period = { from: '2025-04-01', to: '2025-06-30' };

  it.each([
    ['revenue', 'previous'],
    ['won', 'year'],
    ['deals', 'previous'],
    ['win_rate', 'year'],
    ['avg_won', 'previous'],
  ] as const)('%s against the %s period, every dimension', async (m, compare) => {
    const rows = await checkDrivers(demo, catalog, data, m, Q, compare);
    expect(new Set(rows.map((r) => r.dimension)).size).toBeGreaterThan(4);
  });

  it('win rate by a pair', async () => {
    await checkDrivers(demo, catalog, data, 'win_rate', Q, 'previous', ['manager', 'source']);
  });
});
