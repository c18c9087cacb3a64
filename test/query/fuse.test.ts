/**
 * Groups of one fact fused into one scan when no period is chosen (`fuseGroups` in plan.ts): the
 * same rows as one pass per group, over random specs on two fixtures, on DuckDB and on chdb.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildCatalog } from '../../src/crm/catalog.ts';
import type { DatasetModel } from '../../src/crm/model.ts';
import { chdbAvailable, createChdbEngine } from '../../src/engine/chdb.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine, LazyEngine } from '../../src/engine/types.ts';
import type { Catalog } from '../../src/query/catalog.ts';
import { compile } from '../../src/query/compile.ts';
import { inDialect, type Dialect } from '../../src/query/sql/dialect.ts';
import { withSettings } from '../../src/query/sql/print.ts';
import {
  GRAINS,
  dimensionKey,
  type Dimension,
  type Filter,
  type ReportSpec,
  type Scalar,
} from '../../src/query/spec/spec.ts';
import { sameRows } from '../engine/compare.ts';
import { loadMid } from '../fixtures/mid-crm.ts';
import { TINY_MODEL, loadTiny } from '../fixtures/tiny-crm.ts';
import { rowsOf, spec, type Row } from './helpers.ts';

const RUNS = {
  numRuns: Number(process.env.RUNS ?? 40),
  seed: Number(process.env.SEED ?? 20261204),
  endOnFailure: true,
} as const;

const tinyCatalog = buildCatalog(TINY_MODEL);
const scans = (sql: string) => (sql.match(/"g\d+" AS \(/g) ?? []).length;

async function rowsIn(
  engine: Engine,
  dialect: Dialect,
  catalog: Catalog,
  s: ReportSpec,
  fuse: boolean,
): Promise<{ rows: Row[]; sql: string }> {
  const sql = inDialect(dialect, () => withSettings(compile(s, catalog, { fuse }).sql));
  try {
    return { rows: rowsOf(await engine.query(sql)), sql };
  } catch (e) {
    throw new Error(`${String(e)}\n--- spec ---\n${JSON.stringify(s)}\n--- sql ---\n${sql}`);
  }
}

// ---- random specs without a period --------------------------------------------------------------

/**
 * Specs without a period over a catalog's own fields and measures, mixing dates per measure.
 * `other`: whether top N may merge the rest into "Other" (not on ClickHouse yet: the nested
 * statement it ranks with repeats CTE names, which ClickHouse does not scope).
 */
function specArb(catalog: Catalog, other = true): fc.Arbitrary<ReportSpec> {
  const of = (t: string) => catalog.fields.filter((f) => f.type === t).map((f) => f.id);
  const grain = fc.constantFrom(...GRAINS);
  const dim: fc.Arbitrary<Dimension> = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...of('text')).map((field) => ({ field })) },
    { weight: 1, arbitrary: fc.constantFrom(...of('number')).map((field) => ({ field })) },
    {
      weight: 2,
      arbitrary: fc.record({ field: fc.constantFrom(...of('date')), grain }),
    },
    // A `period` dimension keeps one pass per group: still the same rows.
    { weight: 1, arbitrary: fc.record({ field: fc.constant('period'), grain }) },
  );
  const values: Scalar[] = ['won', 'lost', 'open', 'Web', 'Referral', 'Анна', null];
  const filter: fc.Arbitrary<Filter> = fc.oneof(
    fc.record({
      field: fc.constantFrom('status', 'source', 'manager'),
      op: fc.constantFrom('in', 'not_in', 'eq', 'is_null', 'not_null') as fc.Arbitrary<
        Filter['op']
      >,
      values: fc.array(fc.constantFrom(...values), { minLength: 1, maxLength: 2 }),
    }),
    fc.record({
      field: fc.constantFrom('amount'),
      op: fc.constantFrom('gt', 'lt', 'is_null') as fc.Arbitrary<Filter['op']>,
      values: fc.array(fc.constantFrom(0, 900, 2000, 50_000), { minLength: 1, maxLength: 1 }),
    }),
    fc.record({
      field: fc.constantFrom('period', 'created_at', 'closed_at'),
      op: fc.constantFrom('between', 'is_null', 'not_null') as fc.Arbitrary<Filter['op']>,
      values: fc.constantFrom<Scalar[]>(['2023-01-01', '2023-12-31'], ['2024-01-01', '2024-06-30']),
    }),
  );
  const measures = [
    ...catalog.measures.map((m) => m.id),
    'sum:amount',
    'median:amount',
    'count_distinct:source',
  ];
  return fc
    .record({
      rows: fc.uniqueArray(dim, { maxLength: 2, selector: dimensionKey }),
      columns: fc.array(dim, { maxLength: 1 }),
      // Deals (created) with measures by close date: the fused case, most of the time.
      measures: fc.uniqueArray(fc.constantFrom(...measures), { minLength: 1, maxLength: 4 }),
      withDeals: fc.boolean(),
      filters: fc.array(filter, { maxLength: 2 }),
      totals: fc.boolean(),
      limit: fc.option(fc.integer({ min: 1, max: 3 }), { freq: 3 }),
      limitOther: fc.boolean(),
      date: fc.constantFrom('auto', 'auto', 'auto', 'created_at', 'closed_at'),
    })
    .map((r) => {
      const columns = r.columns.filter(
        (c) => !r.rows.some((d) => dimensionKey(d) === dimensionKey(c)),
      );
      const keys = [...r.rows, ...columns].map((d) => dimensionKey(d).toLowerCase());
      const picked = [...new Set([...(r.withDeals ? ['deals'] : []), ...r.measures])].filter(
        (m) => !keys.includes(m.toLowerCase()),
      );
      return spec({
        rows: r.rows,
        columns,
        measures: picked.length ? picked : ['deals', 'won'],
        filters: r.filters,
        totals: r.totals,
        limit: r.limit,
        limitOther: other && r.limitOther,
        date: r.date,
      });
    });
}

/** Fused and unfused give the same rows; returns how many specs were fused. */
async function checkFusion(
  engine: Engine,
  dialect: Dialect,
  catalog: Catalog,
  numRuns = RUNS.numRuns,
): Promise<number> {
  let fused = 0;
  await fc.assert(
    fc.asyncProperty(specArb(catalog, dialect === 'duckdb'), async (s) => {
      const b = await rowsIn(engine, dialect, catalog, s, false).catch((e: unknown) => e as Error);
      // ClickHouse refuses some specs in any form (GROUPING of a dimension a fact cannot reach):
      // the fused query must then be refused too, and there are no rows to compare.
      if (b instanceof Error && dialect === 'clickhouse') {
        await expect(rowsIn(engine, dialect, catalog, s, true)).rejects.toThrow(/Code: \d+/);
        return;
      }
      if (b instanceof Error) throw b;
      const a = await rowsIn(engine, dialect, catalog, s, true);
      if (scans(a.sql) < scans(b.sql)) fused++;
      const diff = sameRows(a.rows, b.rows);
      expect(diff, `${diff}\n${JSON.stringify(s)}\n--- fused ---\n${a.sql}`).toBeNull();
    }),
    { ...RUNS, numRuns },
  );
  return fused;
}

// ---- DuckDB -------------------------------------------------------------------------------------

describe('fused groups on DuckDB', () => {
  let engine: LazyEngine;
  let midEngine: LazyEngine;
  let midCatalog: Catalog;
  beforeAll(async () => {
    engine = await createNodeEngine();
    await loadTiny(engine);
    midEngine = await createNodeEngine();
    const model: DatasetModel = await loadMid(midEngine);
    midCatalog = buildCatalog(model);
  });
  afterAll(async () => {
    await engine.close();
    await midEngine.close();
  });

  it('deals by creation date and won, revenue, win rate by close date: one scan, without a merge', () => {
    const s = spec({
      rows: [{ field: 'source' }],
      measures: ['deals', 'won', 'revenue', 'win_rate'],
    });
    const fused = compile(s, tinyCatalog).sql;
    expect(scans(fused)).toBe(1);
    expect(fused).not.toContain('UNION ALL');
    expect(scans(compile(s, tinyCatalog, { fuse: false }).sql)).toBe(2);
    // A period puts each measure in its own date's period: separate passes.
    expect(
      scans(compile({ ...s, period: { from: '2024-01-01', to: '2024-12-31' } }, tinyCatalog).sql),
    ).toBe(2);
  });

  it('a group with no row for a key leaves its measures empty there, as separate passes do', async () => {
    // Open deals only: nothing is closed, so the close-date group has no row for any source; its
    // grand total is still there (an aggregate over no rows), with no paying client.
    const s = spec({
      rows: [{ field: 'source' }],
      measures: ['deals', 'buyers', 'median_won', 'win_rate'],
      filters: [{ field: 'status', op: 'eq', values: ['open'] }],
    });
    const { rows, sql } = await rowsIn(engine, 'duckdb', tinyCatalog, s, true);
    expect(scans(sql)).toBe(1);
    const want = [
      {
        source: 'Referral',
        _grouping: 0,
        deals: 1,
        buyers: null,
        median_won: null,
        win_rate: null,
      },
      { source: 'Web', _grouping: 0, deals: 1, buyers: null, median_won: null, win_rate: null },
      { source: null, _grouping: 0, deals: 1, buyers: null, median_won: null, win_rate: null },
      { source: null, _grouping: 1, deals: 3, buyers: 0, median_won: null, win_rate: null },
    ];
    expect(sameRows(rows, want)).toBeNull();
    expect(sameRows((await rowsIn(engine, 'duckdb', tinyCatalog, s, false)).rows, want)).toBeNull();
  });

  it('random specs without a period: the same rows fused as in one pass per group (tiny CRM)', async () => {
    const fused = await checkFusion(engine, 'duckdb', tinyCatalog);
    // Most specs mix dates with no period: the property is about fused queries.
    expect(fused).toBeGreaterThan(RUNS.numRuns / 4);
  });

  it('random specs without a period: the same rows fused as in one pass per group (mid CRM)', async () => {
    const fused = await checkFusion(midEngine, 'duckdb', midCatalog);
    expect(fused).toBeGreaterThan(RUNS.numRuns / 4);
  });
});

// ---- chdb ---------------------------------------------------------------------------------------

describe.skipIf(!chdbAvailable())('fused groups on chdb (ClickHouse)', () => {
  let engine: LazyEngine;
  beforeAll(async () => {
    engine = createChdbEngine();
    await loadTiny(engine);
  });
  afterAll(async () => {
    await engine.close();
  });

  it('random specs without a period: the same rows fused as in one pass per group', async () => {
    const fused = await checkFusion(engine, 'clickhouse', tinyCatalog, 25);
    expect(fused).toBeGreaterThan(25 / 4);
  });
});
