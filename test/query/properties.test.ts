/**
 * Property tests over random specs on the tiny catalog (fast-check, seeded, bounded runs):
 * every valid spec compiles to SQL DuckDB runs; additive grand totals are sums of leaves; a
 * comparison's previous equals the plain report of the previous period; filter order is irrelevant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { LazyEngine } from '../../src/engine/types.ts';
import { buildCatalog } from '../../src/crm/catalog.ts';
import type { Catalog } from '../../src/query/catalog.ts';
import { comparisonPeriod } from '../../src/query/period/period.ts';
import { resolveMeasure } from '../../src/query/resolve.ts';
import {
  GRAINS,
  dimensionKey,
  type Dimension,
  type Filter,
  type ReportSpec,
  type Scalar,
} from '../../src/query/spec/spec.ts';
import { TINY_MODEL, loadTiny } from '../fixtures/tiny-crm.ts';
import { run, spec, type Row } from './helpers.ts';

const RUNS = {
  numRuns: Number(process.env.RUNS ?? 40),
  seed: Number(process.env.SEED ?? 20240601),
  endOnFailure: true,
} as const;
const catalog: Catalog = buildCatalog(TINY_MODEL);

let engine: LazyEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await loadTiny(engine);
});
afterAll(async () => {
  await engine.close();
});

// ---- arbitraries --------------------------------------------------------------------------------

const TEXT = [
  'manager',
  'source',
  'status',
  'stage',
  'client',
  'clients.region',
  'products.category',
  'managers.department',
  'region "note"',
  'activities.type',
];
const NUMBER = ['amount', 'clients.headcount'];
const DATE = ['created_at', 'closed_at', 'activities.at'];
const grain = fc.constantFrom(...GRAINS);

const plainDim: fc.Arbitrary<Dimension> = fc.oneof(
  fc.constantFrom(...TEXT).map((field) => ({ field })),
  fc.constantFrom(...NUMBER).map((field) => ({ field })),
  fc.record({
    field: fc.constantFrom(...NUMBER),
    bins: fc
      .uniqueArray(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 3 })
      .map((b) => b.sort((x, y) => x - y)),
  }),
);
const dateDim: fc.Arbitrary<Dimension> = fc.record({
  field: fc.constantFrom('period', ...DATE),
  grain,
});
const anyDim = fc.oneof({ weight: 3, arbitrary: plainDim }, { weight: 2, arbitrary: dateDim });

const MEASURES = [
  ...catalog.measures.map((m) => m.id),
  'sum:amount',
  'avg:clients.headcount',
  'count_distinct:source',
  'median:amount',
  'min:clients.headcount',
  'max:amount',
  'count_distinct:activities.type',
];
const ADDITIVE = MEASURES.filter((m) => resolveMeasure(catalog, m).additive);

const TEXT_VALUES: Scalar[] = [
  'Web',
  'Referral',
  'won',
  'open',
  'Анна',
  `O'Brien "Bob"`,
  'North; DROP TABLE deals',
  'Юг',
  'Licences',
  'call',
  'north',
  'c1',
  '%',
  '_',
  "'",
  null,
];
const isoDay = fc
  .integer({ min: 0, max: 800 })
  .map((n) => new Date(Date.UTC(2022, 11, 1) + n * 86_400_000).toISOString().slice(0, 10));
const filterArb: fc.Arbitrary<Filter> = fc.oneof(
  fc.record({
    field: fc.constantFrom(...TEXT),
    op: fc.constantFrom(
      'in',
      'not_in',
      'eq',
      'neq',
      'contains',
      'is_null',
      'not_null',
    ) as fc.Arbitrary<Filter['op']>,
    values: fc
      .array(fc.constantFrom(...TEXT_VALUES), { minLength: 1, maxLength: 3 })
      .map((v) => v.map((x) => x)),
  }),
  fc.record({
    field: fc.constantFrom(...NUMBER),
    op: fc.constantFrom(
      'in',
      'not_in',
      'eq',
      'neq',
      'gt',
      'gte',
      'lt',
      'lte',
      'between',
      'is_null',
      'not_null',
      'contains',
    ) as fc.Arbitrary<Filter['op']>,
    values: fc.array(
      fc.oneof(fc.constantFrom(500, 700, 1000, 1500, 12, 250), fc.integer({ min: -10, max: 7000 })),
      { minLength: 2, maxLength: 3 },
    ),
  }),
  fc.record({
    field: fc.constantFrom('period', ...DATE),
    op: fc.constantFrom(
      'in',
      'not_in',
      'eq',
      'neq',
      'gt',
      'gte',
      'lt',
      'lte',
      'between',
      'is_null',
      'not_null',
    ) as fc.Arbitrary<Filter['op']>,
    values: fc.array(isoDay, { minLength: 2, maxLength: 3 }),
  }),
  fc.record({
    field: fc.constantFrom('period', ...DATE),
    grain,
    op: fc.constantFrom('in', 'not_in') as fc.Arbitrary<Filter['op']>,
    values: fc.array(
      fc.constantFrom(
        '2023',
        '2024',
        '2023-Q1',
        '2024-Q1',
        '2023-02',
        '2024-03',
        '2024-W06',
        '2023-01-10',
      ),
      { minLength: 1, maxLength: 3 },
    ),
  }),
);
const periodArb = fc
  .tuple(isoDay, isoDay)
  .map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }));

interface Shape {
  rows: Dimension[];
  columns: Dimension[];
}
const unique = (dims: Dimension[]) =>
  dims.filter((d, i) => dims.findIndex((x) => dimensionKey(x) === dimensionKey(d)) === i);
const shapeArb = (dim: fc.Arbitrary<Dimension>): fc.Arbitrary<Shape> =>
  fc.tuple(fc.array(dim, { maxLength: 3 }), fc.array(dim, { maxLength: 1 })).map(([r, c]) => {
    const all = unique([...r, ...c]);
    return {
      rows: all.slice(0, Math.min(r.length, all.length)),
      columns: all.slice(Math.min(r.length, all.length)),
    };
  });

/** A dimension keyed like a measure (`amount` and `amount`) is refused; see compile.test.ts. */
function safeMeasures(shape: Shape, picked: string[]): string[] {
  const dims = [...shape.rows, ...shape.columns].map((d) => dimensionKey(d).toLowerCase());
  const kept = picked.filter((m) => !dims.includes(m.toLowerCase()));
  return kept.length ? kept : ['won'];
}

const specArb: fc.Arbitrary<ReportSpec> = fc
  .record({
    shape: shapeArb(anyDim),
    measures: fc.uniqueArray(fc.constantFrom(...MEASURES), { minLength: 1, maxLength: 4 }),
    filters: fc.array(filterArb, { maxLength: 2 }),
    period: fc.option(periodArb, { freq: 2 }),
    compare: fc.option(fc.constantFrom('previous', 'year') as fc.Arbitrary<'previous' | 'year'>, {
      freq: 2,
    }),
    totals: fc.boolean(),
    limit: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 2 }),
    date: fc.constantFrom('auto', 'auto', 'created_at', 'closed_at'),
    sortPick: fc.array(
      fc.tuple(fc.nat(), fc.constantFrom('asc', 'desc') as fc.Arbitrary<'asc' | 'desc'>),
      { maxLength: 2 },
    ),
  })
  .map(({ shape, measures: picked, filters, period, compare, totals, limit, date, sortPick }) => {
    const measures = safeMeasures(shape, picked);
    const s = spec({
      ...shape,
      measures,
      filters,
      period,
      compare: period ? compare : null,
      totals,
      limit,
      date,
    });
    const keys = [
      ...[...shape.rows, ...shape.columns].map(dimensionKey),
      ...measures,
      ...(s.compare ? measures.flatMap((m) => [`${m}_previous`, `${m}_delta`, `${m}_growth`]) : []),
    ];
    const sort = sortPick.map(([i, dir]) => ({ key: keys[i % keys.length]!, dir }));
    s.sort = sort.filter((x, i) => sort.findIndex((y) => y.key === x.key) === i);
    return s;
  });

// ---- helpers ------------------------------------------------------------------------------------

const dimKeys = (s: ReportSpec) => [...s.rows, ...s.columns].map(dimensionKey);
const keyOf = (r: Row, keys: string[]) => JSON.stringify(keys.map((k) => r[k] ?? null));
const near = (a: unknown, b: unknown) =>
  (a === null && b === null) ||
  (typeof a === 'number' &&
    typeof b === 'number' &&
    Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));
const canonical = (rows: Row[]) => rows.map((r) => JSON.stringify(Object.entries(r).sort())).sort();

// ---- properties ---------------------------------------------------------------------------------

describe('random specs over the tiny catalog', () => {
  it('always compile to SQL that DuckDB runs, with the promised columns', async () => {
    await fc.assert(
      fc.asyncProperty(specArb, async (s) => {
        const { rows, compiled } = await run(engine, catalog, s);
        const names = compiled.columns.map((c) => c.key);
        // Views read columns by key; the list need not follow the SQL's column order.
        for (const r of rows) expect(Object.keys(r).sort()).toEqual([...names].sort());
        if (s.limit !== null && s.rows.length === 0)
          expect(rows.length).toBeLessThanOrEqual(s.limit);
      }),
      RUNS,
    );
  });

  it('the grand total of an additive measure is the sum of the leaf rows', async () => {
    const arb = specArb
      .map((s) => ({
        ...s,
        totals: true,
        limit: null,
        sort: [],
        measures: s.measures.filter((m) => ADDITIVE.includes(m)),
      }))
      .filter((s) => s.measures.length > 0 && s.rows.length + s.columns.length > 0);
    await fc.assert(
      fc.asyncProperty(arb, async (s) => {
        const { rows, compiled } = await run(engine, catalog, s);
        const n = dimKeys(s).length;
        const grand = rows.filter((r) => r._grouping === (1 << n) - 1);
        expect(grand).toHaveLength(1);
        const leaves = rows.filter((r) => r._grouping === 0);
        for (const m of s.measures) {
          // A measure its fact cannot split by one of the dimensions has no leaf value (only its
          // totals over that dimension), and a note says why.
          if (leaves.length > 0 && leaves.every((r) => r[m] === null)) {
            expect(compiled.notes.map((x) => x.code)).toContain('note_cannotSplit');
            continue;
          }
          const sum = leaves.reduce((a, r) => a + (r[m] as number), 0);
          expect(
            near(grand[0]![m], sum),
            `${m}: total ${String(grand[0]![m])} vs sum of leaves ${sum}`,
          ).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("a comparison's previous equals the plain report of the previous period", async () => {
    const arb = fc
      .record({
        s: specArb,
        shape: shapeArb(plainDim),
        period: periodArb,
        compare: fc.constantFrom('previous', 'year') as fc.Arbitrary<'previous' | 'year'>,
      })
      .map(({ s, shape, period, compare }) => ({
        ...s,
        ...shape,
        measures: safeMeasures(shape, s.measures),
        period,
        compare,
        limit: null,
        sort: [],
      }));
    await fc.assert(
      fc.asyncProperty(arb, async (s) => {
        const { rows: compared } = await run(engine, catalog, s);
        const prevPeriod = comparisonPeriod(s.period!, s.compare!);
        const { rows: plain } = await run(engine, catalog, {
          ...s,
          period: prevPeriod,
          compare: null,
        });
        const keys = [
          ...dimKeys(s),
          ...(compared[0] && '_grouping' in compared[0] ? ['_grouping'] : []),
        ];
        const byKey = new Map(compared.map((r) => [keyOf(r, keys), r]));
        for (const p of plain) {
          const c = byKey.get(keyOf(p, keys));
          for (const m of s.measures) {
            const def = resolveMeasure(catalog, m);
            // A ratio has no date of its own (its parts have theirs); only true snapshots ignore periods.
            const snapshot = def.date === null && !def.ratio;
            const want = snapshot ? null : p[m];
            if (!c) {
              // A group only in the previous period must be in the comparison; one with nothing
              // to show (snapshot, or an empty non-additive value) may be absent.
              expect(
                want === null || want === 0,
                `missing group ${keyOf(p, keys)} with ${m}_previous = ${String(want)}`,
              ).toBe(true);
              continue;
            }
            expect(
              near(c[`${m}_previous`], want),
              `${m}_previous at ${keyOf(p, keys)}: ${String(c[`${m}_previous`])} vs plain ${String(want)}`,
            ).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it('filters A then B give the same rows as B then A', async () => {
    const arb = fc
      .record({ s: specArb, a: filterArb, b: filterArb })
      .map(({ s, a, b }) => ({ s: { ...s, limit: null }, a, b }));
    await fc.assert(
      fc.asyncProperty(arb, async ({ s, a, b }) => {
        const ab = await run(engine, catalog, { ...s, filters: [a, b] });
        const ba = await run(engine, catalog, { ...s, filters: [b, a] });
        expect(canonical(ba.rows)).toEqual(canonical(ab.rows));
      }),
      RUNS,
    );
  });
});
